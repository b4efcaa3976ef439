#include "scheduler.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <unordered_map>

#include "group_index.hpp"
#include "int_sort.hpp"
#include "rules/rules.hpp"
#include "schedule_groups.hpp"
#include "upper_bound.hpp"

namespace slotfit {
namespace {

constexpr int kNoPlaceholder = -1;
// Candidate looks the repair may spend in all (slots visited and moves tried); bounds an over-full week.
constexpr std::int64_t kRepairBudget = 300000;
// One search reinsertion in this many takes any legal start instead of the strategy's best.
constexpr std::uint64_t kRandomReinsertOneIn = 2;

struct Unit {
  int student = 0;
  int minutes = 0;
  int placeholder = kNoPlaceholder;  // the placeholder session it fills
  int id = 0;                        // its id in the occupancy while placed
  bool placed = false;
  int day = 0;
  int start = 0;
};

struct Slot {
  int day = 0;
  int start = 0;
};

struct StudentPlan {
  int student = 0;
  std::vector<int> units;
  std::vector<Slot> slots;  // grid starts that no static rule rules out
  std::vector<Slot> viable; // of those, the ones legal against the payload's templates (own and capacity)
  int group = -1;           // grade or teacher key for the grouped strategies
  bool full_capacity = false;
};

using Score = std::array<int, 6>;

// One way of building a schedule. The first is the strategy's own; the others are tried only when it leaves
// sessions unplaced, and win only by placing more (so the strategy decides among equal counts).
struct Variant {
  bool constrained_first;  // students with the fewest legal starts per missing session first, else payload order
  bool round_robin;        // every student's first session before anyone's second, else a student at a time
  bool earliest;           // the earliest start (day by day), else the strategy's preference
  bool days_first;         // a new day for the student before a day that already has one of its sessions
  bool ladder;             // the capacity ladder's passes, else full capacity at once
  bool shortest_first;     // shorter sessions first (they leave fewer slivers in a crowded day)
};

constexpr std::array<Variant, 5> kVariants = {{
    {true, true, false, true, true, false},     // the strategy
    {true, true, true, true, true, false},      // most constrained, earliest first
    {true, true, false, false, true, false},    // the strategy, same-day sessions allowed freely
    {false, false, true, false, false, false},  // first fit: payload order, earliest legal start
    {true, true, true, false, false, true},     // shortest sessions first, earliest legal start
}};

class Scheduler {
 public:
  Scheduler(const Model& model, const ScheduleOptions& options, const Variant& variant)
      : m_(model), options_(options), variant_(variant) {}

  // Scope, demand and candidates; false when the request is refused (the errors say why).
  // `first`: a scheduler of the same request already prepared, whose static candidates are reused.
  bool prepare(const Scheduler* first = nullptr) {
    if (refuse()) return false;
    collect_demand();
    if (m_.school.work_days_missing()) {
      result_.errors.push_back(Error{"work-days-missing", "/work_days",
                                     "work days missing for " + m_.school_name() +
                                         ": this provider works at several schools, and without the days set for "
                                         "this one nothing can be placed"});
      return false;
    }
    build_slots(first);
    build_capacity_bits();
    return true;
  }

  // Construction: the passes and the repair. The day spread comes once, on the schedule that is kept.
  void solve() {
    place_by_passes();
    repair();
  }

  void finish_days() { spread_days(); }

  int placed() const {
    int n = 0;
    for (const Unit& u : units_) n += u.placed ? 1 : 0;
    return n;
  }
  int needed() const { return static_cast<int>(units_.size()); }

  // The students asked for, as the bound sees them: need, length, and the starts legal against every payload
  // row and template (their own and the provider's load).
  BoundProblem bound_problem() const {
    BoundProblem problem;
    problem.consecutive_limit = m_.policy.consecutive_limit;
    problem.min_break = m_.policy.min_break;
    for (int day : m_.grid_days) {
      auto& room = problem.room[static_cast<std::size_t>(day)];
      room.resize(kMinutesPerDay);
      for (int minute = 0; minute < kMinutesPerDay; ++minute)
        room[static_cast<std::size_t>(minute)] = std::max(0, m_.policy.capacity - m_.occupancy.load_at(day, minute));
    }
    for (const StudentPlan& plan : plans_) {
      BoundStudent s;
      s.needed = static_cast<int>(plan.units.size());
      s.minutes = units_[static_cast<std::size_t>(plan.units.front())].minutes;
      for (const Slot& slot : plan.viable) {
        if (s.days.empty() || s.days.back() != slot.day) {
          s.days.push_back(slot.day);
          s.starts.emplace_back();
          s.templates.emplace_back();
          for (const PlacedSession& p : m_.occupancy.of(plan.student))
            if (p.day == slot.day) s.templates.back().push_back(Span{p.start, p.end});
        }
        s.starts.back().push_back(slot.start);
      }
      problem.students.push_back(std::move(s));
    }
    return problem;
  }

