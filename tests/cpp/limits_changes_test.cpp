// The input limits (slotfit/parse.hpp, README "Input limits") through the change path and the group entry
// points: a change list of any size within the limits applies whole and the groups it forms answer; past a
// limit it is refused with too-large at the value's path, and the engine keeps what it had. Natively and under
// wasm (the same suite); none may abort.
#include <gtest/gtest.h>

#include <climits>
#include <nlohmann/json.hpp>
#include <string>
#include <variant>
#include <vector>

#include "slotfit/changes.hpp"
#include "slotfit/engine.hpp"
#include "slotfit/groups.hpp"
#include "slotfit/parse.hpp"
#include "support/fixtures.hpp"

namespace {

using nlohmann::json;
using slotfit::Errors;
using slotfit::SessionChange;

json minimal() { return slotfit_test::parse_json(slotfit_test::read_fixture("minimal.json")); }

json session(const std::string& id, const std::string& student, int day, const std::string& start,
             const std::string& end, const json& group_ref) {
  return {{"id", id},
          {"student_id", student},
          {"day_of_week", day},
          {"start_time", start},
          {"end_time", end},
          {"service_type", "speech"},
          {"delivered_by", "provider"},
          {"assigned_to_sea_id", nullptr},
          {"assigned_to_specialist_id", nullptr},
          {"status", "active"},
          {"group_ref", group_ref}};
}

std::vector<SessionChange> accepted(const std::string& text) {
  auto parsed = slotfit::parse_changes(text);
  if (const auto* errors = std::get_if<Errors>(&parsed)) {
    ADD_FAILURE() << "refused: " << errors->front().code << " at " << errors->front().path << ": "
                  << errors->front().message;
    return {};
  }
  return std::get<std::vector<SessionChange>>(std::move(parsed));
}

slotfit::Error first_error(const std::string& text) {
  const auto parsed = slotfit::parse_changes(text);
  const auto* errors = std::get_if<Errors>(&parsed);
  if (errors == nullptr) {
    ADD_FAILURE() << "accepted";
    return {};
  }
  return errors->front();
}

// minimal.json (stu-1 .. stu-4) loaded.
slotfit::Engine minimal_engine() {
  slotfit::Engine engine;
  EXPECT_TRUE(engine.load(minimal().dump()).empty());
  return engine;
}

// Two of minimal.json's sessions as one change list that puts them together on Friday 13:00, labelled `label`.
std::string pair_on_friday(const std::string& label) {
  return json::array({session("ses-1", "stu-1", 5, "13:00", "13:30", label),
                      session("ses-4", "stu-4", 5, "13:00", "13:30", label)})
      .dump();
}

// ---- 100,000 changes in one batch, and groups of 20,000 ----

TEST(LimitsThroughChanges, HundredThousandChangesFormGroupsAndTheGroupsAnswer) {
  constexpr int kStudents = 20'000;
  json doc = minimal();
  for (int i = 0; i < kStudents; ++i)
    doc["students"].push_back({{"id", "big-" + std::to_string(i)}, {"initials", "B.G."}, {"grade_level", "2"},
                               {"teacher_id", nullptr}, {"teacher_name", nullptr}, {"child_id", nullptr},
                               {"sessions_per_week", 5}, {"minutes_per_session", 30}});
  slotfit::Engine engine;
  ASSERT_TRUE(engine.load(doc.dump()).empty());

  // Each student five sessions, Monday to Friday at 14:30, each day's labelled "week-<day>": five groups.
  json batch = json::array();
  for (int i = 0; i < kStudents; ++i)
    for (int day = 1; day <= 5; ++day)
      batch.push_back(session("big-" + std::to_string(i) + "-" + std::to_string(day), "big-" + std::to_string(i), day,
                              "14:30", "15:00", "week-" + std::to_string(day)));
  const std::vector<SessionChange> changes = accepted(batch.dump());
  ASSERT_EQ(changes.size(), 100'000u);
  std::vector<int> relabelled{-1};
  ASSERT_TRUE(engine.apply_changes(changes, &relabelled).empty());
  EXPECT_TRUE(relabelled.empty());
  std::vector<slotfit::SessionGroup> groups = engine.groups();
  ASSERT_EQ(groups.size(), 5u);
  for (int day = 1; day <= 5; ++day) {
    const slotfit::SessionGroup& g = groups[static_cast<std::size_t>(day - 1)];
    EXPECT_EQ(g.day, day);
    EXPECT_EQ(g.start, 14 * 60 + 30);
    EXPECT_EQ(g.session_ids.size(), static_cast<std::size_t>(kStudents));
    EXPECT_EQ(g.group_ref, "week-" + std::to_string(day));
  }

  // A group of 20,000 moved together has no room anywhere (capacity counts the whole group); its answers agree.
  const int member = *engine.session_index("big-7-2");
  EXPECT_EQ(engine.joins(member, 2, 14 * 60 + 30, 30), 1);
  const slotfit::ConflictMask mask = engine.evaluate_group(member, 2, 9 * 60).value();
  EXPECT_NE(mask & slotfit::bit(slotfit::ConflictKind::kCapacity), 0u);
  std::vector<slotfit::MemberConflict> conflicts;
  ASSERT_TRUE(engine.check_group(member, 2, 9 * 60, conflicts).ok());
  slotfit::ConflictMask described = 0;
  for (const slotfit::MemberConflict& c : conflicts) described |= slotfit::bit(c.conflict.kind);
  EXPECT_EQ(described, mask);
  const slotfit::ConflictGrid grid = engine.conflict_map_group(member).value();
  ASSERT_FALSE(grid.kinds.empty());
  for (slotfit::ConflictMask cell : grid.kinds) EXPECT_NE(cell & slotfit::bit(slotfit::ConflictKind::kCapacity), 0u);

  // The whole Monday group moves to 11:00 naming no label: every member moved with it, so it keeps its label.
  json move = json::array();
  for (int i = 0; i < kStudents; ++i)
    move.push_back(session("big-" + std::to_string(i) + "-1", "big-" + std::to_string(i), 1, "11:00", "11:30", nullptr));
  ASSERT_TRUE(engine.apply_changes(accepted(move.dump()), &relabelled).empty());
  EXPECT_EQ(relabelled.size(), static_cast<std::size_t>(kStudents));  // their rows said null
  groups = engine.groups();
  ASSERT_EQ(groups.size(), 5u);
  EXPECT_EQ(groups[0].start, 11 * 60);
  EXPECT_EQ(groups[0].session_ids.size(), static_cast<std::size_t>(kStudents));
  EXPECT_EQ(groups[0].group_ref, "week-1");
}

// ---- strings: a label at the limit is read and kept; past it, too-large at its path ----

TEST(LimitsThroughChanges, LabelAtTheStringLimitLabelsTheGroup) {
  slotfit::Engine engine = minimal_engine();
  const std::string label(slotfit::kMaxStringBytes, 'g');
  ASSERT_TRUE(engine.apply_changes(accepted(pair_on_friday(label))).empty());
  const std::vector<slotfit::SessionGroup> groups = engine.groups();
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].group_ref, label);
  EXPECT_NE(slotfit::groups_json(groups).find(label), std::string::npos);
}

