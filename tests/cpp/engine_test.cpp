// The engine's state handling: loads that fail, changes that fail, policy changes, maps of one session.
#include <gtest/gtest.h>

#include "slotfit/engine.hpp"
#include "support/engine_probe.hpp"
#include "support/payload_builder.hpp"

namespace slotfit {
namespace {

using testing::at;
using testing::kinds;
using testing::loaded;
using testing::PayloadBuilder;
using Kinds = std::vector<std::string>;

PayloadBuilder school() {
  PayloadBuilder b;
  b.hours_all_days("1", "08:00", "14:30");
  b.student("s1", "1", 2, 30).student("s2", "1", 2, 30);
  b.session("a", "s1", 1, "10:00", "10:30").placeholder("ph", "s2");
  return b;
}

SessionChange upsert(std::string id, std::string student, std::optional<int> day, std::optional<int> start,
                     std::optional<int> end) {
  return SessionChange{SessionChange::Op::kUpsert,
                       SessionRow{std::move(id), std::move(student), day, start, end, "speech", "provider", {}, {},
                                  "active", {}}};
}

SessionChange removal(std::string id) {
  SessionChange c;
  c.op = SessionChange::Op::kRemove;
  c.row.id = std::move(id);
  return c;
}

TEST(Engine, AFailedLoadLeavesThePreviousStateLoaded) {
  Engine e = loaded(school());
  const Errors errors = e.load(std::string_view("{\"schema_version\": 1"));
  ASSERT_FALSE(errors.empty());
  EXPECT_EQ(errors[0].code, "invalid-json");
  EXPECT_TRUE(e.loaded());
  EXPECT_EQ(e.stats().students, 2);
  EXPECT_EQ(kinds(e, "s1", 1, "10:15", 30), Kinds{"student-overlap"});
}

TEST(Engine, ChangesMoveAddAndRemoveSessionsWithoutAReload) {
  Engine e = loaded(school());
  EXPECT_EQ(e.stats().sessions, 1);
  EXPECT_EQ(e.stats().placeholders, 1);
  ASSERT_TRUE(e.apply_changes({upsert("a", "s1", 2, at("09:00"), at("09:30")),  // move
                               upsert("ph", "s2", 3, at("11:00"), at("11:30")),  // fill the placeholder
                               upsert("new", "s1", 4, at("13:00"), at("13:30"))})  // add
                  .empty());
  EXPECT_EQ(e.stats().sessions, 3);
  EXPECT_EQ(e.stats().placeholders, 0);
  EXPECT_EQ(kinds(e, "s1", 1, "10:15", 30), Kinds{});
  EXPECT_EQ(kinds(e, "s1", 2, "09:15", 30), Kinds{"student-overlap"});
  EXPECT_EQ(kinds(e, "s2", 3, "11:15", 30), Kinds{"student-overlap"});
  ASSERT_TRUE(e.apply_changes({removal("new"), upsert("a", "s1", std::nullopt, std::nullopt, std::nullopt)}).empty());
  EXPECT_EQ(e.stats().sessions, 1);
  EXPECT_EQ(e.stats().placeholders, 1);
  EXPECT_FALSE(e.session_index("new").has_value());
  EXPECT_EQ(kinds(e, "s1", 4, "13:00", 30), Kinds{});
}

TEST(Engine, ABadChangeInABatchChangesNothing) {
  Engine e = loaded(school());
  const Errors errors = e.apply_changes({upsert("a", "s1", 2, at("09:00"), at("09:30")),
                                         upsert("x", "nobody", 2, at("09:00"), at("09:30")),
                                         upsert("y", "s2", 2, at("09:30"), at("09:00")),
                                         upsert("z", "s2", 2, std::nullopt, at("09:00")), removal("ghost")});
  ASSERT_EQ(errors.size(), 4u);
  EXPECT_EQ(errors[0].code, "unknown-student");
  EXPECT_EQ(errors[0].path, "/1/student_id");
  EXPECT_EQ(errors[1].code, "end-not-after-start");
  EXPECT_EQ(errors[2].code, "placeholder-mix");
  EXPECT_EQ(errors[3].code, "unknown-session");
  EXPECT_EQ(errors[3].path, "/4/id");
  EXPECT_EQ(kinds(e, "s1", 1, "10:15", 30), Kinds{"student-overlap"});  // "a" did not move
  EXPECT_EQ(kinds(e, "s1", 2, "09:00", 30), Kinds{});
}

TEST(Engine, AChangeMayRemoveAndReAddTheSameIdInOneBatch) {
  Engine e = loaded(school());
  ASSERT_TRUE(e.apply_changes({removal("a"), upsert("a", "s2", 5, at("08:00"), at("08:30"))}).empty());
  EXPECT_EQ(kinds(e, "s2", 5, "08:00", 30), Kinds{"student-overlap"});
  EXPECT_EQ(kinds(e, "s1", 1, "10:00", 30), Kinds{});
}

TEST(Engine, PolicyChangesRebuildTheMapsAndBadPoliciesAreRefused) {
  Engine e = loaded(school());
  Policy strict;
  strict.capacity = 1;
  EXPECT_EQ(e.set_policy(strict), "");
  EXPECT_EQ(kinds(e, "s2", 1, "10:00", 30), Kinds{"capacity"});
  Policy broken;
  broken.grid_step = 0;
  EXPECT_NE(e.set_policy(broken), "");
  EXPECT_EQ(e.policy().capacity, 1);
  broken = Policy{};
  broken.capacity_ladder = {5, 3};
  EXPECT_NE(e.set_policy(broken), "");
}

TEST(Engine, ConflictMapOfASessionIgnoresItselfAndUsesThePlaceholderStudentsMinutes) {
  Engine e = loaded(school());
  const ConflictGrid moving = e.conflict_map_for_session(*e.session_index("a"));
  ASSERT_EQ(moving.days, (std::vector<int>{1, 2, 3, 4, 5}));
  ASSERT_FALSE(moving.starts.empty());
  EXPECT_EQ(moving.starts.front(), at("08:00"));
  EXPECT_EQ(moving.starts.back(), at("14:00"));
  for (std::size_t d = 0; d < moving.days.size(); ++d)
    for (std::size_t t = 0; t < moving.starts.size(); ++t) EXPECT_EQ(moving.at(d, t), 0u);
  const ConflictGrid filling = e.conflict_map_for_session(*e.session_index("ph"));
  EXPECT_EQ(filling.starts.back(), at("14:00"));  // 30 minutes, from s2's minutes_per_session
  EXPECT_TRUE(e.conflict_map_for_session(99).kinds.empty());
}

TEST(Engine, StatsCountChecksAndCarryTheDataVersion) {
  Engine e = loaded(school());
  e.evaluate(0, 1, at("09:00"), 30);
  e.check(0, 1, at("09:00"), 30);
  const EngineStats s = e.stats();
  EXPECT_EQ(s.checks, 2);
  EXPECT_EQ(s.data_version, "v1");
  EXPECT_GT(s.rows_indexed, 0);
  e.set_data_version("v2");
  EXPECT_EQ(e.stats().data_version, "v2");
}

TEST(Engine, NothingWorksBeforeALoadAndNothingBreaks) {
  Engine e;
  EXPECT_FALSE(e.loaded());
  EXPECT_EQ(e.payload(), nullptr);
  EXPECT_FALSE(e.student_index("s1").has_value());
  EXPECT_TRUE(e.conflict_map(0, 30).kinds.empty());
  const ScheduleResult r = e.auto_schedule();
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].code, "not-loaded");
  EXPECT_EQ(e.apply_changes({removal("a")})[0].code, "not-loaded");
}

}  // namespace
}  // namespace slotfit
