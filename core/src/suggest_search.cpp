#include "suggest_search.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <optional>
#include <tuple>
#include <type_traits>

#include "rules/rules.hpp"
#include "int_sort.hpp"

namespace slotfit {
namespace {

// The new session's id in the working occupancy; no loaded session or proposal row has it.
constexpr int kNewSession = std::numeric_limits<int>::min();
constexpr int kNoBound = std::numeric_limits<int>::max();
constexpr unsigned kAllDays = 0xFFu;
// How many legal starts of one moved session are tried when the finished option fails its final check (a rule
// that the order of placing hid); past that the move is given up, which can only lose an option.
constexpr int kRetriesPerMove = 4;

constexpr ConflictMask kStudentKinds =
    bit(ConflictKind::kStudentOverlap) | bit(ConflictKind::kConsecutive) | bit(ConflictKind::kShortBreak);

// What the search has learnt about one grid start of a movable session: static rules (never change), and
// whether it is legal in the base state with the session itself set aside (true for the whole search).
enum Cell : std::uint8_t { kUnknown = 0, kStaticConflict, kStaticFree, kBaseConflict, kBaseFree };

struct Slot {
  int day = 0;
  int start = 0;
};

// The strategy's order of the new session's starts: smaller first.
using Rank = std::array<int, 7>;

struct Start {
  int day = 0;
  int start = 0;
  Rank rank{};
};

struct Option {
  std::size_t start = 0;  // index into the starts, in rank order
  int minutes = 0;        // summed length of the moved sessions
  std::vector<FoundMove> moves;
};

// The best `k` options of one move count, by (minutes, rank). Starts are offered in rank order, so an equal
// minutes count never beats an option already kept.
class Best {
 public:
  explicit Best(std::size_t k) : k_(k) {}
  int bound() const { return kept_.size() < k_ ? kNoBound : kept_.back().minutes; }
  void offer(Option option) {
    if (option.minutes >= bound()) return;
    auto at = std::upper_bound(kept_.begin(), kept_.end(), option.minutes,
                               [](int minutes, const Option& o) { return minutes < o.minutes; });
    kept_.insert(at, std::move(option));
    if (kept_.size() > k_) kept_.pop_back();
  }
  std::vector<Option> take() { return std::move(kept_); }

 private:
  std::size_t k_;
  std::vector<Option> kept_;
};

// A way out for a moved session: at (day, start) it is legal once `evictee` leaves.
struct Exit {
  int day = 0;
  int start = 0;
  int evictee = 0;
  int evictee_minutes = 0;
  int found = 0;  // its position in the list it was found for
};

// Shorter evictees first; among equals, the order they were found in (the moved session's preference).
bool shorter_evictee(const Exit& x, const Exit& y) {
  return std::tie(x.evictee_minutes, x.found) < std::tie(y.evictee_minutes, y.found);
}

// A callable passed down without a template per call site: the search's visitors are many small lambdas, and
// one copy of each walk per lambda made the wasm module about 2 KB (gzip) larger.
template <class Signature>
class FunctionRef;
template <class R, class... Args>
class FunctionRef<R(Args...)> {
 public:
  // Refers to `f`, which must outlive the call it is passed to (a lambda written in the call does).
  template <class F>
    requires(!std::is_same_v<std::decay_t<F>, FunctionRef>)
  FunctionRef(F&& f)  // NOLINT: implicit on purpose, as a lambda's stand-in
      : object_(const_cast<void*>(static_cast<const void*>(&f))),
        call_([](void* o, Args... args) -> R { return (*static_cast<std::remove_reference_t<F>*>(o))(args...); }) {}
  R operator()(Args... args) const { return call_(object_, args...); }