TEST(LimitsThroughChanges, LabelPastTheStringLimitIsTooLargeAtItsPath) {
  for (const std::size_t size : {slotfit::kMaxStringBytes + 1, std::size_t{10} << 20}) {
    const slotfit::Error e = first_error(pair_on_friday(std::string(size, 'g')));
    EXPECT_EQ(e.code, "too-large") << size;
    EXPECT_EQ(e.path, "/0/group_ref") << size;
    EXPECT_NE(e.message.find(std::to_string(size) + " bytes"), std::string::npos) << e.message;
  }
}

// The C++ API takes rows without a text limit: a 10 MB label given directly is kept and listed, not cut.
TEST(LimitsThroughChanges, TenMegabyteLabelThroughTheCppApiLabelsTheGroup) {
  slotfit::Engine engine = minimal_engine();
  std::vector<SessionChange> changes = accepted(pair_on_friday("short"));
  const std::string label(std::size_t{10} << 20, 'g');
  for (SessionChange& change : changes) change.row.group_ref = label;
  ASSERT_TRUE(engine.apply_changes(changes).empty());
  ASSERT_EQ(engine.groups().size(), 1u);
  EXPECT_EQ(engine.groups()[0].group_ref, label);
}

// ---- nesting ----

TEST(LimitsThroughChanges, DeepNestingWhereAChangeBelongsIsWrongTypeAndIgnoredUnderAnUnknownKey) {
  constexpr std::size_t kDepth = 100'000;
  const std::string nested = std::string(kDepth, '[') + std::string(kDepth, ']');
  const slotfit::Error e = first_error("[" + nested + "," + session("ses-1", "stu-1", 2, "10:00", "10:30", nullptr).dump() + "]");
  EXPECT_EQ(e.code, "wrong-type");
  EXPECT_EQ(e.path, "/0");
  std::string text = json::array({session("ses-1", "stu-1", 2, "10:00", "10:30", nullptr)}).dump();
  text.insert(2, "\"extra\":" + nested + ",");
  slotfit::Engine engine = minimal_engine();
  ASSERT_TRUE(engine.apply_changes(accepted(text)).empty());
  EXPECT_EQ(engine.payload()->sessions[static_cast<std::size_t>(*engine.session_index("ses-1"))].day_of_week, 2);
}