  // ---- search: free a start for an unplaced session by taking out what sits in its way, then placing those
  // again where they fit best. A step is kept when no fewer sessions are placed (so the unplaced ones change
  // and the search moves on), undone otherwise; the count never goes down.
  enum class SearchEnd { kReached, kBudget, kTimeLimit };

  SearchEnd search(std::int64_t budget, int target, const BoundDeadline& deadline) {
    const std::size_t full = caps_.size() - 1;
    const std::int64_t start_work = result_.stats.candidates_evaluated;
    const int constructed = placed();
    std::vector<Slot> construction(units_.size());
    for (std::size_t i = 0; i < units_.size(); ++i) construction[i] = Slot{units_[i].placed ? units_[i].day : 0, units_[i].start};
    std::uint64_t rng = 0x9E3779B97F4A7C15ULL;
    auto next = [&rng](std::uint64_t below) {
      rng ^= rng << 13;
      rng ^= rng >> 7;
      rng ^= rng << 17;
      return below == 0 ? 0 : rng % below;
    };
    std::vector<int> unplaced;
    std::vector<int> removed;
    std::vector<Slot> removed_at;
    SearchEnd end = SearchEnd::kBudget;
    for (std::int64_t step = 0;; ++step) {
      int count = placed();
      if (count >= target) {
        end = SearchEnd::kReached;
        break;
      }
      if (result_.stats.candidates_evaluated - start_work >= budget) break;
      if ((step & 15) == 0 && deadline.reached()) {
        end = SearchEnd::kTimeLimit;
        break;
      }
      unplaced.clear();
      for (std::size_t i = 0; i < units_.size(); ++i)
        if (!units_[i].placed && !plans_[static_cast<std::size_t>(plan_of_student_[units_[i].student])].viable.empty())
          unplaced.push_back(static_cast<int>(i));
      if (unplaced.empty()) break;
      Unit& u = units_[static_cast<std::size_t>(unplaced[next(unplaced.size())])];
      const StudentPlan& plan = plans_[static_cast<std::size_t>(plan_of_student_[u.student])];
      const Slot slot = plan.viable[next(plan.viable.size())];
      // What sits in the way: the sessions overlapping the start (widened now and then, to loosen more), and
      // the student's own sessions that day.
      const int widen = static_cast<int>(next(3)) * 30;
      removed.clear();
      removed_at.clear();
      result_.stats.candidates_evaluated += 1;
      for (int bi : placed_on_[static_cast<std::size_t>(slot.day)]) {
        const Unit& b = units_[static_cast<std::size_t>(bi)];
        if (b.student == u.student || overlaps(b.start, b.start + b.minutes, slot.start - widen, slot.start + u.minutes + widen))
          removed.push_back(bi);
      }
      for (int bi : removed) {
        Unit& b = units_[static_cast<std::size_t>(bi)];
        removed_at.push_back(Slot{b.day, b.start});
        take(b);
      }
      if (!legal(u.student, slot, u.minutes, full)) {
        for (std::size_t k = 0; k < removed.size(); ++k) put(units_[static_cast<std::size_t>(removed[k])], removed_at[k]);
        continue;
      }
      put(u, slot);
      // Hardest first: the fewest starts legal against the templates, ties in a fresh order each step.
      std::vector<int> order(removed.size());
      for (std::size_t k = 0; k < order.size(); ++k) order[k] = static_cast<int>(k);
      for (std::size_t k = order.size(); k > 1; --k) std::swap(order[k - 1], order[next(k)]);
      stable_sort_ints(order, [&](int a, int b) {
        return viable_count(removed[static_cast<std::size_t>(a)]) < viable_count(removed[static_cast<std::size_t>(b)]);
      });
      for (int k : order) {
        Unit& b = units_[static_cast<std::size_t>(removed[static_cast<std::size_t>(k)])];
        const StudentPlan& other = plans_[static_cast<std::size_t>(plan_of_student_[b.student])];
        const auto moved = next(kRandomReinsertOneIn) == 0 ? any_slot(other, b.minutes, full, next(other.slots.size()))
                                                           : choose(other, b.minutes, full);
        if (moved) put(b, *moved);
      }
      if (placed() >= count) continue;
      // Worse: back to where the step began.
      take(u);
      for (int bi : removed)
        if (units_[static_cast<std::size_t>(bi)].placed) take(units_[static_cast<std::size_t>(bi)]);
      for (std::size_t k = 0; k < removed.size(); ++k) put(units_[static_cast<std::size_t>(removed[k])], removed_at[k]);
    }
    result_.stats.search_work = result_.stats.candidates_evaluated - start_work;
    // Nothing gained: the construction is the strategy's own schedule, so it stays.
    if (placed() == constructed) {
      for (Unit& u : units_)
        if (u.placed) take(u);
      for (std::size_t i = 0; i < units_.size(); ++i)
        if (construction[i].day != 0) put(units_[i], construction[i]);
    }
    return end;
  }
  std::int64_t candidates() const { return result_.stats.candidates_evaluated; }