 private:
  void* object_;
  R (*call_)(void*, Args...);
};

using Visit = FunctionRef<bool(int, int, std::uint8_t&)>;
using Then = FunctionRef<bool()>;

// One change to the working occupancy; undone in reverse order.
struct Change {
  bool added = false;
  int student = 0;
  int movable = -1;  // the movable session taken out (a removal), else -1
  PlacedSession placed;
};

class Search {
 public:
  Search(const Model& m, const Occupancy& base, const std::vector<MovableSession>& movable, const SuggestRequest& r)
      : m_(m), base_(base), work_(base), movable_(movable), r_(r), cap_(m.policy.capacity) {
    moving_.assign(movable.size(), 0);
    cells_.resize(movable.size());
    day_index_.fill(-1);
    for (int day : m.grid_days) {
      if (!m.school.works_on(day)) continue;
      day_index_[static_cast<std::size_t>(day)] = static_cast<int>(days_.size());
      days_.push_back(day);
    }
    for (std::size_t i = 0; i < movable.size(); ++i) {
      const std::size_t day = static_cast<std::size_t>(movable[i].day);
      on_day_[day].push_back(static_cast<int>(i));
      longest_on_[day] = std::max(longest_on_[day], length(static_cast<int>(i)));
      shortest_ = std::min(shortest_, length(static_cast<int>(i)));
    }
    for (auto& list : on_day_)
      sort_ints(list, [&](int a, int b) {
        return std::make_pair(movable[static_cast<std::size_t>(a)].start, a) < std::make_pair(movable[static_cast<std::size_t>(b)].start, b);
      });
    exits_.resize(movable.size());
    order_.resize(movable.size());
    order_known_.assign(movable.size(), 0);
    leaves_.assign(movable.size(), {-1, 0});
    exits_known_.assign(movable.size(), 0);
    stuck_.assign(movable.size(), 0);
    log_.reserve(8);
  }

  std::vector<FoundOption> run() {
    build_starts();
    const std::size_t limit = static_cast<std::size_t>(r_.limit);
    std::vector<Option> chosen;
    has_option_.assign(starts_.size(), 0);
    for (std::size_t c = 0; c < starts_.size() && chosen.size() < limit; ++c) {
      const Start& s = starts_[c];
      if (now(r_.student, s.day, s.start, s.start + r_.minutes) == 0) chosen.push_back(Option{c, 0, {}});
    }
    for (int moves = 1; moves <= r_.max_moves && chosen.size() < limit; ++moves) {
      for (const Option& o : chosen) has_option_[o.start] = 1;
      std::vector<Option> level = moves == 1 ? one_move(limit - chosen.size()) : two_moves(limit - chosen.size());
      for (Option& o : level) chosen.push_back(std::move(o));
    }
    std::vector<FoundOption> out;
    out.reserve(chosen.size());
    for (Option& o : chosen) out.push_back(FoundOption{starts_[o.start].day, starts_[o.start].start, std::move(o.moves)});
    return out;
  }

  std::int64_t evaluated() const { return evaluated_; }

 private:
  int length(int i) const { return movable_[static_cast<std::size_t>(i)].end - movable_[static_cast<std::size_t>(i)].start; }

  int grid_count(int minutes) const {
    const int last = m_.grid_end - minutes;
    return last < m_.grid_first ? 0 : (last - m_.grid_first) / m_.policy.grid_step + 1;
  }

  // ---- the new session's starts, in the strategy's order ----
  void build_starts() {
    const int n = grid_count(r_.minutes);
    for (int day : days_) {
      const StaticDayView view(m_, r_.student, day);
      for (int k = 0; k < n; ++k) {
        const int t = m_.grid_first + k * m_.policy.grid_step;
        if (view.mask(t, t + r_.minutes) == 0) starts_.push_back(Start{day, t, rank(day, t)});
      }
    }
    // Ties in rank keep the grid's order (day, then start); std::sort with the full key is stable that way.
    std::sort(starts_.begin(), starts_.end(), [](const Start& a, const Start& b) {
      return std::tie(a.rank, a.day, a.start) < std::tie(b.rank, b.day, b.start);
    });
  }

  // A day that already holds one of the student's sessions comes last whatever the strategy (rules.md: a
  // student's sessions go on different days where possible); then the strategy's own order, as auto-schedule's.
  Rank rank(int day, int t) const {
    int same_day = 0;
    int adjacent = 0;
    for (const PlacedSession& p : base_.of(r_.student)) {
      same_day |= p.day == day ? 1 : 0;
      adjacent += (p.day == day - 1 || p.day == day + 1) ? 1 : 0;
    }
    const int load = base_.sessions_on(day);
    const int peak = base_.peak(day, t, t + r_.minutes);
    switch (r_.strategy) {
      case Strategy::kMorningFirst:
        return {same_day, t, day, 0, 0, 0, 0};
      case Strategy::kGradeGrouped:
      case Strategy::kTeacherGrouped:
        return {same_day, -peers(day, t), adjacent, load, peak, t, day};
      case Strategy::kBalanced:
      default:
        return {same_day, adjacent, load, peak, t, day, 0};
    }
  }

