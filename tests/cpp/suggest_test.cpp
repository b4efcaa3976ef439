// Repair suggestions on weeks built by hand: fits as it is, one move, the two kinds of two moves, the order,
// answering on top of a proposal, and every refusal.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <string>
#include <variant>
#include <vector>

#include "slotfit/engine.hpp"
#include "slotfit/time.hpp"
#include "support/payload_builder.hpp"

namespace slotfit {
namespace {

using testing::at;
using testing::PayloadBuilder;

// Monday only, 09:00–11:00, starts every 30 minutes: 09:00, 09:30, 10:00, 10:30 for a 30-minute session.
PayloadBuilder monday() {
  PayloadBuilder b;
  b.work_days({1}).hours("1", 1, "09:00", "11:00");
  return b;
}

Policy one_at_a_time() {
  Policy p;
  p.capacity = 1;
  p.capacity_ladder = {1};
  p.grid_step = 30;
  return p;
}

Engine loaded_with(const PayloadBuilder& b, const Policy& policy) {
  Engine e(policy);
  const Errors errors = e.load(b.build());
  EXPECT_TRUE(errors.empty()) << (errors.empty() ? "" : errors[0].message);
  return e;
}

SuggestResult ask(const Engine& e, const std::string& student, int max_moves = 2, int limit = 5,
                  Strategy strategy = Strategy::kBalanced) {
  SuggestOptions o;
  o.student_id = student;
  o.max_moves = max_moves;
  o.limit = limit;
  o.strategy = strategy;
  SuggestResult r = e.suggest(o);
  EXPECT_TRUE(r.errors.empty()) << (r.errors.empty() ? "" : r.errors[0].code + " " + r.errors[0].message);
  return r;
}

// "10:00" for an option, "10:00 a>10:30 b>09:00" with its moves, so a failure shows the whole answer.
std::string text(const Suggestion& s) {
  std::string out = std::to_string(s.day) + " " + format_hhmm(s.start);
  for (const SuggestMove& m : s.moves)
    out += " " + m.session_id.value_or("#" + std::to_string(m.placement)) + ">" + std::to_string(m.day) + " " +
           format_hhmm(m.start);
  return out;
}

std::vector<std::string> texts(const SuggestResult& r) {
  std::vector<std::string> out;
  for (const Suggestion& s : r.suggestions) out.push_back(text(s));
  return out;
}

TEST(Suggest, AFreeStartComesFirstThenOneMoveEachInTheStrategysOrder) {
  auto b = monday();
  b.student("a", "1", 1, 30).session("sa", "a", 1, "09:00", "09:30");
  b.protect("pa", "a", std::nullopt, 1, "09:30", "10:00");  // a may go to 10:00 or 10:30
  b.student("b", "1", 1, 30).session("sb", "b", 1, "09:30", "10:00");
  b.student("c", "1", 1, 30).session("sc", "c", 1, "10:00", "10:30");
  b.student("new", "1", 1, 30);
  Engine e = loaded_with(b, one_at_a_time());
  const SuggestResult r = ask(e, "new", 2, 5, Strategy::kMorningFirst);
  // 10:30 is free; 09:00 frees when a goes to 10:30 (the only free start); 09:30 when b goes there, 10:00 when c
  // does. All single moves of 30 minutes: morning first.
  EXPECT_EQ(texts(r), (std::vector<std::string>{"1 10:30", "1 09:00 sa>1 10:30", "1 09:30 sb>1 10:30",
                                                "1 10:00 sc>1 10:30"}));
  for (const Suggestion& s : r.suggestions) EXPECT_EQ(s.end, s.start + 30);
  EXPECT_EQ(texts(ask(e, "new", 0)), std::vector<std::string>{"1 10:30"});
  EXPECT_EQ(texts(ask(e, "new", 2, 2, Strategy::kMorningFirst)),
            (std::vector<std::string>{"1 10:30", "1 09:00 sa>1 10:30"}));
}

TEST(Suggest, ASessionWithNowhereToGoIsNotMoved) {
  auto b = monday();
  b.student("long", "1", 1, 60).session("sl", "long", 1, "09:00", "10:00");
  b.student("short", "1", 1, 30).session("ss", "short", 1, "10:00", "10:30");
  b.student("new", "1", 1, 30);
  b.protect("pn", "new", std::nullopt, 1, "10:30", "11:00");
  Engine e = loaded_with(b, one_at_a_time());
  // 09:00 and 09:30 need the hour-long session moved (to 10:00? no: 10:00–11:00 holds ss; nowhere), 10:00 needs
  // ss moved to 10:30. Only 10:00 can be freed with one move.
  EXPECT_EQ(texts(ask(e, "new", 1, 5, Strategy::kMorningFirst)), std::vector<std::string>{"1 10:00 ss>1 10:30"});
}

TEST(Suggest, ShorterMovesWinOverEarlierStarts) {
  PayloadBuilder b;
  b.work_days({1}).hours("1", 1, "09:00", "12:00");
  b.student("long", "1", 1, 60).session("sl", "long", 1, "09:00", "10:00");
  b.student("short", "1", 1, 30).session("ss", "short", 1, "10:00", "10:30");
  b.student("new", "1", 1, 30);
  b.protect("pn", "new", std::nullopt, 1, "10:30", "12:00");
  b.protect("pl", "long", std::nullopt, 1, "09:00", "10:30");  // long may go to 10:30–11:30 or 11:00–12:00
  Engine e = loaded_with(b, one_at_a_time());
  // 09:00 and 09:30: move the hour (60 minutes); 10:00: move ss (30 minutes) first, although later.
  const auto got = texts(ask(e, "new", 1, 5, Strategy::kMorningFirst));
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0], "1 10:00 ss>1 10:30");
  EXPECT_EQ(got[1], "1 09:00 sl>1 10:30");
  EXPECT_EQ(got[2], "1 09:30 sl>1 10:30");
}

