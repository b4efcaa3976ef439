// The fast path (core/src/payload_sax.cpp) against the DOM parser, which is its specification: whatever the
// DOM parser refuses the fast path must refuse, and whatever it accepts must read identically, field by field.
// The fast path may refuse more (duplicate keys); parse_payload then still answers through the DOM parser.
#include <gtest/gtest.h>

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "../../core/src/parse_payload_dom.hpp"
#include "../../core/src/payload_sax.hpp"
#include "slotfit/parse.hpp"
#include "support/fixtures.hpp"
#include "support/payload_difference.hpp"

namespace {

using nlohmann::json;
using slotfit::Payload;

enum class Verdict { kBothRefuse, kBothAccept };

// The fast path and the DOM parser must answer `text` alike; `verdict` (when given) is what both must say.
testing::AssertionResult agree(const std::string& text, std::optional<Verdict> verdict = std::nullopt,
                               bool* dom_accepts = nullptr) {
  const auto dom = slotfit::parse_payload_dom(text);
  const std::optional<Payload> fast = slotfit::parse_payload_fast(text);
  const Payload* accepted = std::get_if<Payload>(&dom);
  if (dom_accepts != nullptr) *dom_accepts = accepted != nullptr;
  if (accepted == nullptr) {
    const slotfit::Error& first = std::get<slotfit::Errors>(dom).front();
    if (fast) {
      return testing::AssertionFailure()
             << "the fast path accepts what the DOM parser refuses: " << first.code << " at " << first.path;
    }
    if (verdict == Verdict::kBothAccept) {
      return testing::AssertionFailure() << "both refuse: " << first.code << " at " << first.path << " "
                                         << first.message;
    }
    return testing::AssertionSuccess();
  }
  if (!fast) return testing::AssertionFailure() << "the fast path refuses a payload the DOM parser accepts";
  if (const std::string where = slotfit_test::payload_difference(*fast, *accepted); !where.empty()) {
    return testing::AssertionFailure() << "the two read the payload differently at " << where;
  }
  if (verdict == Verdict::kBothRefuse) return testing::AssertionFailure() << "both accept";
  return testing::AssertionSuccess();
}

Payload dom_payload(const std::string& text) {
  auto result = slotfit::parse_payload_dom(text);
  if (auto* payload = std::get_if<Payload>(&result)) return std::move(*payload);
  ADD_FAILURE() << "the DOM parser refuses the text: " << std::get<slotfit::Errors>(result).front().message;
  return Payload{};
}

json fixture_json(std::string_view name) {
  json doc = slotfit_test::parse_json(slotfit_test::read_fixture(name));
  EXPECT_TRUE(doc.is_object()) << name;
  return doc;
}

// ---- Writing a document in other shapes than dump() gives. ----

struct TextStyle {
  bool reverse_keys = false;     // dump() sorts keys; this gives the opposite order
  bool escape_letters = false;   // every ASCII letter of keys and strings as \u00XX
  std::string_view gap = "";     // between every two tokens
};

void write_string(std::string_view text, const TextStyle& style, std::string& out) {
  out += '"';
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((style.escape_letters && std::isalpha(byte)) || byte < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(byte));
      out += escaped;
    } else if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  out += '"';
}

void write(const json& value, const TextStyle& style, std::string& out) {
  if (const auto* object = value.get_ptr<const json::object_t*>()) {
    out += '{';
    bool first = true;
    const auto member = [&](const std::string& key, const json& item) {
      out += first ? "" : ",";
      first = false;
      out += style.gap;
      write_string(key, style, out);
      out += style.gap;
      out += ':';
      out += style.gap;
      write(item, style, out);
      out += style.gap;
    };
    if (style.reverse_keys) {
      for (auto it = object->rbegin(); it != object->rend(); ++it) member(it->first, it->second);
    } else {
      for (const auto& [key, item] : *object) member(key, item);
    }
    out += '}';
  } else if (const auto* array = value.get_ptr<const json::array_t*>()) {
    out += '[';
    for (std::size_t i = 0; i < array->size(); ++i) {
      out += i == 0 ? "" : ",";
      out += style.gap;
      write((*array)[i], style, out);
      out += style.gap;
    }
    out += ']';
  } else if (const auto* text = value.get_ptr<const std::string*>()) {
    write_string(*text, style, out);
  } else {
    out += value.dump();
  }
}

