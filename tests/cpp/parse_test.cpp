#include "slotfit/parse.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <variant>

#include "support/fixtures.hpp"

namespace {

using nlohmann::json;
using slotfit::Errors;
using slotfit::Payload;

std::string list(const Errors& errors) {
  std::string out;
  for (const auto& e : errors) out += "\n  " + e.code + " at " + e.path + ": " + e.message;
  return out;
}

json minimal() {
  json doc = slotfit_test::parse_json(slotfit_test::read_fixture("minimal.json"));
  EXPECT_TRUE(doc.is_object());
  return doc;
}

// The payload, or a test failure listing every error.
Payload parse_ok(const std::string& text) {
  auto result = slotfit::parse_payload(text);
  if (auto* errors = std::get_if<Errors>(&result)) {
    ADD_FAILURE() << "expected the payload to load, got:" << list(*errors);
    return {};
  }
  return std::get<Payload>(std::move(result));
}

Errors parse_errors(const std::string& text) {
  auto result = slotfit::parse_payload(text);
  if (auto* errors = std::get_if<Errors>(&result)) return *errors;
  ADD_FAILURE() << "expected errors, the payload loaded";
  return {};
}

TEST(ParsePayload, MinimalFixtureLoadsWithItsCounts) {
  const Payload p = parse_ok(slotfit_test::read_fixture("minimal.json"));
  EXPECT_EQ(p.schema_version, 1);
  EXPECT_EQ(p.work_days, (std::vector<int>{1, 2, 3, 4, 5}));
  EXPECT_EQ(p.school_hours.size(), 3u);
  EXPECT_EQ(p.bell_schedules.size(), 3u);
  EXPECT_EQ(p.special_activities.size(), 2u);
  EXPECT_EQ(p.students.size(), 4u);
  EXPECT_EQ(p.sessions.size(), 4u);
  EXPECT_EQ(p.protected_times.size(), 2u);
  EXPECT_EQ(p.other_provider_sessions.size(), 1u);
  EXPECT_EQ(p.provider_busy_times.size(), 2u);
  EXPECT_TRUE(p.incomplete.empty());
}

TEST(ParsePayload, MinimalFixtureValuesAreTyped) {
  const Payload p = parse_ok(slotfit_test::read_fixture("minimal.json"));
  EXPECT_EQ(p.generated_at, "2026-11-28T15:00:00.123456+00:00");
  EXPECT_EQ(p.data_version, "dv-2026-11-28-0001");
  EXPECT_EQ(p.provider.id, "prov-1");
  EXPECT_EQ(p.provider.role, "speech");
  EXPECT_FALSE(p.provider.works_at_multiple_schools);
  EXPECT_EQ(p.school.school_id, "061899002301");
  EXPECT_EQ(p.school.school_site, "Fictional Elementary");
  EXPECT_EQ(p.school.school_year, "2026-2027");

  EXPECT_EQ(p.school_hours[0].grade_level, "default");
  EXPECT_EQ(p.school_hours[0].start_time, 8 * 60);   // "08:00:00"
  EXPECT_EQ(p.school_hours[2].start_time, 12 * 60);  // "12:00"
  EXPECT_EQ(p.school_hours[2].end_time, 15 * 60);

  EXPECT_EQ(p.bell_schedules[0].id, "bell-1");
  EXPECT_EQ(p.bell_schedules[0].grade_level, "1,2,3");
  EXPECT_EQ(p.bell_schedules[0].day_of_week, 1);
  EXPECT_EQ(p.bell_schedules[0].start_time, 11 * 60 + 30);
  EXPECT_EQ(p.bell_schedules[0].end_time, 12 * 60);
  EXPECT_EQ(p.bell_schedules[0].period_name, "Lunch");
  EXPECT_EQ(p.bell_schedules[1].period_name, std::nullopt);

  EXPECT_EQ(p.special_activities[0].teacher_id, "teacher-1");
  EXPECT_EQ(p.special_activities[1].teacher_id, std::nullopt);
  EXPECT_EQ(p.special_activities[1].teacher_name, "Mr.  Okafor");  // kept as written; the rules normalise
  EXPECT_EQ(p.special_activities[1].activity_name, std::nullopt);

  const auto& s1 = p.students[0];
  EXPECT_EQ(s1.id, "stu-1");
  EXPECT_EQ(s1.initials, "A.B.");
  EXPECT_EQ(s1.grade_level, "1");
  EXPECT_EQ(s1.teacher_id, "teacher-1");
  EXPECT_EQ(s1.child_id, "child-1");
  EXPECT_EQ(s1.sessions_per_week, 2);
  EXPECT_EQ(s1.minutes_per_session, 30);
  const auto& s3 = p.students[2];
  EXPECT_EQ(s3.grade_level, std::nullopt);
  EXPECT_EQ(s3.teacher_name, std::nullopt);
  EXPECT_EQ(s3.sessions_per_week, 0);
  EXPECT_EQ(s3.minutes_per_session, std::nullopt);

  const auto& scheduled = p.sessions[1];
  EXPECT_FALSE(scheduled.is_placeholder());
  EXPECT_EQ(scheduled.student_id, "stu-1");
  EXPECT_EQ(scheduled.day_of_week, 3);
  EXPECT_EQ(scheduled.start_time, 10 * 60);
  EXPECT_EQ(scheduled.end_time, 10 * 60 + 30);
  EXPECT_EQ(scheduled.delivered_by, "sea");
  EXPECT_EQ(scheduled.assigned_to_sea_id, "sea-1");
  EXPECT_EQ(scheduled.assigned_to_specialist_id, std::nullopt);
  EXPECT_EQ(scheduled.status, "needs_attention");
  EXPECT_EQ(scheduled.group_ref, "grp-1");
  const auto& placeholder = p.sessions[2];
  EXPECT_TRUE(placeholder.is_placeholder());
  EXPECT_EQ(placeholder.id, "ses-3");
  EXPECT_EQ(placeholder.start_time, std::nullopt);
  EXPECT_EQ(placeholder.end_time, std::nullopt);
  EXPECT_EQ(p.sessions[3].start_time, 14 * 60);

  // Another provider's student in a protected time is legal.
  EXPECT_EQ(p.protected_times[1].student_id, "stu-of-another-provider");
  EXPECT_EQ(p.protected_times[1].child_id, "child-4");
  EXPECT_EQ(p.protected_times[1].label, std::nullopt);
  EXPECT_EQ(p.other_provider_sessions[0].student_id, "stu-4");
  EXPECT_EQ(p.other_provider_sessions[0].provider_role, "ot");
  EXPECT_EQ(p.provider_busy_times[0].id, "busy-1");
  EXPECT_EQ(p.provider_busy_times[1].id, std::nullopt);
  EXPECT_EQ(p.provider_busy_times[1].school_site, "Lakeside Middle");
}

TEST(ParsePayload, TimesAcceptHhMmAndHhMmSsAnd2400) {
  json doc = minimal();
  doc["bell_schedules"][0]["start_time"] = "11:30";
  doc["bell_schedules"][0]["end_time"] = "24:00";
  doc["bell_schedules"][1]["start_time"] = "00:00:00";
  doc["bell_schedules"][1]["end_time"] = "23:59:59";  // seconds are dropped
  doc["bell_schedules"][2]["end_time"] = "24:00:00";
  const Payload p = parse_ok(doc.dump());
  EXPECT_EQ(p.bell_schedules[0].start_time, 690);
  EXPECT_EQ(p.bell_schedules[0].end_time, 1440);
  EXPECT_EQ(p.bell_schedules[1].start_time, 0);
  EXPECT_EQ(p.bell_schedules[1].end_time, 1439);
  EXPECT_EQ(p.bell_schedules[2].end_time, 1440);
}

TEST(ParsePayload, UnknownKeysAreIgnored) {
  json doc = minimal();
  doc["a_future_table"] = json::array({json::object({{"id", 1}})});
  doc["provider"]["email"] = "someone@example.invalid";
  doc["sessions"][0]["session_date"] = nullptr;
  doc["students"][1]["iep_goals"] = json::array({"talk"});
  const Payload p = parse_ok(doc.dump());
  EXPECT_EQ(p.sessions.size(), 4u);
}

TEST(ParsePayload, OptionalTopLevelKeysMayBeAbsent) {
  json doc = minimal();
  for (const char* key : {"generated_at", "data_version", "incomplete", "provider_busy_times"})
    doc.erase(key);
  const Payload p = parse_ok(doc.dump());
  EXPECT_EQ(p.generated_at, std::nullopt);
  EXPECT_EQ(p.data_version, std::nullopt);
  EXPECT_TRUE(p.incomplete.empty());
  EXPECT_TRUE(p.provider_busy_times.empty());
}

TEST(ParsePayload, NullableTopLevelKeysMayBeNull) {
  json doc = minimal();
  doc["generated_at"] = nullptr;
  doc["data_version"] = nullptr;
  doc["incomplete"] = json::array({"special_activities"});
  doc["work_days"] = json::array();
  const Payload p = parse_ok(doc.dump());
  EXPECT_EQ(p.generated_at, std::nullopt);
  EXPECT_EQ(p.data_version, std::nullopt);
  EXPECT_EQ(p.incomplete, (std::vector<std::string>{"special_activities"}));
  EXPECT_TRUE(p.work_days.empty());
}

TEST(ParsePayload, WholeFloatsReadAsIntegersLikeTheSchema) {
  // JSON Schema's "integer" includes 2.0, and JS cannot tell 2.0 from 2: both sides must agree.
  std::string text = slotfit_test::read_fixture("minimal.json");
  const auto replace = [&](const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
  };
  replace("\"sessions_per_week\": 2,", "\"sessions_per_week\": 2.0,");
  replace("\"work_days\": [1, 2, 3, 4, 5]", "\"work_days\": [1.0, 2, 3, 4, 5e0]");
  replace("\"schema_version\": 1,", "\"schema_version\": 1.0,");
  const Payload p = parse_ok(text);
  EXPECT_EQ(p.students[0].sessions_per_week, 2);
  EXPECT_EQ(p.work_days, (std::vector<int>{1, 2, 3, 4, 5}));
}

TEST(ParsePayload, CollectsEveryErrorInSchemaKeyOrder) {
  json doc = minimal();
  doc["sessions"][0]["student_id"] = "stu-nobody";   // referential: reported last
  doc["bell_schedules"][1]["start_time"] = "25:00";  // a value
  doc["provider"]["role"] = 7;                       // a value, earlier in the schema than bell_schedules
  // dump() writes keys alphabetically (bell_schedules before provider): the order must not follow the text.
  const Errors errors = parse_errors(doc.dump());
  ASSERT_EQ(errors.size(), 3u) << list(errors);
  EXPECT_EQ(errors[0].path, "/provider/role");
  EXPECT_EQ(errors[0].code, "wrong-type");
  EXPECT_EQ(errors[1].path, "/bell_schedules/1/start_time");
  EXPECT_EQ(errors[1].code, "bad-time");
  EXPECT_EQ(errors[2].path, "/sessions/0/student_id");
  EXPECT_EQ(errors[2].code, "unknown-student");
}

TEST(ParsePayload, MessagesSayWhatWasExpectedAndFound) {
  json doc = minimal();
  doc["bell_schedules"][0]["start_time"] = "25:00";
  doc["students"][0]["minutes_per_session"] = 30.5;
  doc["sessions"][3]["end_time"] = "13:00";
  const Errors errors = parse_errors(doc.dump());
  ASSERT_EQ(errors.size(), 3u) << list(errors);
  EXPECT_EQ(errors[0].message,
            "expected a time \"HH:MM\" or \"HH:MM:SS\" from 00:00 to 24:00, found \"25:00\"");
  EXPECT_EQ(errors[1].message, "expected null or an integer 0-480, found 30.5");
  EXPECT_EQ(errors[2].code, "end-not-after-start");
  EXPECT_EQ(errors[2].message, "expected an end_time after the start_time 14:00, found 13:00");
}

TEST(ParsePayload, SchemaVersionErrorNamesTheSupportedVersions) {
  json doc = minimal();
  doc["schema_version"] = 2;
  doc.erase("students");
  const Errors errors = parse_errors(doc.dump());
  ASSERT_EQ(errors.size(), 1u) << list(errors);
  EXPECT_EQ(errors[0].code, "unsupported-schema-version");
  EXPECT_NE(errors[0].message.find("supported schema versions: 1"), std::string::npos) << errors[0].message;
}

// The database's revalidation answer is not a payload; one error says what it is instead of ten missing keys.
TEST(ParsePayload, NotModifiedAnswerIsRefusedWithOneErrorThatNamesIt) {
  const Errors errors = parse_errors(R"({"schema_version": 1, "data_version": "t3.p1.s2.c0.y2026", "not_modified": true})");
  ASSERT_EQ(errors.size(), 1u) << list(errors);
  EXPECT_EQ(errors[0].code, "missing-key");
  EXPECT_EQ(errors[0].path, "/provider");
  EXPECT_NE(errors[0].message.find("not_modified answer"), std::string::npos) << errors[0].message;
  // Only `true` makes it that answer: false, 1 or "true" leave a text missing its keys, each named.
  for (const char* flag : {"false", "1", "\"true\""}) {
    const Errors others = parse_errors(std::string(R"({"schema_version": 1, "not_modified": )") + flag + "}");
    EXPECT_GT(others.size(), 1u) << flag << ": " << list(others);
  }
  // A payload that happens to carry the key is still read as a payload.
  json doc = minimal();
  doc["not_modified"] = true;
  EXPECT_TRUE(std::holds_alternative<Payload>(slotfit::parse_payload(doc.dump())));
}

TEST(ParsePayload, InvalidJsonGivesTheByteOffset) {
  const Errors errors = parse_errors("{\"schema_version\": tru}");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, "invalid-json");
  EXPECT_EQ(errors[0].path, "");
  // Offset 22 is the "}" that ends the broken literal "tru".
  EXPECT_NE(errors[0].message.find("at byte offset 22:"), std::string::npos) << errors[0].message;
}