  ScheduleResult finish(std::int64_t extra_candidates) {
    result_.stats.candidates_evaluated += extra_candidates;
    report();
    return std::move(result_);
  }

 private:
  // ---- scope and demand ----
  bool refuse() {
    if (!m_.payload.incomplete.empty() && !options_.allow_incomplete) {
      std::string what;
      for (const auto& part : m_.payload.incomplete) what += (what.empty() ? "" : ", ") + part;
      result_.errors.push_back(Error{"incomplete-payload", "/incomplete",
                                     "the payload is incomplete (could not read: " + what +
                                         "); auto-schedule would book over what it cannot see. Pass "
                                         "allow_incomplete to schedule anyway"});
      return true;
    }
    in_scope_.assign(m_.payload.students.size(), options_.student_ids.empty() ? 1 : 0);
    for (std::size_t i = 0; i < options_.student_ids.size(); ++i) {
      auto it = m_.student_by_id.find(options_.student_ids[i]);
      if (it == m_.student_by_id.end()) {
        result_.errors.push_back(Error{"unknown-student", "/student_ids/" + std::to_string(i),
                                       "no student has id \"" + options_.student_ids[i] + "\""});
        continue;
      }
      in_scope_[static_cast<std::size_t>(it->second)] = 1;
    }
    return !result_.errors.empty();
  }

  void collect_demand() {
    occ_ = m_.occupancy;
    std::vector<std::vector<int>> placeholders(m_.payload.students.size());
    for (std::size_t i = 0; i < m_.payload.sessions.size(); ++i) {
      const SessionRow& row = m_.payload.sessions[i];
      if (m_.session_alive[i] && row.is_placeholder())
        placeholders[static_cast<std::size_t>(m_.student_by_id.find(row.student_id)->second)].push_back(
            static_cast<int>(i));
    }
    for (std::size_t s = 0; s < m_.payload.students.size(); ++s) {
      if (!in_scope_[s]) continue;
      const StudentRow& row = m_.payload.students[s];
      std::string reason;
      if (!row.sessions_per_week) reason = "sessions_per_week is not set";
      else if (*row.sessions_per_week == 0) reason = "sessions_per_week is 0";
      else if (!row.minutes_per_session) reason = "minutes_per_session is not set";
      else if (*row.minutes_per_session == 0) reason = "minutes_per_session is 0";
      if (!reason.empty()) {
        result_.not_configured.push_back(NotConfiguredStudent{row.id, reason});
        continue;
      }
      const int scheduled = static_cast<int>(occ_.of(static_cast<int>(s)).size());
      const int needed = std::max(0, *row.sessions_per_week - scheduled);
      if (needed == 0) continue;
      StudentPlan plan;
      plan.student = static_cast<int>(s);
      for (int k = 0; k < needed; ++k) {
        Unit u;
        u.student = plan.student;
        u.minutes = *row.minutes_per_session;
        if (static_cast<std::size_t>(k) < placeholders[s].size()) u.placeholder = placeholders[s][static_cast<std::size_t>(k)];
        u.id = u.placeholder != kNoPlaceholder ? u.placeholder : -2 - static_cast<int>(units_.size());
        plan.units.push_back(static_cast<int>(units_.size()));
        units_.push_back(u);
      }
      result_.stats.sessions_needed += needed;
      plans_.push_back(std::move(plan));
    }
  }