  // Sessions starting at (day, t) whose student shares the new session's grade (or teacher): a group to join.
  int peers(int day, int t) const {
    const StudentKeys& mine = m_.student_keys[static_cast<std::size_t>(r_.student)];
    const int key = r_.strategy == Strategy::kGradeGrouped ? mine.grade : mine.teacher;
    if (key < 0) return 0;
    int count = 0;
    for (int i : on_day_[static_cast<std::size_t>(day)]) {
      const MovableSession& s = movable_[static_cast<std::size_t>(i)];
      if (s.start != t || s.student == r_.student) continue;
      const StudentKeys& theirs = m_.student_keys[static_cast<std::size_t>(s.student)];
      count += (r_.strategy == Strategy::kGradeGrouped ? theirs.grade : theirs.teacher) == key ? 1 : 0;
    }
    return count;
  }

  // ---- the working state: the base plus a few changes, undone after each try ----
  ConflictMask now(int student, int day, int start, int end) {
    ++evaluated_;
    return dynamic_mask(m_, work_, Candidate{student, day, start, end}, cap_);
  }

  void take(int i) {
    const MovableSession& s = movable_[static_cast<std::size_t>(i)];
    work_.remove(s.student, s.occupancy_id);
    moving_[static_cast<std::size_t>(i)] = 1;
    log_.push_back(Change{false, s.student, i, PlacedSession{s.day, s.start, s.end, s.occupancy_id}});
  }

  void put(int student, const PlacedSession& placed) {
    work_.add(student, placed);
    log_.push_back(Change{true, student, -1, placed});
  }

  void put_new(const Start& s) { put(r_.student, PlacedSession{s.day, s.start, s.start + r_.minutes, kNewSession}); }

  void put_moved(int i, const Slot& to) {
    const MovableSession& s = movable_[static_cast<std::size_t>(i)];
    put(s.student, PlacedSession{to.day, to.start, to.start + (s.end - s.start), s.occupancy_id});
  }

  void undo(std::size_t mark) {
    while (log_.size() > mark) {
      const Change c = log_.back();
      log_.pop_back();
      if (c.added) {
        work_.remove(c.student, c.placed.session);
      } else {
        work_.add(c.student, c.placed);
        moving_[static_cast<std::size_t>(c.movable)] = 0;
      }
    }
  }

  // Whether a start of `student` can judge differently now than in the base: a change on that day overlaps it
  // (capacity) or belongs to the same student (overlap, chains, breaks).
  bool touched(int student, int day, int start, int end) const {
    for (const Change& c : log_)
      if (c.placed.day == day && (c.student == student || overlaps(c.placed.start, c.placed.end, start, end)))
        return true;
    return false;
  }

  // The minutes of [start, end) at capacity and over it, one bit each (from `start`), so that whether taking out
  // one or two sessions clears the capacity conflict is a few word operations. Windows longer than 64 minutes
  // are not summarised (every try then goes through the occupancy).
  struct FullMinutes {
    bool summarised = false;
    std::uint64_t full = 0;  // load >= capacity
    std::uint64_t over = 0;  // load >= capacity + 1: two must leave
    bool hopeless = false;   // load >= capacity + 2 somewhere: more than two must leave
  };

  FullMinutes full_minutes(int day, int start, int end) const {
    FullMinutes f;
    if (end - start > 64) return f;
    f.summarised = true;
    for (int minute = start; minute < end; ++minute) {
      const int load = work_.load_at(day, minute);
      const std::uint64_t b = std::uint64_t{1} << (minute - start);
      if (load >= cap_) f.full |= b;
      if (load >= cap_ + 1) f.over |= b;
      if (load >= cap_ + 2) f.hopeless = true;
    }
    return f;
  }

  // The minutes of [start, end) that movable `i` covers, as full_minutes() numbers them.
  std::uint64_t cover(int i, int day, int start, int end) const {
    const MovableSession& s = movable_[static_cast<std::size_t>(i)];
    if (s.day != day) return 0;
    const int from = std::max(s.start, start);
    const int to = std::min(s.end, end);
    if (from >= to) return 0;
    const int width = to - from;
    const std::uint64_t ones = width >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << width) - 1;
    return ones << (from - start);
  }

