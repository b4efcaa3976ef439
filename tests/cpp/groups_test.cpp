// Engine::groups(): the sessions that share day, start, end and deliverer, as the schedule stands.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "slotfit/engine.hpp"
#include "support/payload_builder.hpp"

namespace {

using slotfit::Engine;
using slotfit::SessionChange;
using slotfit::SessionGroup;
using slotfit::testing::at;
using slotfit::testing::PayloadBuilder;

PayloadBuilder school() {
  PayloadBuilder b;
  b.hours_all_days("default", "08:00", "15:00");
  for (const char* id : {"s1", "s2", "s3", "s4", "s5", "s6"}) b.student(id, "3");
  return b;
}

SessionChange move(const Engine& engine, const std::string& id, int day, std::string_view start, std::string_view end) {
  SessionChange c;
  c.row = engine.payload()->sessions[static_cast<std::size_t>(*engine.session_index(id))];
  c.row.day_of_week = day;
  c.row.start_time = at(start);
  c.row.end_time = at(end);
  return c;
}

TEST(Groups, SameDayStartEndAndDelivererFormAGroupOfTwoOrMore) {
  PayloadBuilder b = school();
  b.session("a1", "s1", 2, "09:00", "09:30").session("a2", "s2", 2, "09:00", "09:30");
  b.session("alone", "s3", 2, "10:00", "10:30");
  b.session("overlap", "s4", 2, "09:15", "09:45");   // overlapping is not membership
  b.session("longer", "s5", 2, "09:00", "09:45");    // another end
  b.session("sea", "s6", 2, "09:00", "09:30");       // another deliverer
  b.rows().sessions.back().delivered_by = "sea";
  b.rows().sessions.back().assigned_to_sea_id = "sea-1";
  b.placeholder("ph", "s3");
  b.rows().sessions[0].group_ref = "grp-a";
  b.rows().sessions[1].group_ref = "grp-a";
  Engine engine;
  ASSERT_TRUE(engine.load(b.build()).empty());
  const std::vector<SessionGroup> groups = engine.groups();
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].id, 0);
  EXPECT_EQ(groups[0].day, 2);
  EXPECT_EQ(groups[0].start, at("09:00"));
  EXPECT_EQ(groups[0].end, at("09:30"));
  EXPECT_EQ(groups[0].session_ids, (std::vector<std::string>{"a1", "a2"}));
  EXPECT_EQ(groups[0].student_ids, (std::vector<std::string>{"s1", "s2"}));
  EXPECT_EQ(groups[0].group_ref, "grp-a");
}

TEST(Groups, OrderedByDayStartEndAndDeliverer) {
  PayloadBuilder b = school();
  b.session("late1", "s1", 3, "09:00", "09:30").session("late2", "s2", 3, "09:00", "09:30");
  b.session("sea1", "s3", 1, "10:00", "10:30").session("sea2", "s4", 1, "10:00", "10:30");
  for (std::size_t i = 2; i < 4; ++i) {
    b.rows().sessions[i].delivered_by = "sea";
    b.rows().sessions[i].assigned_to_sea_id = "sea-1";
  }
  b.session("prov1", "s5", 1, "10:00", "10:30").session("prov2", "s6", 1, "10:00", "10:30");
  b.session("short1", "s1", 1, "10:00", "10:20").session("short2", "s2", 1, "10:00", "10:20");
  b.session("early1", "s3", 1, "08:00", "08:30").session("early2", "s4", 1, "08:00", "08:30");
  Engine engine;
  ASSERT_TRUE(engine.load(b.build()).empty());
  std::vector<std::string> firsts;
  for (const SessionGroup& g : engine.groups()) {
    EXPECT_EQ(g.id, static_cast<int>(firsts.size()));
    firsts.push_back(g.session_ids.front());
  }
  EXPECT_EQ(firsts, (std::vector<std::string>{"early1", "short1", "prov1", "sea1", "late1"}));
}

TEST(Groups, MembersWhoDisagreeOnTheLabelGiveTheMostCommonOne) {
  PayloadBuilder b = school();
  for (const char* s : {"s1", "s2", "s3", "s4"}) b.session(std::string("g-") + s, s, 1, "09:00", "09:30");
  b.rows().sessions[0].group_ref = "zeta";
  b.rows().sessions[1].group_ref = "alpha";
  b.rows().sessions[2].group_ref = "zeta";
  Engine engine;
  ASSERT_TRUE(engine.load(b.build()).empty());
  ASSERT_EQ(engine.groups().size(), 1u);
  EXPECT_EQ(engine.groups()[0].group_ref, "zeta");
}

TEST(Groups, FollowTheChanges) {
  PayloadBuilder b = school();
  b.session("a1", "s1", 1, "09:00", "09:30").session("a2", "s2", 1, "09:00", "09:30");
  b.session("a3", "s3", 1, "09:00", "09:30").session("b1", "s4", 2, "11:00", "11:30");
  Engine engine;
  ASSERT_TRUE(engine.load(b.build()).empty());
  ASSERT_EQ(engine.groups().size(), 1u);
  EXPECT_EQ(engine.groups()[0].session_ids.size(), 3u);

  // One member pulled out to where b1 runs: two groups of two.
  ASSERT_TRUE(engine.apply_changes({move(engine, "a3", 2, "11:00", "11:30")}).empty());
  auto groups = engine.groups();
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].session_ids, (std::vector<std::string>{"a1", "a2"}));
  EXPECT_EQ(groups[1].session_ids, (std::vector<std::string>{"a3", "b1"}));

  // A removed member leaves a group of one, which is no group.
  SessionChange removal;
  removal.op = SessionChange::Op::kRemove;
  removal.row.id = "a1";
  ASSERT_TRUE(engine.apply_changes({removal}).empty());
  groups = engine.groups();
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].session_ids, (std::vector<std::string>{"a3", "b1"}));
}

TEST(Groups, NoneBeforeALoad) {
  Engine engine;
  EXPECT_TRUE(engine.groups().empty());
}

}  // namespace