std::string written(const json& value, const TextStyle& style) {
  std::string out = std::string(style.gap);
  write(value, style, out);
  out += style.gap;
  return out;
}

json* member(json& object, const char* key) {
  auto* map = object.get_ptr<json::object_t*>();
  if (map == nullptr) return nullptr;
  const auto it = map->find(key);
  return it == map->end() ? nullptr : &it->second;
}

json::array_t& table(json& doc, const char* name) {
  static json::array_t none;
  json* value = member(doc, name);
  auto* rows = value != nullptr ? value->get_ptr<json::array_t*>() : nullptr;
  if (rows == nullptr) {
    ADD_FAILURE() << "no table " << name;
    none.clear();
    return none;
  }
  return *rows;
}

constexpr const char* kTables[] = {"school_hours", "bell_schedules",  "special_activities",      "students",
                                   "sessions",     "protected_times", "other_provider_sessions", "provider_busy_times"};

// `copies` times every row of `base`, ids and student ids suffixed so that the copies stay distinct and
// their references hold: a payload as big as wanted from a committed fixture.
json replicated(const json& base, int copies) {
  json out = base;
  for (const char* name : kTables) {
    json::array_t& rows = table(out, name);
    const json::array_t original = rows;
    rows.clear();
    rows.reserve(original.size() * static_cast<std::size_t>(copies));
    for (int copy = 0; copy < copies; ++copy) {
      const std::string suffix = "#" + std::to_string(copy);
      for (const json& row : original) {
        json& added = rows.emplace_back(row);
        for (const char* key : {"id", "student_id"}) {
          json* value = member(added, key);
          if (auto* text = value != nullptr ? value->get_ptr<std::string*>() : nullptr) *text += suffix;
        }
      }
    }
  }
  return out;
}

// ---- Every committed payload and large payloads made from them ----

TEST(PayloadFast, ReadsEveryFixturePayloadAsTheDomParserDoes) {
  const auto fixtures = slotfit_test::payload_fixtures();
  for (const auto& [name, text] : fixtures) {
    EXPECT_TRUE(agree(text, Verdict::kBothAccept)) << name;
    // The public entry point takes the fast path here and must give the same.
    const auto result = slotfit::parse_payload(text);
    const Payload* payload = std::get_if<Payload>(&result);
    ASSERT_NE(payload, nullptr) << name;
    EXPECT_EQ(slotfit_test::payload_difference(*payload, dom_payload(text)), "") << name;
  }
  EXPECT_GE(fixtures.size(), 3u);
}

// Short ids (minimal.json, held inside the strings themselves) and long ones (sample-school.json, on the
// heap) move differently as the row vectors grow; the id checks must see them where they finally are.
TEST(PayloadFast, ReadsLargeReplicatedPayloadsAsTheDomParserDoes) {
  json minimal = replicated(fixture_json("minimal.json"), 500);
  EXPECT_EQ(table(minimal, "students").size(), 2000u);
  EXPECT_TRUE(agree(minimal.dump(), Verdict::kBothAccept));
  EXPECT_TRUE(agree(replicated(fixture_json("sample-school.json"), 12).dump(), Verdict::kBothAccept));
}

TEST(PayloadFast, RefusesALateDuplicateIdOrUnknownStudentInALargePayload) {
  const json big = replicated(fixture_json("minimal.json"), 100);
  for (const char* name : {"bell_schedules", "special_activities", "students", "sessions", "protected_times",
                           "provider_busy_times"}) {
    json doc = big;
    json::array_t& rows = table(doc, name);
    rows.back()["id"] = rows.front()["id"];
    EXPECT_TRUE(agree(doc.dump(), Verdict::kBothRefuse)) << name;
  }
  for (const char* name : {"sessions", "other_provider_sessions"}) {
    json doc = big;
    table(doc, name).back()["student_id"] = "stu-1";  // every id carries a copy suffix
    EXPECT_TRUE(agree(doc.dump(), Verdict::kBothRefuse)) << name;
  }
}

