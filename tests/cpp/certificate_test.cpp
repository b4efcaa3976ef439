// The certificate and the efforts on the crowded weeks (tests/fixtures/crowded/, exact optima in optima.json):
// the upper bound is never below the optimum and close to it on average, `optimal` and `stoppedBy` agree with
// it, no effort places fewer sessions than 'fast', and the 'fast' schedule (construction, repair, day spread)
// breaks no rule when the reference judge looks at the final schedule, the different-days rule included.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "slotfit/engine.hpp"
#include "slotfit/parse.hpp"
#include "support/final_schedule_judge.hpp"
#include "support/fixtures.hpp"

namespace slotfit {
namespace {

// The target: the mean of (bound − optimum) / optimum over the crowded weeks.
constexpr double kMeanBoundGap = 0.02;

struct Week {
  std::string file;
  int optimum = 0;
  Payload payload;
};

struct WeekRun {
  const Week* week = nullptr;
  ScheduleResult fast;
  ScheduleResult standard;  // effort 'default'
  std::vector<testing::RuleBreak> fast_breaks;
};

const std::vector<WeekRun>& runs() {
  static const std::vector<Week> weeks = [] {
    std::vector<Week> out;
    const nlohmann::json optima = slotfit_test::parse_json(slotfit_test::read_fixture("crowded/optima.json"));
    for (const nlohmann::json& w : optima.value("weeks", nlohmann::json::array())) {
      Week week;
      week.file = w.value("file", "");
      week.optimum = w.value("optimum", -1);
      auto parsed = parse_payload(slotfit_test::read_fixture("crowded/" + week.file));
      if (auto* errors = std::get_if<Errors>(&parsed)) {
        ADD_FAILURE() << week.file << ": " << (errors->empty() ? "" : errors->front().message);
        continue;
      }
      week.payload = std::move(std::get<Payload>(parsed));
      out.push_back(std::move(week));
    }
    return out;
  }();
  static const std::vector<WeekRun> all = [] {
    std::vector<WeekRun> out;
    const Policy policy;
    for (const Week& week : weeks) {
      Engine engine(policy);
      EXPECT_TRUE(engine.load(week.payload).empty()) << week.file;
      WeekRun run;
      run.week = &week;
      ScheduleOptions options;
      options.effort = Effort::kFast;
      run.fast = engine.auto_schedule(options);
      options.effort = Effort::kDefault;
      run.standard = engine.auto_schedule(options);
      run.fast_breaks = testing::judge_final_schedule(week.payload, policy, run.fast.placements);
      std::printf("[certificate] %s optimum %d: fast %d (bound %d), default %d (bound %d, %s)\n", week.file.c_str(),
                  week.optimum, run.fast.stats.sessions_placed, run.fast.stats.upper_bound.value_or(-1),
                  run.standard.stats.sessions_placed, run.standard.stats.upper_bound.value_or(-1),
                  run.standard.stats.stopped_by.c_str());
      out.push_back(std::move(run));
    }
    return out;
  }();
  return all;
}

TEST(Certificate, TheBoundIsNeverBelowTheOptimumAtAnyEffort) {
  ASSERT_GE(runs().size(), 30u);
  for (const WeekRun& r : runs()) {
    for (const ScheduleResult* result : {&r.fast, &r.standard}) {
      ASSERT_TRUE(result->stats.upper_bound.has_value()) << r.week->file;
      EXPECT_GE(*result->stats.upper_bound, r.week->optimum) << r.week->file << ": the bound is not valid";
      EXPECT_LE(*result->stats.upper_bound, result->stats.sessions_needed) << r.week->file;
    }
  }
}

TEST(Certificate, TheBoundIsWithinTwoPercentOfTheOptimumOnAverage) {
  double gaps = 0;
  for (const WeekRun& r : runs())
    gaps += static_cast<double>(r.standard.stats.upper_bound.value_or(0) - r.week->optimum) / r.week->optimum;
  const double mean = gaps / static_cast<double>(runs().size());
  std::printf("[certificate] mean (bound - optimum) / optimum at the default effort: %.4f\n", mean);
  EXPECT_LE(mean, kMeanBoundGap);
}

TEST(Certificate, OptimalAndStoppedBySayWhatTheBoundProves) {
  for (const WeekRun& r : runs()) {
    for (const ScheduleResult* result : {&r.fast, &r.standard}) {
      const bool reached = result->stats.sessions_placed == result->stats.upper_bound;
      EXPECT_EQ(result->stats.optimal, reached) << r.week->file;
      EXPECT_EQ(result->stats.stopped_by, reached ? "optimal" : "budget") << r.week->file;
    }
    EXPECT_EQ(r.fast.stats.search_work, 0) << r.week->file << ": 'fast' does not search";
  }
}

TEST(Certificate, NoEffortPlacesFewerThanFast) {
  for (const WeekRun& r : runs())
    EXPECT_GE(r.standard.stats.sessions_placed, r.fast.stats.sessions_placed) << r.week->file;
}

// The different-days rule is judged on the final schedule: the day spread runs after everything else is in
// place and repeats until no doubled day has another free day to go to.
TEST(Certificate, FastSchedulesBreakNoRuleInTheFinalSchedule) {
  for (const WeekRun& r : runs())
    for (const testing::RuleBreak& b : r.fast_breaks) ADD_FAILURE() << r.week->file << ": " << testing::describe(b);
}

}  // namespace
}  // namespace slotfit