  // With capacity the only conflict: whether taking out `a` (and `b`, unless -1) clears it, leaving a student kind
  // aside (the final check judges that).
  bool clears_capacity(const FullMinutes& f, int day, int start, int end, int a, int b = -1) const {
    if (!f.summarised) return true;
    const std::uint64_t ca = cover(a, day, start, end);
    const std::uint64_t cb = b < 0 ? 0 : cover(b, day, start, end);
    return !f.hopeless && (f.full & ~(ca | cb)) == 0 && (f.over & ~(ca & cb)) == 0;
  }

  // The final check of an option: the new session and every moved one, each against everything else.
  bool all_placed_legal() {
    for (const Change& c : log_) {
      if (!c.added) continue;
      ++evaluated_;
      const Candidate at{c.student, c.placed.day, c.placed.start, c.placed.end};
      if (dynamic_mask(m_, work_, at, cap_, Ignore::one(c.placed)) != 0) return false;
    }
    return true;
  }

  // Movable sessions (not already moving) that stand in the way of `student` at [start, end): its own sessions
  // that day when a student kind is set, and those covering a full minute when capacity is. Shortest first.
  void blockers(int student, int day, int start, int end, ConflictMask mask, std::vector<int>& out) const {
    out.clear();
    const bool own = (mask & kStudentKinds) != 0;
    const bool full = (mask & bit(ConflictKind::kCapacity)) != 0;
    const auto& list = on_day_[static_cast<std::size_t>(day)];
    // Without a student kind only sessions overlapping [start, end) matter: they start after start - longest.
    std::size_t from = 0;
    if (!own) {
      const int earliest = start - longest_on_[static_cast<std::size_t>(day)];
      from = static_cast<std::size_t>(std::lower_bound(list.begin(), list.end(), earliest, [&](int i, int t) {
                                        return movable_[static_cast<std::size_t>(i)].start < t;
                                      }) - list.begin());
    }
    for (std::size_t n = from; n < list.size(); ++n) {
      const int i = list[n];
      const MovableSession& s = movable_[static_cast<std::size_t>(i)];
      if (!own && s.start >= end) break;
      if (moving_[static_cast<std::size_t>(i)]) continue;
      bool hit = own && s.student == student;
      if (!hit && full && overlaps(s.start, s.end, start, end)) {
        const int to = std::min(s.end, end);
        for (int minute = std::max(s.start, start); minute < to && !hit; ++minute)
          hit = work_.load_at(day, minute) >= cap_;
      }
      if (hit) out.push_back(i);
    }
    sort_ints(out, [&](int a, int b) { return std::make_pair(length(a), a) < std::make_pair(length(b), b); });
  }

  // The sessions whose leaving alone makes movable `b` (taken out) legal at (day, t) now, appended to `out`.
  // Capacity alone: the sessions covering every full minute, when no minute is over full. Otherwise each of
  // b's student's sessions that day (and of the capacity blockers) is tried.
  void exits_at(int b, int day, int t, std::vector<Exit>& out) {
    const MovableSession& mb = movable_[static_cast<std::size_t>(b)];
    const int end = t + (mb.end - mb.start);
    const ConflictMask mask = now(mb.student, day, t, end);
    if (mask == 0) return;
    if (mask == bit(ConflictKind::kCapacity)) {
      int first_full = -1;
      int last_full = -1;
      for (int minute = t; minute < end; ++minute) {
        const int load = work_.load_at(day, minute);
        if (load > cap_) return;  // two would have to leave
        if (load == cap_) {
          if (first_full < 0) first_full = minute;
          last_full = minute;
        }
      }
      for (int i : on_day_[static_cast<std::size_t>(day)]) {
        const MovableSession& s = movable_[static_cast<std::size_t>(i)];
        if (s.start > first_full) break;
        if (!moving_[static_cast<std::size_t>(i)] && s.end > last_full) out.push_back(Exit{day, t, i, length(i), static_cast<int>(out.size())});
      }
      return;
    }
    blockers(mb.student, day, t, end, mask, in_way_there_);
    for (int a : in_way_there_) {
      const std::size_t mark = log_.size();
      take(a);
      if (now(mb.student, day, t, end) == 0) out.push_back(Exit{day, t, a, length(a), static_cast<int>(out.size())});
      undo(mark);
    }
  }