TEST(ParsePayload, BadStudentIdDoesNotCascadeIntoUnknownStudents) {
  json doc = minimal();
  doc["students"][0]["id"] = 17;  // stu-1 has two sessions and a protected time
  const Errors errors = parse_errors(doc.dump());
  ASSERT_EQ(errors.size(), 1u) << list(errors);
  EXPECT_EQ(errors[0].path, "/students/0/id");
}

TEST(ParsePayload, HugeNumbersAreRefusedNotWrapped) {
  json doc = minimal();
  std::string text = doc.dump();
  const std::string from = "\"sessions_per_week\":2";
  const auto at = text.find(from);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, from.size(), "\"sessions_per_week\":18446744073709551617");
  const Errors errors = parse_errors(text);
  ASSERT_EQ(errors.size(), 1u) << list(errors);
  EXPECT_EQ(errors[0].code, "bad-value");
  doc["students"][0]["minutes_per_session"] = 4294967296LL;
  doc["sessions"][0]["day_of_week"] = 4294967297LL;  // 1 after a 32-bit wrap
  const Errors more = parse_errors(doc.dump());
  ASSERT_EQ(more.size(), 2u) << list(more);
  EXPECT_EQ(more[0].code, "bad-value");
  EXPECT_EQ(more[1].code, "bad-day");
}

