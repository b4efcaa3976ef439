// The engine's state handling: loads that fail, changes that fail, policy changes, maps of one session.
#include <gtest/gtest.h>

#include "slotfit/engine.hpp"
#include "slotfit/result.hpp"
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
  EXPECT_TRUE(e.set_policy(strict).ok());
  EXPECT_EQ(kinds(e, "s2", 1, "10:00", 30), Kinds{"capacity"});
  Policy broken;
  broken.grid_step = 0;  // would never advance through the day
  const Result<void> refused = e.set_policy(broken);
  ASSERT_FALSE(refused.ok());
  ASSERT_EQ(refused.errors().size(), 1u);
  EXPECT_EQ(refused.errors()[0].code, "bad-value");
  EXPECT_EQ(refused.errors()[0].path, "/grid_step");
  EXPECT_EQ(e.policy().capacity, 1);
  EXPECT_EQ(e.policy().grid_step, 5);
  EXPECT_EQ(kinds(e, "s2", 1, "10:00", 30), Kinds{"capacity"});  // the maps of the policy it kept
  broken = Policy{};
  broken.capacity_ladder = {5, 3};
  const Result<void> decreasing = e.set_policy(broken);
  ASSERT_FALSE(decreasing.ok());
  EXPECT_EQ(decreasing.errors()[0].path, "/capacity_ladder/1");
}

TEST(Engine, EachBadPolicySettingIsNamed) {
  const auto paths = [](const Policy& p) {
    std::vector<std::string> out;
    for (const Error& e : validate_policy(p)) out.push_back(e.path);
    return out;
  };
  using Paths = std::vector<std::string>;
  EXPECT_EQ(paths(Policy{}), Paths{});
  Policy p;
  p.capacity = 0;
  EXPECT_EQ(paths(p), Paths{"/capacity"});
  p = Policy{};
  p.capacity_ladder = {};
  EXPECT_EQ(paths(p), Paths{"/capacity_ladder"});
  p = Policy{};
  p.capacity_ladder = {0, 3};
  EXPECT_EQ(paths(p), Paths{"/capacity_ladder/0"});
  p = Policy{};
  p.consecutive_limit = 0;
  EXPECT_EQ(paths(p), Paths{"/consecutive_limit"});
  p = Policy{};
  p.min_break = -1;
  EXPECT_EQ(paths(p), Paths{"/min_break"});
  p = Policy{};
  p.grid_step = 61;
  EXPECT_EQ(paths(p), Paths{"/grid_step"});
  p = Policy{};
  p.default_window_start = 600;
  p.default_window_end = 600;
  EXPECT_EQ(paths(p), Paths{"/default_window_start"});
}

TEST(Engine, AnEngineMadeWithABadPolicyLoadsNothingUntilTheSetPolicyFixesIt) {
  Policy broken;
  broken.grid_step = 0;
  Engine e(broken);
  const Errors text_errors = e.load(std::string_view("{}"));  // the policy is refused before the text is read
  ASSERT_EQ(text_errors.size(), 1u);
  EXPECT_EQ(text_errors[0].path, "/grid_step");
  const Errors typed_errors = e.load(school().build());
  ASSERT_EQ(typed_errors.size(), 1u);
  EXPECT_EQ(typed_errors[0].path, "/grid_step");
  EXPECT_FALSE(e.loaded());
  ASSERT_TRUE(e.set_policy(Policy{}).ok());
  EXPECT_TRUE(e.load(school().build()).empty());
  EXPECT_EQ(kinds(e, "s1", 1, "10:15", 30), Kinds{"student-overlap"});
}

