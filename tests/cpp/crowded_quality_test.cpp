// How many sessions auto-schedule places on crowded weeks (weeks where even the exact optimum places fewer
// sessions than needed), against each week's exact optimum stored beside it (tests/fixtures/crowded/,
// recomputed by `make quality-exact`), and whether the final schedules keep every rule. The final schedule is
// judged by the reference judge (tests/cpp/support/final_schedule_judge.*), never by the engine.
#include <gtest/gtest.h>

#include <cstdio>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "slotfit/engine.hpp"
#include "slotfit/parse.hpp"
#include "support/final_schedule_judge.hpp"
#include "support/fixtures.hpp"

namespace slotfit {
namespace {

using testing::judge_final_schedule;
using testing::RuleBreak;

// The targets, per strategy: the share of the optimum placed in total and on every single week.
constexpr double kTotalShare = 0.99;
constexpr double kWeekShare = 0.97;
constexpr std::size_t kMinWeeks = 30;

constexpr Strategy kStrategies[] = {Strategy::kBalanced, Strategy::kGradeGrouped, Strategy::kTeacherGrouped,
                                    Strategy::kMorningFirst};

struct StoredWeek {
  std::string file;
  int students = 0;
  int work_days = 0;
  int needed = 0;
  int optimum = 0;
  double lp_relaxation = 0;
  Payload payload;
};

struct WeekRun {
  const StoredWeek* week = nullptr;
  Strategy strategy = Strategy::kBalanced;
  ScheduleResult result;
  std::vector<RuleBreak> breaks;
  int placed() const { return result.stats.sessions_placed; }
};

std::vector<StoredWeek> read_weeks() {
  std::vector<StoredWeek> weeks;
  const nlohmann::json optima = slotfit_test::parse_json(slotfit_test::read_fixture("crowded/optima.json"));
  if (!optima.is_object() || !optima.contains("weeks") || !optima["weeks"].is_array()) {
    ADD_FAILURE() << "crowded/optima.json: no \"weeks\" array";
    return weeks;
  }
  for (const nlohmann::json& w : optima["weeks"]) {
    StoredWeek week;
    week.file = w.value("file", "");
    week.students = w.value("students", 0);
    week.work_days = static_cast<int>(w.value("work_days", nlohmann::json::array()).size());
    week.needed = w.value("sessions_needed", -1);
    week.optimum = w.value("optimum", -1);
    week.lp_relaxation = w.value("lp_relaxation", -1.0);
    auto parsed = parse_payload(slotfit_test::read_fixture("crowded/" + week.file));
    if (auto* errors = std::get_if<Errors>(&parsed)) {
      ADD_FAILURE() << week.file << ": not a valid payload: " << (errors->empty() ? "" : errors->front().message);
      continue;
    }
    week.payload = std::move(std::get<Payload>(parsed));
    weeks.push_back(std::move(week));
  }
  return weeks;
}

const std::vector<StoredWeek>& weeks() {
  static const std::vector<StoredWeek> all = read_weeks();
  return all;
}

void print_table(const std::vector<WeekRun>& runs) {
  std::printf("[crowded] week          students days needed optimum   LP   | balanced  grade     teacher   morning\n");
  for (std::size_t i = 0; i < runs.size(); i += std::size(kStrategies)) {
    const StoredWeek& w = *runs[i].week;
    std::printf("[crowded] %-14s %8d %4d %6d %7d %6.1f |", w.file.c_str(), w.students, w.work_days, w.needed,
                w.optimum, w.lp_relaxation);
    for (std::size_t k = 0; k < std::size(kStrategies); ++k) {
      const WeekRun& r = runs[i + k];
      if (r.breaks.empty()) std::printf(" %3d     ", r.placed());
      else std::printf(" %3d (!%zu)", r.placed(), r.breaks.size());
    }
    std::printf("\n");
  }
  for (std::size_t k = 0; k < std::size(kStrategies); ++k) {
    long placed = 0, optimum = 0, needed = 0;
    for (std::size_t i = k; i < runs.size(); i += std::size(kStrategies)) {
      placed += runs[i].placed();
      optimum += runs[i].week->optimum;
      needed += runs[i].week->needed;
    }
    std::printf("[crowded] %-15s placed %ld of an optimum of %ld (%.1f%%), needed %ld\n",
                std::string(strategy_name(kStrategies[k])).c_str(), placed, optimum,
                optimum ? 100.0 * placed / optimum : 0.0, needed);
  }
  std::printf("[crowded] (!N) = the final schedule breaks a rule N times\n");
  std::fflush(stdout);
}

// Every week under every strategy, scheduled and judged once; the tests below read the same runs.
const std::vector<WeekRun>& runs() {
  static const std::vector<WeekRun> all = [] {
    std::vector<WeekRun> out;
    const Policy policy;
    for (const StoredWeek& week : weeks()) {
      Engine engine(policy);
      const Errors errors = engine.load(week.payload);
      EXPECT_TRUE(errors.empty()) << week.file;
      for (Strategy strategy : kStrategies) {
        WeekRun run;
        run.week = &week;
        run.strategy = strategy;
        ScheduleOptions options;
        options.strategy = strategy;
        run.result = engine.auto_schedule(options);
        EXPECT_TRUE(run.result.errors.empty()) << week.file;
        run.breaks = judge_final_schedule(week.payload, policy, run.result.placements);
        out.push_back(std::move(run));
      }
    }
    print_table(out);
    return out;
  }();
  return all;
}

std::string where(const WeekRun& r) {
  return r.week->file + " (" + std::to_string(r.week->students) + " students, " +
         std::to_string(r.week->work_days) + " days) " + std::string(strategy_name(r.strategy));
}

TEST(CrowdedQuality, TheStoredWeeksAreCrowded) {
  ASSERT_GE(weeks().size(), kMinWeeks);
  int three_days = 0, five_days = 0;
  for (const StoredWeek& w : weeks()) {
    EXPECT_GE(w.students, 40) << w.file;
    EXPECT_LE(w.students, 70) << w.file;
    EXPECT_EQ(static_cast<int>(w.payload.students.size()), w.students) << w.file;
    EXPECT_LT(w.optimum, w.needed) << w.file << ": the optimum places every session, the week is not crowded";
    EXPECT_GE(w.lp_relaxation, w.optimum - 1e-6) << w.file << ": an LP relaxation below its 0/1 optimum";
    three_days += w.work_days == 3 ? 1 : 0;
    five_days += w.work_days == 5 ? 1 : 0;
  }
  EXPECT_GT(three_days, 0);
  EXPECT_GT(five_days, 0);
}

TEST(CrowdedQuality, EngineCountsTheSameDemand) {
  ASSERT_GE(runs().size(), kMinWeeks * std::size(kStrategies));
  for (const WeekRun& r : runs()) {
    EXPECT_EQ(r.result.stats.sessions_needed, r.week->needed) << where(r);
    EXPECT_EQ(static_cast<int>(r.result.placements.size()), r.placed()) << where(r);
  }
}

TEST(CrowdedQuality, FinalSchedulesBreakNoRule) {
  ASSERT_GE(runs().size(), kMinWeeks * std::size(kStrategies));
  for (const WeekRun& r : runs()) {
    std::map<std::string, int> by_rule;
    for (const RuleBreak& b : r.breaks) ++by_rule[b.rule];
    std::string tally;
    for (const auto& [rule, count] : by_rule) tally += " " + rule + " " + std::to_string(count);
    EXPECT_TRUE(r.breaks.empty()) << where(r) << ": " << r.breaks.size() << " rule breaks (" << tally
                                  << " ), the first: " << (r.breaks.empty() ? "" : describe(r.breaks.front()));
  }
}

// Above the optimum means the exact model or the judge is wrong, not that the engine is good.
TEST(CrowdedQuality, NoScheduleBeatsTheOptimum) {
  ASSERT_GE(runs().size(), kMinWeeks * std::size(kStrategies));
  for (const WeekRun& r : runs()) {
    EXPECT_LE(r.placed(), r.week->optimum) << where(r);
  }
}

TEST(CrowdedQuality, EveryWeekReaches97PercentOfTheOptimum) {
  ASSERT_GE(runs().size(), kMinWeeks * std::size(kStrategies));
  for (const WeekRun& r : runs()) {
    EXPECT_GE(r.placed(), kWeekShare * r.week->optimum)
        << where(r) << ": placed " << r.placed() << " of an optimum of " << r.week->optimum;
  }
}

TEST(CrowdedQuality, EachStrategyReaches99PercentOfTheOptimumInTotal) {
  ASSERT_GE(runs().size(), kMinWeeks * std::size(kStrategies));
  for (Strategy strategy : kStrategies) {
    long placed = 0, optimum = 0;
    for (const WeekRun& r : runs()) {
      if (r.strategy != strategy) continue;
      placed += r.placed();
      optimum += r.week->optimum;
    }
    EXPECT_GE(static_cast<double>(placed), kTotalShare * static_cast<double>(optimum))
        << strategy_name(strategy) << ": placed " << placed << " of an optimum of " << optimum;
  }
}

// When ScheduleStats carries the engine's upper bound, its checks are one more test over runs(): for every
// run, bound >= r.week->optimum (a bound below the optimum is invalid, report where(r)); and per strategy, the
// mean over the weeks of (bound - optimum) / optimum <= 0.02. Each run keeps its whole ScheduleResult.

}  // namespace
}  // namespace slotfit
