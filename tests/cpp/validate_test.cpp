// validate() and Engine::load(Payload): a payload built in C++ meets the same domain rules as a payload text.
// The bad-payload fixtures whose fault a typed payload can hold (a day of 8, a time past 24:00, a duplicate id,
// an unknown student, a placeholder mix, ...) are applied to the typed minimal payload: load(Payload) must refuse
// each with the text path's first error, and keep what was loaded before.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "slotfit/engine.hpp"
#include "slotfit/parse.hpp"
#include "slotfit/time.hpp"
#include "slotfit/validate.hpp"
#include "support/fixtures.hpp"

namespace slotfit {
namespace {

using nlohmann::json;

// A typed field holds what the JSON value says, when it can: false for what no typed field holds (2.5 for a
// day, "7:30" for a time), which only a text can carry and only the text readers judge.
bool assign(std::string& out, const json& v) {
  if (!v.is_string()) return false;
  out = v.get<std::string>();
  return true;
}
bool assign(OptString& out, const json& v) {
  if (v.is_null()) {
    out.reset();
    return true;
  }
  std::string text;
  if (!assign(text, v)) return false;
  out = text;
  return true;
}
bool assign(int& out, const json& v) {
  if (!v.is_number_integer()) return false;
  out = v.get<int>();
  return true;
}
bool assign(std::optional<int>& out, const json& v) {
  if (v.is_null()) {
    out.reset();
    return true;
  }
  int value = 0;
  if (!assign(value, v)) return false;
  out = value;
  return true;
}
// "HH:MM" or "HH:MM:SS" with two-digit fields and MM < 60, SS 00: minutes, also past 24:00 ("99:00" is 5940).
bool assign_time(int& out, const json& v) {
  if (!v.is_string()) return false;
  const std::string t = v.get<std::string>();
  const auto digits = [&](std::size_t at) { return std::isdigit(static_cast<unsigned char>(t[at])) != 0; };
  if ((t.size() != 5 && t.size() != 8) || t[2] != ':' || !digits(0) || !digits(1) || !digits(3) || !digits(4))
    return false;
  if (t.size() == 8 && t.substr(5) != ":00") return false;
  const int minutes = std::stoi(t.substr(3, 2));
  if (minutes >= 60) return false;
  out = std::stoi(t.substr(0, 2)) * 60 + minutes;
  return true;
}
bool assign_time(std::optional<int>& out, const json& v) {
  if (v.is_null()) {
    out.reset();
    return true;
  }
  int value = 0;
  if (!assign_time(value, v)) return false;
  out = value;
  return true;
}

template <class Row>
bool set_row_field(Row& row, const std::string& key, const json& v) {
  if constexpr (requires { row.id; })
    if (key == "id") return assign(row.id, v);
  if constexpr (requires { row.student_id; })
    if (key == "student_id") return assign(row.student_id, v);
  if constexpr (requires { row.sessions_per_week; }) {
    if (key == "sessions_per_week") return assign(row.sessions_per_week, v);
    if (key == "minutes_per_session") return assign(row.minutes_per_session, v);
  }
  if constexpr (requires { row.day_of_week; }) {
    if (key == "day_of_week") return assign(row.day_of_week, v);
    if (key == "start_time") return assign_time(row.start_time, v);
    if (key == "end_time") return assign_time(row.end_time, v);
  }
  return false;
}

template <class Row>
bool set_in_table(std::vector<Row>& rows, const std::vector<std::string>& at, const json& v) {
  if (at.size() != 3) return false;
  const std::size_t index = std::stoul(at[1]);
  return index < rows.size() && set_row_field(rows[index], at[2], v);
}

// One JSON-patch operation ("replace", or "add" at the end of work_days) on the typed payload.
bool apply(Payload& p, const json& op) {
  std::vector<std::string> at;
  const std::string pointer = op.at("path").get<std::string>();
  for (std::size_t from = 1; from <= pointer.size();) {
    const std::size_t to = std::min(pointer.find('/', from), pointer.size());
    at.push_back(pointer.substr(from, to - from));
    from = to + 1;
  }
  const json& v = op.value("value", json());
  const std::string& top = at.at(0);
  if (top == "school" && at.size() == 2 && at[1] == "school_year") return assign(p.school.school_year, v);
  if (top == "work_days" && at.size() == 2) {
    int day = 0;
    if (!assign(day, v)) return false;
    if (at[1] == "-") {
      p.work_days.push_back(day);
      return true;
    }
    const std::size_t index = std::stoul(at[1]);
    if (index >= p.work_days.size()) return false;
    p.work_days[index] = day;
    return true;
  }
  if (top == "school_hours") return set_in_table(p.school_hours, at, v);
  if (top == "bell_schedules") return set_in_table(p.bell_schedules, at, v);
  if (top == "special_activities") return set_in_table(p.special_activities, at, v);
  if (top == "students") return set_in_table(p.students, at, v);
  if (top == "sessions") return set_in_table(p.sessions, at, v);
  if (top == "protected_times") return set_in_table(p.protected_times, at, v);
  if (top == "other_provider_sessions") return set_in_table(p.other_provider_sessions, at, v);
  if (top == "provider_busy_times") return set_in_table(p.provider_busy_times, at, v);
  return false;
}

Payload parse_ok(const std::string& text) {
  auto parsed = parse_payload(text);
  if (auto* errors = std::get_if<Errors>(&parsed)) ADD_FAILURE() << errors->front().path << " " << errors->front().message;
  return std::get<Payload>(parsed);
}

TEST(Validate, TheMinimalPayloadIsValidAndLoadsAsAPayload) {
  const Payload p = parse_ok(slotfit_test::read_fixture("minimal.json"));
  EXPECT_TRUE(validate(p).empty());
  Engine e;
  EXPECT_TRUE(e.load(p).empty());
  EXPECT_TRUE(e.loaded());
}

TEST(Validate, EveryTypedBadFixtureIsRefusedByLoadPayloadWithTheTextsFirstError) {
  const json cases = json::parse(slotfit_test::read_fixture("bad-payloads.json"));
  const std::set<std::string> domain_codes = {"bad-day",      "bad-time",        "end-not-after-start",
                                              "bad-value",    "duplicate-id",    "duplicate-day",
                                              "unknown-student", "placeholder-mix"};
  const Payload minimal = parse_ok(slotfit_test::read_fixture("minimal.json"));
  Engine engine;
  ASSERT_TRUE(engine.load(minimal).empty());
  const auto before = engine.stats();
  const auto overlap = engine.evaluate(0, *minimal.sessions[0].day_of_week, *minimal.sessions[0].start_time, 30);

  int refused = 0;
  for (const json& c : cases) {
    const std::string name = c.at("name").get<std::string>();
    if (!c.contains("patch") || c.value("base", "") != "minimal.json") continue;
    if (!domain_codes.count(c.at("expect").at("code").get<std::string>())) continue;
    Payload p = minimal;
    bool typed = true;
    for (const json& op : c.at("patch")) typed = typed && apply(p, op);
    if (!typed) continue;  // a fault only a text can hold (2.5 for a day, "7:30")
    const Errors errors = engine.load(p);
    ASSERT_FALSE(errors.empty()) << name << ": load(Payload) accepted it";
    EXPECT_EQ(errors.front().code, c.at("expect").at("code").get<std::string>()) << name << " " << errors.front().message;
    EXPECT_EQ(errors.front().path, c.at("expect").at("path").get<std::string>()) << name;
    EXPECT_FALSE(errors.front().message.empty()) << name;
    EXPECT_EQ(validate(p).front().path, errors.front().path) << name;
    // The previous state stays loaded.
    EXPECT_EQ(engine.stats().students, before.students) << name;
    EXPECT_EQ(engine.stats().sessions, before.sessions) << name;
    EXPECT_EQ(engine.evaluate(0, *minimal.sessions[0].day_of_week, *minimal.sessions[0].start_time, 30), overlap)
        << name;
    ++refused;
  }
  // Every domain code is covered, most of them by several fixtures.
  EXPECT_GE(refused, 28);
}

TEST(Validate, ValuesOnlyATypedPayloadCanHoldAreRefusedToo) {
  Payload p = parse_ok(slotfit_test::read_fixture("minimal.json"));
  p.school_hours[0].start_time = -30;
  p.bell_schedules[1].end_time = kMinutesPerDay + 1;
  p.provider.id.clear();
  p.students[0].minutes_per_session = 100000;
  p.sessions[0].day_of_week = 123456;
  const Errors errors = validate(p);
  std::vector<std::string> got;
  for (const Error& e : errors) got.push_back(e.code + " " + e.path);
  // Schema order: provider, school hours, bell schedules, students, sessions.
  EXPECT_EQ(got, (std::vector<std::string>{"bad-value /provider/id", "bad-time /school_hours/0/start_time",
                                           "bad-time /bell_schedules/1/end_time",
                                           "bad-value /students/0/minutes_per_session",
                                           "bad-day /sessions/0/day_of_week"}));
  Engine e;
  EXPECT_EQ(e.load(p).size(), errors.size());
  EXPECT_FALSE(e.loaded());

  Payload other = parse_ok(slotfit_test::read_fixture("minimal.json"));
  other.schema_version = 2;
  const Errors version = validate(other);
  ASSERT_EQ(version.size(), 1u);
  EXPECT_EQ(version[0].code, "unsupported-schema-version");
}

TEST(Validate, AChangeIsCheckedByTheSameSessionRule) {
  const Payload minimal = parse_ok(slotfit_test::read_fixture("minimal.json"));
  Engine e;
  ASSERT_TRUE(e.load(minimal).empty());
  SessionChange change{SessionChange::Op::kUpsert, minimal.sessions[0]};
  change.row.day_of_week = 9;
  change.row.end_time = kMinutesPerDay + 5;
  const Errors errors = e.apply_changes({change});
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].code + " " + errors[0].path, "bad-day /0/day_of_week");
  EXPECT_EQ(errors[1].code + " " + errors[1].path, "bad-time /0/end_time");
  change.row = minimal.sessions[0];
  change.row.id.clear();
  const Errors no_id = e.apply_changes({change});
  ASSERT_EQ(no_id.size(), 1u);
  EXPECT_EQ(no_id[0].code + " " + no_id[0].path, "bad-value /0/id");
}

}  // namespace
}  // namespace slotfit