// ---- numbers ----

TEST(LimitsThroughChanges, HugeNumbersFailTheirFieldsCheck) {
  const std::string row = session("ses-1", "stu-1", 2, "10:00", "10:30", nullptr).dump();
  const auto with = [&row](const std::string& key, const std::string& number) {
    std::string text = "[" + row + "]";
    const std::size_t at = text.find("\"" + key + "\":") + key.size() + 3;
    const std::size_t end = text.find_first_of(",}", at);
    text.replace(at, end - at, number);
    return text;
  };
  for (const std::string& number : {std::string("1e300"), std::string("9223372036854775808"), "1" + std::string(300, '0'),
                                    std::string("-1e300")}) {
    const slotfit::Error day = first_error(with("day_of_week", number));
    EXPECT_EQ(day.code, "bad-day") << number;
    EXPECT_EQ(day.path, "/0/day_of_week") << number;
    const slotfit::Error start = first_error(with("start_time", number));
    EXPECT_EQ(start.code, "bad-time") << number;
    EXPECT_EQ(start.path, "/0/start_time") << number;
  }
  const slotfit::Error beyond = first_error(with("end_time", "-1e400"));
  EXPECT_EQ(beyond.code, "too-large");
  EXPECT_EQ(beyond.path, "/0/end_time");
}

// ---- duplicate keys: the last one wins, as in JSON.parse ----

TEST(LimitsThroughChanges, DuplicateKeysKeepTheLastValue) {
  // Each row says Wednesday and "first", then again Friday and "last".
  std::string text = json::array({session("ses-1", "stu-1", 3, "13:00", "13:30", "first"),
                                  session("ses-4", "stu-4", 3, "13:00", "13:30", "first")})
                         .dump();
  const std::string label = "\"group_ref\":\"first\"";
  for (std::size_t at = text.find(label); at != std::string::npos; at = text.find(label, at + 1))
    text.insert(at + label.size(), ",\"group_ref\":\"last\",\"day_of_week\":5");
  slotfit::Engine engine = minimal_engine();
  ASSERT_TRUE(engine.apply_changes(accepted(text)).empty());
  ASSERT_EQ(engine.groups().size(), 1u);
  EXPECT_EQ(engine.groups()[0].day, 5);
  EXPECT_EQ(engine.groups()[0].group_ref, "last");
}

// ---- bytes that are not UTF-8 ----