  // ---- candidates ----
  void build_slots(const Scheduler* first) {
    // Peers are every student of the payload with the same key, asked for or not, and their templates are
    // groups to join: at the exact day, start and end, with the deliverer this run's rows get.
    std::unordered_map<int, int> group_size;
    const SessionRow deliverer = new_session_deliverer(m_.payload);
    for (std::size_t s = 0; s < m_.payload.students.size(); ++s) {
      const int key = group_key(static_cast<int>(s));
      if (key < 0) continue;
      ++group_size[key];
      for (const PlacedSession& p : m_.occupancy.of(static_cast<int>(s))) {
        const SessionRow& row = m_.payload.sessions[static_cast<std::size_t>(p.session)];
        if (row.delivered_by == deliverer.delivered_by && row.assigned_to_sea_id == deliverer.assigned_to_sea_id &&
            row.assigned_to_specialist_id == deliverer.assigned_to_specialist_id)
          ++peers_[peer_key(key, Slot{p.day, p.start}, p.end - p.start)];
      }
    }
    for (StudentPlan& plan : plans_) {
      plan.group = group_key(plan.student);
      if (first != nullptr) {  // the same demand in the same order: only the placing differs
        plan.slots = first->plans_[static_cast<std::size_t>(&plan - plans_.data())].slots;
        plan.viable = first->plans_[static_cast<std::size_t>(&plan - plans_.data())].viable;
        continue;
      }
      const int minutes = units_[static_cast<std::size_t>(plan.units.front())].minutes;
      const std::vector<int> starts = m_.grid_starts(minutes);
      for (int day : m_.grid_days) {
        const StaticDayView row(m_, plan.student, day);
        for (int t : starts) {
          ++result_.stats.candidates_evaluated;
          if (row.mask(t, t + minutes) == 0) plan.slots.push_back(Slot{day, t});
        }
      }
      for (const Slot& slot : plan.slots) {
        const Candidate c{plan.student, slot.day, slot.start, slot.start + minutes};
        if (!m_.occupancy.at_capacity(c.day, c.start, c.end, m_.policy.capacity) &&
            student_mask(m_, m_.occupancy, c) == 0)
          plan.viable.push_back(slot);
      }
    }
    for (StudentPlan& plan : plans_) plan.full_capacity = plan.group >= 0 && group_size[plan.group] > 1;
    // Most constrained first: fewest legal starts per session still needed.
    order_.resize(plans_.size());
    for (std::size_t i = 0; i < plans_.size(); ++i) order_[i] = static_cast<int>(i);
    if (variant_.constrained_first) stable_sort_ints(order_, [&](int a, int b) {
      const StudentPlan& pa = plans_[static_cast<std::size_t>(a)];
      const StudentPlan& pb = plans_[static_cast<std::size_t>(b)];
      return pa.slots.size() * pb.units.size() < pb.slots.size() * pa.units.size();
    });
    if (variant_.shortest_first) stable_sort_ints(order_, [&](int a, int b) {
      return units_[static_cast<std::size_t>(plans_[static_cast<std::size_t>(a)].units.front())].minutes <
             units_[static_cast<std::size_t>(plans_[static_cast<std::size_t>(b)].units.front())].minutes;
    });
    for (int plan : order_) plan_of_student_[plans_[static_cast<std::size_t>(plan)].student] = plan;
  }

  int group_key(int student) const {
    const StudentKeys& keys = m_.student_keys[static_cast<std::size_t>(student)];
    if (options_.strategy == Strategy::kGradeGrouped) return keys.grade;
    if (options_.strategy == Strategy::kTeacherGrouped) return keys.teacher;
    return -1;
  }

  // ---- capacity: one bitset per day and ladder step of the minutes already at that count ----
  void build_capacity_bits() {
    caps_.clear();
    for (int cap : m_.policy.capacity_ladder) caps_.push_back(std::min(cap, m_.policy.capacity));
    caps_.push_back(m_.policy.capacity);
    sort_ints(caps_);
    caps_.erase(std::unique(caps_.begin(), caps_.end()), caps_.end());
    full_.assign(caps_.size(), std::array<DayBits, 8>{});
    for (int day : m_.grid_days) refresh_capacity(day, 0, kMinutesPerDay);
  }