  // Every exit of movable `b` in the base with b taken out (the state when this is called), shortest evictee
  // first, then b's preference: what every start of the new session shares, made once.
  const std::vector<Exit>& base_exits(int b) {
    std::vector<Exit>& out = exits_[static_cast<std::size_t>(b)];
    if (exits_known_[static_cast<std::size_t>(b)]) return out;
    exits_known_[static_cast<std::size_t>(b)] = 1;
    for_each_start(b, [&](int day, int t, std::uint8_t&) {
      exits_at(b, day, t, out);
      return false;
    });
    std::sort(out.begin(), out.end(), shorter_evictee);
    return out;
  }

  std::vector<std::uint8_t>& cells(int i, int n) {
    auto& c = cells_[static_cast<std::size_t>(i)];
    if (c.empty()) c.assign(days_.size() * static_cast<std::size_t>(n), kUnknown);
    return c;
  }

  // The grid starts of movable `i` that pass the static rules (as cell indices), nearest to where it is first: its
  // own day, then days without another session of its student, then the rest; within a day by distance in
  // minutes, the earlier on a tie. Made once per session: every later search walks this list.
  const std::vector<std::uint16_t>& preference(int i) {
    std::vector<std::uint16_t>& out = order_[static_cast<std::size_t>(i)];
    if (order_known_[static_cast<std::size_t>(i)]) return out;
    order_known_[static_cast<std::size_t>(i)] = 1;
    const MovableSession& s = movable_[static_cast<std::size_t>(i)];
    const int len = s.end - s.start;
    const int n = grid_count(len);
    if (n <= 0 || days_.empty()) return out;
    std::vector<std::uint8_t>& cell = cells(i, n);
    std::array<int, 8> order{};
    std::size_t count = 0;
    if (day_index_[static_cast<std::size_t>(s.day)] >= 0) order[count++] = s.day;
    for (int pass = 0; pass < 2; ++pass)
      for (int day : days_) {
        if (day == s.day) continue;
        bool has = false;
        for (const PlacedSession& p : base_.of(s.student)) has = has || p.day == day;
        if (has == (pass == 1)) order[count++] = day;
      }
    const int first = m_.grid_first;
    const int step = m_.policy.grid_step;
    for (std::size_t o = 0; o < count; ++o) {
      const int day = order[o];
      const std::size_t row = static_cast<std::size_t>(day_index_[static_cast<std::size_t>(day)]) * static_cast<std::size_t>(n);
      const StaticDayView view(m_, s.student, day);
      int hi = s.start <= first ? 0 : std::min(n, (s.start - first + step - 1) / step);  // first start >= s.start
      int lo = hi - 1;
      while (lo >= 0 || hi < n) {
        int k = 0;
        if (hi >= n || (lo >= 0 && s.start - (first + lo * step) <= (first + hi * step) - s.start)) {
          k = lo--;
        } else {
          k = hi++;
        }
        const int t = first + k * step;
        if (day == s.day && t == s.start) continue;
        std::uint8_t& c = cell[row + static_cast<std::size_t>(k)];
        if (c == kUnknown) c = view.mask(t, t + len) == 0 ? kStaticFree : kStaticConflict;
        if (c != kStaticConflict) out.push_back(static_cast<std::uint16_t>(row + static_cast<std::size_t>(k)));
      }
    }
    return out;
  }

  // Calls visit(day, start, cell) for the starts of preference(i) on the days of `day_set`, in that order; stops
  // when visit returns true, and says whether it did.
  bool for_each_start(int i, Visit visit, unsigned day_set = kAllDays) {
    const std::vector<std::uint16_t>& list = preference(i);
    if (list.empty()) return false;
    const MovableSession& s = movable_[static_cast<std::size_t>(i)];
    const int n = grid_count(s.end - s.start);
    std::vector<std::uint8_t>& cell = cells_[static_cast<std::size_t>(i)];
    for (const std::uint16_t index : list) {
      const int day = days_[static_cast<std::size_t>(index / n)];
      if (!(day_set & (1u << day))) continue;
      if (visit(day, m_.grid_first + (index % n) * m_.policy.grid_step, cell[index])) return true;
    }
    return false;
  }