// ---- The bad-payload corpus ----

const std::vector<slotfit_test::BadPayloadCase>& bad_cases() {
  static const std::vector<slotfit_test::BadPayloadCase> cases = slotfit_test::load_bad_payload_cases();
  return cases;
}

class PayloadFastBadCase : public testing::TestWithParam<std::size_t> {};

TEST_P(PayloadFastBadCase, IsRefused) {
  const slotfit_test::BadPayloadCase& c = bad_cases()[GetParam()];
  ASSERT_EQ(c.problem, "") << c.name;
  EXPECT_FALSE(slotfit::parse_payload_fast(c.text).has_value()) << c.name;
  EXPECT_TRUE(agree(c.text, Verdict::kBothRefuse)) << c.name;
}

std::string case_name(const testing::TestParamInfo<std::size_t>& info) {
  std::string name;
  for (const char c : bad_cases()[info.param].name) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name + "_" + std::to_string(info.param);
}

INSTANTIATE_TEST_SUITE_P(Fixture, PayloadFastBadCase, testing::Range<std::size_t>(0, bad_cases().size()),
                         case_name);

// ---- Text shapes the corpus does not cover ----

TEST(PayloadFast, KeysInReverseOrderWhitespaceAndUnicodeEscapesReadAlike) {
  for (const char* name : {"minimal.json", "sample-school.json"}) {
    const json doc = fixture_json(name);
    const Payload plain = dom_payload(doc.dump());
    for (const TextStyle& style : {TextStyle{true, false, ""}, TextStyle{true, false, " \n\t\r "},
                                   TextStyle{false, true, ""}, TextStyle{true, true, "\n  "}}) {
      const std::string text = written(doc, style);
      ASSERT_TRUE(agree(text, Verdict::kBothAccept)) << name;
      const auto fast = slotfit::parse_payload_fast(text);
      ASSERT_TRUE(fast.has_value());
      EXPECT_EQ(slotfit_test::payload_difference(*fast, plain), "") << name << " gap " << json(style.gap).dump();
    }
  }
}

TEST(PayloadFast, UnknownKeysAreSkippedAtEveryLevelHoweverDeep) {
  json doc = fixture_json("minimal.json");
  const Payload plain = dom_payload(doc.dump());
  // Known key names and payload-like shapes inside an unknown key must not be taken for the real ones.
  const json noise = json::parse(R"({"id": 5, "students": [{"id": null}], "day_of_week": "x",
      "deep": [[[[{"a": [{}, [], null, 1.5, "s", true]}]]]], "schema_version": 2})");
  std::string deep = "[";
  for (int i = 0; i < 300; ++i) deep += "{\"k\":[";
  for (int i = 0; i < 300; ++i) deep += "]}";
  deep += "]";
  doc["zz_noise"] = noise;
  doc["zz_deep"] = json::parse(deep);
  doc["zz_scalar"] = nullptr;
  doc["provider"]["zz_noise"] = noise;
  doc["school"]["zz_noise"] = noise;
  for (const char* name : kTables) {
    for (json& row : table(doc, name)) {
      row["zz_noise"] = noise;
      row["zz_empty"] = json::object();
      row["zz_number"] = 8;
    }
  }
  const std::string text = doc.dump();
  ASSERT_TRUE(agree(text, Verdict::kBothAccept));
  EXPECT_EQ(slotfit_test::payload_difference(*slotfit::parse_payload_fast(text), plain), "");
}

