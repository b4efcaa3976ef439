// The rules layer's set-aside: a candidate judged with several sessions left out (a group moving as one) and
// capacity counted for the whole group. Internal API (core/src/rules): the engine's public calls set aside one
// session at most.
#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

#include "model.hpp"
#include "rules/rules.hpp"
#include "support/payload_builder.hpp"

namespace slotfit {
namespace {

using testing::at;
using testing::PayloadBuilder;

constexpr int kMon = 1;

// Students g1 and g2 meet as a group on Monday 10:00-10:30; z has a session then too, x and y at 11:00.
Model group_school(int capacity) {
  PayloadBuilder b;
  b.hours_all_days("1", "08:00", "14:30");
  b.student("g1", "1").student("g2", "1").student("z", "1").student("x", "1").student("y", "1");
  b.session("ga", "g1", kMon, "10:00", "10:30").session("gb", "g2", kMon, "10:00", "10:30");
  b.session("sz", "z", kMon, "10:00", "10:30");
  b.session("sx", "x", kMon, "11:00", "11:30").session("sy", "y", kMon, "11:00", "11:30");
  Policy policy;
  policy.capacity = capacity;
  return Model(b.build(), policy);
}

std::array<PlacedSession, 2> group_sessions(const Model& m) {
  return {PlacedSession{kMon, at("10:00"), at("10:30"), m.session_by_id.at("ga")},
          PlacedSession{kMon, at("10:00"), at("10:30"), m.session_by_id.at("gb")}};
}

ConflictMask mask_for(const Model& m, const std::string& student, std::string_view start, Ignore ignore) {
  const Candidate c{m.student_by_id.at(student), kMon, at(start), at(start) + 30};
  return dynamic_mask(m, m.occupancy, c, m.policy.capacity, ignore);
}

TEST(SetAside, EveryMembersOwnSessionIsLeftOutNotOnlyTheDraggedOne) {
  const Model m = group_school(8);
  const auto group = group_sessions(m);
  // g1 moved with the whole group set aside: its own 10:00 session no longer stands in the way.
  EXPECT_EQ(mask_for(m, "g1", "10:15", Ignore{group, 2}), 0u);
  EXPECT_EQ(mask_for(m, "g2", "10:15", Ignore{group, 2}), 0u);
  // Only the other member's session set aside: g1's own still overlaps.
  EXPECT_EQ(mask_for(m, "g1", "10:15", Ignore{std::span(&group[1], 1), 1}), bit(ConflictKind::kStudentOverlap));
}

TEST(SetAside, CapacityCountsTheWholeGroupAgainstWhatElseIsThere) {
  const Model m = group_school(3);
  const auto group = group_sessions(m);
  // 11:00 holds x and y: room for one more session, not for a group of two (2 > 3 - 2).
  EXPECT_EQ(mask_for(m, "g1", "11:00", Ignore{}), 0u);
  EXPECT_EQ(mask_for(m, "g1", "11:00", Ignore{group, 2}), bit(ConflictKind::kCapacity));
  // 10:15 holds the group itself and z: with the group set aside only z is left (1 ≤ 3 - 2).
  EXPECT_EQ(mask_for(m, "g1", "10:15", Ignore{group, 2}), 0u);
  // A group larger than the capacity fits nowhere.
  EXPECT_EQ(mask_for(m, "g1", "08:00", Ignore{group, 4}), bit(ConflictKind::kCapacity));
}

TEST(SetAside, TheCapacityReasonNamesTheGroupsSize) {
  const Model m = group_school(3);
  const auto group = group_sessions(m);
  const Candidate c{m.student_by_id.at("g1"), kMon, at("11:00"), at("11:30")};
  const Verdict v = judge(m, m.occupancy, c, m.policy.capacity, Ignore{group, 2});
  std::vector<Conflict> out;
  describe(m, m.occupancy, c, m.policy.capacity, Ignore{group, 2}, v, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].message, "2 sessions already at 11:00 (capacity 3, a group of 2)");
}

}  // namespace
}  // namespace slotfit