TEST(ParsePayload, StopsAtTheErrorCap) {
  json doc = minimal();
  json bad_row = doc["bell_schedules"][0];
  bad_row["start_time"] = "99:99";
  for (std::size_t i = 0; i < slotfit::kMaxReportedErrors * 2; ++i) doc["bell_schedules"].push_back(bad_row);
  const Errors errors = parse_errors(doc.dump());
  EXPECT_EQ(errors.size(), slotfit::kMaxReportedErrors);
}

TEST(ParsePayload, EmptyTablesAreFine) {
  json doc = minimal();
  for (const char* table : {"school_hours", "bell_schedules", "special_activities", "students", "sessions",
                            "protected_times", "other_provider_sessions", "provider_busy_times"}) {
    doc[table] = json::array();
  }
  const Payload p = parse_ok(doc.dump());
  EXPECT_TRUE(p.students.empty());
}

// A caseload far above a real one (2,000 students, 10,000 sessions), built here so the test needs no file.
std::string big_payload(int students) {
  json doc = minimal();
  const auto hhmm = [](int minute) {
    char text[32];
    std::snprintf(text, sizeof text, "%02d:%02d:00", minute / 60, minute % 60);
    return std::string(text);
  };
  const auto uuid = [](char kind, int n) {
    char text[64];
    std::snprintf(text, sizeof text, "%08x-0000-4000-8000-%c%011d", 0x5107f17u + static_cast<unsigned>(n),
                  kind, n);
    return std::string(text);
  };
  json& student_rows = doc["students"] = json::array();
  json& session_rows = doc["sessions"] = json::array();
  json& protected_rows = doc["protected_times"] = json::array();
  json& other_rows = doc["other_provider_sessions"] = json::array();
  for (int s = 0; s < students; ++s) {
    const std::string id = uuid('a', s);
    student_rows.push_back({{"id", id},
                            {"initials", "S." + std::to_string(s)},
                            {"grade_level", std::to_string(s % 6)},
                            {"teacher_id", uuid('t', s % 80)},
                            {"teacher_name", "Teacher " + std::to_string(s % 80)},
                            {"child_id", uuid('c', s)},
                            {"sessions_per_week", 5},
                            {"minutes_per_session", 30}});
    for (int k = 0; k < 5; ++k) {
      const int start = 8 * 60 + (s * 5 + k * 35) % 360;
      session_rows.push_back({{"id", uuid('s', s * 5 + k)},
                              {"student_id", id},
                              {"day_of_week", k + 1},
                              {"start_time", hhmm(start)},
                              {"end_time", hhmm(start + 30)},
                              {"service_type", "speech"},
                              {"delivered_by", "provider"},
                              {"assigned_to_sea_id", nullptr},
                              {"assigned_to_specialist_id", nullptr},
                              {"status", "active"},
                              {"group_ref", nullptr}});
    }
    if (s % 4 == 0) {
      protected_rows.push_back({{"id", uuid('p', s)},
                                {"student_id", id},
                                {"child_id", uuid('c', s)},
                                {"day_of_week", s % 5 + 1},
                                {"start_time", "10:00:00"},
                                {"end_time", "10:45:00"},
                                {"label", "Mainstreaming"}});
      other_rows.push_back({{"student_id", id},
                            {"day_of_week", s % 5 + 1},
                            {"start_time", "13:00:00"},
                            {"end_time", "13:30:00"},
                            {"provider_role", "ot"}});
    }
  }
  return doc.dump();
}

