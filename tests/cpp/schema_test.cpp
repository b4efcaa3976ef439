// The parser and core/schema/payload-v1.schema.json must say the same thing: what is required, and which
// documents are payloads at all. A change to either side without the other breaks a test here.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <variant>
#include <vector>

#include "slotfit/parse.hpp"
#include "support/fixtures.hpp"
#include "support/json_schema.hpp"

namespace {

using nlohmann::json;
using slotfit_test::JsonSchema;

const JsonSchema& schema() {
  static const JsonSchema instance(slotfit_test::parse_json(slotfit_test::read_schema_text()));
  return instance;
}

json minimal() {
  return slotfit_test::parse_json(slotfit_test::read_fixture("minimal.json"));
}

std::string violations(const json& doc) {
  std::string out;
  for (const auto& v : schema().validate(doc)) out += "\n  " + v.path + " " + v.keyword + ": " + v.message;
  return out;
}

slotfit::Errors parser_errors(const json& doc) {
  auto result = slotfit::parse_payload(doc.dump());
  if (auto* errors = std::get_if<slotfit::Errors>(&result)) return *errors;
  return {};
}

bool parser_reports(const slotfit::Errors& errors, const std::string& code, const std::string& path) {
  for (const auto& e : errors) {
    if (e.code == code && e.path == path) return true;
  }
  return false;
}

std::set<std::string> required_of(const json& node) {
  std::set<std::string> names;
  if (const auto it = node.find("required"); it != node.end()) {
    for (const json& name : *it) names.insert(name.get<std::string>());
  }
  return names;
}

// The subschema describing one table's rows (or one nested object), by top-level key.
const json& table_schema(const std::string& key) {
  return schema().root()["properties"][key];
}

TEST(Schema, UsesOnlyKeywordsTheValidatorChecks) {
  ASSERT_TRUE(schema().root().is_object()) << "cannot read " << SLOTFIT_SCHEMA_PATH;
  EXPECT_TRUE(schema().unsupported().empty()) << [] {
    std::string out;
    for (const auto& u : schema().unsupported()) out += "\n  " + u;
    return out;
  }();
}

// The validator is only worth its verdicts if it refuses what it should.
TEST(Schema, ValidatorRefusesWhatTheSchemaForbids) {
  const auto refuses = [](const std::string& pointer, const json& value) {
    json doc = minimal();
    doc[json::json_pointer(pointer)] = value;
    return !schema().accepts(doc);
  };
  EXPECT_TRUE(schema().accepts(minimal())) << violations(minimal());
  EXPECT_TRUE(refuses("/schema_version", 2));                   // const
  EXPECT_TRUE(refuses("/provider/role", 5));                    // type
  EXPECT_TRUE(refuses("/school/school_year", "2026"));          // pattern
  EXPECT_TRUE(refuses("/work_days/1", 1));                      // uniqueItems
  EXPECT_TRUE(refuses("/work_days/0", 0));                      // $ref -> minimum
  EXPECT_TRUE(refuses("/work_days/0", 8));                      // maximum
  EXPECT_TRUE(refuses("/students/0/id", ""));                   // minLength
  EXPECT_TRUE(refuses("/students/0/sessions_per_week", 2.5));   // integer
  EXPECT_TRUE(refuses("/sessions/0/start_time", "24:01"));      // oneOf: neither alternative
  EXPECT_TRUE(refuses("/sessions/0/day_of_week", "1"));         // oneOf
  EXPECT_FALSE(refuses("/sessions/0/day_of_week", nullptr));    // oneOf: the null alternative
  EXPECT_FALSE(refuses("/students/0/sessions_per_week", 2.0));  // "integer" includes 2.0
  json doc = minimal();
  doc["bell_schedules"][0].erase("period_name");
  EXPECT_FALSE(schema().accepts(doc));  // required
}

TEST(Schema, EveryPayloadFixtureIsValidForTheSchemaAndTheParser) {
  const auto fixtures = slotfit_test::payload_fixtures();
  for (const auto& [name, text] : fixtures) {
    const json doc = slotfit_test::parse_json(text);
    EXPECT_TRUE(schema().accepts(doc)) << name << violations(doc);
    const auto result = slotfit::parse_payload(text);
    if (const auto* errors = std::get_if<slotfit::Errors>(&result)) {
      ADD_FAILURE() << name << ": the parser refuses it: " << errors->front().code << " at "
                    << errors->front().path << ": " << errors->front().message;
    }
  }
  EXPECT_GE(fixtures.size(), 1u);
}

// Removing a key from minimal.json: the schema and the parser must agree on whether that is an error.
void expect_same_verdict_on_removal(const std::string& container, const json& node_schema) {
  const json base = minimal();
  const json::json_pointer where(container);
  ASSERT_TRUE(base.contains(where)) << container;
  const std::set<std::string> required = required_of(node_schema);
  std::set<std::string> parser_required;
  for (const auto& [key, value] : base[where].items()) {
    json doc = base;
    doc[where].erase(key);
    const std::string path = container + "/" + key;
    const bool schema_refuses = !schema().accepts(doc);
    const slotfit::Errors errors = parser_errors(doc);
    if (parser_reports(errors, "missing-key", path)) parser_required.insert(key);
    EXPECT_EQ(schema_refuses, required.count(key) > 0) << path << violations(doc);
    EXPECT_EQ(errors.empty(), !schema_refuses) << path << ": schema and parser disagree";
  }
  for (const std::string& key : required) {
    EXPECT_TRUE(base[where].contains(key)) << "minimal.json lacks the required " << container << "/" << key;
  }
  EXPECT_EQ(parser_required, required) << container;
}

TEST(SchemaDrift, TopLevelKeys) {
  expect_same_verdict_on_removal("", schema().root());
  // The optional keys must be in minimal.json, so their removal is tested too.
  std::set<std::string> properties;
  for (const auto& [key, value] : schema().root()["properties"].items()) properties.insert(key);
  const json base = minimal();
  std::set<std::string> in_fixture;
  for (const auto& [key, value] : base.items()) in_fixture.insert(key);
  EXPECT_EQ(in_fixture, properties) << "minimal.json should carry every top-level key of the schema";
}

TEST(SchemaDrift, NestedObjectKeys) {
  for (const char* key : {"provider", "school"}) {
    SCOPED_TRACE(key);
    expect_same_verdict_on_removal(std::string("/") + key, table_schema(key));
  }
}

TEST(SchemaDrift, RowKeysOfEveryTable) {
  int tables = 0;
  for (const auto& [key, property] : schema().root()["properties"].items()) {
    const auto type = property.find("type");
    if (type == property.end() || *type != "array") continue;
    const auto items = property.find("items");
    if (items == property.end() || !items->contains("required")) continue;  // work_days, incomplete
    SCOPED_TRACE(key);
    ++tables;
    const json base = minimal();
    ASSERT_TRUE(base.contains(key) && !base[key].empty()) << "minimal.json needs a row in " << key;
    expect_same_verdict_on_removal("/" + key + "/0", *items);
  }
  EXPECT_EQ(tables, 8);
}

// Each bad case that breaks a rule the schema can express must be refused by the schema too, and a case for a
// rule only the parser knows must be schema-valid (so it tests that rule and nothing else).
TEST(SchemaDrift, BadPayloadCasesAgreeWithTheSchema) {
  const std::set<std::string> schema_codes = {"unsupported-schema-version",
                                              "missing-key",
                                              "wrong-type",
                                              "bad-time",
                                              "bad-day",
                                              "bad-value",
                                              "duplicate-day"};
  const std::set<std::string> semantic_codes = {"end-not-after-start", "duplicate-id", "unknown-student",
                                                "placeholder-mix"};
  int checked = 0;
  for (const auto& c : slotfit_test::load_bad_payload_cases()) {
    // too-large: the limits are the reader's (slotfit/parse.hpp), not the contract's; the schema is not asked.
    if (!c.patched || c.code == "too-large") continue;
    const json doc = slotfit_test::parse_json(c.text);
    if (schema_codes.count(c.code) > 0) {
      EXPECT_FALSE(schema().accepts(doc)) << c.name << ": the schema accepts it";
      ++checked;
    } else if (semantic_codes.count(c.code) > 0) {
      EXPECT_TRUE(schema().accepts(doc)) << c.name << violations(doc);
      ++checked;
    } else {
      ADD_FAILURE() << c.name << ": code " << c.code << " is in neither list";
    }
  }
  EXPECT_GT(checked, 35);
}

}  // namespace
