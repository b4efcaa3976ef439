// A group moved together: check_group, evaluate_group and conflict_map_group against a reference built from the
// single-session rules (the group's sessions removed, each member checked alone, capacity lowered by the group's
// size less one), and the joins a single session's drop would make.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "slotfit/engine.hpp"
#include "support/fixtures.hpp"
#include "support/payload_builder.hpp"

namespace {

using slotfit::ConflictGrid;
using slotfit::ConflictKind;
using slotfit::ConflictMask;
using slotfit::bit;
using slotfit::Engine;
using slotfit::MemberConflict;
using slotfit::Policy;
using slotfit::SessionChange;
using slotfit::SessionGroup;
using slotfit::testing::at;
using slotfit::testing::PayloadBuilder;

// The engine the reference asks: the group's sessions gone, and a capacity at which one more session conflicts
// exactly when the group would (some minute already holds more than capacity minus the group's size).
Engine without_group(const auto& payload, const std::vector<std::string>& session_ids, int capacity) {
  Policy policy;
  policy.capacity = capacity - static_cast<int>(session_ids.size()) + 1;
  Engine e(policy);
  EXPECT_TRUE(e.load(payload).empty());
  std::vector<SessionChange> removals;
  for (const std::string& id : session_ids) {
    SessionChange c;
    c.op = SessionChange::Op::kRemove;
    c.row.id = id;
    removals.push_back(c);
  }
  EXPECT_TRUE(e.apply_changes(removals).empty());
  return e;
}

struct Member {
  int student;  // in the reference engine
  std::string student_id;
};

std::vector<Member> members_of(const Engine& reference, const SessionGroup& g) {
  std::vector<Member> out;
  for (const std::string& id : g.student_ids) out.push_back(Member{*reference.student_index(id), id});
  return out;
}

// check_group's order: by kind, and within a kind the members in the group's order.
void expect_by_kind_then_member(const std::vector<MemberConflict>& conflicts, const SessionGroup& g) {
  const auto position = [&g](const MemberConflict& c) {
    if (!c.student_id) return -1;  // off-day and capacity: the whole group's, once
    const auto it = std::find(g.student_ids.begin(), g.student_ids.end(), *c.student_id);
    EXPECT_NE(it, g.student_ids.end()) << *c.student_id;
    return static_cast<int>(it - g.student_ids.begin());
  };
  for (std::size_t j = 1; j < conflicts.size(); ++j) {
    const MemberConflict& before = conflicts[j - 1];
    const MemberConflict& after = conflicts[j];
    EXPECT_LE(before.conflict.kind, after.conflict.kind) << before.conflict.message << " / " << after.conflict.message;
    if (before.conflict.kind == after.conflict.kind) {
      EXPECT_LE(position(before), position(after)) << before.conflict.message << " / " << after.conflict.message;
    }
  }
}

// Every start of the group's map, evaluate_group at every 7th and check_group's kinds and members there, against
// the reference; returns how many cells conflict.
int expect_agrees_with_reference(const Engine& engine, const auto& payload, const SessionGroup& g) {
  SCOPED_TRACE("group at day " + std::to_string(g.day) + " " + std::to_string(g.start));
  const int session = *engine.session_index(g.session_ids.front());
  const Engine reference = without_group(payload, g.session_ids, engine.policy().capacity);
  const std::vector<Member> members = members_of(reference, g);
  const ConflictGrid map = engine.conflict_map_group(session).value();
  EXPECT_FALSE(map.kinds.empty());
  int busy_cells = 0;
  std::size_t cell = 0;
  for (int day : map.days) {
    for (int start : map.starts) {
      ConflictMask expected = 0;
      for (const Member& m : members) expected |= reference.evaluate(m.student, day, start, g.end - g.start);
      EXPECT_EQ(map.kinds[cell], expected) << "day " << day << " start " << start;
      if (cell % 7 == 0) {
        EXPECT_EQ(engine.evaluate_group(session, day, start).value(), expected);
        std::vector<MemberConflict> conflicts;
        EXPECT_TRUE(engine.check_group(session, day, start, conflicts).ok());
        ConflictMask described = 0;
        for (const MemberConflict& c : conflicts) {
          described |= bit(c.conflict.kind);
          const bool group_wide = c.conflict.kind == ConflictKind::kOffDay || c.conflict.kind == ConflictKind::kCapacity;
          EXPECT_EQ(c.student_id.has_value(), !group_wide) << c.conflict.message;
          if (!group_wide) {  // the member it names has that conflict alone
            const int student = *reference.student_index(*c.student_id);
            EXPECT_TRUE(reference.evaluate(student, day, start, g.end - g.start) & bit(c.conflict.kind))
                << *c.student_id << ": " << c.conflict.message;
          }
        }
        EXPECT_EQ(described, expected) << "day " << day << " start " << start;
        expect_by_kind_then_member(conflicts, g);
      }
      busy_cells += map.kinds[cell] != 0 ? 1 : 0;
      ++cell;
    }
  }
  return busy_cells;
}

TEST(GroupRules, TheSampleSchoolsGroupsAgreeWithTheReferenceAtEveryStart) {
  const std::string payload = slotfit_test::read_fixture("sample-school.json");
  Engine engine;
  ASSERT_TRUE(engine.load(payload).empty());
  const auto groups = engine.groups();
  ASSERT_GE(groups.size(), 3u);
  int busy_cells = 0;
  for (const SessionGroup& g : groups) busy_cells += expect_agrees_with_reference(engine, payload, g);
  EXPECT_GT(busy_cells, 0);
}

// A group of 40, past the few sessions that Ignore::holds and Occupancy::peak scan (more are searched and counted
// once): some members with another session that day, three others' sessions that fill the room it leaves
// (capacity 42 less 40 plus one) from 10:30, as its own sessions end, and the same answers as the reference.
TEST(GroupRules, AGroupOfFortyAgreesWithTheReferenceAtEveryStart) {
  PayloadBuilder b;
  b.work_days({1, 2}).hours("3", 1, "08:00", "14:00").hours("3", 2, "08:00", "14:00");
  const char* own_starts[] = {"11:00", "11:35", "12:10", "12:45"};
  const char* own_ends[] = {"11:30", "12:05", "12:40", "13:15"};
  for (int i = 0; i < 40; ++i) {
    const std::string s = "g" + std::to_string(i);
    b.student(s, "3", 2, 30).session("gs" + std::to_string(i), s, 1, "10:00", "10:30");
    if (i % 10 == 3) b.session("own" + std::to_string(i), s, 1, own_starts[i / 10], own_ends[i / 10]);
  }
  b.student("x0", "3", 1, 30).session("xs0", "x0", 1, "10:15", "10:45");
  b.student("x1", "3", 1, 30).session("xs1", "x1", 1, "10:30", "11:00");
  b.student("x2", "3", 1, 30).session("xs2", "x2", 1, "10:30", "11:05");
  Policy policy;
  policy.capacity = 42;
  policy.capacity_ladder = {3, 42};
  Engine engine(policy);
  ASSERT_TRUE(engine.load(b.build()).empty());
  const auto groups = engine.groups();
  ASSERT_EQ(groups.size(), 1u);
  ASSERT_EQ(groups[0].session_ids.size(), 40u);
  EXPECT_GT(expect_agrees_with_reference(engine, b.build(), groups[0]), 0);
  const int member = *engine.session_index("gs0");
  EXPECT_EQ(engine.evaluate_group(member, 1, at("10:00")).value(), 0u) << "x0 alone over its own slot: room";
  EXPECT_NE(engine.evaluate_group(member, 1, at("10:25")).value() & bit(ConflictKind::kCapacity), 0u) << "x0, x1, x2 from 10:30";
  EXPECT_NE(engine.evaluate_group(member, 1, at("11:00")).value() & bit(ConflictKind::kStudentOverlap), 0u) << "g3's own session";
  EXPECT_EQ(engine.evaluate_group(member, 2, at("10:00")).value(), 0u);
}

// Capacity counts the whole group: 5 sessions already at 10:00 leave room for 3 more of 8, so a group of 3 fits
// and a group of 4 does not; the group's own sessions are not counted where it stands.
TEST(GroupRules, CapacityCountsTheWholeGroup) {
  PayloadBuilder b;
  b.work_days({1}).hours("3", 1, "08:00", "14:00");
  for (int i = 0; i < 5; ++i) {
    const std::string s = "busy" + std::to_string(i);
    b.student(s, "3", 1, 30).session("x" + std::to_string(i), s, 1, "10:00", "10:30");
  }
  for (int i = 0; i < 4; ++i) {
    const std::string s = "g" + std::to_string(i);
    b.student(s, "3", 1, 30).session("gs" + std::to_string(i), s, 1, "09:00", "09:30");
  }
  Engine four;
  ASSERT_TRUE(four.load(b.build()).empty());
  const int member = *four.session_index("gs0");
  std::vector<MemberConflict> conflicts;
  ASSERT_TRUE(four.check_group(member, 1, at("10:00"), conflicts).ok());
  ASSERT_EQ(conflicts.size(), 1u);
  EXPECT_EQ(conflicts[0].conflict.kind, ConflictKind::kCapacity);
  EXPECT_EQ(conflicts[0].student_id, std::nullopt);
  EXPECT_NE(conflicts[0].conflict.message.find("group of 4"), std::string::npos) << conflicts[0].conflict.message;
  EXPECT_EQ(four.evaluate_group(member, 1, at("09:00")).value(), 0u) << "its own start: its sessions set aside";
  EXPECT_EQ(four.evaluate_group(member, 1, at("09:15")).value(), 0u) << "overlapping its own start";

  // One member fewer: the group of 3 fits at 10:00; a single session anywhere too.
  b.rows().sessions.pop_back();
  Engine three;
  ASSERT_TRUE(three.load(b.build()).empty());
  EXPECT_EQ(three.evaluate_group(*three.session_index("gs0"), 1, at("10:00")).value(), 0u);
  EXPECT_EQ(three.evaluate(*three.student_index("g0"), 1, at("10:00"), 30, *three.session_index("gs0")), 0u);
}

// Each conflict names the member it is for.
TEST(GroupRules, ConflictsNameTheirMember) {
  PayloadBuilder b;
  b.work_days({1, 2}).hours("3", 1, "08:00", "14:00").hours("3", 2, "08:00", "14:00");
  b.student("a", "3", 2, 30).session("a1", "a", 1, "09:00", "09:30").session("a2", "a", 1, "11:00", "11:30");
  b.student("b", "3", 1, 30).session("b1", "b", 1, "09:00", "09:30");
  b.protect("p", "b", std::nullopt, 1, "12:00", "13:00");
  Engine e;
  ASSERT_TRUE(e.load(b.build()).empty());
  const int group = *e.session_index("b1");
  std::vector<MemberConflict> out;
  ASSERT_TRUE(e.check_group(group, 1, at("11:00"), out).ok());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].conflict.kind, ConflictKind::kStudentOverlap);
  EXPECT_EQ(out[0].student_id, "a");
  ASSERT_TRUE(e.check_group(group, 1, at("12:00"), out).ok());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].conflict.kind, ConflictKind::kProtectedTime);
  EXPECT_EQ(out[0].student_id, "b");
  ASSERT_TRUE(e.check_group(group, 3, at("09:00"), out).ok());  // Wednesday is no work day
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].conflict.kind, ConflictKind::kOffDay);
  EXPECT_EQ(out[0].student_id, std::nullopt);
}

