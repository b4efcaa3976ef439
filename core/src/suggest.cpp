// Engine::suggest: checks the request, builds the state to answer on (the loaded sessions, and the proposal's
// rows when one is given) and names the sessions the search moved.
#include <string>
#include <vector>

#include "model.hpp"
#include "slotfit/engine.hpp"
#include "suggest_search.hpp"

namespace slotfit {
namespace {

// The id a new row of the proposal has in the occupancy (the scheduler's convention: -2, -3, …).
int new_row_id(std::size_t placement) { return -2 - static_cast<int>(placement); }

Errors check_request(const Model& m, const SuggestOptions& o) {
  Errors errors;
  if (!m.student_by_id.count(o.student_id))
    errors.push_back(Error{"unknown-student", "/student_id", "no student has id \"" + o.student_id + "\""});
  if (o.limit < 1) errors.push_back(Error{"bad-value", "/limit", "limit must be at least 1"});
  if (o.max_moves < 0 || o.max_moves > kMaxSuggestMoves)
    errors.push_back(Error{"bad-value", "/max_moves",
                           "max_moves must be 0 to " + std::to_string(kMaxSuggestMoves) + ", found " +
                               std::to_string(o.max_moves)});
  if (!m.payload.incomplete.empty() && !o.allow_incomplete)
    errors.push_back(Error{"incomplete-payload", "/incomplete",
                           "the payload is incomplete; a suggestion could break what it cannot see. Pass "
                           "allow_incomplete to suggest anyway"});
  if (m.school.work_days_missing())
    errors.push_back(Error{"work-days-missing", "/work_days",
                           "work days missing for " + m.school_name() + ": nothing can be placed"});
  return errors;
}

// A proposal row must name a known student, lie within one day, and fill (if it has an id) a live placeholder
// of that student that no other row fills.
void check_placements(const Model& m, const std::vector<Placement>& rows, Errors& errors) {
  std::vector<char> filled(m.payload.sessions.size(), 0);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Placement& p = rows[i];
    const std::string at = "/placements/" + std::to_string(i);
    const auto student = m.student_by_id.find(p.student_id);
    if (student == m.student_by_id.end())
      errors.push_back(Error{"unknown-student", at + "/student_id", "no student has id \"" + p.student_id + "\""});
    if (p.day_of_week < kFirstDay || p.day_of_week > kLastDay)
      errors.push_back(Error{"bad-day", at + "/day_of_week", "expected a day 1-7 (Monday = 1)"});
    if (p.start_time < 0 || p.end_time > kMinutesPerDay)
      errors.push_back(Error{"bad-time", at + "/start_time", "times must lie within the day"});
    if (p.end_time <= p.start_time)
      errors.push_back(Error{"end-not-after-start", at + "/end_time", "end_time must be after start_time"});
    if (!p.id) continue;
    const auto session = m.session_by_id.find(*p.id);
    const bool placeholder = session != m.session_by_id.end() &&
                             m.payload.sessions[static_cast<std::size_t>(session->second)].is_placeholder() &&
                             m.payload.sessions[static_cast<std::size_t>(session->second)].student_id == p.student_id;
    if (!placeholder) {
      errors.push_back(Error{"unknown-session", at + "/id",
                             "no live placeholder of student \"" + p.student_id + "\" has id \"" + *p.id + "\""});
    } else if (filled[static_cast<std::size_t>(session->second)]++) {
      errors.push_back(Error{"duplicate-id", at + "/id", "another row of the proposal fills \"" + *p.id + "\""});
    }
  }
}

}  // namespace

SuggestResult Engine::suggest(const SuggestOptions& options) const {
  SuggestResult result;
  if (!model_) {
    result.errors.push_back(Error{"not-loaded", "", "no payload is loaded"});
    return result;
  }
  const Model& m = *model_;
  result.errors = check_request(m, options);
  check_placements(m, options.placements, result.errors);
  if (!result.errors.empty()) return result;

  const int student = m.student_by_id.find(options.student_id)->second;
  const StudentRow& row = m.payload.students[static_cast<std::size_t>(student)];
  if (row.sessions_per_week.value_or(0) <= 0 || row.minutes_per_session.value_or(0) <= 0) return result;

  // The state to answer on: the loaded occupancy, plus the proposal's rows. Every placed session may move.
  const Occupancy* base = &m.occupancy;
  Occupancy with_proposal;
  std::vector<MovableSession> movable;
  movable.reserve(static_cast<std::size_t>(m.live_sessions) + options.placements.size());
  for (std::size_t s = 0; s < m.payload.sessions.size(); ++s) {
    const SessionRow& r = m.payload.sessions[s];
    if (!m.session_alive[s] || r.is_placeholder()) continue;
    movable.push_back(MovableSession{m.student_by_id.find(r.student_id)->second, *r.day_of_week, *r.start_time,
                                     *r.end_time, static_cast<int>(s)});
  }
  if (!options.placements.empty()) {
    with_proposal = m.occupancy;
    for (std::size_t i = 0; i < options.placements.size(); ++i) {
      const Placement& p = options.placements[i];
      const int id = p.id ? m.session_by_id.find(*p.id)->second : new_row_id(i);
      const int owner = m.student_by_id.find(p.student_id)->second;
      with_proposal.add(owner, PlacedSession{p.day_of_week, p.start_time, p.end_time, id});
      movable.push_back(MovableSession{owner, p.day_of_week, p.start_time, p.end_time, id});
    }
    base = &with_proposal;
  }
  if (static_cast<int>(base->of(student).size()) >= *row.sessions_per_week) return result;

  SuggestRequest request;
  request.student = student;
  request.minutes = *row.minutes_per_session;
  request.limit = options.limit;
  request.max_moves = options.max_moves;
  request.strategy = options.strategy;
  const std::size_t loaded = movable.size() - options.placements.size();
  for (FoundOption& found : search_suggestions(m, *base, movable, request, result.candidates_evaluated)) {
    Suggestion& s = result.suggestions.emplace_back();
    s.day = found.day;
    s.start = found.start;
    s.end = found.start + request.minutes;
    for (const FoundMove& move : found.moves) {
      const MovableSession& what = movable[static_cast<std::size_t>(move.movable)];
      SuggestMove& out = s.moves.emplace_back();
      if (static_cast<std::size_t>(move.movable) >= loaded) {
        out.placement = move.movable - static_cast<int>(loaded);
        out.session_id = options.placements[static_cast<std::size_t>(out.placement)].id;
      } else {
        out.session_id = m.payload.sessions[static_cast<std::size_t>(what.occupancy_id)].id;
      }
      out.day = move.day;
      out.start = move.start;
      out.end = move.start + (what.end - what.start);
    }
  }
  candidates_ += result.candidates_evaluated;
  return result;
}

}  // namespace slotfit
