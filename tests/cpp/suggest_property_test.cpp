// Repair suggestions on seeded random schools, judged by the naive reference checker (support/reference_rules)
// and by the engine itself after apply_changes: every option's new session and moved sessions are legal once
// the moves are made, nothing else moves, the order holds, fits-as-is options are all found, a two-move option
// has no single move, and answering on top of a proposal leaves the loaded state as it was.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "slotfit/engine.hpp"
#include "slotfit/time.hpp"
#include "support/random_payload.hpp"
#include "support/reference_rules.hpp"

namespace slotfit {
namespace {

using testing::random_instance;
using testing::RandomInstance;
using testing::reference_apply;
using testing::reference_grid_starts;
using testing::reference_mask;
using testing::reference_work_days;

constexpr std::uint32_t kSeeds = 150;
// The brute force over single moves is slow (the reference scans every row): the first seeds only.
constexpr std::uint32_t kBruteForceSeeds = 40;
constexpr int kLimit = 6;

struct Tally {
  int options = 0;
  int by_moves[3] = {0, 0, 0};
  int on_proposal = 0;
  int crowded = 0;
  int reports = 0;
  bool more() { return reports++ < 12; }
};

int needed(const Payload& p, const StudentRow& s) {
  if (s.sessions_per_week.value_or(0) <= 0 || s.minutes_per_session.value_or(0) <= 0) return 0;
  int placed = 0;
  for (const SessionRow& row : p.sessions) placed += row.student_id == s.id && !row.is_placeholder() ? 1 : 0;
  return std::max(0, *s.sessions_per_week - placed);
}

SessionRow* row_of(Payload& p, const std::string& id) {
  for (SessionRow& row : p.sessions)
    if (row.id == id) return &row;
  return nullptr;
}

// The id a move names in `state` (a proposal's new row has the id the test gave it).
std::string moved_id(const SuggestMove& m) {
  return m.session_id ? *m.session_id : "proposal-" + std::to_string(m.placement);
}

int moved_minutes(const Suggestion& s) {
  int total = 0;
  for (const SuggestMove& m : s.moves) total += m.end - m.start;
  return total;
}

std::string describe(std::uint32_t seed, const std::string& student, const Suggestion& s) {
  std::string out = "seed " + std::to_string(seed) + " " + student + " day " + std::to_string(s.day) + " " +
                    format_hhmm(s.start);
  for (const SuggestMove& m : s.moves)
    out += " [" + moved_id(m) + " -> " + std::to_string(m.day) + " " + format_hhmm(m.start) + "]";
  return out;
}

// Judges one answer for `student` on `state` (the payload, with the proposal applied when there is one).
void judge(std::uint32_t seed, const RandomInstance& instance, const Payload& state,
           const std::vector<SessionChange>& proposal_changes, const std::string& student_id, int max_moves,
           const SuggestResult& r, Tally& tally) {
  const Policy& policy = instance.policy;
  ASSERT_TRUE(r.errors.empty()) << "seed " << seed << ": " << r.errors[0].message;
  const int student = [&] {
    for (std::size_t i = 0; i < state.students.size(); ++i)
      if (state.students[i].id == student_id) return static_cast<int>(i);
    return -1;
  }();
  ASSERT_GE(student, 0);
  const int minutes = *state.students[static_cast<std::size_t>(student)].minutes_per_session;
  EXPECT_LE(r.suggestions.size(), static_cast<std::size_t>(kLimit));

  std::set<std::pair<int, int>> seen;
  int last_moves = 0;
  int last_minutes = 0;
  int fits = 0;
  for (const Suggestion& s : r.suggestions) {
    const std::string where = describe(seed, student_id, s);
    ++tally.options;
    ++tally.by_moves[std::min<std::size_t>(s.moves.size(), 2)];
    EXPECT_TRUE(seen.insert({s.day, s.start}).second) << where << ": a second option at the same start";
    EXPECT_EQ(s.end, s.start + minutes) << where;
    EXPECT_LE(static_cast<int>(s.moves.size()), max_moves) << where;
    const int moves = static_cast<int>(s.moves.size());
    const int moved = moved_minutes(s);
    EXPECT_TRUE(moves > last_moves || (moves == last_moves && moved >= last_minutes))
        << where << ": out of order after " << last_moves << " moves / " << last_minutes << " minutes";
    last_moves = moves;
    last_minutes = moved;
    fits += moves == 0 ? 1 : 0;

    // As it is, the start is taken only when it needs moves.
    const ConflictMask as_is = reference_mask(state, policy, student, s.day, s.start, minutes);
    EXPECT_EQ(as_is == 0, moves == 0) << where << ": as it is the reference says " << as_is;

    // The moves made, and the new session added: every one of them legal for the reference.
    Payload after = state;
    std::set<std::string> ids;
    std::vector<SessionChange> changes = proposal_changes;
    for (const SuggestMove& m : s.moves) {
      const std::string id = moved_id(m);
      EXPECT_TRUE(ids.insert(id).second) << where << ": " << id << " moves twice";
      SessionRow* row = row_of(after, id);
      ASSERT_NE(row, nullptr) << where << ": no session " << id;
      ASSERT_FALSE(row->is_placeholder()) << where;
      EXPECT_EQ(m.end - m.start, *row->end_time - *row->start_time) << where << ": " << id << " changes length";
      EXPECT_FALSE(*row->day_of_week == m.day && *row->start_time == m.start) << where << ": " << id << " stays";
      row->day_of_week = m.day;
      row->start_time = m.start;
      row->end_time = m.end;
      changes.push_back(SessionChange{SessionChange::Op::kUpsert, *row});
    }
    SessionRow added;
    added.id = "suggested";
    added.student_id = student_id;
    added.day_of_week = s.day;
    added.start_time = s.start;
    added.end_time = s.end;
    added.service_type = "speech";
    added.delivered_by = "provider";
    added.status = "active";
    after.sessions.push_back(added);
    changes.push_back(SessionChange{SessionChange::Op::kUpsert, added});
    ids.insert("suggested");

    // The same through the engine: apply_changes, then check() of every session that changed.
    Engine applied(policy);
    ASSERT_TRUE(applied.load(instance.payload).empty());
    const Errors errors = applied.apply_changes(changes);
    ASSERT_TRUE(errors.empty()) << where << ": " << errors[0].message;
    for (const std::string& id : ids) {
      const SessionRow& row = *row_of(after, id);
      int owner = -1;
      for (std::size_t i = 0; i < after.students.size(); ++i)
        if (after.students[i].id == row.student_id) owner = static_cast<int>(i);
      const int length = *row.end_time - *row.start_time;
      const ConflictMask mask =
          reference_mask(after, policy, owner, *row.day_of_week, *row.start_time, length, row.id);
      if (mask != 0 && tally.more())
        ADD_FAILURE() << where << ": " << id << " breaks " << mask << " for the reference once the moves are made";
      const auto conflicts = applied.check(owner, *row.day_of_week, *row.start_time, length,
                                           applied.session_index(id).value_or(-2)).value();
      if (!conflicts.empty() && tally.more())
        ADD_FAILURE() << where << ": " << id << " conflicts after apply_changes: " << conflicts[0].message;
    }

    // A two-move option: no single move of a session on that day frees the start (brute force).
    if (moves == 2 && seed <= kBruteForceSeeds) {
      Payload trial = state;
      for (SessionRow& row : trial.sessions) {
        if (row.is_placeholder() || *row.day_of_week != s.day) continue;
        const SessionRow original = row;
        int owner = -1;
        for (std::size_t i = 0; i < trial.students.size(); ++i)
          if (trial.students[i].id == row.student_id) owner = static_cast<int>(i);
        const int length = *row.end_time - *row.start_time;
        bool single = false;
        for (int day : reference_work_days(trial)) {
          for (int t : reference_grid_starts(trial, policy, length)) {
            if (day == *original.day_of_week && t == *original.start_time) continue;
            row.day_of_week = day;
            row.start_time = t;
            row.end_time = t + length;
            if (reference_mask(trial, policy, owner, day, t, length, row.id, {added}) == 0 &&
                reference_mask(trial, policy, student, s.day, s.start, minutes, "suggested", {added}) == 0) {
              single = true;
              break;
            }
          }
          if (single) break;
        }
        row = original;
        if (single && tally.more()) ADD_FAILURE() << where << ": moving only " << row.id << " would do";
      }
    }
  }

  // Every start that fits as it is comes first, as many as the limit allows.
  int free_starts = 0;
  for (int day : reference_work_days(state))
    for (int t : reference_grid_starts(state, policy, minutes))
      free_starts += reference_mask(state, policy, student, day, t, minutes) == 0 ? 1 : 0;
  EXPECT_EQ(fits, std::min(free_starts, kLimit)) << "seed " << seed << " " << student_id;
}

constexpr ConflictMask kStatic = bit(ConflictKind::kOffDay) | bit(ConflictKind::kSchoolHours) |
                                 bit(ConflictKind::kBellSchedule) | bit(ConflictKind::kSpecialActivity) |
                                 bit(ConflictKind::kProtectedTime) | bit(ConflictKind::kOtherProvider) |
                                 bit(ConflictKind::kProviderBusy);

// Up to `count` of `ids` with the fewest starts free as they are among those some start passes the static rules
// for: the students whose options need moves.
std::vector<std::string> most_crowded(const Engine& engine, const Payload& p, const std::vector<std::string>& ids,
                                      std::size_t count) {
  std::vector<std::pair<int, std::string>> ranked;
  for (const std::string& id : ids) {
    const int student = *engine.student_index(id);
    const ConflictGrid grid = engine.conflict_map(student, *p.students[static_cast<std::size_t>(student)].minutes_per_session).value();
    int free = 0;
    int possible = 0;
    for (ConflictMask k : grid.kinds) {
      free += k == 0 ? 1 : 0;
      possible += (k & kStatic) == 0 ? 1 : 0;
    }
    if (possible > 0) ranked.emplace_back(free, id);
  }
  std::sort(ranked.begin(), ranked.end());
  std::vector<std::string> out;
  for (std::size_t i = 0; i < ranked.size() && i < count; ++i) out.push_back(ranked[i].second);
  return out;
}

SuggestOptions ask(const std::string& student, int max_moves, std::vector<Placement> placements = {}) {
  SuggestOptions o;
  o.student_id = student;
  o.limit = kLimit;
  o.max_moves = max_moves;
  o.placements = std::move(placements);
  return o;
}

std::vector<std::string> starts_of(const SuggestResult& r, std::size_t up_to_moves) {
  std::vector<std::string> out;
  for (const Suggestion& s : r.suggestions)
    if (s.moves.size() <= up_to_moves) out.push_back(std::to_string(s.day) + "@" + std::to_string(s.start));
  return out;
}

TEST(SuggestProperty, EveryOptionIsLegalOnceMadeAndTheOrderHolds) {
  Tally tally;
  for (std::uint32_t seed = 1; seed <= kSeeds; ++seed) {
    const RandomInstance instance = random_instance(seed);
    const Payload& p = instance.payload;
    if (reference_work_days(p).empty()) continue;
    Engine engine(instance.policy);
    ASSERT_TRUE(engine.load(p).empty()) << "seed " << seed;

    // The loaded state: a few students that still need a session.
    int asked = 0;
    for (const StudentRow& s : p.students) {
      if (needed(p, s) == 0 || asked >= 3) continue;
      ++asked;
      const SuggestResult two = engine.suggest(ask(s.id, 2));
      judge(seed, instance, p, {}, s.id, 2, two, tally);
      // Fewer moves allowed: the same options up to that many moves, whenever the deeper answer had room.
      const SuggestResult one = engine.suggest(ask(s.id, 1));
      const SuggestResult none = engine.suggest(ask(s.id, 0));
      EXPECT_EQ(starts_of(none, 0), starts_of(two, 0)) << "seed " << seed << " " << s.id;
      const bool had_room = std::any_of(two.suggestions.begin(), two.suggestions.end(),
                                        [](const Suggestion& x) { return x.moves.size() == 2; });
      if (had_room) {
        EXPECT_EQ(starts_of(one, 1), starts_of(two, 1)) << "seed " << seed << " " << s.id;
      }
    }

    // On top of auto-schedule's proposal, for students it left short; the loaded state must not change.
    const ScheduleResult proposal = engine.auto_schedule();
    if (!proposal.errors.empty()) continue;
    Payload state = p;
    for (std::size_t i = 0; i < proposal.placements.size(); ++i)
      ASSERT_TRUE(reference_apply(state, proposal.placements[i], proposal.placements[i].id.value_or("p" + std::to_string(i))));
    // The week as the proposal leaves it, filled twice more, loaded, everyone asking one more session than they
    // have: a crowded week, where options need moves.
    Payload crowded = state;
    for (int round = 0; round < 2; ++round) {
      for (StudentRow& s : crowded.students) {
        if (s.sessions_per_week.value_or(0) <= 0 || s.minutes_per_session.value_or(0) <= 0) continue;
        s.sessions_per_week = *s.sessions_per_week + 1;
      }
      Engine filler(instance.policy);
      ASSERT_TRUE(filler.load(crowded).empty()) << "seed " << seed;
      const ScheduleResult more = filler.auto_schedule();
      for (std::size_t i = 0; i < more.placements.size(); ++i)
        reference_apply(crowded, more.placements[i],
                        more.placements[i].id.value_or("fill-" + std::to_string(round) + "-" + std::to_string(i)));
    }
    std::vector<std::string> configured;
    for (StudentRow& s : crowded.students) {
      if (s.sessions_per_week.value_or(0) <= 0 || s.minutes_per_session.value_or(0) <= 0) continue;
      int placed = 0;
      for (const SessionRow& row : crowded.sessions) placed += row.student_id == s.id && !row.is_placeholder() ? 1 : 0;
      s.sessions_per_week = placed + 1;
      configured.push_back(s.id);
    }
    RandomInstance crowded_instance{crowded, instance.policy};
    Engine crowded_engine(instance.policy);
    ASSERT_TRUE(crowded_engine.load(crowded).empty()) << "seed " << seed;
    for (const std::string& id : most_crowded(crowded_engine, crowded, configured, 3)) {
      const SuggestResult r = crowded_engine.suggest(ask(id, 2));
      tally.crowded += static_cast<int>(r.suggestions.size());
      judge(seed, crowded_instance, crowded, {}, id, 2, r, tally);
    }

    // On top of auto-schedule's proposal for that week (everyone wants one more), for students it leaves
    // short; the loaded state must not change.
    const ScheduleResult over = crowded_engine.auto_schedule();
    if (!over.errors.empty()) continue;
    Payload proposed = crowded;
    std::vector<SessionChange> proposal_changes;
    for (std::size_t i = 0; i < over.placements.size(); ++i) {
      const std::string id = over.placements[i].id.value_or("proposal-" + std::to_string(i));
      ASSERT_TRUE(reference_apply(proposed, over.placements[i], id)) << "seed " << seed;
      proposal_changes.push_back(SessionChange{SessionChange::Op::kUpsert, *row_of(proposed, id)});
    }
    std::vector<std::string> short_ids;
    for (const UnplacedStudent& u : over.unplaced) short_ids.push_back(u.student_id);
    for (const std::string& id : most_crowded(crowded_engine, crowded, short_ids, 2)) {
      const int student = *crowded_engine.student_index(id);
      const int minutes = *crowded.students[static_cast<std::size_t>(student)].minutes_per_session;
      const ConflictGrid before = crowded_engine.conflict_map(student, minutes).value();
      const EngineStats stats = crowded_engine.stats();
      const SuggestResult r = crowded_engine.suggest(ask(id, 2, over.placements));
      tally.on_proposal += static_cast<int>(r.suggestions.size());
      judge(seed, crowded_instance, proposed, proposal_changes, id, 2, r, tally);
      EXPECT_EQ(crowded_engine.conflict_map(student, minutes).value().kinds, before.kinds) << "seed " << seed;
      EXPECT_EQ(crowded_engine.stats().sessions, stats.sessions) << "seed " << seed;
      EXPECT_EQ(crowded_engine.stats().placeholders, stats.placeholders) << "seed " << seed;
    }
  }
  // The properties above say little unless every kind of answer occurs often enough.
  EXPECT_GT(tally.by_moves[0], 200);
  EXPECT_GT(tally.by_moves[1], 100);
  EXPECT_GT(tally.by_moves[2], 20);
  EXPECT_GT(tally.on_proposal, 20);
  EXPECT_GT(tally.crowded, 200);
  std::printf("suggest property: %d options (%d fit as they are, %d one move, %d two moves), %d on proposals, "
              "%d on crowded weeks\n",
              tally.options, tally.by_moves[0], tally.by_moves[1], tally.by_moves[2], tally.on_proposal,
              tally.crowded);
}

}  // namespace
}  // namespace slotfit
