// How good the auto-scheduler's answers are, on small crowded weeks where the best answer can be found by
// exhaustive search: the engine must never place fewer sessions than a plain first-fit greedy, and must come
// close to the exact optimum over the whole set. Legality is judged by the reference checker, never by the
// engine itself.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "slotfit/engine.hpp"
#include "support/random_payload.hpp"
#include "support/reference_rules.hpp"

namespace slotfit {
namespace {

using testing::random_tight_instance;
using testing::RandomInstance;
using testing::reference_apply;
using testing::reference_grid_starts;
using testing::reference_mask;
using testing::reference_work_days;

constexpr std::uint32_t kInstances = 120;
// Set from a measurement (engine 1027 of the optimum's 1032 = 99.5% at the default effort, 1010 = 97.9% before
// the search; first-fit 952 = 92.2%), a little below
// it so that an equal scheduler passes; raise it when the scheduler improves. Never below first-fit's share.
constexpr double kMinShareOfOptimum = 0.99;

int needed_of(const StudentRow& s) {
  return s.sessions_per_week.value_or(0);
}

// How many sessions the engine's proposal places; -1 when one of them is illegal by the reference in the
// final schedule (placements come sorted, not in the order they were made, so that is where to judge them).
int engine_placed(const RandomInstance& instance, std::uint32_t seed, Effort effort = Effort::kDefault,
                  int* bound = nullptr) {
  Engine engine(instance.policy);
  EXPECT_TRUE(engine.load(instance.payload).empty()) << "seed " << seed;
  ScheduleOptions options;
  options.effort = effort;
  const ScheduleResult result = engine.auto_schedule(options);
  if (bound != nullptr) *bound = result.stats.upper_bound.value_or(-1);
  Payload state = instance.payload;
  std::vector<std::string> ids;
  for (const Placement& pl : result.placements) {
    ids.push_back(std::string("engine-").append(std::to_string(ids.size())));
    if (!reference_apply(state, pl, ids.back())) return -1;
  }
  for (std::size_t i = 0; i < result.placements.size(); ++i) {
    const Placement& pl = result.placements[i];
    const int student = engine.student_index(pl.student_id).value_or(-1);
    const ConflictMask mask = reference_mask(state, instance.policy, student, pl.day_of_week, pl.start_time,
                                             pl.end_time - pl.start_time, ids[i]);
    if (mask != 0) {
      ADD_FAILURE() << "seed " << seed << ": illegal placement of " << pl.student_id;
      return -1;
    }
  }
  return static_cast<int>(result.placements.size());
}

// Students in payload order; each missing session at the first legal start, day by day, earliest first.
int first_fit(const RandomInstance& instance) {
  Payload state = instance.payload;
  const std::vector<int> days = reference_work_days(state);
  int count = 0;
  for (std::size_t s = 0; s < state.students.size(); ++s) {
    const StudentRow student = state.students[s];
    const int minutes = student.minutes_per_session.value_or(0);
    const std::vector<int> starts = reference_grid_starts(state, instance.policy, minutes);
    for (int n = 0; n < needed_of(student); ++n) {
      bool done = false;
      for (int day : days) {
        for (int start : starts) {
          if (reference_mask(state, instance.policy, static_cast<int>(s), day, start, minutes) != 0) continue;
          Placement pl;
          pl.student_id = student.id;
          pl.day_of_week = day;
          pl.start_time = start;
          pl.end_time = start + minutes;
          reference_apply(state, pl, std::string("ff-").append(std::to_string(count)));
          ++count;
          done = true;
          break;
        }
        if (done) break;
      }
    }
  }
  return count;
}

// The most sessions that fit under the hard rules, exactly. Every rule but the weekly count is about one day
// (capacity, breaks, chains, rows), so the week splits: for each work day, the set of "how many sessions each
// student gets that day" vectors some legal day achieves; then pick one vector per day, no student over its
// need.
class ExactOptimum {
 public:
  explicit ExactOptimum(const RandomInstance& instance) : in_(instance) {
    const Payload& p = in_.payload;
    days_ = reference_work_days(p);
    // Count vectors are packed 4 bits per student into 32 bits.
    EXPECT_LE(p.students.size(), 8u);
    for (std::size_t s = 0; s < p.students.size(); ++s) {
      const int minutes = p.students[s].minutes_per_session.value_or(0);
      const int needed = needed_of(p.students[s]);
      minutes_.push_back(minutes);
      needed_.push_back(std::min(needed, 7));
      const std::vector<int> starts = reference_grid_starts(p, in_.policy, minutes);
      std::vector<std::vector<int>> by_day;
      for (int day : days_) {
        std::vector<int> ok;
        for (int start : starts) {
          if (reference_mask(p, in_.policy, static_cast<int>(s), day, start, minutes) == 0)
            ok.push_back(start);
        }
        by_day.push_back(std::move(ok));
      }
      for (const auto& day : by_day) {
        for (int start : day) {
          first_minute_ = std::min(first_minute_, start);
          last_minute_ = std::max(last_minute_, start + minutes);
        }
      }
      starts_.push_back(std::move(by_day));
    }
    last_minute_ = std::max(last_minute_, first_minute_);
  }