  // Calls visit(t) for every grid start t of movable `i` on `day` with lo <= t < hi that passes the static rules,
  // earliest first.
  template <class Visit>
  void for_each_start_between(int i, int day, int lo, int hi, Visit&& visit) {
    const MovableSession& s = movable_[static_cast<std::size_t>(i)];
    const int len = s.end - s.start;
    const int n = grid_count(len);
    const int d = day_index_[static_cast<std::size_t>(day)];
    if (n <= 0 || d < 0) return;
    std::vector<std::uint8_t>& cell = cells(i, n);
    const int first = m_.grid_first;
    const int step = m_.policy.grid_step;
    std::optional<StaticDayView> view;
    for (int k = lo <= first ? 0 : (lo - first + step - 1) / step; k < n; ++k) {
      const int t = first + k * step;
      if (t >= hi) break;
      if (day == s.day && t == s.start) continue;
      std::uint8_t& c = cell[static_cast<std::size_t>(d) * static_cast<std::size_t>(n) + static_cast<std::size_t>(k)];
      if (c == kUnknown) {
        if (!view) view.emplace(m_, s.student, day);
        c = view->mask(t, t + len) == 0 ? kStaticFree : kStaticConflict;
      }
      if (c != kStaticConflict) visit(t);
    }
  }

  // Whether movable `i` (taken out) is legal at (day, t) now. Starts no change has touched are judged once, in
  // the base with the session set aside, and remembered.
  bool legal_now(int i, int day, int t, std::uint8_t& cell) {
    const MovableSession& s = movable_[static_cast<std::size_t>(i)];
    const int end = t + (s.end - s.start);
    if (touched(s.student, day, t, end)) return now(s.student, day, t, end) == 0;
    if (cell == kStaticFree) {
      ++evaluated_;
      const PlacedSession self{s.day, s.start, s.end, s.occupancy_id};
      cell = dynamic_mask(m_, base_, Candidate{s.student, day, t, end}, cap_, Ignore::one(self)) == 0 ? kBaseFree : kBaseConflict;
    }
    return cell == kBaseFree;
  }

  // Whether movable `i` has no legal start at all in the base (itself set aside): then only the days the try
  // in progress changed can hold one. Judged once per session.
  bool stuck(int i) {
    char& known = stuck_[static_cast<std::size_t>(i)];
    if (known == 0) {
      const MovableSession& s = movable_[static_cast<std::size_t>(i)];
      const PlacedSession self{s.day, s.start, s.end, s.occupancy_id};
      const bool free = for_each_start(i, [&](int day, int t, std::uint8_t& cell) {
        if (cell == kStaticFree) {
          ++evaluated_;
          const Candidate at{s.student, day, t, t + (s.end - s.start)};
          cell = dynamic_mask(m_, base_, at, cap_, Ignore::one(self)) == 0 ? kBaseFree : kBaseConflict;
        }
        return cell == kBaseFree;
      });
      known = free ? 1 : 2;
    }
    return known == 2;
  }

  unsigned changed_days() const {
    unsigned days = 0;
    for (const Change& c : log_) days |= 1u << c.placed.day;
    return days;
  }

  // Puts movable `i` (taken out) at its nearest legal start for which then() holds, and leaves it there; false
  // (nothing changed) when there is none.
  bool place_somewhere(int i, Then then, std::vector<FoundMove>& moves, unsigned day_set = kAllDays) {
    int retries = kRetriesPerMove;
    const std::size_t mark = log_.size();
    const unsigned days = (stuck(i) ? changed_days() : kAllDays) & day_set;
    return for_each_start(i, [&](int day, int t, std::uint8_t& cell) {
      if (retries <= 0) return true;
      if (!legal_now(i, day, t, cell)) return false;
      put_moved(i, Slot{day, t});
      moves.push_back(FoundMove{i, day, t});
      if (then()) return true;
      moves.pop_back();
      undo(mark);
      --retries;
      return false;
    }, days) && retries > 0 && log_.size() > mark;
  }