  void refresh_capacity(int day, int start, int end) {
    for (std::size_t k = 0; k < caps_.size(); ++k)
      full_[k][static_cast<std::size_t>(day)].assign_each(
          start, end, [&, cap = caps_[k]](int minute) { return occ_.load_at(day, minute) >= cap; });
  }

  std::size_t cap_index(int cap) const {
    return static_cast<std::size_t>(std::lower_bound(caps_.begin(), caps_.end(), cap) - caps_.begin());
  }

  bool legal(int student, const Slot& slot, int minutes, std::size_t cap) {
    ++result_.stats.candidates_evaluated;
    if (full_[cap][static_cast<std::size_t>(slot.day)].any(slot.start, slot.start + minutes)) return false;
    return student_mask(m_, occ_, Candidate{student, slot.day, slot.start, slot.start + minutes}) == 0;
  }

  bool student_has_day(int student, int day) const {
    for (const PlacedSession& p : occ_.of(student))
      if (p.day == day) return true;
    return false;
  }

  std::size_t viable_count(int unit) const {
    return plans_[static_cast<std::size_t>(plan_of_student_.at(units_[static_cast<std::size_t>(unit)].student))].viable.size();
  }

  // ---- placing ----
  void put(Unit& u, const Slot& slot) {
    u.placed = true;
    u.day = slot.day;
    u.start = slot.start;
    occ_.add(u.student, PlacedSession{slot.day, slot.start, slot.start + u.minutes, u.id});
    refresh_capacity(slot.day, slot.start, slot.start + u.minutes);
    const StudentPlan& plan = plans_[static_cast<std::size_t>(plan_of_student_[u.student])];
    if (plan.group >= 0) ++peers_[peer_key(plan.group, slot, u.minutes)];
    placed_on_[static_cast<std::size_t>(slot.day)].push_back(static_cast<int>(&u - units_.data()));
  }

  void take(Unit& u) {
    occ_.remove(u.student, u.id);
    refresh_capacity(u.day, u.start, u.start + u.minutes);
    const StudentPlan& plan = plans_[static_cast<std::size_t>(plan_of_student_[u.student])];
    if (plan.group >= 0) --peers_[peer_key(plan.group, Slot{u.day, u.start}, u.minutes)];
    auto& on_day = placed_on_[static_cast<std::size_t>(u.day)];
    on_day.erase(std::find(on_day.begin(), on_day.end(), static_cast<int>(&u - units_.data())));
    u.placed = false;
  }

  static std::int64_t peer_key(int group, const Slot& slot, int minutes) {
    return ((static_cast<std::int64_t>(group) * 8 + slot.day) * kMinutesPerDay + slot.start) * (kMinutesPerDay + 1) +
           minutes;
  }

  Score score(const StudentPlan& plan, const Slot& slot, int minutes) const {
    int adjacent = 0;
    for (const PlacedSession& p : occ_.of(plan.student))
      if (p.day == slot.day - 1 || p.day == slot.day + 1) ++adjacent;
    const int day_load = occ_.sessions_on(slot.day);
    if (variant_.earliest) return {slot.day, slot.start, 0, 0, 0, 0};
    switch (options_.strategy) {
      case Strategy::kMorningFirst:
        return {slot.start, slot.day, 0, 0, 0, 0};
      case Strategy::kGradeGrouped:
      case Strategy::kTeacherGrouped: {
        int join = 0;
        if (plan.group >= 0) {
          auto it = peers_.find(peer_key(plan.group, slot, minutes));
          if (it != peers_.end()) join = it->second;
        }
        return {-join, adjacent, day_load, occ_.peak(slot.day, slot.start, slot.start + minutes), slot.start,
                slot.day};
      }
      case Strategy::kBalanced:
      default:
        return {adjacent, day_load, occ_.peak(slot.day, slot.start, slot.start + minutes), slot.start,
                slot.day, 0};
    }
  }

  // The best slot legal at `cap` on a day the student has no session on (new_days) or on one it has.
  std::optional<Slot> best_slot(const StudentPlan& plan, int minutes, std::size_t cap, bool new_days) {
    std::optional<Slot> best;
    Score best_score{};
    for (const Slot& slot : plan.slots) {
      if (student_has_day(plan.student, slot.day) == new_days) continue;
      if (!legal(plan.student, slot, minutes, cap)) continue;
      const Score s = score(plan, slot, minutes);
      if (!best || s < best_score) {
        best = slot;
        best_score = s;
      }
    }
    return best;
  }