  int run() {
    const std::size_t n = needed_.size();
    // Vectors are packed 4 bits per student; adding `bias` sets a field's top bit exactly when it exceeds the
    // student's need.
    std::uint32_t bias = 0;
    std::uint32_t tops = 0;
    for (std::size_t s = 0; s < n; ++s) {
      bias |= static_cast<std::uint32_t>(7 - needed_[s]) << (4 * s);
      tops |= 8u << (4 * s);
    }
    std::set<std::uint32_t> reachable = {0};
    for (std::size_t d = 0; d < days_.size(); ++d) {
      memo_.clear();
      const std::vector<std::uint32_t>& day =
          achievable(d, 0, std::string(static_cast<std::size_t>(last_minute_ - first_minute_), '\0'));
      std::set<std::uint32_t> next;
      for (std::uint32_t u : reachable) {
        for (std::uint32_t c : day) {
          const std::uint32_t sum = u + c;
          if (((sum + bias) & tops) == 0) next.insert(sum);
        }
      }
      reachable = std::move(next);
      states_ += static_cast<long>(reachable.size());
    }
    int best = 0;
    for (std::uint32_t u : reachable) {
      int total = 0;
      for (std::size_t s = 0; s < n; ++s) total += static_cast<int>((u >> (4 * s)) & 15u);
      best = std::max(best, total);
    }
    return best;
  }
  long states() const { return states_; }

 private:
  std::size_t at(int minute) const { return static_cast<std::size_t>(minute - first_minute_); }

  // Every vector of per-student counts for students j.. that fits on day d on top of `load` (sessions at each
  // minute from first_minute_).
  const std::vector<std::uint32_t>& achievable(std::size_t d, std::size_t j, const std::string& load) {
    const std::string key = std::string(1, static_cast<char>(j)).append(load);
    auto it = memo_.find(key);
    if (it != memo_.end()) return it->second;
    ++states_;
    std::set<std::uint32_t> out;
    if (j == needed_.size()) {
      out.insert(0);
    } else {
      std::vector<SessionRow> mine;
      std::string with = load;
      const auto grow = [&](const auto& self, std::size_t from) -> void {
        for (std::uint32_t v : achievable(d, j + 1, with))
          out.insert(v + (static_cast<std::uint32_t>(mine.size()) << (4 * j)));
        if (static_cast<int>(mine.size()) == needed_[j]) return;
        const std::vector<int>& starts = starts_[j][d];
        for (std::size_t i = from; i < starts.size(); ++i) {
          const int start = starts[i];
          const int end = start + minutes_[j];
          bool room = true;
          for (int m = start; m < end && room; ++m) room = with[at(m)] < in_.policy.capacity;
          if (!room) continue;
          // The student's own rules against its sessions chosen so far today (capacity is `with`'s business).
          if (!mine.empty() && reference_mask(in_.payload, in_.policy, static_cast<int>(j), days_[d], start,
                                              minutes_[j], {}, mine) != 0) {
            continue;
          }
          SessionRow row;
          row.id = std::string("x-").append(std::to_string(mine.size()));
          row.student_id = in_.payload.students[j].id;
          row.day_of_week = days_[d];
          row.start_time = start;
          row.end_time = end;
          mine.push_back(std::move(row));
          for (int m = start; m < end; ++m) ++with[at(m)];
          self(self, i + 1);
          for (int m = start; m < end; ++m) --with[at(m)];
          mine.pop_back();
        }
      };
      grow(grow, 0);
    }
    return memo_.emplace(key, std::vector<std::uint32_t>(out.begin(), out.end())).first->second;
  }

