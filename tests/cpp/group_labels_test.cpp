// The group label rule, case by case from tests/fixtures/group-labels.json (the same cases drive apply_schedule's
// SQL test): load the sessions before, apply the save as one change list, compare every live session's label.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "slotfit/changes.hpp"
#include "slotfit/engine.hpp"
#include "support/fixtures.hpp"

namespace {

using nlohmann::json;

std::optional<std::string> text_or_null(const json& v) {
  if (v.is_null()) return std::nullopt;
  return v.get<std::string>();
}

// minimal.json with the fixture's students and the case's sessions.
std::string payload_for(const json& fixture, const json& before) {
  json payload = slotfit_test::parse_json(slotfit_test::read_fixture("minimal.json"));
  json students = json::array();
  for (const json& s : fixture["students"])
    students.push_back({{"id", s["id"]}, {"initials", s["initials"]}, {"grade_level", s["grade_level"]},
                        {"teacher_id", nullptr}, {"teacher_name", nullptr}, {"child_id", nullptr},
                        {"sessions_per_week", 2}, {"minutes_per_session", 30}});
  payload["students"] = students;
  payload["sessions"] = before;
  payload["protected_times"] = json::array();
  payload["other_provider_sessions"] = json::array();
  return payload.dump();
}

std::map<std::string, std::optional<std::string>> live_labels(const slotfit::Engine& engine) {
  std::map<std::string, std::optional<std::string>> out;
  const slotfit::Payload* p = engine.payload();
  for (std::size_t i = 0; i < p->sessions.size(); ++i) {
    const auto index = engine.session_index(p->sessions[i].id);
    if (index && *index == static_cast<int>(i)) out[p->sessions[i].id] = p->sessions[i].group_ref;
  }
  return out;
}

std::string show(const std::optional<std::string>& label) { return label ? "\"" + *label + "\"" : "null"; }

TEST(GroupLabels, EveryCaseOfTheSharedFixture) {
  const json fixture = slotfit_test::parse_json(slotfit_test::read_fixture("group-labels.json"));
  ASSERT_TRUE(fixture.is_object());
  const json& cases = fixture["cases"];
  ASSERT_GE(cases.size(), 25u);
  for (const json& c : cases) {
    const std::string name = c["name"].get<std::string>();
    SCOPED_TRACE(name);
    slotfit::Engine engine;
    ASSERT_TRUE(engine.load(payload_for(fixture, c["before"])).empty());
    auto parsed = slotfit::parse_changes(c["save"].dump());
    ASSERT_TRUE(std::holds_alternative<std::vector<slotfit::SessionChange>>(parsed));
    ASSERT_TRUE(engine.apply_changes(std::get<std::vector<slotfit::SessionChange>>(parsed)).empty());
    std::map<std::string, std::optional<std::string>> expected;
    for (const auto& [id, label] : c["after"].items()) expected[id] = text_or_null(label);
    const auto actual = live_labels(engine);
    for (const auto& [id, label] : expected) {
      auto it = actual.find(id);
      ASSERT_NE(it, actual.end()) << id << " is not live after the save";
      EXPECT_EQ(it->second, label) << id << ": " << show(it->second) << ", expected " << show(label);
    }
    EXPECT_EQ(actual.size(), expected.size());
  }
}

// The sessions the rule relabels are reported, so that a caller holding copies of the rows can follow.
TEST(GroupLabels, ApplyChangesReportsTheSessionsWhoseLabelTheRuleSet) {
  const json fixture = slotfit_test::parse_json(slotfit_test::read_fixture("group-labels.json"));
  const json* join = nullptr;
  for (const json& c : fixture["cases"])
    if (c["name"] == "an-explicit-label-wins-on-a-join") join = &c;
  ASSERT_NE(join, nullptr);
  slotfit::Engine engine;
  ASSERT_TRUE(engine.load(payload_for(fixture, (*join)["before"])).empty());
  auto parsed = slotfit::parse_changes((*join)["save"].dump());
  std::vector<int> relabelled;
  ASSERT_TRUE(engine.apply_changes(std::get<std::vector<slotfit::SessionChange>>(parsed), &relabelled).empty());
  std::vector<std::string> ids;
  for (int s : relabelled) ids.push_back(engine.payload()->sessions[static_cast<std::size_t>(s)].id);
  std::sort(ids.begin(), ids.end());
  // The joining row named the label itself; the three members it joined took it from the rule.
  EXPECT_EQ(ids, (std::vector<std::string>{"5e000000-0000-4000-8000-000000000001", "5e000000-0000-4000-8000-000000000002",
                                           "5e000000-0000-4000-8000-000000000003"}));
}

// A refused change list relabels nothing.
TEST(GroupLabels, ARefusedSaveChangesNoLabel) {
  const json fixture = slotfit_test::parse_json(slotfit_test::read_fixture("group-labels.json"));
  const json& c = fixture["cases"][0];
  slotfit::Engine engine;
  ASSERT_TRUE(engine.load(payload_for(fixture, c["before"])).empty());
  const auto before = live_labels(engine);
  json save = c["save"];
  save.push_back({{"op", "remove"}, {"id", "no-such-session"}});
  auto parsed = slotfit::parse_changes(save.dump());
  EXPECT_FALSE(engine.apply_changes(std::get<std::vector<slotfit::SessionChange>>(parsed)).empty());
  EXPECT_EQ(live_labels(engine), before);
}

}  // namespace