TEST(Suggest, AChainMovesOneSessionWhereAnotherMustLeave) {
  auto b = monday();
  b.student("a", "1", 1, 30).session("sa", "a", 1, "09:00", "09:30");
  b.protect("pa", "a", std::nullopt, 1, "10:00", "11:00");  // a can only go to 09:30
  b.student("b", "1", 1, 30).session("sb", "b", 1, "09:30", "10:00");
  b.student("c", "1", 1, 30).session("sc", "c", 1, "10:00", "10:30");
  b.protect("pc", "c", std::nullopt, 1, "09:00", "11:00");  // c has nowhere else to go
  b.student("new", "1", 1, 30);
  b.protect("pn", "new", std::nullopt, 1, "09:30", "11:00");  // new only at 09:00
  Engine e = loaded_with(b, one_at_a_time());
  EXPECT_TRUE(ask(e, "new", 1).suggestions.empty());
  // new at 09:00, a to 09:30, b out of a's way to 10:30.
  EXPECT_EQ(texts(ask(e, "new", 2)), std::vector<std::string>{"1 09:00 sa>1 09:30 sb>1 10:30"});
}

TEST(Suggest, TwoSessionsInTheWayBothMove) {
  auto b = monday();
  b.student("a", "1", 1, 30).session("sa", "a", 1, "09:00", "09:30");
  b.student("b", "1", 1, 30).session("sb", "b", 1, "09:30", "10:00");
  b.student("new", "1", 1, 60);
  b.protect("pn", "new", std::nullopt, 1, "10:00", "11:00");  // the hour fits only 09:00–10:00
  Engine e = loaded_with(b, one_at_a_time());
  EXPECT_TRUE(ask(e, "new", 1).suggestions.empty());
  const SuggestResult r = ask(e, "new", 2);
  ASSERT_EQ(r.suggestions.size(), 1u);
  const Suggestion& s = r.suggestions[0];
  EXPECT_EQ(s.start, at("09:00"));
  EXPECT_EQ(s.end, at("10:00"));
  ASSERT_EQ(s.moves.size(), 2u);
  // Each goes to its nearest legal start: a to 10:00 (10:30 is a's second choice), b to the other.
  EXPECT_EQ(text(s), "1 09:00 sa>1 10:00 sb>1 10:30");
}