  // The first legal slot from `from` on (wrapping), a day new to the student first: a search step's way to
  // try something other than the strategy's favourite.
  std::optional<Slot> any_slot(const StudentPlan& plan, int minutes, std::size_t cap, std::size_t from) {
    const std::size_t n = plan.slots.size();
    for (bool new_days : {true, false})
      for (std::size_t k = 0; k < n; ++k) {
        const Slot& slot = plan.slots[(from + k) % n];
        if (student_has_day(plan.student, slot.day) != new_days) continue;
        if (legal(plan.student, slot, minutes, cap)) return slot;
      }
    return std::nullopt;
  }

  bool any_new_day_slot(const StudentPlan& plan, int minutes, std::size_t cap) {
    for (const Slot& slot : plan.slots)
      if (!student_has_day(plan.student, slot.day) && legal(plan.student, slot, minutes, cap)) return true;
    return false;
  }

  // Different days come before the capacity ladder: a day that already holds one of the student's sessions is
  // used only when no other day has a legal start even at full capacity.
  std::optional<Slot> choose(const StudentPlan& plan, int minutes, std::size_t cap) {
    if (!variant_.days_first) {
      auto fresh = best_slot(plan, minutes, cap, true);
      auto shared = best_slot(plan, minutes, cap, false);
      if (!fresh || !shared) return fresh ? fresh : shared;
      return score(plan, *shared, minutes) < score(plan, *fresh, minutes) ? shared : fresh;
    }
    if (auto slot = best_slot(plan, minutes, cap, true)) return slot;
    const std::size_t full = caps_.size() - 1;
    if (cap < full && any_new_day_slot(plan, minutes, full)) return std::nullopt;
    return best_slot(plan, minutes, cap, false);
  }

  void place_by_passes() {
    std::size_t rounds = 0;
    for (const StudentPlan& plan : plans_) rounds = std::max(rounds, plan.units.size());
    std::vector<int> ladder;
    if (variant_.ladder)
      for (int cap : m_.policy.capacity_ladder) ladder.push_back(std::min(cap, m_.policy.capacity));
    ladder.push_back(m_.policy.capacity);
    auto place = [&](StudentPlan& plan, std::size_t k, int step) {
      Unit& u = units_[static_cast<std::size_t>(plan.units[k])];
      if (u.placed) return;
      const std::size_t cap = cap_index(plan.full_capacity ? m_.policy.capacity : step);
      if (auto slot = choose(plan, u.minutes, cap)) put(u, *slot);
    };
    for (int step : ladder) {
      if (variant_.round_robin) {
        for (std::size_t round = 0; round < rounds; ++round)
          for (int p : order_) {
            StudentPlan& plan = plans_[static_cast<std::size_t>(p)];
            if (round < plan.units.size()) place(plan, round, step);
          }
      } else {
        for (int p : order_) {
          StudentPlan& plan = plans_[static_cast<std::size_t>(p)];
          for (std::size_t k = 0; k < plan.units.size(); ++k) place(plan, k, step);
        }
      }
    }
  }

  // Different days, judged on the final schedule: while a student has two sessions on one day and a work day
  // without any of its sessions has a legal start for one of them, move it there. Every move lowers the number
  // of second sessions on a shared day, so this ends; a move frees room that may open a day for another
  // student, hence the repeat.
  void spread_days() {
    const std::size_t full = caps_.size() - 1;
    for (bool moved = true; moved;) {
      moved = false;
      for (Unit& u : units_) {
        if (!u.placed) continue;
        int same_day = 0;
        for (const PlacedSession& p : occ_.of(u.student)) same_day += p.day == u.day ? 1 : 0;
        if (same_day < 2) continue;
        const StudentPlan& plan = plans_[static_cast<std::size_t>(plan_of_student_[u.student])];
        const Slot old{u.day, u.start};
        take(u);
        const auto fresh = best_slot(plan, u.minutes, full, true);
        put(u, fresh ? *fresh : old);
        moved = moved || fresh.has_value();
      }
    }
  }