// Invalid arguments are refused with one invalid-argument error naming the argument, never answered as free (an
// empty list, a zero mask, an empty grid), at each of the three group entry points alike.
TEST(GroupRules, InvalidArgumentsAreRefusedNamingTheArgument) {
  PayloadBuilder b;
  b.work_days({1}).hours("3", 1, "08:00", "14:00");
  b.student("a", "3", 2, 30).session("a1", "a", 1, "09:00", "09:30").placeholder("a2", "a");
  b.student("b", "3", 1, 45).session("b1", "b", 1, "09:00", "09:30").session("b2", "b", 1, "10:00", "10:45");
  Engine e;
  ASSERT_TRUE(e.load(b.build()).empty());
  const int group = *e.session_index("a1");
  const int placeholder = *e.session_index("a2");
  const int alone = *e.session_index("b2");
  ASSERT_TRUE(e.apply_changes({[&] {
                SessionChange c;
                c.op = SessionChange::Op::kRemove;
                c.row.id = "b2";
                return c;
              }()})
                  .empty());

  struct Case {
    int session, day, start;
    const char* path;
    const char* says;
  };
  const std::vector<Case> cases = {
      {-1, 1, at("09:00"), "/session", "expected a session index 0-3, found -1"},
      {4, 1, at("09:00"), "/session", "expected a session index 0-3, found 4"},
      {placeholder, 1, at("09:00"), "/session", "session 1 (a2) is a placeholder"},
      {alone, 1, at("09:00"), "/session", "session 3 (b2) was removed"},
      {group, 0, at("09:00"), "/day", "found 0"},
      {group, 8, at("09:00"), "/day", "found 8"},
      {group, 1, -1, "/start", "found -1"},
      {group, 1, 24 * 60, "/start", "found 1440"},
      {group, 1, at("23:45"), "/start", "the group's 30 minutes must end by 24:00: expected a start 0-1410, found 1425"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.path) + " " + c.says);
    std::vector<MemberConflict> out{MemberConflict{}};
    const slotfit::Result<void> checked = e.check_group(c.session, c.day, c.start, out);
    ASSERT_FALSE(checked.ok());
    EXPECT_TRUE(out.empty());
    ASSERT_EQ(checked.errors().size(), 1u);
    EXPECT_EQ(checked.errors()[0].code, "invalid-argument");
    EXPECT_EQ(checked.errors()[0].path, c.path);
    EXPECT_NE(checked.errors()[0].message.find(c.says), std::string::npos) << checked.errors()[0].message;
    const auto mask = e.evaluate_group(c.session, c.day, c.start);
    ASSERT_FALSE(mask.ok());
    EXPECT_EQ(mask.errors()[0].message, checked.errors()[0].message);
    EXPECT_EQ(e.check_group(c.session, c.day, c.start).errors()[0].message, checked.errors()[0].message);
    if (std::string(c.path) == "/session") {
      const auto map = e.conflict_map_group(c.session);
      ASSERT_FALSE(map.ok());
      EXPECT_EQ(map.errors()[0].path, "/session");
      EXPECT_NE(map.errors()[0].message.find(c.says), std::string::npos) << map.errors()[0].message;
    }
  }
  // The last start of the day that fits is answered; so is a day without work (off-day, not refused).
  EXPECT_TRUE(e.check_group(group, 1, at("23:30")).ok());
  EXPECT_TRUE(e.evaluate_group(group, 7, at("09:00")).ok());
  EXPECT_TRUE(e.conflict_map_group(group).ok());
  // Nothing loaded.
  const Engine empty;
  EXPECT_EQ(empty.check_group(0, 1, at("09:00")).errors()[0].code, "not-loaded");
  EXPECT_EQ(empty.evaluate_group(0, 1, at("09:00")).errors()[0].code, "not-loaded");
  EXPECT_EQ(empty.conflict_map_group(0).errors()[0].code, "not-loaded");
}