template <class F>
double elapsed_ms(F&& work) {
  const auto start = std::chrono::steady_clock::now();
  work();
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

TEST(ParsePayload, BigPayloadLoadsAndCostsLittleMoreThanTheJsonParse) {
  const std::string text = big_payload(2000);
  std::size_t sessions = 0;
  // Best of several interleaved runs: a busy machine slows both sides alike, and the minimum shows the cost.
  double ours = 1e300;
  double json_only = 1e300;
  for (int run = 0; run < 5; ++run) {
    ours = std::min(ours, elapsed_ms([&] {
                      auto result = slotfit::parse_payload(text);
                      ASSERT_TRUE(std::holds_alternative<Payload>(result));
                      sessions = std::get<Payload>(result).sessions.size();
                    }));
    json_only = std::min(json_only, elapsed_ms([&] {
                           json doc = json::parse(text.begin(), text.end(), nullptr, false);
                           ASSERT_TRUE(doc.is_object());
                         }));
  }
  EXPECT_EQ(sessions, 10000u);
  const double ratio = ours / json_only;
  std::cout << "[ parse    ] " << text.size() / 1024 << " KiB: parse_payload " << ours
            << " ms, nlohmann::json::parse " << json_only << " ms, ratio " << ratio << "\n";
  RecordProperty("parse_payload_ms", std::to_string(ours));
  RecordProperty("json_parse_ms", std::to_string(json_only));
#if defined(NDEBUG)
  // The load budget (parse + index <= 1.5x the JSON parse alone) is held by tests/bench; parsing alone
  // measures about 1.1-1.2x on a quiet machine and up to 1.5x on a busy one. This catches a gross regression
  // only, such as a second pass over the text.
  EXPECT_LE(ratio, 2.0);
#endif
}

}  // namespace