  // ---- repair: free a start for an unplaced session by moving one placed session elsewhere ----
  void repair() {
    const std::size_t full = caps_.size() - 1;
    std::int64_t budget = kRepairBudget;
    for (int p : order_) {
      StudentPlan& plan = plans_[static_cast<std::size_t>(p)];
      for (int ui : plan.units) {
        Unit& u = units_[static_cast<std::size_t>(ui)];
        if (u.placed || budget <= 0) continue;
        budget -= static_cast<std::int64_t>(plan.slots.size());
        const bool may_share_day = !any_new_day_slot(plan, u.minutes, full);
        for (const Slot& slot : plan.slots) {
          if (u.placed || --budget <= 0) break;
          if (!may_share_day && student_has_day(plan.student, slot.day)) continue;
          const Candidate c{plan.student, slot.day, slot.start, slot.start + u.minutes};
          if (!full_[full][static_cast<std::size_t>(slot.day)].any(c.start, c.end)) continue;  // blocked elsewhere
          if (student_mask(m_, occ_, c) != 0) continue;
          const std::vector<int> blockers = placed_on_[static_cast<std::size_t>(slot.day)];
          for (int bi : blockers) {
            Unit& b = units_[static_cast<std::size_t>(bi)];
            if (u.placed || budget <= 0) break;
            if (!overlaps(b.start, b.start + b.minutes, c.start, c.end)) continue;
            const StudentPlan& other = plans_[static_cast<std::size_t>(plan_of_student_[b.student])];
            budget -= static_cast<std::int64_t>(other.slots.size());
            const Slot old{b.day, b.start};
            take(b);
            if (legal(plan.student, slot, u.minutes, full)) {
              put(u, slot);
              if (auto moved = choose(other, b.minutes, full)) {
                put(b, *moved);
                break;
              }
              take(u);
            }
            put(b, old);
          }
        }
      }
    }
  }

  // ---- the answer ----
  void report() {
    const bool sea = m_.payload.provider.role == "sea";
    std::vector<const Unit*> placed;
    for (const Unit& u : units_)
      if (u.placed) placed.push_back(&u);
    std::sort(placed.begin(), placed.end(), [](const Unit* a, const Unit* b) {
      return std::tie(a->student, a->day, a->start) < std::tie(b->student, b->day, b->start);
    });
    // Placeholders are filled first: the search may have left the unit that held one unplaced, so a student's
    // placeholders go to its placed sessions, in order.
    std::unordered_map<int, std::vector<int>> placeholders_of;
    for (const Unit& u : units_)
      if (u.placeholder != kNoPlaceholder) placeholders_of[u.student].push_back(u.placeholder);
    std::unordered_map<int, std::size_t> filled;
    for (const Unit* u : placed) {
      Placement row;
      const auto& own = placeholders_of[u->student];
      if (std::size_t& next = filled[u->student]; next < own.size()) {
        row.id = m_.payload.sessions[static_cast<std::size_t>(own[next++])].id;
        ++result_.stats.placeholders_filled;
      }
      row.student_id = m_.payload.students[static_cast<std::size_t>(u->student)].id;
      row.day_of_week = u->day;
      row.start_time = u->start;
      row.end_time = u->start + u->minutes;
      row.service_type = m_.payload.provider.role;
      row.delivered_by = sea ? "sea" : "provider";
      if (sea) row.assigned_to_sea_id = m_.payload.provider.id;
      result_.placements.push_back(std::move(row));
    }
    result_.stats.sessions_placed = static_cast<int>(placed.size());

    for (const StudentPlan& plan : plans_) {
      UnplacedStudent entry;
      entry.needed = static_cast<int>(plan.units.size());
      for (int ui : plan.units) entry.placed += units_[static_cast<std::size_t>(ui)].placed ? 1 : 0;
      if (entry.placed == entry.needed) continue;
      entry.student_id = m_.payload.students[static_cast<std::size_t>(plan.student)].id;
      const int minutes = units_[static_cast<std::size_t>(plan.units.front())].minutes;
      // Why not: every grid start of the week against the final schedule, at full capacity.
      const std::vector<int> starts = m_.grid_starts(minutes);
      for (int day : m_.grid_days) {
        const StaticDayView row(m_, plan.student, day);
        for (int t : starts) {
          const ConflictMask mask =
              row.mask(t, t + minutes) |
              dynamic_mask(m_, occ_, Candidate{plan.student, day, t, t + minutes}, m_.policy.capacity);
          ++entry.candidates;
          for (int k = 0; k < kConflictKindCount; ++k)
            if (mask & (ConflictMask{1} << k)) ++entry.ruled_out[static_cast<std::size_t>(k)];
        }
      }
      result_.stats.candidates_evaluated += entry.candidates;
      result_.unplaced.push_back(std::move(entry));
    }
    std::sort(result_.unplaced.begin(), result_.unplaced.end(),
              [&](const UnplacedStudent& a, const UnplacedStudent& b) {
                return m_.student_by_id.find(a.student_id)->second < m_.student_by_id.find(b.student_id)->second;
              });
  }