TEST(GroupRules, JoinsTheGroupAtTheExactStartEndAndDeliverer) {
  PayloadBuilder b;
  b.work_days({1}).hours("3", 1, "08:00", "14:00");
  b.student("a", "3", 1, 30).session("a1", "a", 1, "09:00", "09:30");
  b.student("b", "3", 1, 30).session("b1", "b", 1, "09:00", "09:30");
  b.student("c", "3", 1, 30).session("c1", "c", 1, "11:00", "11:30");
  b.student("d", "3", 1, 30).session("d1", "d", 1, "12:00", "12:30");
  b.rows().sessions.back().delivered_by = "sea";
  b.rows().sessions.back().assigned_to_sea_id = "sea-1";
  b.student("e", "3", 1, 30).session("e1", "e", 1, "12:00", "12:30");
  b.rows().sessions.back().delivered_by = "sea";
  b.rows().sessions.back().assigned_to_sea_id = "sea-1";
  Engine e;
  ASSERT_TRUE(e.load(b.build()).empty());
  ASSERT_EQ(e.groups().size(), 2u);
  const int c1 = *e.session_index("c1");
  EXPECT_EQ(e.joins(c1, 1, at("09:00"), 30), 0);
  EXPECT_EQ(e.joins(-1, 1, at("09:00"), 30), 0) << "a new session: the provider delivers";
  EXPECT_EQ(e.joins(c1, 1, at("09:00"), 45), -1) << "another end";
  EXPECT_EQ(e.joins(c1, 1, at("09:05"), 30), -1) << "overlapping is not joining";
  EXPECT_EQ(e.joins(c1, 1, at("12:00"), 30), -1) << "the SEA's group";
  EXPECT_EQ(e.joins(*e.session_index("d1"), 1, at("12:00"), 30), 1);

  const ConflictGrid map = e.conflict_map_for_session(c1).value();
  const auto joins = e.join_map(c1, 30, map);
  ASSERT_EQ(joins.size(), map.kinds.size());
  std::size_t cell = 0;
  for (int day : map.days)
    for (int start : map.starts) {
      EXPECT_EQ(joins[cell], e.joins(c1, day, start, 30)) << day << " " << start;
      ++cell;
    }
  EXPECT_EQ(std::count(joins.begin(), joins.end(), 0), 1);
}