TEST(Suggest, TheStudentsOwnSessionMayMove) {
  PayloadBuilder b;
  b.work_days({1, 2}).hours_all_days("1", "09:00", "10:00");
  b.student("s", "1", 2, 30).session("own", "s", 1, "09:00", "09:30");
  Policy p;
  p.grid_step = 30;
  p.consecutive_limit = 30;  // 09:30 touches the own session: too long a chain
  Engine e = loaded_with(b, p);
  // Tuesday fits as it is; Monday only after the own session leaves for Tuesday.
  EXPECT_EQ(texts(ask(e, "s", 2, 5, Strategy::kMorningFirst)),
            (std::vector<std::string>{"2 09:00", "2 09:30", "1 09:00 own>2 09:00", "1 09:30 own>2 09:00"}));
}

TEST(Suggest, GroupedStrategiesPreferJoiningPeersAndBalancedPrefersEmptierDays) {
  PayloadBuilder b;
  b.work_days({1, 2}).hours_all_days("3", "09:00", "10:00");
  b.student("peer", "3", 1, 30).session("sp", "peer", 2, "09:30", "10:00");
  b.student("other", "3", 1, 30).session("so", "other", 2, "09:00", "09:30");
  b.student("new", "3", 1, 30);
  Policy p;
  p.grid_step = 30;
  Engine e = loaded_with(b, p);
  EXPECT_EQ(texts(ask(e, "new", 0, 5, Strategy::kMorningFirst)),
            (std::vector<std::string>{"1 09:00", "2 09:00", "1 09:30", "2 09:30"}));
  const auto balanced = texts(ask(e, "new", 0, 5, Strategy::kBalanced));
  ASSERT_EQ(balanced.size(), 4u);
  EXPECT_EQ(balanced[0], "1 09:00");  // Monday holds nothing yet
  EXPECT_EQ(texts(ask(e, "new", 0, 1, Strategy::kGradeGrouped))[0], "2 09:00");  // joins a grade-3 session
}

TEST(Suggest, NothingWhenTheStudentNeedsNoMoreOrIsNotConfiguredOrNothingFits) {
  auto b = monday();
  b.student("done", "1", 1, 30).session("sd", "done", 1, "09:00", "09:30");
  b.student("unset", "1", std::nullopt, 30);
  b.student("zero", "1", 2, 0);
  b.student("blocked", "1", 1, 30).protect("pb", "blocked", std::nullopt, 1, "09:00", "11:00");
  Engine e = loaded_with(b, one_at_a_time());
  EXPECT_TRUE(ask(e, "done").suggestions.empty());
  EXPECT_TRUE(ask(e, "unset").suggestions.empty());
  EXPECT_TRUE(ask(e, "zero").suggestions.empty());
  EXPECT_TRUE(ask(e, "blocked").suggestions.empty());
}

TEST(Suggest, APlaceholderDoesNotCountAsScheduled) {
  auto b = monday();
  b.student("s", "1", 1, 30).placeholder("ph", "s");
  Engine e = loaded_with(b, one_at_a_time());
  EXPECT_EQ(ask(e, "s", 0).suggestions.size(), 4u);
}

TEST(Suggest, OnTopOfAProposalWithoutChangingTheLoadedState) {
  auto b = monday();
  b.student("a", "1", 1, 30).placeholder("pha", "a");
  b.student("b", "1", 1, 30);
  b.protect("pb", "b", std::nullopt, 1, "09:00", "10:30");  // b only at 10:30
  b.student("new", "1", 1, 30);
  b.protect("pn", "new", std::nullopt, 1, "09:30", "11:00");  // new only at 09:00
  Engine e = loaded_with(b, one_at_a_time());
  ScheduleOptions morning;
  morning.strategy = Strategy::kMorningFirst;
  const ScheduleResult proposal = e.auto_schedule(morning);
  ASSERT_EQ(proposal.placements.size(), 3u);  // a, b and new all fit
  // A proposal where a sits at 09:00 (in new's only start) and b at 10:30.
  std::vector<Placement> rows;
  for (const Placement& p : proposal.placements)
    if (p.student_id != "new") rows.push_back(p);
  for (Placement& p : rows)
    if (p.student_id == "a") p.start_time = at("09:00"), p.end_time = at("09:30");
  const ConflictGrid before = e.conflict_map(*e.student_index("new"), 30).value();
  const EngineStats stats_before = e.stats();

  SuggestOptions o;
  o.student_id = "new";
  o.placements = rows;
  const SuggestResult r = e.suggest(o);
  ASSERT_TRUE(r.errors.empty());
  ASSERT_FALSE(r.suggestions.empty());
  const Suggestion& s = r.suggestions[0];
  EXPECT_EQ(s.start, at("09:00"));
  ASSERT_EQ(s.moves.size(), 1u);
  EXPECT_EQ(s.moves[0].session_id, std::optional<std::string>("pha"));  // the placeholder the row fills
  EXPECT_EQ(rows[static_cast<std::size_t>(s.moves[0].placement)].student_id, "a");
  EXPECT_EQ(s.moves[0].start, at("09:30"));

  // A new row of the proposal moves by its index, without an id.
  rows[0].id.reset();
  o.placements = rows;
  const SuggestResult again = e.suggest(o);
  ASSERT_FALSE(again.suggestions.empty());
  ASSERT_EQ(again.suggestions[0].moves.size(), 1u);
  EXPECT_FALSE(again.suggestions[0].moves[0].session_id.has_value());
  EXPECT_EQ(again.suggestions[0].moves[0].placement, 0);

  const ConflictGrid after = e.conflict_map(*e.student_index("new"), 30).value();
  EXPECT_EQ(after.kinds, before.kinds);
  EXPECT_EQ(e.stats().sessions, stats_before.sessions);
  EXPECT_EQ(e.stats().placeholders, stats_before.placeholders);
  // Without the proposal, new fits at 09:00 as it is.
  EXPECT_EQ(texts(ask(e, "new", 2, 1)), std::vector<std::string>{"1 09:00"});
}