  // Whether movable `a` (in place) has a legal start now with itself set aside: what it needs to leave at all.
  // Placing the session it makes room for can only take starts away, so without one the exit is hopeless.
  // A stuck session can only use what `freed_day`'s leaving session freed. Remembered until epoch_ moves on.
  bool can_leave(int a, int freed_day) {
    std::pair<int, char>& known = leaves_[static_cast<std::size_t>(a)];
    if (known.first == epoch_) return known.second != 0;
    const MovableSession& s = movable_[static_cast<std::size_t>(a)];
    const PlacedSession self{s.day, s.start, s.end, s.occupancy_id};
    const int len = s.end - s.start;
    const bool free = for_each_start(a, [&](int day, int t, std::uint8_t& cell) {
      if (touched(s.student, day, t, t + len)) {
        ++evaluated_;
        return dynamic_mask(m_, work_, Candidate{s.student, day, t, t + len}, cap_, Ignore::one(self)) == 0;
      }
      return legal_now(a, day, t, cell);
    }, stuck(a) ? 1u << freed_day : kAllDays);
    known = {epoch_, free ? 1 : 0};
    return free;
  }

  bool has_destination(int i) {
    const unsigned days = stuck(i) ? changed_days() : kAllDays;
    return for_each_start(i, [&](int day, int t, std::uint8_t& cell) { return legal_now(i, day, t, cell); }, days);
  }

  // ---- one move: a session in the way goes elsewhere ----
  std::vector<Option> one_move(std::size_t k) {
    Best best(k);
    std::vector<int> in_way;
    std::vector<FoundMove> moves;
    for (std::size_t c = 0; c < starts_.size(); ++c) {
      if (has_option_[c]) continue;
      const Start& s = starts_[c];
      const int end = s.start + r_.minutes;
      const ConflictMask mask = now(r_.student, s.day, s.start, end);
      blockers(r_.student, s.day, s.start, end, mask, in_way);
      const bool capacity_only = mask == bit(ConflictKind::kCapacity);
      const FullMinutes full = capacity_only ? full_minutes(s.day, s.start, end) : FullMinutes{};
      for (int b : in_way) {
        if (length(b) >= best.bound()) break;
        if (capacity_only && !clears_capacity(full, s.day, s.start, end, b)) continue;
        const std::size_t mark = log_.size();
        take(b);
        if (now(r_.student, s.day, s.start, end) == 0) {
          put_new(s);
          moves.clear();
          if (place_somewhere(b, [&] { return all_placed_legal(); }, moves)) {
            best.offer(Option{c, length(b), moves});
            undo(mark);
            break;  // shortest first: no other single move of this start moves fewer minutes
          }
        }
        undo(mark);
      }
    }
    return best.take();
  }