  const RandomInstance& in_;
  std::vector<int> days_;
  std::vector<int> minutes_;
  std::vector<int> needed_;
  std::vector<std::vector<std::vector<int>>> starts_;  // per student and work day: starts free of every row
  std::map<std::string, std::vector<std::uint32_t>> memo_;
  int first_minute_ = 24 * 60;  // the minutes any start covers
  int last_minute_ = 0;
  long states_ = 0;
};

struct Outcome {
  std::uint32_t seed = 0;
  int demand = 0;
  int exact = 0;
  int engine = 0;
  int first_fit = 0;
  int fast = 0;         // placed at effort 'fast'
  int bound = 0;        // the engine's upper bound at the default effort
  int fast_bound = 0;   // and at 'fast'
  int capacity = 0;
  std::size_t work_days = 0;
};

// Every instance is solved three ways once; both tests below read the same outcomes.
const std::vector<Outcome>& outcomes() {
  static const std::vector<Outcome> all = [] {
    std::vector<Outcome> out;
    long max_states = 0;
    for (std::uint32_t seed = 1; seed <= kInstances; ++seed) {
      const RandomInstance instance = random_tight_instance(seed);
      Outcome o;
      o.seed = seed;
      o.engine = engine_placed(instance, seed, Effort::kDefault, &o.bound);
      o.fast = engine_placed(instance, seed, Effort::kFast, &o.fast_bound);
      o.first_fit = first_fit(instance);
      ExactOptimum optimum(instance);
      o.exact = optimum.run();
      max_states = std::max(max_states, optimum.states());
      EXPECT_GE(o.exact, std::max(o.engine, o.first_fit))
          << "seed " << seed << ": the exact search missed a schedule";
      for (const StudentRow& s : instance.payload.students) o.demand += needed_of(s);
      o.capacity = instance.policy.capacity;
      o.work_days = instance.payload.work_days.size();
      out.push_back(o);
    }
    int exact = 0, engine = 0, ff = 0, demand = 0, optimal = 0, bound = 0, fast = 0;
    for (const Outcome& o : out) {
      bound += o.bound;
      fast += o.fast;
      exact += o.exact;
      engine += o.engine;
      ff += o.first_fit;
      demand += o.demand;
      optimal += o.engine == o.exact ? 1 : 0;
    }
    std::cout << "[quality] " << out.size() << " tight instances, demand " << demand << ": exact " << exact
              << ", engine " << engine << " (fast " << fast << "), first-fit " << ff << "; engine optimal on "
              << optimal << "/" << out.size() << "; upper bounds sum to " << bound << " (largest search "
              << max_states << " states)" << std::endl;
    if (std::getenv("SLOTFIT_QUALITY_VERBOSE") != nullptr) {
      for (const Outcome& o : out) {
        if (o.engine == o.exact) continue;
        std::cout << "  seed " << o.seed << ": demand " << o.demand << ", exact " << o.exact << ", engine "
                  << o.engine << ", first-fit " << o.first_fit << ", capacity " << o.capacity << ", "
                  << o.work_days << " work days\n";
      }
    }
    return out;
  }();
  return all;
}

TEST(Quality, EngineComesCloseToTheOptimum) {
  int exact = 0, engine = 0, ff = 0, demand = 0;
  for (const Outcome& o : outcomes()) {
    ASSERT_GE(o.engine, 0) << "seed " << o.seed << ": the engine proposed an illegal placement";
    exact += o.exact;
    engine += o.engine;
    ff += o.first_fit;
    demand += o.demand;
  }
  EXPECT_GE(engine, kMinShareOfOptimum * exact);
  EXPECT_GE(engine, ff);
  // The instances must be tight, or the comparison says nothing.
  EXPECT_LT(exact, demand);
}

// The certificate: no schedule places more than the bound, so it is never below the exact optimum, at every
// effort; and it is tight on these weeks (the optimum is proven on most of them).
TEST(Quality, TheUpperBoundIsNeverBelowTheOptimum) {
  int proven = 0;
  for (const Outcome& o : outcomes()) {
    EXPECT_GE(o.bound, o.exact) << "seed " << o.seed << ": the bound (default effort) is below the optimum";
    EXPECT_GE(o.fast_bound, o.exact) << "seed " << o.seed << ": the bound (fast) is below the optimum";
    proven += o.bound == o.exact ? 1 : 0;
  }
  EXPECT_GE(proven, static_cast<int>(outcomes().size()) * 9 / 10);
}

TEST(Quality, NoEffortPlacesFewerThanFast) {
  for (const Outcome& o : outcomes()) EXPECT_GE(o.engine, o.fast) << "seed " << o.seed;
}

TEST(Quality, EngineNeverPlacesFewerThanFirstFit) {
  for (const Outcome& o : outcomes()) {
    EXPECT_GE(o.engine, o.first_fit) << "seed " << o.seed << " (capacity " << o.capacity << ", "
                                     << o.work_days << " work days, demand " << o.demand
                                     << "): first-fit places more";
  }
}

}  // namespace
}  // namespace slotfit
