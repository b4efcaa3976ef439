#include "slotfit/changes.hpp"

#include <gtest/gtest.h>

#include <string>
#include <variant>
#include <vector>

namespace {

using slotfit::Errors;
using slotfit::SessionChange;

std::string list(const Errors& errors) {
  std::string out;
  for (const auto& e : errors) out += "\n  " + e.code + " at " + e.path + ": " + e.message;
  return out;
}

std::vector<SessionChange> parse_ok(const std::string& text) {
  auto result = slotfit::parse_changes(text);
  if (auto* errors = std::get_if<Errors>(&result)) {
    ADD_FAILURE() << "expected the changes to parse, got:" << list(*errors);
    return {};
  }
  return std::get<std::vector<SessionChange>>(std::move(result));
}

Errors parse_errors(const std::string& text) {
  auto result = slotfit::parse_changes(text);
  if (auto* errors = std::get_if<Errors>(&result)) return *errors;
  ADD_FAILURE() << "expected errors, the changes parsed";
  return {};
}

// A session row as a change carries it, with the leavable-out keys left out; `extra` is spliced in.
std::string row(const std::string& id, const std::string& when, const std::string& extra = "") {
  return "{\"id\":\"" + id + "\",\"student_id\":\"stu-1\"," + when +
         ",\"service_type\":\"speech\",\"delivered_by\":\"provider\"" + extra + "}";
}

TEST(ParseChanges, AMoveWithMinutesAndLeftOutNullableKeys) {
  const auto changes =
      parse_ok("[" + row("ses-1", "\"day_of_week\":2,\"start_time\":540,\"end_time\":570") + "]");
  ASSERT_EQ(changes.size(), 1u);
  const SessionChange& c = changes[0];
  EXPECT_EQ(c.op, SessionChange::Op::kUpsert);
  EXPECT_EQ(c.row.id, "ses-1");
  EXPECT_EQ(c.row.student_id, "stu-1");
  EXPECT_EQ(c.row.day_of_week, 2);
  EXPECT_EQ(c.row.start_time, 540);
  EXPECT_EQ(c.row.end_time, 570);
  EXPECT_EQ(c.row.service_type, "speech");
  EXPECT_EQ(c.row.delivered_by, "provider");
  EXPECT_EQ(c.row.assigned_to_sea_id, std::nullopt);
  EXPECT_EQ(c.row.assigned_to_specialist_id, std::nullopt);
  EXPECT_EQ(c.row.group_ref, std::nullopt);
  EXPECT_EQ(c.row.status, "active");
}

TEST(ParseChanges, AddMoveAndRemoveInOneList) {
  const auto changes =
      parse_ok("[" +
               row("new-1", "\"day_of_week\":1,\"start_time\":\"09:00\",\"end_time\":\"09:30:00\"",
                   ",\"op\":\"upsert\",\"status\":\"needs_attention\",\"assigned_to_sea_id\":\"sea-1\","
                   "\"assigned_to_specialist_id\":null,\"group_ref\":\"grp-2\"") +
               "," + row("ses-2", "\"day_of_week\":5,\"start_time\":780,\"end_time\":\"13:45\"") +
               ",{\"op\":\"remove\",\"id\":\"ses-3\"}]");
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes[0].op, SessionChange::Op::kUpsert);
  EXPECT_EQ(changes[0].row.start_time, 540);
  EXPECT_EQ(changes[0].row.end_time, 570);
  EXPECT_EQ(changes[0].row.status, "needs_attention");
  EXPECT_EQ(changes[0].row.assigned_to_sea_id, "sea-1");
  EXPECT_EQ(changes[0].row.group_ref, "grp-2");
  EXPECT_EQ(changes[1].row.day_of_week, 5);
  EXPECT_EQ(changes[1].row.start_time, 780);
  EXPECT_EQ(changes[1].row.end_time, 825);
  EXPECT_EQ(changes[2].op, SessionChange::Op::kRemove);
  EXPECT_EQ(changes[2].row.id, "ses-3");
}

TEST(ParseChanges, UnschedulingToAPlaceholder) {
  const auto changes =
      parse_ok("[" + row("ses-1", "\"day_of_week\":null,\"start_time\":null,\"end_time\":null") + "]");
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_TRUE(changes[0].row.is_placeholder());
  EXPECT_EQ(changes[0].row.end_time, std::nullopt);
}