TEST(PayloadFast, WholeFloatsReadAsIntegers) {
  json doc = fixture_json("minimal.json");
  const Payload plain = dom_payload(doc.dump());
  doc["schema_version"] = 1.0;
  doc["work_days"] = json::array({1.0, 2, 3.0, 4, 5.0});
  table(doc, "sessions")[0]["day_of_week"] = 1.0;
  table(doc, "school_hours")[1]["day_of_week"] = 1.0;
  table(doc, "students")[0]["sessions_per_week"] = 2.0;
  table(doc, "students")[0]["minutes_per_session"] = 30.0;
  std::string text = doc.dump();
  ASSERT_TRUE(agree(text, Verdict::kBothAccept));
  EXPECT_EQ(slotfit_test::payload_difference(*slotfit::parse_payload_fast(text), plain), "");
  // Exponent forms are numbers like any other.
  const std::string from = "\"minutes_per_session\":30.0";
  ASSERT_NE(text.find(from), std::string::npos);
  text.replace(text.find(from), from.size(), "\"minutes_per_session\":3e1");
  ASSERT_TRUE(agree(text, Verdict::kBothAccept));
  EXPECT_EQ(slotfit_test::payload_difference(*slotfit::parse_payload_fast(text), plain), "");
}

// The DOM parser keeps the last of two equal keys; the fast path leaves every such text to it.
TEST(PayloadFast, DuplicateKeysAreLeftToTheDomParser) {
  const std::string text = json(fixture_json("minimal.json")).dump();
  const auto with = [&](const std::string& from, const std::string& to) {
    std::string out = text;
    const auto at = out.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) out.replace(at, from.size(), to);
    return out;
  };
  struct Case {
    std::string text;
    bool accepted;  // by the DOM parser (and so by parse_payload)
  };
  const std::vector<Case> cases = {
      {with(",\"data_version\"", ",\"data_version\":7,\"data_version\""), true},
      {with("\"work_days\"", "\"work_days\":\"x\",\"work_days\""), true},
      {with("\"role\":\"speech\"", "\"role\":\"speech\",\"role\":\"ot\""), true},
      {with("\"day_of_week\":1,", "\"day_of_week\":9,\"day_of_week\":1,"), true},
      {with("\"day_of_week\":1,", "\"day_of_week\":1,\"day_of_week\":9,"), false},
      {with("\"schema_version\":1", "\"schema_version\":2,\"schema_version\":1"), true},
  };
  for (const Case& c : cases) {
    EXPECT_FALSE(slotfit::parse_payload_fast(c.text).has_value()) << c.text.substr(0, 120);
    const auto result = slotfit::parse_payload(c.text);
    const auto dom = slotfit::parse_payload_dom(c.text);
    ASSERT_EQ(std::holds_alternative<Payload>(result), c.accepted) << c.text.substr(0, 120);
    if (c.accepted) {
      EXPECT_EQ(slotfit_test::payload_difference(std::get<Payload>(result), std::get<Payload>(dom)), "");
    } else {
      EXPECT_EQ(std::get<slotfit::Errors>(result).front().path, std::get<slotfit::Errors>(dom).front().path);
    }
  }
  // Repeating a key that nothing reads changes nothing, so the fast path keeps those texts.
  const std::string unread = with(",\"data_version\"", ",\"zz\":1,\"zz\":[2],\"data_version\"");
  EXPECT_TRUE(agree(unread, Verdict::kBothAccept));
}

TEST(PayloadFast, OptionalTopLevelKeysAndEmptyTables) {
  json doc = fixture_json("minimal.json");
  for (const char* key : {"generated_at", "data_version", "incomplete", "provider_busy_times"}) {
    json copy = doc;
    copy.erase(key);
    EXPECT_TRUE(agree(copy.dump(), Verdict::kBothAccept)) << key;
  }
  doc["generated_at"] = nullptr;
  doc["incomplete"] = json::array({"students", "sessions"});
  doc["work_days"] = json::array();
  for (const char* name : kTables) table(doc, name).clear();
  EXPECT_TRUE(agree(doc.dump(), Verdict::kBothAccept));
}

