// The input limits (slotfit/parse.hpp): what is read at any size, and what is refused past a documented one
// with too-large and the value's path. Natively and under wasm (the same suite), every case must end with a
// clear error or the right answer; none may abort.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <variant>
#include <vector>

#include "slotfit/changes.hpp"
#include "slotfit/engine.hpp"
#include "slotfit/parse.hpp"
#include "support/fixtures.hpp"

namespace {

using nlohmann::json;
using slotfit::Errors;

json minimal() { return slotfit_test::parse_json(slotfit_test::read_fixture("minimal.json")); }

// The first error of a refused text; a test failure (and an empty error) when it was accepted.
slotfit::Error first_error(const std::string& text) {
  const auto result = slotfit::parse_payload(text);
  const auto* errors = std::get_if<Errors>(&result);
  if (errors == nullptr) {
    ADD_FAILURE() << "accepted";
    return {};
  }
  return errors->front();
}

slotfit::Payload accepted(const std::string& text) {
  auto result = slotfit::parse_payload(text);
  if (const auto* errors = std::get_if<Errors>(&result)) {
    ADD_FAILURE() << "refused: " << errors->front().code << " at " << errors->front().path << ": "
                  << errors->front().message;
    return {};
  }
  return std::get<slotfit::Payload>(std::move(result));
}

// minimal.json's text with `member` (a raw JSON text) as the value of an unknown top-level key.
std::string with_extra(const std::string& member) {
  std::string text = minimal().dump();
  text.insert(1, "\"extra\": " + member + ", ");
  return text;
}

std::string repeated(const std::string& unit, std::size_t count, const std::string& separator = "") {
  std::string out;
  out.reserve((unit.size() + separator.size()) * count);
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) out += separator;
    out += unit;
  }
  return out;
}

// ---- 100,000 rows: read, indexed and answered like any payload ----

