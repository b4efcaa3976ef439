// The final-schedule judge that the crowded quality test trusts: it must find each kind of rule break in a
// final schedule, and nothing in a clean one. Hand-built weeks, so the expected breaks are known.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "support/final_schedule_judge.hpp"
#include "support/payload_builder.hpp"

namespace slotfit::testing {
namespace {

Placement place(std::string student, int day, std::string_view start, int minutes = 30) {
  Placement pl;
  pl.student_id = std::move(student);
  pl.day_of_week = day;
  pl.start_time = at(start);
  pl.end_time = pl.start_time + minutes;
  return pl;
}

std::vector<std::string> rules(const std::vector<RuleBreak>& breaks) {
  std::vector<std::string> out;
  for (const RuleBreak& b : breaks) out.push_back(b.rule);
  return out;
}

// Mon and Tue, 08:00–11:00; one student needing two 30-minute sessions.
PayloadBuilder two_days() {
  PayloadBuilder b;
  b.work_days({1, 2}).hours(std::string("3"), 1, "08:00", "11:00").hours(std::string("3"), 2, "08:00", "11:00");
  b.student("s1", "3", 2, 30);
  return b;
}

TEST(FinalScheduleJudge, ACleanScheduleHasNoBreak) {
  const Payload p = two_days().build();
  EXPECT_TRUE(judge_final_schedule(p, {}, {place("s1", 1, "08:00"), place("s1", 2, "09:00")}).empty());
}

TEST(FinalScheduleJudge, ADoubledDayIsABreakWhileAFreeDayHasALegalStart) {
  const Payload p = two_days().build();
  const auto breaks = judge_final_schedule(p, {}, {place("s1", 1, "08:00"), place("s1", 1, "09:00")});
  ASSERT_EQ(rules(breaks), std::vector<std::string>{"different-days"});
  EXPECT_NE(breaks[0].detail.find("day 2"), std::string::npos) << breaks[0].detail;
  // Judged once per doubled day, and not at all when asked not to.
  EXPECT_TRUE(judge_final_schedule(p, {}, {place("s1", 1, "08:00"), place("s1", 1, "09:00")},
                                   {/*different_days=*/false})
                  .empty());
}

TEST(FinalScheduleJudge, ADoubledDayIsFineWhenNoFreeDayHasALegalStart) {
  PayloadBuilder b = two_days();
  b.busy(std::string("b1"), 2, "08:00", "11:00");  // Tuesday is full for the provider
  EXPECT_TRUE(judge_final_schedule(b.build(), {}, {place("s1", 1, "08:00"), place("s1", 1, "09:00")}).empty());
}

TEST(FinalScheduleJudge, ATemplateAndANewSessionOnOneDayAreJudgedToo) {
  PayloadBuilder b = two_days();
  b.session("t1", "s1", 1, "08:00", "08:30");
  EXPECT_EQ(rules(judge_final_schedule(b.build(), {}, {place("s1", 1, "09:30")})),
            std::vector<std::string>{"different-days"});
}

TEST(FinalScheduleJudge, EveryHardRuleIsJudgedAgainstTheFinalSchedule) {
  PayloadBuilder b = two_days();
  b.student("s2", "3", 3, 30).bell("lunch", "3", 2, "10:00", "10:30", std::nullopt);
  Policy policy;
  policy.capacity = 1;
  // s2: a short break after its first Monday session, then a placement on Tuesday's lunch, while s1 shares
  // Monday 08:00 with s2 at capacity 1.
  const auto breaks = judge_final_schedule(
      b.build(), policy,
      {place("s1", 1, "08:00"), place("s2", 1, "08:00"), place("s2", 1, "08:40"), place("s2", 2, "10:00")});
  std::vector<std::string> seen = rules(breaks);
  for (const char* kind : {"capacity", "short-break", "bell-schedule"}) {
    EXPECT_NE(std::find(seen.begin(), seen.end(), kind), seen.end()) << kind;
  }
}

TEST(FinalScheduleJudge, CountLengthAndPlaceholdersAreChecked) {
  PayloadBuilder b = two_days();
  b.placeholder("ph", "s1");
  Placement wrong_id = place("s1", 2, "09:00");
  wrong_id.id = "not-a-placeholder";
  EXPECT_EQ(rules(judge_final_schedule(b.build(), {}, {place("s1", 1, "08:00", 45)})),
            std::vector<std::string>{"length"});
  EXPECT_EQ(rules(judge_final_schedule(b.build(), {}, {wrong_id})), std::vector<std::string>{"placeholder"});
  EXPECT_EQ(rules(judge_final_schedule(b.build(), {},
                                       {place("s1", 1, "08:00"), place("s1", 2, "08:00"), place("s1", 2, "10:00")})),
            std::vector<std::string>{"count"});
}

}  // namespace
}  // namespace slotfit::testing