TEST(Engine, InvalidArgumentsAreRefusedNotAnsweredAsFree) {
  Engine e = loaded(school());
  const int sessions = static_cast<int>(e.payload()->sessions.size());
  struct Case {
    int student, day, start, minutes, ignore;
    const char* path;
  };
  const Case cases[] = {
      {2, 1, at("09:00"), 30, -1, "/student"},        {-1, 1, at("09:00"), 30, -1, "/student"},
      {0, 0, at("09:00"), 30, -1, "/day"},            {0, 8, at("09:00"), 30, -1, "/day"},
      {0, 1, -5, 30, -1, "/start"},                   {0, 1, 1440, 30, -1, "/start"},
      {0, 1, at("23:50"), 30, -1, "/minutes"},        {0, 1, at("09:00"), 0, -1, "/minutes"},
      {0, 1, at("09:00"), 30, sessions, "/ignore_session"}, {0, 1, at("09:00"), 30, -2, "/ignore_session"},
  };
  std::vector<Conflict> out{Conflict{ConflictKind::kCapacity, "left over", std::nullopt, -1}};
  for (const Case& c : cases) {
    const auto listed = e.check(c.student, c.day, c.start, c.minutes, c.ignore);
    ASSERT_FALSE(listed.ok()) << c.path;
    ASSERT_EQ(listed.errors().size(), 1u) << c.path;
    EXPECT_EQ(listed.errors()[0].code, "invalid-argument") << c.path;
    EXPECT_EQ(listed.errors()[0].path, c.path);
    EXPECT_FALSE(listed.errors()[0].message.empty());
    const Result<void> hot = e.check(c.student, c.day, c.start, c.minutes, c.ignore, out);
    ASSERT_FALSE(hot.ok()) << c.path;
    EXPECT_EQ(hot.errors()[0].path, c.path);
    EXPECT_TRUE(out.empty()) << c.path;
    EXPECT_EQ(e.evaluate(c.student, c.day, c.start, c.minutes, c.ignore), kInvalidCandidate) << c.path;
  }
  const Result<void> free = e.check(0, 2, at("09:00"), 30, -1, out);
  EXPECT_TRUE(free.ok());
  EXPECT_TRUE(out.empty());
  EXPECT_TRUE(e.check(0, 1, at("23:30"), 30).ok());  // ends at 24:00: a start of the day, off-hours
  EXPECT_TRUE(e.check(0, 1, at("09:00"), 30, sessions - 1).ok());

  const auto map_path = [&](int student, int minutes, int ignore) {
    const Result<ConflictGrid> map = e.conflict_map(student, minutes, ignore);
    return map.ok() ? std::string("ok") : map.errors()[0].code + " " + map.errors()[0].path;
  };
  EXPECT_EQ(map_path(0, 30, -1), "ok");
  EXPECT_EQ(map_path(2, 30, -1), "invalid-argument /student");
  EXPECT_EQ(map_path(0, 0, -1), "invalid-argument /minutes");
  EXPECT_EQ(map_path(0, 1441, -1), "invalid-argument /minutes");
  EXPECT_EQ(map_path(0, 30, sessions), "invalid-argument /ignore_session");
  const Result<ConflictGrid> ghost = e.conflict_map_for_session(99);
  ASSERT_FALSE(ghost.ok());
  EXPECT_EQ(ghost.errors()[0].path, "/session");
}

TEST(Engine, AnUnsizedPlaceholderHasNoMapAndSaysWhy) {
  PayloadBuilder b;
  b.hours_all_days("1", "08:00", "14:30");
  b.student("s1", "1", 2, std::nullopt).placeholder("ph", "s1");
  Engine e = loaded(b);
  const Result<ConflictGrid> map = e.conflict_map_for_session(*e.session_index("ph"));
  ASSERT_FALSE(map.ok());
  EXPECT_EQ(map.errors()[0].code, "invalid-argument");
  EXPECT_EQ(map.errors()[0].path, "/session");
}

TEST(Engine, ConflictMapOfASessionIgnoresItselfAndUsesThePlaceholderStudentsMinutes) {
  Engine e = loaded(school());
  const ConflictGrid moving = e.conflict_map_for_session(*e.session_index("a")).value();
  ASSERT_EQ(moving.days, (std::vector<int>{1, 2, 3, 4, 5}));
  ASSERT_FALSE(moving.starts.empty());
  EXPECT_EQ(moving.starts.front(), at("08:00"));
  EXPECT_EQ(moving.starts.back(), at("14:00"));
  for (std::size_t d = 0; d < moving.days.size(); ++d)
    for (std::size_t t = 0; t < moving.starts.size(); ++t) EXPECT_EQ(moving.at(d, t), 0u);
  const ConflictGrid filling = e.conflict_map_for_session(*e.session_index("ph")).value();
  EXPECT_EQ(filling.starts.back(), at("14:00"));  // 30 minutes, from s2's minutes_per_session
}

TEST(Engine, StatsCountChecksAndCarryTheDataVersion) {
  Engine e = loaded(school());
  e.evaluate(0, 1, at("09:00"), 30);
  ASSERT_TRUE(e.check(0, 1, at("09:00"), 30).ok());
  EXPECT_FALSE(e.check(0, 1, at("23:50"), 30).ok());  // refused: not counted
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
  const Result<ConflictGrid> map = e.conflict_map(0, 30);
  ASSERT_FALSE(map.ok());
  EXPECT_EQ(map.errors()[0].code, "not-loaded");
#ifdef NDEBUG
  EXPECT_TRUE(map.value().kinds.empty());  // a refusal read anyway is empty, never garbage (debug builds assert)
#endif
  std::vector<Conflict> out;
  const Result<void> checked = e.check(0, 1, 600, 30, -1, out);
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.errors()[0].code, "not-loaded");
  const ScheduleResult r = e.auto_schedule();
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].code, "not-loaded");
  EXPECT_EQ(e.apply_changes({removal("a")})[0].code, "not-loaded");
}

}  // namespace
}  // namespace slotfit
