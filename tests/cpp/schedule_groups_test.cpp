// Auto-schedule's groups: the groups a proposal forms or joins, the label on every placement, and the joins of
// the grouped strategies (same day, start, end and deliverer as the group they join).
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "slotfit/changes.hpp"
#include "slotfit/engine.hpp"
#include "slotfit/groups.hpp"
#include "slotfit/report.hpp"
#include "support/fixtures.hpp"
#include "support/payload_builder.hpp"

namespace {

using slotfit::Engine;
using slotfit::Placement;
using slotfit::ScheduledGroup;
using slotfit::ScheduleOptions;
using slotfit::ScheduleResult;
using slotfit::SessionChange;
using slotfit::Strategy;
using slotfit::testing::at;
using slotfit::testing::PayloadBuilder;

Engine loaded(const PayloadBuilder& b) {
  Engine e;
  EXPECT_TRUE(e.load(b.build()).empty());
  return e;
}

// Monday only, 09:00-11:30 for grade 3; a recess and a lunch leave three half-hour starts: 09:00, 10:00, 11:00.
PayloadBuilder monday() {
  PayloadBuilder b;
  b.work_days({1}).hours("3", 1, "09:00", "11:30").hours("4", 1, "09:00", "11:30");
  b.bell("b1", "3,4", 1, "09:30", "10:00", "Recess").bell("b2", "3,4", 1, "10:30", "11:00", "Lunch");
  return b;
}

TEST(ScheduleGroups, AGradeGroupedJoinKeepsTheGroupsLabelAndNamesItsMembers) {
  PayloadBuilder b = monday();
  b.student("m1", "3", 1, 30).session("t1", "m1", 1, "09:00", "09:30");
  b.student("m2", "3", 1, 30).session("t2", "m2", 1, "09:00", "09:30");
  b.rows().sessions[0].group_ref = "reading-3";
  b.rows().sessions[1].group_ref = "reading-3";
  b.student("new", "3", 1, 30);
  Engine e = loaded(b);
  const ScheduleResult r = e.auto_schedule(ScheduleOptions(Strategy::kGradeGrouped));
  ASSERT_EQ(r.placements.size(), 1u);
  EXPECT_EQ(r.placements[0].start_time, at("09:00"));
  EXPECT_EQ(r.placements[0].group_ref, "reading-3");
  ASSERT_EQ(r.groups.size(), 1u);
  const ScheduledGroup& g = r.groups[0];
  EXPECT_EQ(g.day, 1);
  EXPECT_EQ(g.start, at("09:00"));
  EXPECT_EQ(g.end, at("09:30"));
  EXPECT_EQ(g.placements, std::vector<int>{0});
  EXPECT_EQ(g.session_ids, (std::vector<std::string>{"t1", "t2"}));
  EXPECT_EQ(g.group_ref, "reading-3");
  EXPECT_EQ(g.key, "3");
}

TEST(ScheduleGroups, AnUnlabelledGroupJoinedGetsANewLabelMadeFromItsMembers) {
  PayloadBuilder b = monday();
  b.student("m1", "3", 1, 30).teacher("t-a", "Ms. Ames").session("t1", "m1", 1, "10:00", "10:30");
  b.student("new", "3", 1, 30).teacher("t-a", "Ms. Ames");
  Engine e = loaded(b);
  for (Strategy s : {Strategy::kGradeGrouped, Strategy::kTeacherGrouped}) {
    const ScheduleResult r = e.auto_schedule(ScheduleOptions(s));
    ASSERT_EQ(r.placements.size(), 1u);
    EXPECT_EQ(r.placements[0].start_time, at("10:00")) << "joins m1";
    ASSERT_EQ(r.groups.size(), 1u);
    const std::string& label = r.groups[0].group_ref;
    EXPECT_EQ(label, slotfit::new_group_label(1, at("10:00"), at("10:30"), {"new", "m1"}));
    EXPECT_LE(label.size(), 64u);
    EXPECT_EQ(r.placements[0].group_ref, label);
    EXPECT_EQ(r.groups[0].session_ids, std::vector<std::string>{"t1"});
    EXPECT_EQ(r.groups[0].key, s == Strategy::kGradeGrouped ? "3" : "Ms. Ames");
    // The same members give the same label, run after run.
    EXPECT_EQ(e.auto_schedule(ScheduleOptions(s)).groups.at(0).group_ref, label);
  }
}

// A new label differs when the members or the times differ.
TEST(ScheduleGroups, NewLabelsDependOnTheMembersAndTimes) {
  const std::string base = slotfit::new_group_label(2, at("09:05"), at("09:35"), {"a", "b"});
  EXPECT_EQ(base.rfind("g2-0905-", 0), 0u) << base;
  EXPECT_EQ(base.size(), 24u);
  EXPECT_EQ(slotfit::new_group_label(2, at("09:05"), at("09:35"), {"b", "a"}), base) << "order does not matter";
  EXPECT_NE(slotfit::new_group_label(2, at("09:05"), at("09:35"), {"a", "c"}), base);
  EXPECT_NE(slotfit::new_group_label(2, at("09:05"), at("09:40"), {"a", "b"}), base);
  EXPECT_NE(slotfit::new_group_label(3, at("09:05"), at("09:35"), {"a", "b"}), base);
}

// A template group of another length at the same start is no group to join: a 30-minute session cannot run with
// a 45-minute group.
TEST(ScheduleGroups, AGroupOfAnotherLengthIsNotJoined) {
  PayloadBuilder b;
  b.work_days({1}).hours("3", 1, "09:00", "12:00");
  b.student("m1", "3", 1, 45).session("t1", "m1", 1, "09:00", "09:45");
  b.student("m2", "3", 1, 45).session("t2", "m2", 1, "09:00", "09:45");
  b.student("new", "3", 1, 30);
  Engine e = loaded(b);
  const ScheduleResult r = e.auto_schedule(ScheduleOptions(Strategy::kGradeGrouped));
  ASSERT_EQ(r.placements.size(), 1u);
  EXPECT_GE(r.placements[0].start_time, at("09:45")) << "the emptier start, as with no group";
  EXPECT_TRUE(r.groups.empty());
  EXPECT_EQ(r.placements[0].group_ref, std::nullopt);
}

// Balanced forms no groups on purpose, but when the week puts students together it says so.
TEST(ScheduleGroups, BalancedReportsTheStudentsItPutsTogether) {
  PayloadBuilder b;
  b.work_days({1}).hours("3", 1, "09:00", "09:30").hours("4", 1, "09:00", "10:00");
  b.student("a", "3", 1, 30).student("b", "3", 1, 30).student("c", "4", 2, 30);
  Engine e = loaded(b);
  const ScheduleResult r = e.auto_schedule(ScheduleOptions(Strategy::kBalanced));
  ASSERT_EQ(r.placements.size(), 4u) << "c's two on its one day, at 09:00 and 09:30";
  std::vector<int> together;
  for (std::size_t i = 0; i < r.placements.size(); ++i)
    if (r.placements[i].start_time == at("09:00")) together.push_back(static_cast<int>(i));
  ASSERT_GE(together.size(), 2u);
  ASSERT_EQ(r.groups.size(), 1u);
  EXPECT_EQ(r.groups[0].placements, together);
  EXPECT_TRUE(r.groups[0].session_ids.empty());
  EXPECT_EQ(r.groups[0].key, std::nullopt);
  for (std::size_t i = 0; i < r.placements.size(); ++i) {
    const bool grouped = r.placements[i].start_time == at("09:00");
    EXPECT_EQ(r.placements[i].group_ref.has_value(), grouped) << i;
    if (grouped) {
      EXPECT_EQ(r.placements[i].group_ref, r.groups[0].group_ref);
    }
  }
  // As JSON every placement carries group_ref, null when it runs alone, and the groups are listed.
  const auto doc = slotfit_test::parse_json(slotfit::schedule_json(r));
  for (const auto& row : doc["placements"]) EXPECT_TRUE(row.contains("group_ref"));
  EXPECT_EQ(doc["groups"].size(), 1u);
  EXPECT_EQ(doc["groups"][0]["group_ref"], r.groups[0].group_ref);
  EXPECT_TRUE(doc["groups"][0]["key"].is_null());
}

// Applied, the proposal's label reaches the members that were already loaded (the group label rule).
TEST(ScheduleGroups, ApplyingTheProposalLabelsTheLoadedMembersToo) {
  PayloadBuilder b = monday();
  b.student("m1", "3", 1, 30).session("t1", "m1", 1, "10:00", "10:30");
  b.student("m2", "3", 1, 30).session("t2", "m2", 1, "10:00", "10:30");
  b.student("new", "3", 1, 30);
  Engine e = loaded(b);
  const ScheduleResult r = e.auto_schedule(ScheduleOptions(Strategy::kGradeGrouped));
  ASSERT_EQ(r.groups.size(), 1u);
  std::vector<SessionChange> changes;
  for (const Placement& p : r.placements) {
    SessionChange c;
    c.row.id = p.id.value_or("new-" + p.student_id);
    c.row.student_id = p.student_id;
    c.row.day_of_week = p.day_of_week;
    c.row.start_time = p.start_time;
    c.row.end_time = p.end_time;
    c.row.service_type = p.service_type;
    c.row.delivered_by = p.delivered_by;
    c.row.status = p.status;
    c.row.group_ref = p.group_ref;
    changes.push_back(c);
  }
  ASSERT_TRUE(e.apply_changes(changes).empty());
  const auto groups = e.groups();
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].session_ids.size(), 3u);
  EXPECT_EQ(groups[0].group_ref, r.groups[0].group_ref);
  for (const auto& row : e.payload()->sessions) EXPECT_EQ(row.group_ref, r.groups[0].group_ref) << row.id;
}

}  // namespace
