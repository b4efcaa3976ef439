// Every rule of the scheduling rules with its edge cases, through the public engine API.
#include <gtest/gtest.h>

#include "slotfit/engine.hpp"
#include "support/engine_probe.hpp"
#include "support/payload_builder.hpp"

namespace slotfit {
namespace {

using testing::kinds;
using testing::loaded;
using testing::none;
using testing::PayloadBuilder;
using Kinds = std::vector<std::string>;

constexpr int kMon = 1, kTue = 2, kWed = 3, kThu = 4;

PayloadBuilder school() {
  PayloadBuilder b;
  b.hours_all_days("1", "08:00", "14:30").hours_all_days("default", "08:30", "14:00");
  return b;
}

TEST(BellSchedule, TouchingEndsNeverConflict) {
  auto b = school();
  b.student("s1", "1").bell("lunch", "1,2,3", kMon, "11:00", "11:40", "Lunch");
  Engine e = loaded(b);
  EXPECT_EQ(kinds(e, "s1", kMon, "10:30", 30), none());
  EXPECT_EQ(kinds(e, "s1", kMon, "11:40", 30), none());
  EXPECT_EQ(kinds(e, "s1", kMon, "10:45", 30), Kinds{"bell-schedule"});
  EXPECT_EQ(kinds(e, "s1", kMon, "11:39", 30), Kinds{"bell-schedule"});
  EXPECT_EQ(kinds(e, "s1", kTue, "11:00", 30), none());
}

TEST(BellSchedule, MessageNamesRowGradesAndTimesAndRowId) {
  auto b = school();
  b.student("s1", "1").bell("lunch-1", "1,2,3", kMon, "11:30", "12:15", "Lunch");
  Engine e = loaded(b);
  const auto conflicts = e.check(0, kMon, 11 * 60 + 45, 30).value();
  ASSERT_EQ(conflicts.size(), 1u);
  EXPECT_EQ(conflicts[0].message, "Lunch (grades 1,2,3) 11:30\xE2\x80\x93" "12:15");
  EXPECT_EQ(conflicts[0].ref_id, "lunch-1");
}

TEST(Check, RowKindsNameTheirRowIndexOthersDoNot) {
  auto b = school();
  b.student("s1", "1").session("mine", "s1", kMon, "09:00", "09:30");
  b.bell("recess", "1", kMon, "10:00", "10:15", "Recess").bell("lunch", "1", kMon, "11:00", "11:40", "Lunch");
  b.busy("duty", kMon, "11:00", "11:30");
  Engine e = loaded(b);
  const auto lunch = e.check(0, kMon, 11 * 60, 30).value();
  ASSERT_EQ(lunch.size(), 2u);
  EXPECT_EQ(lunch[0].row, 1);  // the second bell row
  EXPECT_EQ(lunch[1].row, 0);  // the first busy row
  const auto overlap = e.check(0, kMon, 9 * 60 + 15, 30).value();
  ASSERT_EQ(overlap.size(), 1u);
  EXPECT_EQ(overlap[0].row, -1);
}

TEST(BellSchedule, OneEntryPerRowHit) {
  auto b = school();
  b.student("s1", "1")
      .bell("lunch", "1", kMon, "11:00", "11:30", "Lunch")
      .bell("recess", "1", kMon, "11:30", "11:45", "Recess");
  Engine e = loaded(b);
  const auto conflicts = e.check(0, kMon, 11 * 60 + 15, 30).value();
  ASSERT_EQ(conflicts.size(), 2u);
  EXPECT_EQ(conflicts[0].ref_id, "lunch");
  EXPECT_EQ(conflicts[1].ref_id, "recess");
}

TEST(BellSchedule, ClassPeriodRowsDoNotBlockButNullPeriodNameDoes) {
  auto b = school();
  b.student("s1", "1")
      .bell("p3", "1", kMon, "09:00", "09:50", "Period 3")
      .bell("pa", "1", kTue, "09:00", "09:50", "  period A ")
      .bell("nameless", "1", kWed, "09:00", "09:50", std::nullopt)
      .bell("periodic", "1", kThu, "09:00", "09:50", "Periodic assembly");
  Engine e = loaded(b);
  EXPECT_EQ(kinds(e, "s1", kMon, "09:00", 30), none());
  EXPECT_EQ(kinds(e, "s1", kTue, "09:00", 30), none());
  EXPECT_EQ(kinds(e, "s1", kWed, "09:00", 30), Kinds{"bell-schedule"});
  EXPECT_EQ(kinds(e, "s1", kThu, "09:00", 30), Kinds{"bell-schedule"});
}

TEST(BellSchedule, ClassPeriodPatternIsAPolicySetting) {
  auto b = school();
  b.student("s1", "1").bell("b1", "1", kMon, "09:00", "09:50", "Block 2");
  Policy policy;
  policy.class_period_pattern = "block *";
  Engine e = loaded(b, policy);
  EXPECT_EQ(kinds(e, "s1", kMon, "09:00", 30), none());
}

TEST(BellSchedule, GradeListsAreTrimmedAndCaseBlindAndEmptyBlocksNobody) {
  auto b = school();
  b.hours_all_days("K", "08:00", "14:30");
  b.student("k1", " k ").student("g2", "2").student("g1", "1");
  b.bell("lunch", "K , 2", kMon, "11:00", "11:30", "Lunch").bell("empty", " ", kMon, "09:00", "09:30", "Assembly");
  Engine e = loaded(b);
  EXPECT_EQ(kinds(e, "k1", kMon, "11:00", 30), Kinds{"bell-schedule"});
  EXPECT_EQ(kinds(e, "g2", kMon, "11:00", 30), Kinds{"bell-schedule"});
  EXPECT_EQ(kinds(e, "g1", kMon, "11:00", 30), none());
  EXPECT_EQ(kinds(e, "g1", kMon, "09:00", 30), none());
}

TEST(SchoolHours, KindergartenUsesMorningAndAfternoonRows) {
  PayloadBuilder b;
  b.hours("K-AM", kMon, "08:00", "11:30").hours("K-PM", kMon, "12:00", "14:30").hours("default", kMon, "07:00", "16:00");
  b.student("k1", "K");
  Engine e = loaded(b);
  EXPECT_EQ(kinds(e, "k1", kMon, "11:00", 30), none());
  EXPECT_EQ(kinds(e, "k1", kMon, "11:15", 30), Kinds{"school-hours"});
  EXPECT_EQ(kinds(e, "k1", kMon, "11:45", 30), Kinds{"school-hours"});  // a morning start, past the morning row
  EXPECT_EQ(kinds(e, "k1", kMon, "12:00", 30), none());
  EXPECT_EQ(kinds(e, "k1", kMon, "14:00", 30), none());
  EXPECT_EQ(kinds(e, "k1", kMon, "14:15", 30), Kinds{"school-hours"});
  EXPECT_EQ(kinds(e, "k1", kMon, "07:30", 30), Kinds{"school-hours"});
}

TEST(SchoolHours, KindergartenFallsBackToItsGradeRowThenPolicyWindowNeverDefault) {
  PayloadBuilder b;
  b.hours("TK", kMon, "08:30", "12:00").hours("default", kMon, "07:00", "16:00").hours("default", kTue, "07:00", "16:00");
  b.student("tk", "TK");
  Engine e = loaded(b);
  EXPECT_EQ(kinds(e, "tk", kMon, "08:30", 30), none());
  EXPECT_EQ(kinds(e, "tk", kMon, "08:00", 30), Kinds{"school-hours"});
  EXPECT_EQ(kinds(e, "tk", kTue, "07:30", 30), Kinds{"school-hours"});  // 08:00–15:00, not "default"
  EXPECT_EQ(kinds(e, "tk", kTue, "14:30", 30), none());
}

TEST(SchoolHours, GradeRowThenDefaultRowThenPolicyWindow) {
  PayloadBuilder b;
  b.hours("3", kMon, "09:00", "13:00").hours("default", kMon, "08:30", "14:00");
  b.student("g3", "3").student("g4", "4").student("none", std::nullopt);
  Engine e = loaded(b);
  EXPECT_EQ(kinds(e, "g3", kMon, "08:30", 30), Kinds{"school-hours"});
  EXPECT_EQ(kinds(e, "g3", kMon, "12:30", 30), none());
  EXPECT_EQ(kinds(e, "g4", kMon, "08:30", 30), none());
  EXPECT_EQ(kinds(e, "g4", kMon, "13:45", 30), Kinds{"school-hours"});
  EXPECT_EQ(kinds(e, "none", kMon, "08:30", 30), none());
  EXPECT_EQ(kinds(e, "g4", kTue, "08:00", 30), none());  // no rows on Tuesday: 08:00–15:00
  EXPECT_EQ(kinds(e, "g4", kTue, "14:45", 30), Kinds{"school-hours"});
}

TEST(SpecialActivity, MatchesByTeacherIdAndDifferentIdsVetoANameMatch) {
  auto b = school();
  b.student("s1", "1").teacher("t1", "Ms. Rivera");
  b.activity("pe", "t1", "Someone Else", kMon, "10:00", "10:45")
      .activity("music", "t2", "Ms. Rivera", kTue, "10:00", "10:45");
  Engine e = loaded(b);
  EXPECT_EQ(kinds(e, "s1", kMon, "10:15", 30), Kinds{"special-activity"});
  EXPECT_EQ(kinds(e, "s1", kTue, "10:15", 30), none());
}

TEST(SpecialActivity, FallsBackToNormalisedNameWhenOneSideHasNoId) {
  auto b = school();
  b.student("s1", "1").teacher("t1", "Ms. Rivera").student("s2", "1").teacher(std::nullopt, "MS.   rivera ");
  b.activity("library", std::nullopt, "  ms.  Rivera", kMon, "10:00", "10:45")
      .activity("art", "t9", "Ms. Rivera", kTue, "10:00", "10:45")
      .activity("pe", std::nullopt, "Mr. Chen", kWed, "10:00", "10:45");
  Engine e = loaded(b);
  EXPECT_EQ(kinds(e, "s1", kMon, "10:00", 30), Kinds{"special-activity"});
  EXPECT_EQ(kinds(e, "s2", kMon, "10:00", 30), Kinds{"special-activity"});
  EXPECT_EQ(kinds(e, "s2", kTue, "10:00", 30), Kinds{"special-activity"});  // s2 has no id: the name decides
  EXPECT_EQ(kinds(e, "s1", kTue, "10:00", 30), none());                      // both have ids: t1 != t9
  EXPECT_EQ(kinds(e, "s1", kWed, "10:00", 30), none());
}

TEST(ProtectedTime, MatchesByStudentIdAndByChildIdAcrossProviders) {
  auto b = school();
  b.student("s1", "1").child("child-1").student("s2", "1").child("child-2");
  b.protect("own", "s1", std::nullopt, kMon, "09:00", "10:00")
      .protect("by-child", std::nullopt, "child-2", kTue, "09:00", "10:00")
      .protect("other-provider-row", "someone-elses-student", "child-1", kWed, "09:00", "10:00", "Push-in");
  Engine e = loaded(b);
  EXPECT_EQ(kinds(e, "s1", kMon, "09:30", 30), Kinds{"protected-time"});
  EXPECT_EQ(kinds(e, "s2", kMon, "09:30", 30), none());
  EXPECT_EQ(kinds(e, "s2", kTue, "09:30", 30), Kinds{"protected-time"});
  EXPECT_EQ(kinds(e, "s1", kTue, "09:30", 30), none());
  EXPECT_EQ(kinds(e, "s1", kWed, "09:30", 30), Kinds{"protected-time"});
  EXPECT_EQ(kinds(e, "s1", kWed, "10:00", 30), none());
  const auto conflicts = e.check(0, kWed, 9 * 60 + 30, 30).value();
  ASSERT_EQ(conflicts.size(), 1u);
  EXPECT_EQ(conflicts[0].ref_id, "other-provider-row");
}

TEST(StudentOverlap, AStudentIsNeverInTwoSessionsAndTheDraggedOneIsIgnored) {
  auto b = school();
  b.student("s1", "1").student("s2", "1").session("a", "s1", kMon, "10:00", "10:30");
  Engine e = loaded(b);
  EXPECT_EQ(kinds(e, "s1", kMon, "10:15", 30), Kinds{"student-overlap"});  // an overlapping session is no neighbour
  EXPECT_EQ(kinds(e, "s1", kMon, "10:15", 30, "a"), none());
  EXPECT_EQ(kinds(e, "s2", kMon, "10:15", 30), none());
}

TEST(OtherProvider, AnotherProvidersSessionOfTheSameChildBlocks) {
  auto b = school();
  b.student("s1", "1").student("s2", "1").other_provider("s1", kMon, "10:00", "10:30", "OT");
  Engine e = loaded(b);
  EXPECT_EQ(kinds(e, "s1", kMon, "10:15", 30), Kinds{"other-provider"});
  EXPECT_EQ(kinds(e, "s1", kMon, "10:30", 30), none());
  EXPECT_EQ(kinds(e, "s2", kMon, "10:15", 30), none());
  EXPECT_EQ(e.check(0, kMon, 10 * 60 + 15, 30).value()[0].message, "OT session 10:00\xE2\x80\x93" "10:30");
}

TEST(Capacity, CountsPeakConcurrencyNotSessionsInTheSpan) {
  auto b = school();
  b.student("a", "1").student("b", "1").student("c", "1").student("x", "1");
  b.session("sa", "a", kMon, "10:00", "10:30").session("sb", "b", kMon, "10:30", "11:00");
  Policy policy;
  policy.capacity = 2;
  Engine e = loaded(b, policy);
  EXPECT_EQ(kinds(e, "x", kMon, "10:00", 60), none());  // two sessions in the span, never two at once
  ASSERT_TRUE(e.apply_changes({SessionChange{SessionChange::Op::kUpsert,
                                             SessionRow{"sc", "c", kMon, 615, 645, "speech", "provider", {}, {}, "active", {}}}})
                  .empty());
  EXPECT_EQ(kinds(e, "x", kMon, "10:00", 60), Kinds{"capacity"});
  EXPECT_EQ(kinds(e, "x", kMon, "10:45", 15), none());
  EXPECT_EQ(kinds(e, "x", kMon, "10:00", 60, "sc"), none());  // dragging one of them frees its place
}

TEST(Consecutive, ThirtyPlusThirtyIsAllowedThirtyPlusThirtyPlusFifteenIsNot) {
  auto b = school();
  b.student("s1", "1").session("a", "s1", kMon, "10:00", "10:30");
  Engine e = loaded(b);
  EXPECT_EQ(kinds(e, "s1", kMon, "10:30", 30), none());
  EXPECT_EQ(kinds(e, "s1", kMon, "09:30", 30), none());
  EXPECT_EQ(kinds(e, "s1", kMon, "10:30", 35), Kinds{"consecutive"});
  ASSERT_TRUE(e.apply_changes({SessionChange{SessionChange::Op::kUpsert,
                                             SessionRow{"b", "s1", kMon, 630, 660, "speech", "provider", {}, {}, "active", {}}}})
                  .empty());
  EXPECT_EQ(kinds(e, "s1", kMon, "11:00", 15), Kinds{"consecutive"});
  EXPECT_EQ(kinds(e, "s1", kMon, "09:45", 15), Kinds{"consecutive"});
  EXPECT_EQ(kinds(e, "s1", kMon, "11:30", 15), none());
}

TEST(Consecutive, ALongSessionIsAllowedAloneButNothingMayTouchIt) {
  auto b = school();
  b.student("s1", "1", 2, 75).session("long", "s1", kMon, "09:00", "10:15");
  Engine e = loaded(b);
  EXPECT_EQ(kinds(e, "s1", kTue, "09:00", 75), none());
  EXPECT_EQ(kinds(e, "s1", kMon, "10:15", 15), Kinds{"consecutive"});
  EXPECT_EQ(kinds(e, "s1", kMon, "08:45", 15), Kinds{"consecutive"});
}

TEST(ShortBreak, FifteenMinuteGapIsRefusedThirtyIsAllowed) {
  auto b = school();
  b.student("s1", "1").session("a", "s1", kMon, "10:00", "10:30");
  Engine e = loaded(b);
  EXPECT_EQ(kinds(e, "s1", kMon, "10:45", 30), Kinds{"short-break"});
  EXPECT_EQ(kinds(e, "s1", kMon, "11:00", 30), none());
  EXPECT_EQ(kinds(e, "s1", kMon, "09:15", 30), Kinds{"short-break"});
  EXPECT_EQ(kinds(e, "s1", kMon, "09:00", 30), none());
  EXPECT_EQ(kinds(e, "s1", kMon, "10:31", 29), Kinds{"short-break"});
  const auto conflicts = e.check(0, kMon, 10 * 60 + 45, 30).value();
  ASSERT_EQ(conflicts.size(), 1u);
  EXPECT_EQ(conflicts[0].ref_id, "a");
}

TEST(ShortBreak, OnlyTheNearestSessionOnEachSideCounts) {
  auto b = school();
  b.student("s1", "1").session("a", "s1", kMon, "09:00", "09:20").session("b", "s1", kMon, "09:20", "09:40");
  Engine e = loaded(b);
  // 09:00 ends 20 minutes before, but the nearest session on the left is "b", which the candidate touches.
  EXPECT_EQ(kinds(e, "s1", kMon, "09:40", 20), none());
}

TEST(ProviderBusy, AppliesToEveryStudent) {
  auto b = school();
  b.student("s1", "1").student("s2", "4").busy("team", kMon, "13:00", "14:00", "Team meeting").busy(std::nullopt, kTue, "12:00", "12:30", "Lunch");
  Engine e = loaded(b);
  EXPECT_EQ(kinds(e, "s1", kMon, "13:30", 30), Kinds{"provider-busy"});
  EXPECT_EQ(kinds(e, "s2", kMon, "12:45", 30), Kinds{"provider-busy"});
  EXPECT_EQ(kinds(e, "s2", kMon, "12:30", 30), none());
  const auto conflicts = e.check(1, kTue, 12 * 60, 30).value();
  ASSERT_EQ(conflicts.size(), 1u);
  EXPECT_FALSE(conflicts[0].ref_id.has_value());
}

TEST(OffDay, WorkDaysDecideAndAnOffDayDoesNotHideOtherConflicts) {
  auto b = school();
  b.work_days({1, 2, 4}).student("s1", "1").bell("lunch", "1", kWed, "11:00", "11:40", "Lunch");
  Engine e = loaded(b);
  EXPECT_EQ(kinds(e, "s1", kMon, "11:00", 30), none());
  EXPECT_EQ(kinds(e, "s1", kWed, "09:00", 30), Kinds{"off-day"});
  EXPECT_EQ(kinds(e, "s1", kWed, "11:00", 30), (Kinds{"off-day", "bell-schedule"}));
  EXPECT_EQ(e.check(0, kWed, 9 * 60, 30).value()[0].message, "Wednesday is not a work day at Test Elementary");
}

TEST(OffDay, WeekendWorkDaysCountAndEmptyMeansMondayToFridayForOneSchool) {
  auto b = school();
  b.work_days({6}).student("s1", "1");
  Engine saturday = loaded(b);
  EXPECT_EQ(kinds(saturday, "s1", 6, "09:00", 30), none());
  EXPECT_EQ(kinds(saturday, "s1", kMon, "09:00", 30), Kinds{"off-day"});
  b.work_days({});
  Engine weekdays = loaded(b);
  EXPECT_EQ(kinds(weekdays, "s1", kMon, "09:00", 30), none());
  EXPECT_EQ(kinds(weekdays, "s1", 6, "09:00", 30), Kinds{"off-day"});
}

TEST(OffDay, MultiSchoolProviderWithoutWorkDaysFailsClosed) {
  auto b = school();
  b.provider("speech", true).work_days({}).student("s1", "1", 2, 30);
  Engine e = loaded(b);
  for (int day = 1; day <= 7; ++day) EXPECT_EQ(kinds(e, "s1", day, "09:00", 30), Kinds{"off-day"}) << day;
  EXPECT_NE(e.check(0, kMon, 9 * 60, 30).value()[0].message.find("Work days missing for Test Elementary"), std::string::npos);
  const ScheduleResult r = e.auto_schedule();
  EXPECT_TRUE(r.placements.empty());
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].code, "work-days-missing");
  EXPECT_NE(r.errors[0].message.find("Test Elementary"), std::string::npos);
  ASSERT_EQ(r.unplaced.size(), 1u);
  EXPECT_EQ(r.unplaced[0].needed, 2);
  EXPECT_EQ(r.unplaced[0].ruled_out[static_cast<int>(ConflictKind::kOffDay)], r.unplaced[0].candidates);
}