TEST(PayloadFast, RefusesTextsThatAreNotAPayloadObject) {
  for (const char* text : {"", " ", "[]", "{}", "null", "1", "\"x\"", "{\"schema_version\":1}",
                           "{\"schema_version\":1} {}", "{\"schema_version\":1,}"}) {
    EXPECT_FALSE(slotfit::parse_payload_fast(text).has_value()) << text;
  }
  const std::string text = fixture_json("minimal.json").dump();
  EXPECT_FALSE(slotfit::parse_payload_fast(text.substr(0, text.size() - 1)).has_value());
  EXPECT_FALSE(slotfit::parse_payload_fast(text + "x").has_value());
  EXPECT_TRUE(slotfit::parse_payload_fast(text + " \n").has_value());
}

// ---- Every single edit of minimal.json: each value replaced by each candidate, each member and item removed,
// items appended. Both parsers must agree on every one. ----

class EditSweep {
 public:
  explicit EditSweep(json doc) : root_(std::move(doc)) {}

  void run() { visit(root_, ""); }
  int accepted() const { return accepted_; }
  int refused() const { return refused_; }

 private:
  void check(const std::string& edit) {
    bool dom_accepts = false;
    const auto result = agree(root_.dump(), std::nullopt, &dom_accepts);
    EXPECT_TRUE(result) << edit;
    if (result) ++(dom_accepts ? accepted_ : refused_);
  }

  void visit(json& node, const std::string& where) {
    const json original = node;
    for (const json& candidate : candidates()) {
      node = candidate;
      check(where + " = " + candidate.dump());
    }
    node = original;
    if (auto* object = node.get_ptr<json::object_t*>()) {
      std::vector<std::string> keys;
      for (const auto& entry : *object) keys.push_back(entry.first);
      for (const std::string& key : keys) {
        visit((*object)[key], where + "/" + key);
        json saved = std::move((*object)[key]);
        object->erase(key);
        check("remove " + where + "/" + key);
        (*object)[key] = std::move(saved);
      }
      (*object)["zz_unknown"] = json::array({json::object({{"id", 1}})});
      check("add " + where + "/zz_unknown");
      object->erase("zz_unknown");
    } else if (auto* array = node.get_ptr<json::array_t*>()) {
      for (std::size_t i = 0; i < array->size(); ++i) {
        visit((*array)[i], where + "/" + std::to_string(i));
        json saved = (*array)[i];
        array->erase(array->begin() + static_cast<std::ptrdiff_t>(i));
        check("remove " + where + "/" + std::to_string(i));
        array->insert(array->begin() + static_cast<std::ptrdiff_t>(i), std::move(saved));
        json copy = (*array)[i];
        array->push_back(std::move(copy));
        check("append a copy of " + where + "/" + std::to_string(i));
        array->pop_back();
      }
      for (const json& candidate : candidates()) {
        array->push_back(candidate);
        check("append " + candidate.dump() + " to " + where);
        array->pop_back();
      }
    }
  }

  static const std::vector<json>& candidates() {
    static const std::vector<json> list = {
        nullptr,
        true,
        false,
        0,
        1,
        2,
        7,
        8,
        -1,
        1.0,
        2.0,
        2.5,
        1e300,
        std::numeric_limits<std::int32_t>::max(),
        std::int64_t{std::numeric_limits<std::int32_t>::max()} + 1,
        std::numeric_limits<std::int64_t>::min(),
        std::numeric_limits<std::uint64_t>::max(),
        "",
        "x",
        "08:00",
        "08:00:00",
        "24:00",
        "7:30",
        "2026-2027",
        "stu-1",
        "stu-2",
        "bell-1",
        json::array(),
        json::object(),
        json::array({1}),
        json::object({{"id", "x"}}),
    };
    return list;
  }

  json root_;
  int accepted_ = 0;
  int refused_ = 0;
};

TEST(PayloadFast, AgreesWithTheDomParserOnEverySingleEditOfMinimal) {
  EditSweep sweep(fixture_json("minimal.json"));
  sweep.run();
  // Both outcomes must be well represented, or the sweep proves little.
  EXPECT_GT(sweep.accepted(), 1000);
  EXPECT_GT(sweep.refused(), 4000);
  RecordProperty("accepted", std::to_string(sweep.accepted()));
  RecordProperty("refused", std::to_string(sweep.refused()));
}

}  // namespace