  // ---- two moves: two sessions in the way both go elsewhere, or one goes where a third must leave ----
  std::vector<Option> two_moves(std::size_t k) {
    Best best(k);
    std::vector<int> in_way;
    std::vector<FoundMove> moves;
    for (std::size_t c = 0; c < starts_.size(); ++c) {
      if (has_option_[c]) continue;
      const Start& s = starts_[c];
      const int end = s.start + r_.minutes;
      const ConflictMask mask = now(r_.student, s.day, s.start, end);
      blockers(r_.student, s.day, s.start, end, mask, in_way);
      if (in_way.empty() || length(in_way.front()) + shortest_ >= best.bound()) continue;
      const bool capacity_only = mask == bit(ConflictKind::kCapacity);
      const FullMinutes full = capacity_only ? full_minutes(s.day, s.start, end) : FullMinutes{};
      std::optional<Option> mine;
      auto bound = [&] { return mine ? std::min(mine->minutes, best.bound()) : best.bound(); };
      auto keep = [&](int minutes) { mine = Option{c, minutes, moves}; };

      // Both in the way.
      for (std::size_t x = 0; x < in_way.size(); ++x) {
        const int a = in_way[x];
        for (std::size_t y = x + 1; y < in_way.size(); ++y) {
          const int b = in_way[y];
          const int minutes = length(a) + length(b);
          if (minutes >= bound()) break;
          if (capacity_only && !clears_capacity(full, s.day, s.start, end, a, b)) continue;
          const std::size_t mark = log_.size();
          take(a);
          take(b);
          if (now(r_.student, s.day, s.start, end) == 0) {
            put_new(s);
            moves.clear();
            if (has_destination(a) && has_destination(b) &&
                (place_somewhere(a, [&] { return place_somewhere(b, [&] { return all_placed_legal(); }, moves); }, moves) ||
                 place_somewhere(b, [&] { return place_somewhere(a, [&] { return all_placed_legal(); }, moves); }, moves)))
              keep(minutes);
          }
          undo(mark);
        }
      }

      // A chain: `b` leaves the start, and goes where `a` must leave for it. The exits of b in the base serve
      // every start; those the new session touches are found again in the state with it.
      for (int b : in_way) {
        if (length(b) + shortest_ >= bound()) break;
        const std::size_t mark = log_.size();
        take(b);
        if (now(r_.student, s.day, s.start, end) == 0) {
          const std::vector<Exit>& cached = base_exits(b);
          put_new(s);
          const MovableSession& mb = movable_[static_cast<std::size_t>(b)];
          const int len_b = mb.end - mb.start;
          fresh_.clear();
          if (mb.student == r_.student) {
            for_each_start(b, [&](int day, int t, std::uint8_t&) {
              exits_at(b, day, t, fresh_);
              return false;
            }, 1u << s.day);
          } else {
            for_each_start_between(b, s.day, s.start - len_b + 1, end, [&](int t) { exits_at(b, s.day, t, fresh_); });
          }
          std::sort(fresh_.begin(), fresh_.end(), shorter_evictee);
          ++epoch_;  // forgets which evictees can leave: that was for another start or another b
          std::size_t x = 0;
          std::size_t y = 0;
          while (x < cached.size() || y < fresh_.size()) {
            const bool from_cache = y >= fresh_.size() || (x < cached.size() && length(cached[x].evictee) <= length(fresh_[y].evictee));
            const Exit exit = from_cache ? cached[x++] : fresh_[y++];
            const int minutes = len_b + length(exit.evictee);
            if (minutes >= bound()) break;
            if (moving_[static_cast<std::size_t>(exit.evictee)] || !can_leave(exit.evictee, mb.day)) continue;
            const std::size_t inner = log_.size();
            take(exit.evictee);
            bool found = false;
            if (now(mb.student, exit.day, exit.start, exit.start + len_b) == 0) {
              put_moved(b, Slot{exit.day, exit.start});
              moves.assign(1, FoundMove{b, exit.day, exit.start});
              // A session with no legal start in the base can only use what b's leaving freed.
              const unsigned days = stuck(exit.evictee) ? 1u << mb.day : kAllDays;
              found = place_somewhere(exit.evictee, [&] { return all_placed_legal(); }, moves, days);
              if (found) keep(minutes);
            }
            undo(inner);
            if (found) break;  // shortest evictee first: nothing later moves fewer minutes
          }
        }
        undo(mark);
      }
      if (mine) best.offer(std::move(*mine));
    }
    return best.take();
  }

  const Model& m_;
  const Occupancy& base_;
  Occupancy work_;
  const std::vector<MovableSession>& movable_;
  const SuggestRequest& r_;
  int cap_;
  std::vector<int> days_;              // work days of the grid
  std::array<int, 8> day_index_{};     // ISO day -> index into days_, -1 for an off day
  std::array<std::vector<int>, 8> on_day_;  // movable sessions by their day in the base, by start
  std::array<int, 8> longest_on_{};         // the longest of them, per day
  std::vector<std::vector<Exit>> exits_;    // per movable session, base_exits() once asked
  std::vector<std::vector<std::uint16_t>> order_;  // per movable session, preference() once asked
  std::vector<char> order_known_;
  std::vector<std::pair<int, char>> leaves_;  // per movable session: can_leave()'s answer, and the epoch it is for
  int epoch_ = 0;
  std::vector<char> exits_known_;
  std::vector<char> stuck_;                 // per movable session: 0 not known, 1 has a legal start in the base, 2 none
  std::vector<int> in_way_there_;
  std::vector<Exit> fresh_;
  std::vector<char> moving_;           // taken out by the try in progress
  std::vector<std::vector<std::uint8_t>> cells_;  // per movable session, days_ x its grid starts; made when asked
  std::vector<Change> log_;
  std::vector<Start> starts_;
  std::vector<char> has_option_;
  int shortest_ = kNoBound / 4;  // the shortest movable session: the least a second move adds
  std::int64_t evaluated_ = 0;
};

}  // namespace

std::vector<FoundOption> search_suggestions(const Model& model, const Occupancy& base,
                                            const std::vector<MovableSession>& movable, const SuggestRequest& request,
                                            std::int64_t& evaluated) {
  Search search(model, base, movable, request);
  std::vector<FoundOption> out = search.run();
  evaluated += search.evaluated();
  return out;
}

}  // namespace slotfit