TEST(Check, ReportsEveryKindInKindOrder) {
  auto b = school();
  b.work_days({1, 2}).student("s1", "1").teacher("t1", "T").child("c1").student("s2", "1");
  b.bell("lunch", "1", kWed, "11:00", "11:40", "Lunch")
      .activity("pe", "t1", "T", kWed, "11:00", "11:40")
      .protect("p", "s1", std::nullopt, kWed, "11:00", "11:40")
      .session("mine", "s1", kWed, "11:20", "11:50")
      .other_provider("s1", kWed, "11:00", "11:40")
      .busy("duty", kWed, "11:00", "11:40");
  Policy policy;
  policy.capacity = 1;
  Engine e = loaded(b, policy);
  EXPECT_EQ(kinds(e, "s1", kWed, "14:10", 30), (Kinds{"off-day", "school-hours"}));
  EXPECT_EQ(kinds(e, "s1", kWed, "11:00", 30),
            (Kinds{"off-day", "bell-schedule", "special-activity", "protected-time", "student-overlap",
                   "other-provider", "capacity", "provider-busy"}));
}

TEST(Check, RejectsArgumentsOutsideTheCaseloadOrDay) {
  auto b = school();
  b.student("s1", "1");
  Engine e = loaded(b);
  EXPECT_EQ(e.evaluate(5, kMon, 600, 30), kInvalidCandidate);
  EXPECT_EQ(e.evaluate(0, 0, 600, 30), kInvalidCandidate);
  EXPECT_EQ(e.evaluate(0, 8, 600, 30), kInvalidCandidate);
  EXPECT_EQ(e.evaluate(0, kMon, 1430, 30), kInvalidCandidate);
  EXPECT_EQ(e.evaluate(0, kMon, 600, 0), kInvalidCandidate);
  EXPECT_TRUE(e.check(5, kMon, 600, 30).value().empty());
  Engine empty;
  EXPECT_EQ(empty.evaluate(0, kMon, 600, 30), kInvalidCandidate);
}

}  // namespace
}  // namespace slotfit
