// Auto-schedule behaviour: demand, placeholders, days, strategies, reports, refusals.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "slotfit/engine.hpp"
#include "support/engine_probe.hpp"
#include "support/payload_builder.hpp"

namespace slotfit {
namespace {

using testing::at;
using testing::loaded;
using testing::PayloadBuilder;

PayloadBuilder school() {
  PayloadBuilder b;
  b.hours_all_days("1", "08:00", "14:30").hours_all_days("2", "08:00", "14:30");
  return b;
}

std::map<std::string, std::vector<const Placement*>> by_student(const ScheduleResult& r) {
  std::map<std::string, std::vector<const Placement*>> out;
  for (const Placement& p : r.placements) out[p.student_id].push_back(&p);
  return out;
}

TEST(AutoSchedule, NeededIsPerWeekMinusScheduledTemplatesAndPlaceholdersAreFilledFirst) {
  auto b = school();
  b.student("s1", "1", 3, 30).session("done", "s1", 1, "09:00", "09:30").placeholder("ph", "s1");
  b.student("s2", "1", 1, 30).session("full", "s2", 2, "09:00", "09:30");
  Engine e = loaded(b);
  const ScheduleResult r = e.auto_schedule();
  ASSERT_TRUE(r.errors.empty());
  auto rows = by_student(r);
  ASSERT_EQ(rows["s1"].size(), 2u);
  EXPECT_EQ(rows.count("s2"), 0u);
  int with_id = 0;
  for (const Placement* p : rows["s1"]) {
    if (p->id) {
      EXPECT_EQ(*p->id, "ph");
      ++with_id;
    }
    EXPECT_EQ(p->end_time - p->start_time, 30);
    EXPECT_EQ(p->service_type, "speech");
    EXPECT_EQ(p->delivered_by, "provider");
    EXPECT_EQ(p->status, "active");
  }
  EXPECT_EQ(with_id, 1);
  EXPECT_EQ(r.stats.placeholders_filled, 1);
  EXPECT_EQ(r.stats.sessions_needed, 2);
}

TEST(AutoSchedule, StudentsWithoutFrequencyOrMinutesAreReportedNotConfigured) {
  auto b = school();
  b.student("none", "1", std::nullopt, 30).student("zero", "1", 0, 30).student("nomin", "1", 2, std::nullopt);
  Engine e = loaded(b);
  const ScheduleResult r = e.auto_schedule();
  ASSERT_EQ(r.not_configured.size(), 3u);
  EXPECT_EQ(r.not_configured[0].student_id, "none");
  EXPECT_EQ(r.not_configured[0].reason, "sessions_per_week is not set");
  EXPECT_EQ(r.not_configured[1].reason, "sessions_per_week is 0");
  EXPECT_EQ(r.not_configured[2].reason, "minutes_per_session is not set");
  EXPECT_TRUE(r.placements.empty());
}

TEST(AutoSchedule, SessionsOfAStudentGoOnDifferentDays) {
  auto b = school();
  for (int i = 0; i < 6; ++i) b.student("s" + std::to_string(i), "1", 3, 30);
  Engine e = loaded(b);
  const ScheduleResult r = e.auto_schedule();
  ASSERT_EQ(r.placements.size(), 18u);
  for (const auto& [student, rows] : by_student(r)) {
    std::set<int> days;
    for (const Placement* p : rows) days.insert(p->day_of_week);
    EXPECT_EQ(days.size(), rows.size()) << student;
  }
}

TEST(AutoSchedule, TwoOnOneDayOnlyWhenTheWeekCannotHoldThemOtherwise) {
  auto b = school();
  b.work_days({2}).student("s1", "1", 2, 30);
  Engine e = loaded(b);
  const ScheduleResult r = e.auto_schedule();
  ASSERT_EQ(r.placements.size(), 2u);
  EXPECT_EQ(r.placements[0].day_of_week, 2);
  EXPECT_EQ(r.placements[1].day_of_week, 2);
  const int gap = std::abs(r.placements[1].start_time - r.placements[0].start_time) - 30;
  EXPECT_TRUE(gap == 0 || gap >= 30) << "gap " << gap;
}

TEST(AutoSchedule, EveryPlacementIsFreeWhenCheckedAfterApplyingTheOthers) {
  auto b = school();
  b.bell("lunch", "1,2", 1, "11:00", "11:40", "Lunch").bell("recess", "1", 3, "10:00", "10:20", "Recess");
  for (int i = 0; i < 20; ++i) b.student("s" + std::to_string(i), i % 2 ? "1" : "2", 2 + i % 2, i % 3 ? 30 : 45);
  Engine e = loaded(b);
  const ScheduleResult r = e.auto_schedule();
  ASSERT_EQ(r.stats.sessions_placed, r.stats.sessions_needed);
  std::vector<SessionChange> changes;
  for (std::size_t i = 0; i < r.placements.size(); ++i) {
    const Placement& p = r.placements[i];
    changes.push_back({SessionChange::Op::kUpsert,
                       SessionRow{"new-" + std::to_string(i), p.student_id, p.day_of_week, p.start_time, p.end_time,
                                  p.service_type, p.delivered_by, p.assigned_to_sea_id, {}, p.status, {}}});
  }
  ASSERT_TRUE(e.apply_changes(changes).empty());
  for (std::size_t i = 0; i < r.placements.size(); ++i) {
    const Placement& p = r.placements[i];
    const int self = *e.session_index("new-" + std::to_string(i));
    EXPECT_EQ(e.evaluate(*e.student_index(p.student_id), p.day_of_week, p.start_time, p.end_time - p.start_time, self),
              0u)
        << p.student_id << " day " << p.day_of_week << " at " << p.start_time;
  }
  EXPECT_TRUE(e.auto_schedule().placements.empty()) << "a second run places nothing new";
}

TEST(AutoSchedule, IsDeterministic) {
  auto b = school();
  for (int i = 0; i < 30; ++i) b.student("s" + std::to_string(i), i % 2 ? "1" : "2", 1 + i % 3, 30);
  Engine e = loaded(b);
  for (Strategy s : {Strategy::kBalanced, Strategy::kGradeGrouped, Strategy::kTeacherGrouped, Strategy::kMorningFirst}) {
    const ScheduleResult a = e.auto_schedule({s, {}, false});
    const ScheduleResult c = e.auto_schedule({s, {}, false});
    ASSERT_EQ(a.placements.size(), c.placements.size());
    for (std::size_t i = 0; i < a.placements.size(); ++i) {
      EXPECT_EQ(a.placements[i].student_id, c.placements[i].student_id);
      EXPECT_EQ(a.placements[i].day_of_week, c.placements[i].day_of_week);
      EXPECT_EQ(a.placements[i].start_time, c.placements[i].start_time);
    }
  }
}

TEST(AutoSchedule, MorningFirstTakesTheEarliestStarts) {
  auto b = school();
  b.student("s1", "1", 1, 30).student("s2", "1", 1, 30);
  Engine e = loaded(b);
  const ScheduleResult r = e.auto_schedule({Strategy::kMorningFirst, {}, false});
  ASSERT_EQ(r.placements.size(), 2u);
  for (const Placement& p : r.placements) EXPECT_EQ(p.start_time, at("08:00"));
}

TEST(AutoSchedule, BalancedSpreadsSessionsOverTheDays) {
  auto b = school();
  for (int i = 0; i < 10; ++i) b.student("s" + std::to_string(i), "1", 1, 30);
  Engine e = loaded(b);
  const ScheduleResult r = e.auto_schedule({Strategy::kBalanced, {}, false});
  std::map<int, int> per_day;
  for (const Placement& p : r.placements) ++per_day[p.day_of_week];
  ASSERT_EQ(per_day.size(), 5u);
  for (const auto& [day, count] : per_day) EXPECT_EQ(count, 2) << "day " << day;
}

TEST(AutoSchedule, GradeGroupedJoinsPeersAtTheSameDayAndStart) {
  auto b = school();
  b.student("a1", "1", 1, 30).student("a2", "1", 1, 30).student("a3", "1", 1, 30);
  b.student("b1", "2", 1, 30).student("b2", "2", 1, 30);
  Engine e = loaded(b);
  const ScheduleResult r = e.auto_schedule({Strategy::kGradeGrouped, {}, false});
  ASSERT_EQ(r.placements.size(), 5u);
  std::map<std::string, std::set<std::pair<int, int>>> slots;
  for (const Placement& p : r.placements) slots[p.student_id.substr(0, 1)].insert({p.day_of_week, p.start_time});
  EXPECT_EQ(slots["a"].size(), 1u) << "grade 1 in one group";
  EXPECT_EQ(slots["b"].size(), 1u) << "grade 2 in one group";
  EXPECT_NE(*slots["a"].begin(), *slots["b"].begin()) << "grades are not mixed";
}

TEST(AutoSchedule, TeacherGroupedJoinsStudentsOfOneTeacherUpToCapacity) {
  auto b = school();
  for (int i = 0; i < 5; ++i) b.student("t" + std::to_string(i), "1", 1, 30).teacher("teacher-1", "Ms. Rivera");
  Policy policy;
  policy.capacity = 3;
  Engine e = loaded(b, policy);
  const ScheduleResult r = e.auto_schedule({Strategy::kTeacherGrouped, {}, false});
  ASSERT_EQ(r.placements.size(), 5u);
  std::map<std::pair<int, int>, int> group;
  for (const Placement& p : r.placements) ++group[{p.day_of_week, p.start_time}];
  ASSERT_EQ(group.size(), 2u);
  std::multiset<int> sizes;
  for (const auto& [slot, n] : group) sizes.insert(n);
  EXPECT_EQ(sizes, (std::multiset<int>{2, 3}));
}

TEST(AutoSchedule, CapacityLadderBalancesBeforeFillingUp) {
  PayloadBuilder b;  // one grid start a day (09:00), Monday the only work day
  b.work_days({1}).hours_all_days("1", "09:00", "09:30");
  for (int i = 0; i < 5; ++i) b.student("s" + std::to_string(i), "1", 1, 30);
  Engine e = loaded(b);  // the first pass stops at 3, the last fills up to 8
  const ScheduleResult r = e.auto_schedule();
  EXPECT_EQ(r.placements.size(), 5u);
  Policy tight;
  tight.capacity = 4;
  tight.capacity_ladder = {2};
  Engine capped = loaded(b, tight);
  const ScheduleResult c = capped.auto_schedule();
  EXPECT_EQ(c.placements.size(), 4u);
  ASSERT_EQ(c.unplaced.size(), 1u);
  EXPECT_EQ(c.unplaced[0].candidates, 5);
  EXPECT_EQ(c.unplaced[0].ruled_out[static_cast<int>(ConflictKind::kOffDay)], 4);
  EXPECT_EQ(c.unplaced[0].ruled_out[static_cast<int>(ConflictKind::kCapacity)], 1);
}

TEST(AutoSchedule, UnplacedStudentsSayWhyPerRuleKind) {
  PayloadBuilder b;
  b.work_days({1}).hours_all_days("1", "09:00", "10:00");
  b.student("s1", "1", 2, 30).bell("assembly", "1", 1, "09:15", "09:45", "Assembly");
  b.bell("tuesday-lunch", "1", 2, "09:00", "09:10", "Lunch");
  Engine e = loaded(b);
  const ScheduleResult r = e.auto_schedule();
  ASSERT_EQ(r.unplaced.size(), 1u);
  const UnplacedStudent& u = r.unplaced[0];
  EXPECT_EQ(u.student_id, "s1");
  EXPECT_EQ(u.needed, 2);
  EXPECT_EQ(u.placed, 0);
  // Starts 09:00…09:30: 7 a day, Mon–Fri. Tue–Fri are off days; every Monday start hits the assembly, and the
  // Tuesday starts 09:00 and 09:05 hit lunch as well (a candidate ruled out twice counts under both).
  EXPECT_EQ(u.candidates, 35);
  EXPECT_EQ(u.ruled_out[static_cast<int>(ConflictKind::kOffDay)], 28);
  EXPECT_EQ(u.ruled_out[static_cast<int>(ConflictKind::kBellSchedule)], 9);
  EXPECT_EQ(u.ruled_out[static_cast<int>(ConflictKind::kCapacity)], 0);
}

TEST(AutoSchedule, SeaProviderRowsAreDeliveredBySea) {
  auto b = school();
  b.provider("sea").student("s1", "1", 1, 30);
  Engine e = loaded(b);
  const ScheduleResult r = e.auto_schedule();
  ASSERT_EQ(r.placements.size(), 1u);
  EXPECT_EQ(r.placements[0].delivered_by, "sea");
  EXPECT_EQ(r.placements[0].assigned_to_sea_id, "provider-1");
  EXPECT_EQ(r.placements[0].service_type, "sea");
}

TEST(AutoSchedule, RefusesAnIncompletePayloadUnlessAllowed) {
  auto b = school();
  b.student("s1", "1", 1, 30);
  b.rows().incomplete = {"other_provider_sessions", "data_version"};
  Engine e = loaded(b);
  const ScheduleResult refused = e.auto_schedule();
  ASSERT_EQ(refused.errors.size(), 1u);
  EXPECT_EQ(refused.errors[0].code, "incomplete-payload");
  EXPECT_NE(refused.errors[0].message.find("other_provider_sessions"), std::string::npos);
  EXPECT_TRUE(refused.placements.empty());
  EXPECT_EQ(e.auto_schedule({Strategy::kBalanced, {}, true}).placements.size(), 1u);
}

TEST(AutoSchedule, SchedulesOnlyTheStudentsAskedFor) {
  auto b = school();
  b.student("s1", "1", 1, 30).student("s2", "1", 1, 30);
  Engine e = loaded(b);
  const ScheduleResult r = e.auto_schedule({Strategy::kBalanced, {"s2"}, false});
  ASSERT_EQ(r.placements.size(), 1u);
  EXPECT_EQ(r.placements[0].student_id, "s2");
  const ScheduleResult bad = e.auto_schedule({Strategy::kBalanced, {"nobody"}, false});
  ASSERT_EQ(bad.errors.size(), 1u);
  EXPECT_EQ(bad.errors[0].code, "unknown-student");
  EXPECT_EQ(bad.errors[0].path, "/student_ids/0");
}

TEST(AutoSchedule, RepairMovesAPlacedSessionToMakeRoom) {
  // s-flex can go at 09:00 or 10:00; s-stuck only at 09:00 (protected elsewhere). Capacity 1.
  auto b = school();
  b.work_days({1}).hours("1", 1, "09:00", "11:00");
  b.student("s-flex", "1", 1, 60).student("s-stuck", "1", 1, 60);
  b.protect("p", "s-stuck", std::nullopt, 1, "10:00", "11:00");
  Policy policy;
  policy.capacity = 1;
  policy.capacity_ladder = {1};
  policy.grid_step = 60;
  Engine e = loaded(b, policy);
  const ScheduleResult r = e.auto_schedule({Strategy::kMorningFirst, {}, false});
  EXPECT_EQ(r.placements.size(), 2u);
  EXPECT_TRUE(r.unplaced.empty());
}

// The grouped strategies join groups already in the payload: a classmate's template is a group to join at the
// exact day and start, before an emptier start.
TEST(AutoSchedule, GroupedStrategiesJoinAPeersTemplate) {
  PayloadBuilder b;
  b.work_days({1}).hours("3", 1, "09:00", "11:30").hours("5", 1, "09:00", "11:30");
  b.bell("b1", "3", 1, "09:30", "10:00", "Recess").bell("b2", "3", 1, "10:30", "11:00", "Lunch");
  b.student("classmate", "3", 1, 30).teacher("t-3", "Ms. Ames").session("c1", "classmate", 1, "09:00", "09:30");
  b.student("g5-a", "5", 1, 30).teacher("t-5", "Mr. Bell").session("g5a", "g5-a", 1, "11:00", "11:30");
  b.student("g5-b", "5", 1, 30).teacher("t-5", "Mr. Bell").session("g5b", "g5-b", 1, "11:00", "11:30");
  b.student("newcomer", "3", 1, 30).teacher("t-3", "Ms. Ames");
  Engine e = loaded(b);
  for (Strategy s : {Strategy::kGradeGrouped, Strategy::kTeacherGrouped}) {
    for (Effort effort : {Effort::kFast, Effort::kDefault}) {
      ScheduleOptions options(s);
      options.effort = effort;
      const ScheduleResult r = e.auto_schedule(options);
      ASSERT_EQ(r.placements.size(), 1u) << strategy_name(s);
      EXPECT_EQ(r.placements[0].student_id, "newcomer");
      EXPECT_EQ(r.placements[0].day_of_week, 1);
      EXPECT_EQ(r.placements[0].start_time, at("09:00")) << strategy_name(s) << " joins the classmate's group";
    }
  }
  // Balanced has no groups: it takes the emptier start.
  EXPECT_NE(e.auto_schedule(ScheduleOptions(Strategy::kBalanced)).placements.at(0).start_time, at("09:00"));
}

// A student whose key has peers uses the full capacity at once: three peers already at 08:00 fill the ladder's
// first step, and the newcomer still joins them.
TEST(AutoSchedule, AStudentWhoseKeyHasPeersUsesTheFullCapacityAtOnce) {
  PayloadBuilder b;
  b.work_days({1}).hours("3", 1, "08:00", "11:30");
  b.bell("b1", "3", 1, "08:30", "10:00", "Block").bell("b2", "3", 1, "10:30", "11:30", "Lunch");
  for (int i = 0; i < 3; ++i) {
    const std::string id = "peer-" + std::to_string(i);
    b.student(id, "3", 1, 30).session("tpl-" + std::to_string(i), id, 1, "08:00", "08:30");
  }
  b.student("newcomer", "3", 1, 30);
  Engine e = loaded(b);
  const ScheduleResult r = e.auto_schedule(ScheduleOptions(Strategy::kGradeGrouped));
  ASSERT_EQ(r.placements.size(), 1u);
  EXPECT_EQ(r.placements[0].start_time, at("08:00"));
  EXPECT_EQ(e.auto_schedule(ScheduleOptions(Strategy::kBalanced)).placements.at(0).start_time, at("10:00"));
}

TEST(AutoSchedule, EveryEffortReportsTheBoundAndWhyItStopped) {
  auto b = school();
  for (int i = 0; i < 12; ++i) b.student("s" + std::to_string(i), "1", 2, 30);
  Engine e = loaded(b);
  for (Effort effort : {Effort::kFast, Effort::kDefault, Effort::kThorough}) {
    ScheduleOptions options;
    options.effort = effort;
    const ScheduleResult r = e.auto_schedule(options);
    EXPECT_EQ(r.stats.sessions_placed, 24);
    ASSERT_TRUE(r.stats.upper_bound.has_value()) << effort_name(effort);
    EXPECT_EQ(*r.stats.upper_bound, 24);
    EXPECT_EQ(r.stats.optimal, true);
    EXPECT_EQ(r.stats.stopped_by, "optimal");
  }
  // Refused: no bound, no reason.
  const ScheduleResult refused = e.auto_schedule(ScheduleOptions(Strategy::kBalanced, {"nobody"}));
  EXPECT_FALSE(refused.stats.upper_bound.has_value());
  EXPECT_FALSE(refused.stats.optimal.has_value());
  EXPECT_EQ(refused.stats.stopped_by, "");
}

// One grid start a day at capacity 1, on three work days, and seven students who need one session each:
// exactly three fit, and the bound proves it.
TEST(AutoSchedule, TheBoundCountsTheRoomTheWeekHas) {
  PayloadBuilder b;
  b.work_days({1, 2, 3}).hours_all_days("1", "09:00", "09:30");
  for (int i = 0; i < 7; ++i) b.student("s" + std::to_string(i), "1", 1, 30);
  Policy policy;
  policy.capacity = 1;
  policy.capacity_ladder = {1};
  Engine e = loaded(b, policy);
  const ScheduleResult r = e.auto_schedule();
  EXPECT_EQ(r.stats.sessions_placed, 3);
  EXPECT_EQ(r.stats.upper_bound, 3);
  EXPECT_EQ(r.stats.optimal, true);
}

TEST(AutoSchedule, EffortNamesRoundTrip) {
  for (Effort e : {Effort::kFast, Effort::kDefault, Effort::kThorough})
    EXPECT_EQ(effort_from_name(effort_name(e)), e);
  EXPECT_FALSE(effort_from_name("fastest").has_value());
}

}  // namespace
}  // namespace slotfit