TEST(ParseChanges, MinuteBoundsAndWholeFloats) {
  const auto changes =
      parse_ok("[" + row("a", "\"day_of_week\":1,\"start_time\":0,\"end_time\":1440") + "," +
               row("b", "\"day_of_week\":2.0,\"start_time\":540.0,\"end_time\":\"24:00\"") + "]");
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].row.start_time, 0);
  EXPECT_EQ(changes[0].row.end_time, 1440);
  EXPECT_EQ(changes[1].row.day_of_week, 2);
  EXPECT_EQ(changes[1].row.start_time, 540);
  EXPECT_EQ(changes[1].row.end_time, 1440);
}

TEST(ParseChanges, EmptyListIsNoChange) {
  EXPECT_TRUE(parse_ok("[]").empty());
}

TEST(ParseChanges, ErrorsNameTheElementAndKey) {
  const Errors errors = parse_errors(
      "[{\"op\":\"remove\"}," +                                                                      // 0
      row("b", "\"day_of_week\":1,\"start_time\":540,\"end_time\":570", ",\"op\":\"move\"") + "," +  // 1
      row("c", "\"day_of_week\":1,\"start_time\":\"25:00\",\"end_time\":570") + "," +                // 2
      row("d", "\"day_of_week\":1,\"start_time\":600,\"end_time\":570") + "," +                      // 3
      row("e", "\"day_of_week\":1,\"start_time\":1441,\"end_time\":-1") + "," +                      // 4
      row("f", "\"day_of_week\":0,\"start_time\":540.5,\"end_time\":true") + "," +                   // 5
      "\"ses-7\"]");                                                                                 // 6
  std::vector<std::pair<std::string, std::string>> got;
  for (const auto& e : errors) got.emplace_back(e.code, e.path);
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"missing-key", "/0/id"},      {"bad-value", "/1/op"},
      {"bad-time", "/2/start_time"}, {"end-not-after-start", "/3/end_time"},
      {"bad-time", "/4/start_time"}, {"bad-time", "/4/end_time"},
      {"bad-day", "/5/day_of_week"}, {"bad-time", "/5/start_time"},
      {"wrong-type", "/5/end_time"}, {"wrong-type", "/6"},
  };
  EXPECT_EQ(got, expected) << list(errors);
}

TEST(ParseChanges, RequiredKeysOfAnUpsert) {
  const Errors errors = parse_errors(
      "[{\"id\":\"a\",\"student_id\":\"stu-1\",\"start_time\":540,\"end_time\":570,\"delivered_by\":"
      "\"provider\"},"
      "{\"op\":\"upsert\",\"id\":\"\",\"day_of_week\":1,\"start_time\":540,\"end_time\":570,"
      "\"service_type\":\"speech\",\"delivered_by\":\"provider\",\"status\":null}]");
  std::vector<std::pair<std::string, std::string>> got;
  for (const auto& e : errors) got.emplace_back(e.code, e.path);
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"missing-key", "/0/day_of_week"}, {"missing-key", "/0/service_type"}, {"bad-value", "/1/id"},
      {"missing-key", "/1/student_id"},  {"wrong-type", "/1/status"},
  };
  EXPECT_EQ(got, expected) << list(errors);
}

TEST(ParseChanges, PlaceholderMixIsReportedAtTheOddOneOut) {
  const Errors errors =
      parse_errors("[" + row("a", "\"day_of_week\":3,\"start_time\":null,\"end_time\":null") + "," +
                   row("b", "\"day_of_week\":3,\"start_time\":540,\"end_time\":null") + "]");
  ASSERT_EQ(errors.size(), 2u) << list(errors);
  EXPECT_EQ(errors[0].code, "placeholder-mix");
  EXPECT_EQ(errors[0].path, "/0/day_of_week");
  EXPECT_EQ(errors[1].path, "/1/end_time");
}

TEST(ParseChanges, NotAListOfChanges) {
  Errors errors = parse_errors("{\"op\":\"remove\",\"id\":\"a\"}");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, "wrong-type");
  EXPECT_EQ(errors[0].path, "");
  errors = parse_errors("[{\"op\":\"remove\",\"id\":\"a\"}");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, "invalid-json");
  errors = parse_errors("[{\"op\":7,\"id\":\"a\"}]");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, "wrong-type");
  EXPECT_EQ(errors[0].path, "/0/op");
}

}  // namespace