  const Model& m_;
  const ScheduleOptions& options_;
  Variant variant_;
  ScheduleResult result_;
  std::vector<char> in_scope_;
  Occupancy occ_;
  std::vector<Unit> units_;
  std::vector<StudentPlan> plans_;
  std::vector<int> order_;
  std::unordered_map<int, int> plan_of_student_;
  std::vector<int> caps_;
  std::vector<std::array<DayBits, 8>> full_;
  std::unordered_map<std::int64_t, int> peers_;
  std::array<std::vector<int>, 8> placed_on_;  // placed units by day, in placing order
};

// Work per effort: bound steps and their dynamic-programming cells, then candidate looks of the search.
struct EffortBudget {
  int bound_steps;
  std::int64_t bound_work;
  std::int64_t search_work;
};
constexpr std::array<EffortBudget, 3> kEffortBudgets = {{
    {12, 2'000'000, 0},             // fast
    {200, 40'000'000, 300'000},     // default
    {800, 200'000'000, 3'000'000},  // thorough
}};

class WallClock final : public BoundDeadline {
 public:
  WallClock(std::chrono::steady_clock::time_point start, std::optional<double> limit_ms)
      : start_(start), limit_ms_(limit_ms) {}
  bool reached() const override {
    return limit_ms_ &&
           std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_).count() >= *limit_ms_;
  }

 private:
  std::chrono::steady_clock::time_point start_;
  std::optional<double> limit_ms_;
};

}  // namespace

std::optional<Strategy> strategy_from_name(std::string_view name) {
  for (std::size_t i = 0; i < kStrategyNames.size(); ++i)
    if (kStrategyNames[i] == name) return static_cast<Strategy>(i);
  return std::nullopt;
}

std::optional<Effort> effort_from_name(std::string_view name) {
  for (std::size_t i = 0; i < kEffortNames.size(); ++i)
    if (kEffortNames[i] == name) return static_cast<Effort>(i);
  return std::nullopt;
}

ScheduleResult auto_schedule(const Model& model, const ScheduleOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  const WallClock clock(t0, options.time_limit_ms);
  const EffortBudget budget = kEffortBudgets[static_cast<std::size_t>(options.effort)];
  std::vector<std::unique_ptr<Scheduler>> runs;
  runs.push_back(std::make_unique<Scheduler>(model, options, kVariants[0]));
  Scheduler* best = runs.front().get();
  std::optional<int> bound;
  bool out_of_time = false;
  if (best->prepare()) {
    best->solve();
    if (best->placed() == best->needed()) {
      bound = best->needed();  // nothing more to place
    } else {
      const BoundOutcome proof = upper_bound(best->bound_problem(), best->placed(), budget.bound_steps,
                                             budget.bound_work, &clock);
      bound = proof.bound;
      out_of_time = proof.stopped_by_time;
    }
    for (std::size_t v = 1; v < kVariants.size() && best->placed() < *bound; ++v) {
      Scheduler& run = *runs.emplace_back(std::make_unique<Scheduler>(model, options, kVariants[v]));
      run.prepare(runs.front().get());  // the same demand: the first run's static candidates serve
      run.solve();
      if (run.placed() > best->placed()) best = &run;
    }
    if (best->placed() < *bound && budget.search_work > 0 && !out_of_time)
      out_of_time = best->search(budget.search_work, *bound, clock) == Scheduler::SearchEnd::kTimeLimit;
    best->finish_days();
  }
  std::int64_t others = 0;
  for (const auto& run : runs)
    if (run.get() != best) others += run->candidates();
  ScheduleResult result = best->finish(others);
  add_schedule_groups(model, options.strategy, result);
  if (bound) {
    result.stats.upper_bound = *bound;
    result.stats.optimal = result.stats.sessions_placed == *bound;
    result.stats.stopped_by = *result.stats.optimal ? "optimal" : out_of_time ? "time-limit" : "budget";
  }
  result.stats.elapsed_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  return result;
}

}  // namespace slotfit
