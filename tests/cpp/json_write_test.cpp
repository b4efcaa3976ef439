// The one JSON writer (slotfit/json_write.hpp) and the answers written through it. The report writers replaced
// nlohmann DOMs dumped with error_handler_t::replace; their bytes must not change, so each is compared with that
// DOM, built here as the old writers built it, on awkward strings (every control character, quotes, backslashes,
// non-ASCII and ill-formed UTF-8), compact and indented.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "slotfit/groups.hpp"
#include "slotfit/json_write.hpp"
#include "slotfit/report.hpp"
#include "slotfit/suggest.hpp"
#include "slotfit/time.hpp"

namespace slotfit {
namespace {

using nlohmann::json;
using json_write::Escapes;

std::string literal(std::string_view text, Escapes escapes) {
  std::string out;
  json_write::append_string(out, text, escapes);
  return out;
}

// How nlohmann's dump wrote a string in the report writers.
std::string nlohmann_literal(std::string_view text) {
  return json(std::string(text)).dump(-1, ' ', false, json::error_handler_t::replace);
}

const std::string kReplacement = "\xEF\xBF\xBD";

std::string hex(std::string_view bytes) {
  std::string out;
  for (const char c : bytes) {
    const char digits[] = "0123456789ABCDEF";
    out += digits[static_cast<unsigned char>(c) >> 4];
    out += digits[static_cast<unsigned char>(c) & 15];
    out += ' ';
  }
  return out;
}

TEST(JsonWriteStrings, UnicodeEscapesEveryControlCharacterAndLeavesOtherBytes) {
  for (int c = 0; c < 0x20; ++c) {
    const char hex[] = "0123456789abcdef";
    const std::string expected = std::string("\"\\u00") + hex[c >> 4] + hex[c & 15] + "\"";
    EXPECT_EQ(literal(std::string(1, static_cast<char>(c)), Escapes::kUnicode), expected) << c;
  }
  EXPECT_EQ(literal("say \"hi\" \\ there", Escapes::kUnicode), R"("say \"hi\" \\ there")");
  EXPECT_EQ(literal("\x7F / é 学 😀", Escapes::kUnicode), "\"\x7F / é 学 😀\"");
  // Not its business: the core refused invalid UTF-8 on input, and these bytes pass as they are.
  EXPECT_EQ(literal("a\xFF\xC3(\xED\xA0\x80", Escapes::kUnicode), "\"a\xFF\xC3(\xED\xA0\x80\"");
}

TEST(JsonWriteStrings, ReportEscapesAsNlohmannDumpDid) {
  const std::string shorts[][2] = {{"\b", "\\b"}, {"\t", "\\t"}, {"\n", "\\n"}, {"\f", "\\f"}, {"\r", "\\r"}};
  for (const auto& [in, out] : shorts) EXPECT_EQ(literal(in, Escapes::kShortReplacingInvalid), "\"" + out + "\"");
  EXPECT_EQ(literal(std::string(1, '\0') + "\x01\x1F", Escapes::kShortReplacingInvalid), R"("\u0000\u0001\u001f")");
  EXPECT_EQ(literal("\"\\/\x7F é 学 😀", Escapes::kShortReplacingInvalid), "\"\\\"\\\\/\x7F é 学 😀\"");
  // Each ill-formed sequence is one U+FFFD: a lone byte, a cut-off sequence, a surrogate's bytes one by one.
  EXPECT_EQ(literal("a\xFF" "b", Escapes::kShortReplacingInvalid), "\"a" + kReplacement + "b\"");
  EXPECT_EQ(literal("\xE2\x82", Escapes::kShortReplacingInvalid), "\"" + kReplacement + "\"");
  EXPECT_EQ(literal("\xE2\x82(", Escapes::kShortReplacingInvalid), "\"" + kReplacement + "(\"");
  EXPECT_EQ(literal("\xED\xA0\x80", Escapes::kShortReplacingInvalid), "\"" + kReplacement + kReplacement + kReplacement + "\"");
  EXPECT_EQ(literal("\xC0\xAF", Escapes::kShortReplacingInvalid), "\"" + kReplacement + kReplacement + "\"");

  for (int c = 0; c < 256; ++c) {
    const std::string one(1, static_cast<char>(c));
    EXPECT_EQ(literal(one, Escapes::kShortReplacingInvalid), nlohmann_literal(one)) << c;
  }
}

// Every string of up to four bytes drawn from the bytes where UTF-8's rules change, and random longer ones.
TEST(JsonWriteStrings, ReportEscapesMatchNlohmannOnEveryShortSequence) {
  const unsigned char edges[] = {0x00, 0x0A, 0x1F, 0x22, 0x41, 0x5C, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF,
                                 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3,
                                 0xF4, 0xF5, 0xFF};
  std::vector<std::string> cases = {""};
  for (int length = 1; length <= 4; ++length) {
    std::vector<std::string> longer;
    for (const std::string& prefix : cases)
      if (static_cast<int>(prefix.size()) == length - 1)
        for (const unsigned char b : edges) longer.push_back(prefix + static_cast<char>(b));
    cases.insert(cases.end(), longer.begin(), longer.end());
  }
  std::mt19937 random(20261203);
  for (int i = 0; i < 20000; ++i) {
    std::string text(random() % 40, '\0');
    for (char& c : text) c = static_cast<char>(random() % 2 == 0 ? edges[random() % sizeof edges] : random() % 256);
    cases.push_back(std::move(text));
  }
  int differences = 0;
  for (const std::string& text : cases)
    if (literal(text, Escapes::kShortReplacingInvalid) != nlohmann_literal(text) && ++differences <= 5)
      ADD_FAILURE() << "differs on " << hex(text) << ": nlohmann wrote " << nlohmann_literal(text);
  EXPECT_EQ(differences, 0);
}

TEST(JsonWriteNumbers, AsNlohmannDumpWritesThem) {
  const double values[] = {0.0, -0.0, 1.0, 30.5, 12.345, 0.1 + 0.2, 1e21, 1e-7, 123456789.125, -2.5e-300,
                           std::numeric_limits<double>::max(), std::numeric_limits<double>::denorm_min(),
                           std::numeric_limits<double>::min(), 1.0 / 3.0};
  for (const double value : values) {
    std::string out;
    json_write::append_number(out, value);
    EXPECT_EQ(out, json(value).dump()) << value;
  }
  for (const double value : {std::nan(""), std::numeric_limits<double>::infinity(), -HUGE_VAL}) {
    std::string out;
    json_write::append_number(out, value);
    EXPECT_EQ(out, "null");
  }
}

// ---- the report writers against the nlohmann DOMs they replaced ----

std::string dumped(const json& j, int indent) { return j.dump(indent, ' ', false, json::error_handler_t::replace); }

template <typename T>
json opt(const std::optional<T>& value) { return value ? json(*value) : json(nullptr); }

json errors_dom(const Errors& errors) {
  json out = json::array();
  for (const Error& e : errors) out.push_back({{"code", e.code}, {"path", e.path}, {"message", e.message}});
  return out;
}

const std::vector<std::string> kAwkward = {
    "plain", "", "quote \" backslash \\ slash /", "tab\tnewline\ncr\rbs\bff\f", std::string("nul \0 end", 9),
    "\x01\x1E\x1F\x7F", "élève 学生 😀", "bad \xFF byte", "cut \xE2\x82", "surrogate \xED\xA0\x80"};

const std::string& awkward(std::size_t i) { return kAwkward[i % kAwkward.size()]; }

TEST(ReportWriters, ErrorsConflictsAndRowsAsBefore) {
  Errors errors;
  std::vector<Conflict> conflicts;
  std::vector<MemberConflict> members;
  std::vector<BindingRow> rows;
  for (std::size_t i = 0; i < kAwkward.size(); ++i) {
    errors.push_back(Error{awkward(i), awkward(i + 1), awkward(i + 2)});
    const auto kind = static_cast<ConflictKind>(i % kConflictKindCount);
    Conflict c{kind, awkward(i + 3), i % 3 == 0 ? std::nullopt : std::optional<std::string>(awkward(i + 4))};
    conflicts.push_back(c);
    members.push_back(MemberConflict{c, i % 2 == 0 ? std::nullopt : std::optional<std::string>(awkward(i + 5))});
    rows.push_back(BindingRow{kind, static_cast<int>(i % 7) + 1, 480 + static_cast<int>(i), 510,
                              i % 2 == 0 ? std::nullopt : std::optional<std::string>(awkward(i)), awkward(i + 6),
                              awkward(i + 7)});
  }
  json conflicts_dom = json::array();
  for (const Conflict& c : conflicts)
    conflicts_dom.push_back({{"kind", kind_name(c.kind)}, {"message", c.message}, {"ref_id", opt(c.ref_id)}});
  json members_dom = json::array();
  for (const MemberConflict& m : members)
    members_dom.push_back({{"kind", kind_name(m.conflict.kind)}, {"message", m.conflict.message},
                           {"ref_id", opt(m.conflict.ref_id)}, {"student_id", opt(m.student_id)}});
  json rows_dom = json::array();
  for (const BindingRow& r : rows)
    rows_dom.push_back({{"kind", kind_name(r.kind)}, {"day", r.day}, {"start", r.start}, {"end", r.end},
                        {"id", opt(r.id)}, {"label", r.label}, {"reason", r.reason}});
  for (const int indent : {-1, 0, 2}) {
    EXPECT_EQ(errors_json(errors, indent), dumped(errors_dom(errors), indent));
    EXPECT_EQ(errors_json({}, indent), dumped(errors_dom({}), indent));
    EXPECT_EQ(conflicts_json(conflicts, indent), dumped(conflicts_dom, indent));
    EXPECT_EQ(member_conflicts_json(members, indent), dumped(members_dom, indent));
    EXPECT_EQ(binding_rows_json(rows, indent), dumped(rows_dom, indent));
  }
}

TEST(ReportWriters, ScheduleStatsAndGroupsAsBefore) {
  ScheduleResult r;
  for (std::size_t i = 0; i < kAwkward.size(); ++i) {
    Placement p;
    if (i % 2 == 1) p.id = awkward(i);
    p.student_id = awkward(i + 1);
    p.day_of_week = static_cast<int>(i % 5) + 1;
    p.start_time = 480 + 5 * static_cast<int>(i);
    p.end_time = p.start_time + 30;
    p.service_type = awkward(i + 2);
    p.delivered_by = awkward(i + 3);
    if (i % 3 == 0) p.assigned_to_sea_id = awkward(i + 4);
    p.status = awkward(i + 5);
    if (i % 4 != 0) p.group_ref = awkward(i + 6);
    r.placements.push_back(p);
    UnplacedStudent u{awkward(i + 7), 3, 1, 40 + static_cast<int>(i), {}};
    for (int k = 0; k < kConflictKindCount; ++k)
      u.ruled_out[static_cast<std::size_t>(k)] = (k + static_cast<int>(i)) % 3 == 0 ? 0 : k + static_cast<int>(i);
    r.unplaced.push_back(u);
    r.not_configured.push_back(NotConfiguredStudent{awkward(i + 8), awkward(i + 9)});
    r.groups.push_back(ScheduledGroup{p.day_of_week, p.start_time, p.end_time, {static_cast<int>(i), 0},
                                      {awkward(i), awkward(i + 1)}, awkward(i + 2),
                                      i % 2 == 0 ? std::nullopt : std::optional<std::string>(awkward(i + 3))});
    r.errors.push_back(Error{awkward(i), awkward(i + 4), awkward(i + 8)});
  }
  r.unplaced.push_back(UnplacedStudent{"none ruled out", 1, 0, 0, {}});
  r.stats = ScheduleStats{1234567890123, 40, 37, 2, 12.375, 38, false, "budget", 99};

  const auto schedule_dom = [](const ScheduleResult& s) {
    json placements = json::array();
    for (const Placement& p : s.placements) {
      json row = json::object();
      if (p.id) row["id"] = *p.id;
      row["student_id"] = p.student_id;
      row["day_of_week"] = p.day_of_week;
      row["start_time"] = format_hhmmss(p.start_time);
      row["end_time"] = format_hhmmss(p.end_time);
      row["service_type"] = p.service_type;
      row["delivered_by"] = p.delivered_by;
      row["assigned_to_sea_id"] = opt(p.assigned_to_sea_id);
      row["status"] = p.status;
      row["group_ref"] = opt(p.group_ref);
      placements.push_back(std::move(row));
    }
    json groups = json::array();
    for (const ScheduledGroup& g : s.groups)
      groups.push_back({{"day", g.day}, {"start", g.start}, {"end", g.end}, {"placements", g.placements},
                        {"session_ids", g.session_ids}, {"group_ref", g.group_ref}, {"key", opt(g.key)}});
    json unplaced = json::array();
    for (const UnplacedStudent& u : s.unplaced) {
      json ruled_out = json::object();
      for (int k = 0; k < kConflictKindCount; ++k)
        if (u.ruled_out[static_cast<std::size_t>(k)] > 0)
          ruled_out[std::string(kConflictKindNames[static_cast<std::size_t>(k)])] =
              u.ruled_out[static_cast<std::size_t>(k)];
      unplaced.push_back({{"student_id", u.student_id}, {"needed", u.needed}, {"placed", u.placed},
                          {"candidates", u.candidates}, {"ruled_out", std::move(ruled_out)}});
    }
    json not_configured = json::array();
    for (const NotConfiguredStudent& n : s.not_configured)
      not_configured.push_back({{"student_id", n.student_id}, {"reason", n.reason}});
    return json{{"placements", std::move(placements)},
                {"unplaced", std::move(unplaced)},
                {"not_configured", std::move(not_configured)},
                {"groups", std::move(groups)},
                {"errors", errors_dom(s.errors)},
                {"stats",
                 {{"candidates_evaluated", s.stats.candidates_evaluated},
                  {"sessions_needed", s.stats.sessions_needed},
                  {"sessions_placed", s.stats.sessions_placed},
                  {"placeholders_filled", s.stats.placeholders_filled},
                  {"elapsed_ms", s.stats.elapsed_ms},
                  {"upper_bound", opt(s.stats.upper_bound)},
                  {"optimal", opt(s.stats.optimal)},
                  {"stopped_by", s.stats.stopped_by.empty() ? json(nullptr) : json(s.stats.stopped_by)},
                  {"search_work", s.stats.search_work}}}};
  };
  ScheduleResult empty;
  empty.stats.elapsed_ms = 0.1 + 0.2;

  EngineStats stats{7, 12, 3, 40, 3.0, 1LL << 40, 99, awkward(5), {awkward(3), awkward(7)}};
  EngineStats bare;
  const auto stats_dom = [](const EngineStats& s) {
    return json{{"students", s.students}, {"sessions", s.sessions}, {"placeholders", s.placeholders},
                {"rows_indexed", s.rows_indexed}, {"load_ms", s.load_ms}, {"checks", s.checks},
                {"candidates_evaluated", s.candidates_evaluated}, {"data_version", opt(s.data_version)},
                {"incomplete", s.incomplete}};
  };

  std::vector<SessionGroup> groups;
  for (std::size_t i = 0; i < 4; ++i)
    groups.push_back(SessionGroup{static_cast<int>(i), 2, 540, 570, {awkward(i), awkward(i + 2)},
                                  {awkward(i + 4), awkward(i + 6)},
                                  i == 1 ? std::nullopt : std::optional<std::string>(awkward(i + 7))});
  json groups_dom = json::array();
  for (const SessionGroup& g : groups)
    groups_dom.push_back({{"id", g.id}, {"day", g.day}, {"start", g.start}, {"end", g.end},
                          {"session_ids", g.session_ids}, {"student_ids", g.student_ids},
                          {"group_ref", opt(g.group_ref)}});

  for (const int indent : {-1, 0, 2}) {
    EXPECT_EQ(schedule_json(r, indent), dumped(schedule_dom(r), indent));
    EXPECT_EQ(schedule_json(empty, indent), dumped(schedule_dom(empty), indent));
    EXPECT_EQ(stats_json(stats, indent), dumped(stats_dom(stats), indent));
    EXPECT_EQ(stats_json(bare, indent), dumped(stats_dom(bare), indent));
    EXPECT_EQ(groups_json(groups, indent), dumped(groups_dom, indent));
    EXPECT_EQ(groups_json({}, indent), dumped(json::array(), indent));
  }
}

}  // namespace
}  // namespace slotfit