TEST(Suggest, RefusesWhatItCannotAnswer) {
  auto b = monday();
  b.student("s", "1", 1, 30).placeholder("ph", "s").student("t", "1", 1, 30).session("st", "t", 1, "09:00", "09:30");
  Engine e = loaded_with(b, one_at_a_time());
  auto first_error = [&](SuggestOptions o) {
    const SuggestResult r = e.suggest(o);
    EXPECT_TRUE(r.suggestions.empty());
    return r.errors.empty() ? std::string("none") : r.errors[0].code + " " + r.errors[0].path;
  };
  SuggestOptions o;
  o.student_id = "nobody";
  EXPECT_EQ(first_error(o), "unknown-student /student_id");
  o.student_id = "s";
  o.limit = 0;
  EXPECT_EQ(first_error(o), "bad-value /limit");
  o.limit = 5;
  o.max_moves = 3;
  EXPECT_EQ(first_error(o), "bad-value /max_moves");
  o.max_moves = 2;

  Placement row;
  row.student_id = "s";
  row.day_of_week = 1;
  row.start_time = at("10:00");
  row.end_time = at("10:30");
  o.placements = {row};
  o.placements[0].student_id = "ghost";
  EXPECT_EQ(first_error(o), "unknown-student /placements/0/student_id");
  o.placements[0] = row;
  o.placements[0].id = "st";  // a placed session, not a placeholder
  EXPECT_EQ(first_error(o), "unknown-session /placements/0/id");
  o.placements = {row, row};
  o.placements[0].id = o.placements[1].id = "ph";
  EXPECT_EQ(first_error(o), "duplicate-id /placements/1/id");
  o.placements = {row};
  o.placements[0].day_of_week = 8;
  EXPECT_EQ(first_error(o), "bad-day /placements/0/day_of_week");
  o.placements[0] = row;
  o.placements[0].end_time = row.start_time;
  EXPECT_EQ(first_error(o), "end-not-after-start /placements/0/end_time");
  o.placements = {row};
  EXPECT_EQ(first_error(o), "none");

  Payload incomplete = b.build();
  incomplete.incomplete = {"protected_times"};
  Engine partial(one_at_a_time());
  ASSERT_TRUE(partial.load(incomplete).empty());
  SuggestOptions plain;
  plain.student_id = "s";
  EXPECT_EQ(partial.suggest(plain).errors.at(0).code, "incomplete-payload");
  plain.allow_incomplete = true;
  EXPECT_TRUE(partial.suggest(plain).errors.empty());

  Engine empty;
  EXPECT_EQ(empty.suggest(plain).errors.at(0).code, "not-loaded");
}