TEST(Limits, HundredThousandRowsLoadAndAnswer) {
  json doc = minimal();
  constexpr int kStudents = 20'000;
  for (int i = 0; i < kStudents; ++i) {
    const std::string id = "big-" + std::to_string(i);
    doc["students"].push_back({{"id", id}, {"initials", "B.G."}, {"grade_level", "1"}, {"teacher_id", nullptr},
                               {"teacher_name", "Ms. Lee"}, {"child_id", nullptr}, {"sessions_per_week", 2},
                               {"minutes_per_session", 30}});
    for (int k = 0; k < 2; ++k) {
      doc["sessions"].push_back({{"id", id + "-s" + std::to_string(k)}, {"student_id", id},
                                 {"day_of_week", 1 + (i + 2 * k) % 5}, {"start_time", "10:00"},
                                 {"end_time", "10:30"}, {"service_type", "speech"}, {"delivered_by", "provider"},
                                 {"assigned_to_sea_id", nullptr}, {"assigned_to_specialist_id", nullptr},
                                 {"status", "active"}, {"group_ref", nullptr}});
    }
    doc["other_provider_sessions"].push_back({{"student_id", id}, {"day_of_week", 1 + i % 5},
                                              {"start_time", "13:00"}, {"end_time", "13:30"},
                                              {"provider_role", "ot"}});
    doc["protected_times"].push_back({{"id", id + "-p"}, {"student_id", id}, {"child_id", nullptr},
                                      {"day_of_week", 1 + i % 5}, {"start_time", "08:00"},
                                      {"end_time", "08:30"}, {"label", nullptr}});
  }
  const std::string text = doc.dump();
  slotfit::Engine engine;
  ASSERT_TRUE(engine.load(text).empty());
  EXPECT_EQ(engine.stats().students, kStudents + 4);
  const slotfit::Payload& p = *engine.payload();
  EXPECT_GE(p.students.size() + p.sessions.size() + p.other_provider_sessions.size() + p.protected_times.size(),
            100'000u);

  // The last student: its own session (where 8,000 others a day also sit: capacity), another provider's
  // session, its protected time, and a free start.
  const int i = kStudents - 1;
  const int student = *engine.student_index("big-" + std::to_string(i));
  const int own_day = 1 + i % 5;
  const auto kinds = [&](int day, int start) {
    std::vector<std::string> out;
    for (const auto& c : engine.check(student, day, start, 30).value()) out.emplace_back(slotfit::kind_name(c.kind));
    return out;
  };
  EXPECT_EQ(kinds(own_day, 10 * 60), (std::vector<std::string>{"student-overlap", "capacity"}));
  EXPECT_EQ(kinds(own_day, 13 * 60), std::vector<std::string>{"other-provider"});
  EXPECT_EQ(kinds(own_day, 8 * 60), std::vector<std::string>{"protected-time"});
  const slotfit::ConflictGrid grid = engine.conflict_map(student, 30).value();
  ASSERT_FALSE(grid.kinds.empty());
  const slotfit::ConflictMask free_start = engine.evaluate(student, own_day, 11 * 60, 30);
  EXPECT_EQ(free_start, 0u);
}

// ---- strings and keys ----

TEST(Limits, StringAtTheLimitIsReadWhole) {
  json doc = minimal();
  doc["students"][0]["initials"] = std::string(slotfit::kMaxStringBytes, 'x');
  EXPECT_EQ(accepted(doc.dump()).students[0].initials.size(), slotfit::kMaxStringBytes);
}

TEST(Limits, StringPastTheLimitIsTooLargeAtItsPath) {
  for (const std::size_t size : {slotfit::kMaxStringBytes + 1, std::size_t{10} << 20}) {
    json doc = minimal();
    doc["bell_schedules"][1]["period_name"] = std::string(size, 'x');
    const slotfit::Error e = first_error(doc.dump());
    EXPECT_EQ(e.code, "too-large") << size;
    EXPECT_EQ(e.path, "/bell_schedules/1/period_name") << size;
    EXPECT_NE(e.message.find(std::to_string(size) + " bytes"), std::string::npos) << e.message;
  }
}

TEST(Limits, KeyPastTheLimitIsTooLargeNamedShortened) {
  const std::string key(slotfit::kMaxStringBytes + 1, 'k');
  const slotfit::Error e = first_error(with_extra("{\"" + key + "\": 1}"));
  EXPECT_EQ(e.code, "too-large");
  EXPECT_EQ(e.path, "/extra/" + std::string(40, 'k') + "...");
}

// ---- arrays and values ----

TEST(Limits, ArrayAtTheLimitIsReadPastItIsTooLarge) {
  EXPECT_EQ(accepted(with_extra("[" + repeated("0", slotfit::kMaxArrayItems, ",") + "]")).students.size(), 4u);
  const slotfit::Error e = first_error(with_extra("[" + repeated("0", slotfit::kMaxArrayItems + 1, ",") + "]"));
  EXPECT_EQ(e.code, "too-large");
  EXPECT_EQ(e.path, "/extra/" + std::to_string(slotfit::kMaxArrayItems));
}

TEST(Limits, MoreValuesThanTheLimitAreTooLarge) {
  const std::string block = "[" + repeated("0", 100'000, ",") + "]";
  const slotfit::Error e = first_error(with_extra("[" + repeated(block, 41, ",") + "]"));
  EXPECT_EQ(e.code, "too-large");
  EXPECT_EQ(e.path.rfind("/extra/39/", 0), 0u) << e.path;  // 4,000,000 values end inside the 40th block
  EXPECT_NE(e.message.find("values"), std::string::npos) << e.message;
}

TEST(Limits, TextPastTheLimitIsTooLargeBeforeItIsRead) {
  const std::string text = with_extra("\"" + std::string(slotfit::kMaxInputBytes, ' ') + "\"");
  const slotfit::Error e = first_error(text);
  EXPECT_EQ(e.code, "too-large");
  EXPECT_EQ(e.path, "");
}

TEST(Limits, ChangeListsHaveTheSameLimits) {
  const auto first = [](const std::string& text) {
    const auto result = slotfit::parse_changes(text);
    const auto* errors = std::get_if<Errors>(&result);
    return errors == nullptr ? slotfit::Error{} : errors->front();
  };
  const slotfit::Error items = first("[" + repeated("{\"op\":\"remove\",\"id\":\"x\"}", slotfit::kMaxArrayItems + 1, ",") + "]");
  EXPECT_EQ(items.code, "too-large");
  EXPECT_EQ(items.path, "/" + std::to_string(slotfit::kMaxArrayItems));
  const slotfit::Error number = first("[{\"op\":\"upsert\",\"id\":\"x\",\"start_time\":1e400}]");
  EXPECT_EQ(number.code, "too-large");
  EXPECT_EQ(number.path, "/0/start_time");
}

// ---- nesting ----

TEST(Limits, DeepNestingIsReadWhereUnknownAndWrongTypeWhereARowBelongs) {
  constexpr std::size_t kDepth = 100'000;
  const std::string nested = std::string(kDepth, '[') + std::string(kDepth, ']');
  EXPECT_EQ(accepted(with_extra(nested)).sessions.size(), 4u);
  std::string as_row = minimal().dump();
  const std::string sessions_key = "\"sessions\":[";
  as_row.insert(as_row.find(sessions_key) + sessions_key.size(), nested + ",");
  const slotfit::Error e = first_error(as_row);
  EXPECT_EQ(e.code, "wrong-type");
  EXPECT_EQ(e.path, "/sessions/0");
  const std::string objects = repeated("{\"a\":", kDepth) + "1" + std::string(kDepth, '}');
  EXPECT_EQ(accepted(with_extra(objects)).sessions.size(), 4u);
}

// ---- numbers ----

TEST(Limits, NumberPastADoubleIsTooLargeAtItsPath) {
  json doc = minimal();
  std::string text = doc.dump();
  const std::string key = "\"sessions_per_week\":";
  const std::size_t at = text.find(key) + key.size();
  text.replace(at, text.find(',', at) - at, "-1e400");
  const slotfit::Error e = first_error(text);
  EXPECT_EQ(e.code, "too-large");
  EXPECT_EQ(e.path, "/students/0/sessions_per_week");
}

TEST(Limits, HugeNumbersFailTheirFieldsCheck) {
  json doc = minimal();
  std::string text = doc.dump();
  const std::string key = "\"sessions_per_week\":";
  const std::size_t at = text.find(key) + key.size();
  for (const std::string& number : {std::string("1e300"), std::string("9223372036854775808"),
                                   "1" + std::string(300, '0')}) {
    std::string huge = text;
    huge.replace(at, huge.find(',', at) - at, number);
    const slotfit::Error e = first_error(huge);
    EXPECT_EQ(e.code, "bad-value") << number;
    EXPECT_EQ(e.path, "/students/0/sessions_per_week") << number;
  }
}

TEST(Limits, LongNumberTextsAreReadByValue) {
  // A million digits that mean 2: read as the integer 2, in bounded time.
  std::string text = minimal().dump();
  const std::string key = "\"sessions_per_week\":";
  const std::size_t at = text.find(key) + key.size();
  text.replace(at, text.find(',', at) - at, "2." + std::string(1'000'000, '0'));
  EXPECT_EQ(accepted(text).students[0].sessions_per_week, 2);
}

// ---- duplicate keys: the last one wins, as in JSON.parse ----

TEST(Limits, DuplicateKeysKeepTheLastValue) {
  std::string text = minimal().dump();
  const std::string day = "\"day_of_week\":1,";
  const std::size_t at = text.find(day, text.find("\"sessions\":"));
  text.insert(at + day.size(), "\"day_of_week\":4,");
  const slotfit::Payload p = accepted(text);
  EXPECT_EQ(p.sessions[0].day_of_week, 4);
  std::string tables = minimal().dump();
  tables.insert(1, "\"students\": [], ");  // an earlier, empty students table: the later one counts
  EXPECT_EQ(accepted(tables).students.size(), 4u);
}

// ---- bytes that are not UTF-8 ----

TEST(Limits, InvalidUtf8IsInvalidJsonAtItsOffset) {
  const std::string good = minimal().dump();
  const std::size_t at = good.find("\"initials\":\"") + std::string("\"initials\":\"").size();
  for (const std::string& bad : {std::string("\xff"), std::string("\xc0\xaf"), std::string("\xed\xa0\x80"),
                                std::string("\xe2\x82")}) {
    std::string text = good;
    text.insert(at, bad);
    const slotfit::Error e = first_error(text);
    EXPECT_EQ(e.code, "invalid-json");
    EXPECT_EQ(e.path, "");
    // Where the decoding fails: at the bad byte, or at the byte that shows a sequence broken.
    bool named = false;
    for (std::size_t offset = at; offset <= at + bad.size(); ++offset)
      named = named || e.message.find("byte offset " + std::to_string(offset) + ":") != std::string::npos;
    EXPECT_TRUE(named) << at << ": " << e.message;
  }
  std::string surrogate = good;
  surrogate.insert(at, "\\ud800");
  EXPECT_EQ(first_error(surrogate).code, "invalid-json");
}

// ---- a refusal leaves the engine as it was ----

TEST(Limits, RefusedTextLeavesTheLoadedStateAlone) {
  slotfit::Engine engine;
  ASSERT_TRUE(engine.load(minimal().dump()).empty());
  const Errors errors = engine.load(with_extra("[" + repeated("0", slotfit::kMaxArrayItems + 1, ",") + "]"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, "too-large");
  EXPECT_EQ(engine.stats().students, 4);
  EXPECT_EQ(engine.check(0, 1, 9 * 60, 30).value().size(), 1u);
}

}  // namespace