TEST(LimitsThroughChanges, InvalidUtf8IsInvalidJsonAtItsOffset) {
  const std::string good = pair_on_friday("label");
  const std::size_t at = good.find("\"label\"") + 1;
  for (const std::string& bad : {std::string("\xff"), std::string("\xc0\xaf"), std::string("\xed\xa0\x80")}) {
    std::string text = good;
    text.insert(at, bad);
    const slotfit::Error e = first_error(text);
    EXPECT_EQ(e.code, "invalid-json");
    EXPECT_EQ(e.path, "");
    bool named = false;
    for (std::size_t offset = at; offset <= at + bad.size(); ++offset)
      named = named || e.message.find("byte offset " + std::to_string(offset) + ":") != std::string::npos;
    EXPECT_TRUE(named) << at << ": " << e.message;
  }
}

// Bytes the parsers would refuse, given through the C++ API as a label: kept, and listed as JSON with the bad
// bytes replaced (the text a caller reads stays UTF-8).
TEST(LimitsThroughChanges, InvalidUtf8LabelThroughTheCppApiIsListedAsUtf8) {
  slotfit::Engine engine = minimal_engine();
  std::vector<SessionChange> changes = accepted(pair_on_friday("x"));
  for (SessionChange& change : changes) change.row.group_ref = std::string("g\xff\xc0");
  ASSERT_TRUE(engine.apply_changes(changes).empty());
  const std::string listed = slotfit::groups_json(engine.groups());
  const json parsed = json::parse(listed, nullptr, /*allow_exceptions=*/false);
  ASSERT_FALSE(parsed.is_discarded()) << listed;
  EXPECT_EQ(parsed[0]["group_ref"], "g\xef\xbf\xbd\xef\xbf\xbd");  // U+FFFD for each bad byte
}

// ---- integers at their extremes through the group entry points ----

TEST(LimitsThroughGroups, ExtremeIntegersAreRefusedNotOverflowed) {
  slotfit::Engine engine = minimal_engine();
  ASSERT_TRUE(engine.apply_changes(accepted(pair_on_friday("pair"))).empty());
  const int member = *engine.session_index("ses-1");
  std::vector<slotfit::MemberConflict> out;
  for (const int value : {INT_MIN, -1, 1441, INT_MAX}) {
    EXPECT_EQ(engine.evaluate_group(member, 5, value).errors().at(0).code, "invalid-argument") << value;
    EXPECT_EQ(engine.evaluate_group(member, value, 600).errors().at(0).code, "invalid-argument") << value;
    EXPECT_EQ(engine.evaluate_group(value, 5, 600).errors().at(0).code, "invalid-argument") << value;
    EXPECT_FALSE(engine.check_group(member, 5, value, out).ok()) << value;
    EXPECT_TRUE(out.empty());
    EXPECT_FALSE(engine.conflict_map_group(value).ok()) << value;
    EXPECT_EQ(engine.joins(member, 5, value, 30), -1) << value;
    EXPECT_EQ(engine.joins(member, 5, 13 * 60, value), -1) << value;
    EXPECT_FALSE(engine.rows_for(value).ok()) << value;
  }
  const slotfit::ConflictGrid grid = engine.conflict_map_group(member).value();
  EXPECT_EQ(engine.join_map(member, INT_MAX, grid), std::vector<std::int32_t>(grid.kinds.size(), -1));
  EXPECT_EQ(engine.join_map(INT_MIN, 30, grid).size(), grid.kinds.size());
  EXPECT_TRUE(engine.evaluate_group(member, 5, 13 * 60).ok());  // still answers
}

// ---- a refusal leaves the groups and labels alone ----

TEST(LimitsThroughChanges, RefusedBatchLeavesTheGroupsAlone) {
  slotfit::Engine engine = minimal_engine();
  ASSERT_TRUE(engine.apply_changes(accepted(pair_on_friday("pair"))).empty());
  const std::string before = slotfit::groups_json(engine.groups());
  std::vector<SessionChange> changes = accepted(pair_on_friday("other"));
  changes.push_back(SessionChange{SessionChange::Op::kRemove, {}});
  changes.back().row.id = "no-such-session";
  std::vector<int> relabelled{-1};
  const Errors errors = engine.apply_changes(changes, &relabelled);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, "unknown-session");
  EXPECT_EQ(errors[0].path, "/2/id");
  EXPECT_TRUE(relabelled.empty());
  EXPECT_EQ(slotfit::groups_json(engine.groups()), before);
}

}  // namespace