// The hover path answers from an index of the groups: it must follow every change that forms or ends a group,
// and answer none at every start of a week without groups.
TEST(GroupRules, JoinsFollowTheChangesAndAWeekWithoutGroupsJoinsNothing) {
  PayloadBuilder b;
  b.work_days({1, 2}).hours("3", 1, "08:00", "14:00").hours("3", 2, "08:00", "14:00");
  b.student("a", "3", 1, 30).session("a1", "a", 1, "09:00", "09:30");
  b.student("b", "3", 1, 30).session("b1", "b", 2, "09:00", "09:30");
  b.student("c", "3", 1, 30).session("c1", "c", 1, "11:00", "11:30");
  Engine e;
  ASSERT_TRUE(e.load(b.build()).empty());
  ASSERT_TRUE(e.groups().empty());
  const int c1 = *e.session_index("c1");
  for (int day = 1; day <= 7; ++day)
    for (int start = 0; start + 30 <= 24 * 60; ++start) ASSERT_EQ(e.joins(c1, day, start, 30), -1) << day << " " << start;

  auto move = [&](const std::string& id, int day, const char* start, const char* end) {
    SessionChange c;
    c.row = e.payload()->sessions[static_cast<std::size_t>(*e.session_index(id))];
    c.row.day_of_week = day;
    c.row.start_time = at(start);
    c.row.end_time = at(end);
    return c;
  };
  // b1 moves next to a1: a group forms at Monday 09:00, and c1 would join it there, nowhere else.
  ASSERT_TRUE(e.apply_changes({move("b1", 1, "09:00", "09:30")}).empty());
  ASSERT_EQ(e.groups().size(), 1u);
  EXPECT_EQ(e.joins(c1, 1, at("09:00"), 30), 0);
  EXPECT_EQ(e.joins(c1, 2, at("09:00"), 30), -1) << "the day b1 left";
  // Then to Tuesday 10:00 with c1 beside it: the Monday group ends, a Tuesday one forms.
  ASSERT_TRUE(e.apply_changes({move("b1", 2, "10:00", "10:30"), move("c1", 2, "10:00", "10:30")}).empty());
  ASSERT_EQ(e.groups().size(), 1u);
  EXPECT_EQ(e.joins(*e.session_index("a1"), 1, at("09:00"), 30), -1) << "a1 is alone again";
  EXPECT_EQ(e.joins(*e.session_index("a1"), 2, at("10:00"), 30), 0);
  EXPECT_EQ(e.joins(-1, 2, at("10:00"), 30), 0);
  EXPECT_EQ(e.joins(-1, 2, at("10:00"), 45), -1);
  // Arguments outside the day or the week join nothing (and read nothing out of range).
  EXPECT_EQ(e.joins(-1, 0, at("10:00"), 30), -1);
  EXPECT_EQ(e.joins(-1, 8, at("10:00"), 30), -1);
  EXPECT_EQ(e.joins(-1, 2, -5, 30), -1);
  EXPECT_EQ(e.joins(-1, 2, at("23:50"), 30), -1);
  EXPECT_EQ(Engine{}.joins(-1, 2, at("10:00"), 30), -1);
}

}  // namespace