TEST(Suggest, OptionsParseFromJsonWithPathsOnErrors) {
  auto parsed = parse_suggest_options(
      R"({"student_id":"s","limit":3,"max_moves":1,"strategy":"morning-first","allow_incomplete":true,
          "placements":[{"id":null,"student_id":"s","day_of_week":2,"start_time":"09:00:00","end_time":570,
                         "status":"active"}]})");
  ASSERT_TRUE(std::holds_alternative<SuggestOptions>(parsed));
  const SuggestOptions& o = std::get<SuggestOptions>(parsed);
  EXPECT_EQ(o.student_id, "s");
  EXPECT_EQ(o.limit, 3);
  EXPECT_EQ(o.max_moves, 1);
  EXPECT_EQ(o.strategy, Strategy::kMorningFirst);
  EXPECT_TRUE(o.allow_incomplete);
  ASSERT_EQ(o.placements.size(), 1u);
  EXPECT_FALSE(o.placements[0].id.has_value());
  EXPECT_EQ(o.placements[0].start_time, at("09:00"));
  EXPECT_EQ(o.placements[0].end_time, at("09:30"));

  const auto defaults = std::get<SuggestOptions>(parse_suggest_options(R"({"student_id":"s"})"));
  EXPECT_EQ(defaults.limit, 5);
  EXPECT_EQ(defaults.max_moves, 2);
  EXPECT_EQ(defaults.strategy, Strategy::kBalanced);

  auto error_of = [](std::string_view text) {
    auto r = parse_suggest_options(text);
    if (!std::holds_alternative<Errors>(r)) return std::string("none");
    const Error& e = std::get<Errors>(r).at(0);
    return e.code + " " + e.path;
  };
  EXPECT_EQ(error_of(R"({"limit":3})"), "missing-key /student_id");
  EXPECT_EQ(error_of(R"({"student_id":"s","limit":0})"), "bad-value /limit");
  EXPECT_EQ(error_of(R"({"student_id":"s","max_moves":3})"), "bad-value /max_moves");
  EXPECT_EQ(error_of(R"({"student_id":"s","max_moves":"2"})"), "wrong-type /max_moves");
  EXPECT_EQ(error_of(R"({"student_id":"s","strategy":"fastest"})"), "bad-value /strategy");
  EXPECT_EQ(error_of(R"({"student_id":"s","placements":[{"student_id":"s","day_of_week":1,"start_time":"25:00",
                         "end_time":"10:00"}]})"),
            "bad-time /placements/0/start_time");
  EXPECT_EQ(error_of(R"({"student_id":"s","placements":[7]})"), "wrong-type /placements/0");
  EXPECT_EQ(error_of("[1]"), "wrong-type ");
}

TEST(Suggest, AnswersAsJsonWithTextEscaped) {
  SuggestResult r;
  r.candidates_evaluated = 12;
  r.errors.push_back(Error{"bad-value", "/limit", "a \"quoted\" word\nand a line"});
  Suggestion s;
  s.day = 2;
  s.start = 540;
  s.end = 570;
  s.moves.push_back(SuggestMove{std::string("id \"x\"\\"), -1, 3, 600, 630});
  s.moves.push_back(SuggestMove{std::nullopt, 4, 1, 480, 500});
  r.suggestions = {s, Suggestion{5, 600, 630, {}}};
  for (int indent : {-1, 2}) {
    const nlohmann::json doc = nlohmann::json::parse(suggestions_json(r, indent), nullptr, false);
    ASSERT_FALSE(doc.is_discarded()) << suggestions_json(r, indent);
    EXPECT_EQ(doc["candidates_evaluated"], 12);
    EXPECT_EQ(doc["errors"][0]["message"], "a \"quoted\" word\nand a line");
    EXPECT_EQ(doc["errors"][0]["path"], "/limit");
    ASSERT_EQ(doc["suggestions"].size(), 2u);
    const auto& first = doc["suggestions"][0];
    EXPECT_EQ(first["day"], 2);
    EXPECT_EQ(first["start"], 540);
    EXPECT_EQ(first["end"], 570);
    EXPECT_EQ(first["moves"][0]["session_id"], "id \"x\"\\");
    EXPECT_EQ(first["moves"][0]["placement"], -1);
    EXPECT_EQ(first["moves"][0]["start"], 600);
    EXPECT_TRUE(first["moves"][1]["session_id"].is_null());
    EXPECT_EQ(first["moves"][1]["placement"], 4);
    EXPECT_EQ(doc["suggestions"][1]["moves"].size(), 0u);
  }
}

}  // namespace
}  // namespace slotfit
