#include "support/final_schedule_judge.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "support/reference_rules.hpp"

namespace slotfit::testing {
namespace {

std::string hhmm(int minute) {
  char text[8];
  std::snprintf(text, sizeof text, "%02d:%02d", minute / 60 % 100, minute % 60);
  return text;
}

RuleBreak break_of(const Placement& pl, std::string rule, std::string detail = {}) {
  return RuleBreak{pl.student_id, pl.day_of_week, pl.start_time, pl.end_time, std::move(rule), std::move(detail)};
}

}  // namespace

std::vector<RuleBreak> judge_final_schedule(const Payload& before, const Policy& policy,
                                            const std::vector<Placement>& placements, JudgeOptions options) {
  std::vector<RuleBreak> breaks;
  std::map<std::string, int> student_of;
  for (std::size_t s = 0; s < before.students.size(); ++s) student_of.emplace(before.students[s].id, static_cast<int>(s));
  std::map<std::string, int> templates;  // placed templates per student before the schedule
  for (const SessionRow& row : before.sessions) {
    if (!row.is_placeholder()) ++templates[row.student_id];
  }

  // The final schedule, each placement under an id of its own so that it can be set aside while judged.
  Payload state = before;
  std::vector<std::string> ids;
  std::vector<bool> in_state;
  std::map<std::string, int> added;
  for (const Placement& pl : placements) {
    ids.push_back(pl.id.value_or("judged-" + std::to_string(ids.size())));
    const auto student = student_of.find(pl.student_id);
    if (student == student_of.end()) {
      breaks.push_back(break_of(pl, "unknown-student"));
      in_state.push_back(false);
      continue;
    }
    const StudentRow& st = before.students[static_cast<std::size_t>(student->second)];
    if (pl.end_time - pl.start_time != st.minutes_per_session.value_or(-1)) {
      breaks.push_back(break_of(pl, "length", "not the student's minutes_per_session"));
    }
    if (templates[pl.student_id] + ++added[pl.student_id] > st.sessions_per_week.value_or(0)) {
      breaks.push_back(break_of(pl, "count", "more sessions than sessions_per_week"));
    }
    const bool applied = reference_apply(state, pl, ids.back());
    if (!applied) breaks.push_back(break_of(pl, "placeholder", "names a session that is not its placeholder"));
    in_state.push_back(applied);
  }

  // Every hard rule, for every placed session, against everything else in the final schedule.
  for (std::size_t i = 0; i < placements.size(); ++i) {
    if (!in_state[i]) continue;
    const Placement& pl = placements[i];
    const int s = student_of.at(pl.student_id);
    const ConflictMask mask =
        reference_mask(state, policy, s, pl.day_of_week, pl.start_time, pl.end_time - pl.start_time, ids[i]);
    for (int k = 0; k < kConflictKindCount; ++k) {
      if (mask & bit(static_cast<ConflictKind>(k))) {
        breaks.push_back(break_of(pl, std::string(kind_name(static_cast<ConflictKind>(k)))));
      }
    }
  }
  if (!options.different_days) return breaks;

  // Different days, judged once per doubled (student, day) that holds a placed session.
  const std::vector<int> work = reference_work_days(state);
  std::set<std::pair<std::string, int>> judged;
  for (std::size_t i = 0; i < placements.size(); ++i) {
    if (!in_state[i]) continue;
    const Placement& pl = placements[i];
    if (!judged.emplace(pl.student_id, pl.day_of_week).second) continue;
    std::set<int> days_held;
    int on_this_day = 0;
    for (const SessionRow& row : state.sessions) {
      if (row.student_id != pl.student_id || row.is_placeholder()) continue;
      days_held.insert(*row.day_of_week);
      on_this_day += *row.day_of_week == pl.day_of_week ? 1 : 0;
    }
    if (on_this_day < 2) continue;
    const int s = student_of.at(pl.student_id);
    const int minutes = pl.end_time - pl.start_time;
    const std::vector<int> starts = reference_grid_starts(state, policy, minutes);
    for (int day : work) {
      if (days_held.count(day) != 0) continue;
      const auto legal = std::find_if(starts.begin(), starts.end(), [&](int start) {
        return reference_mask(state, policy, s, day, start, minutes, ids[i]) == 0;
      });
      if (legal != starts.end()) {
        breaks.push_back(break_of(pl, "different-days",
                                  "day " + std::to_string(day) + " has no session of the student and a legal start at " +
                                      hhmm(*legal)));
        break;
      }
    }
  }
  return breaks;
}

std::string describe(const RuleBreak& b) {
  std::string out = "student " + b.student_id + " day " + std::to_string(b.day) + " " + hhmm(b.start) + "-" +
                    hhmm(b.end) + ": " + b.rule;
  if (!b.detail.empty()) out += " (" + b.detail + ")";
  return out;
}

}  // namespace slotfit::testing
