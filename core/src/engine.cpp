#include "slotfit/engine.hpp"

#include <chrono>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "argument_errors.hpp"
#include "error_sink.hpp"
#include "group_labels.hpp"
#include "model.hpp"
#include "payload_rules.hpp"
#include "rules/rules.hpp"
#include "scheduler.hpp"
#include "slotfit/parse.hpp"
#include "slotfit/validate.hpp"

namespace slotfit {
namespace {

double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

// start + minutes is never formed: with any two ints it may overflow.
bool valid_candidate(const Model& m, int student, int day, int start, int minutes) {
  return student >= 0 && student < static_cast<int>(m.payload.students.size()) && day >= kFirstDay &&
         day <= kLastDay && start >= 0 && start < kMinutesPerDay && minutes > 0 && minutes <= kMinutesPerDay - start;
}

// Why a candidate is refused, for the first argument out of its range (valid_candidate() said it is).
Errors candidate_errors(const Model& m, int student, int day, int start, int minutes) {
  if (Errors errors = student_errors(m, student); !errors.empty()) return errors;
  if (Errors errors = day_errors(day); !errors.empty()) return errors;
  if (Errors errors = start_errors(start); !errors.empty()) return errors;
  return invalid_argument("minutes", "expected 1-" + std::to_string(kMinutesPerDay - start) +
                                         " minutes (the session must end by 24:00), found " + std::to_string(minutes));
}

bool valid_ignore(const Model& m, int session) {
  return session >= -1 && session < static_cast<int>(m.payload.sessions.size());
}

Errors ignore_errors(const Model& m, int session) {
  return invalid_argument("ignore_session", "expected -1 or a session index 0-" +
                                                std::to_string(static_cast<int>(m.payload.sessions.size()) - 1) +
                                                ", found " + std::to_string(session));
}

// The placed form of a live, scheduled session, or nothing (placeholder, removed, out of range).
std::optional<PlacedSession> placed_form(const Model& m, int session) {
  if (session < 0 || session >= static_cast<int>(m.payload.sessions.size())) return std::nullopt;
  if (!m.session_alive[static_cast<std::size_t>(session)]) return std::nullopt;
  const SessionRow& row = m.payload.sessions[static_cast<std::size_t>(session)];
  if (row.is_placeholder()) return std::nullopt;
  return PlacedSession{*row.day_of_week, *row.start_time, *row.end_time, session};
}

// The session set aside while a candidate is judged: a live, scheduled one, else none.
Ignore set_aside(const std::optional<PlacedSession>& session) {
  return session ? Ignore::one(*session) : Ignore{};
}

}  // namespace

Engine::Engine(Policy policy) : policy_(std::move(policy)), policy_errors_(validate_policy(policy_)) {}
Engine::~Engine() = default;
Engine::Engine(Engine&&) noexcept = default;
Engine& Engine::operator=(Engine&&) noexcept = default;

Errors Engine::load(std::string_view payload_json) {
  if (!policy_errors_.empty()) return policy_errors_;
  const auto t0 = std::chrono::steady_clock::now();
  auto parsed = parse_payload(payload_json);
  if (auto* errors = std::get_if<Errors>(&parsed)) return std::move(*errors);
  install(std::move(std::get<Payload>(parsed)), t0);
  return {};
}

Errors Engine::load(Payload payload) {
  if (!policy_errors_.empty()) return policy_errors_;
  const auto t0 = std::chrono::steady_clock::now();
  if (Errors errors = validate(payload); !errors.empty()) return errors;
  install(std::move(payload), t0);
  return {};
}

void Engine::install(Payload payload, std::chrono::steady_clock::time_point started) {
  model_ = std::make_unique<Model>(std::move(payload), policy_);
  group_index_.reset();
  load_ms_ = ms_since(started);
}

Result<void> Engine::set_policy(Policy policy) {
  if (Errors errors = validate_policy(policy); !errors.empty()) return errors;
  policy_ = std::move(policy);
  policy_errors_.clear();
  if (model_) {
    // Rebuild from the rows as they stand now (changes included), without the removed sessions.
    Payload rows = model_->payload;
    std::vector<SessionRow> live;
    for (std::size_t i = 0; i < rows.sessions.size(); ++i)
      if (model_->session_alive[i]) live.push_back(std::move(rows.sessions[i]));
    rows.sessions = std::move(live);
    model_ = std::make_unique<Model>(std::move(rows), policy_);
    group_index_.reset();
  }
  return {};
}

const Payload* Engine::payload() const { return model_ ? &model_->payload : nullptr; }

std::optional<int> Engine::student_index(std::string_view student_id) const {
  if (!model_) return std::nullopt;
  auto it = model_->student_by_id.find(student_id);
  if (it == model_->student_by_id.end()) return std::nullopt;
  return it->second;
}

std::optional<int> Engine::session_index(std::string_view session_id) const {
  if (!model_) return std::nullopt;
  auto it = model_->session_by_id.find(session_id);
  if (it == model_->session_by_id.end()) return std::nullopt;
  return it->second;
}

ConflictMask Engine::evaluate(int student, int day, int start, int minutes, int ignore_session) const {
  if (!model_ || !valid_candidate(*model_, student, day, start, minutes) || !valid_ignore(*model_, ignore_session))
    return kInvalidCandidate;
  ++checks_;
  const Candidate c{student, day, start, start + minutes};
  const auto ignore = placed_form(*model_, ignore_session);
  return static_mask(*model_, c) | dynamic_mask(*model_, model_->occupancy, c, policy_.capacity, set_aside(ignore));
}

Result<void> Engine::check(int student, int day, int start, int minutes, int ignore_session,
                           std::vector<Conflict>& out) const {
  out.clear();
  if (!model_) return not_loaded();
  if (!valid_candidate(*model_, student, day, start, minutes))
    return candidate_errors(*model_, student, day, start, minutes);
  if (!valid_ignore(*model_, ignore_session)) return ignore_errors(*model_, ignore_session);
  ++checks_;
  const auto ignore = placed_form(*model_, ignore_session);
  const Candidate c{student, day, start, start + minutes};
  const Verdict verdict = judge(*model_, model_->occupancy, c, policy_.capacity, set_aside(ignore));
  if (verdict.mask != 0) describe(*model_, model_->occupancy, c, policy_.capacity, set_aside(ignore), verdict, out);
  return {};
}

Result<std::vector<Conflict>> Engine::check(int student, int day, int start, int minutes, int ignore_session) const {
  std::vector<Conflict> out;
  Result<void> checked = check(student, day, start, minutes, ignore_session, out);
  if (!checked.ok()) return checked.errors();
  return out;
}

Result<std::vector<BindingRow>> Engine::rows_for(int student) const {
  if (!model_) return not_loaded();
  if (Errors errors = student_errors(*model_, student); !errors.empty()) return errors;
  std::vector<BindingRow> rows;
  rows_binding(*model_, student, rows);
  return rows;
}

Result<ConflictGrid> Engine::conflict_map(int student, int minutes, int ignore_session) const {
  if (!model_) return not_loaded();
  const Model& m = *model_;
  if (Errors errors = student_errors(m, student); !errors.empty()) return errors;
  if (minutes <= 0 || minutes > kMinutesPerDay)
    return invalid_argument("minutes", "expected 1-1440 minutes, found " + std::to_string(minutes));
  if (!valid_ignore(m, ignore_session)) return ignore_errors(m, ignore_session);
  ConflictGrid grid;
  grid.days = m.grid_days;
  grid.starts = m.grid_starts(minutes);
  grid.kinds.resize(grid.days.size() * grid.starts.size());
  const auto ignore = placed_form(m, ignore_session);
  std::size_t cell = 0;
  for (int day : grid.days) {
    const StaticDayView row(m, student, day);
    for (int t : grid.starts)
      grid.kinds[cell++] = row.mask(t, t + minutes) | dynamic_mask(m, m.occupancy, Candidate{student, day, t, t + minutes},
                                                                   policy_.capacity, set_aside(ignore));
  }
  candidates_ += static_cast<std::int64_t>(cell);
  return grid;
}

Result<ConflictGrid> Engine::conflict_map_for_session(int session) const {
  if (!model_) return not_loaded();
  if (session < 0 || session >= static_cast<int>(model_->payload.sessions.size()) ||
      !model_->session_alive[static_cast<std::size_t>(session)])
    return invalid_argument("session", "expected the index of a live session, found " + std::to_string(session));
  const SessionRow& row = model_->payload.sessions[static_cast<std::size_t>(session)];
  const int student = model_->student_by_id.find(row.student_id)->second;
  int minutes = 0;
  if (!row.is_placeholder()) {
    minutes = *row.end_time - *row.start_time;
  } else if (const auto& mps = model_->payload.students[static_cast<std::size_t>(student)].minutes_per_session) {
    minutes = *mps;
  }
  if (minutes <= 0)
    return invalid_argument("session", "session " + std::to_string(session) +
                                           " is a placeholder and its student has no minutes_per_session");
  return conflict_map(student, minutes, session);
}

ScheduleResult Engine::auto_schedule(const ScheduleOptions& options) const {
  if (!model_) {
    ScheduleResult r;
    r.errors.push_back(Error{"not-loaded", "", "no payload is loaded"});
    return r;
  }
  ScheduleResult r = slotfit::auto_schedule(*model_, options);
  candidates_ += r.stats.candidates_evaluated;
  return r;
}

Errors Engine::apply_changes(const std::vector<SessionChange>& changes, std::vector<int>* relabelled) {
  if (relabelled != nullptr) relabelled->clear();
  if (!model_) return not_loaded();
  Model& m = *model_;
  Errors errors;
  // Validate the whole batch against the ids as they will stand, then apply: all or nothing.
  std::unordered_set<std::string> alive_after;
  std::unordered_set<std::string> removed_after;
  auto is_alive = [&](const std::string& id) {
    if (removed_after.count(id)) return false;
    return alive_after.count(id) > 0 || m.session_by_id.count(id) > 0;
  };
  ErrorSink sink(errors);
  for (std::size_t i = 0; i < changes.size() && !sink.full(); ++i) {
    const SessionChange& ch = changes[i];
    const auto at_change = sink.enter(i);
    if (ch.op == SessionChange::Op::kRemove) {
      if (!payload_rules::check_id(sink, "id", ch.row.id)) continue;
      if (!is_alive(ch.row.id)) {
        sink.fail_at("id", "unknown-session", "expected the id of a live session, found " + quote_text(ch.row.id));
        continue;
      }
      removed_after.insert(ch.row.id);
      alive_after.erase(ch.row.id);
      continue;
    }
    const SessionRow& r = ch.row;
    payload_rules::check_session(sink, r);
    if (!r.student_id.empty() && !m.student_by_id.count(r.student_id))
      sink.fail_at("student_id", payload_rules::kUnknownStudent,
                   "expected the id of a student in /students, found " + quote_text(r.student_id));
    if (r.id.empty()) continue;
    removed_after.erase(r.id);
    alive_after.insert(r.id);
  }
  if (!errors.empty()) return errors;

  // What the label rule needs of each session the changes name: how it stood before them, and its last row.
  std::vector<SavedSession> saved;
  std::unordered_map<std::string_view, std::size_t> saved_by_id;
  for (const SessionChange& ch : changes) {
    auto [at, fresh] = saved_by_id.emplace(ch.row.id, saved.size());
    if (fresh) {
      SavedSession s;
      if (auto it = m.session_by_id.find(ch.row.id); it != m.session_by_id.end()) {
        const SessionRow& before = m.payload.sessions[static_cast<std::size_t>(it->second)];
        s.existed = true;
        s.before = slot_of(before);
        s.label_before = before.group_ref;
      }
      saved.push_back(std::move(s));
    }
    SavedSession& s = saved[at->second];
    s.removed = ch.op == SessionChange::Op::kRemove;
    s.label_named = s.removed ? std::nullopt : ch.row.group_ref;
  }

  for (const SessionChange& ch : changes) {
    auto it = m.session_by_id.find(ch.row.id);
    if (ch.op == SessionChange::Op::kRemove) {
      const int s = it->second;
      m.unplace_session(s);
      m.session_alive[static_cast<std::size_t>(s)] = 0;
      m.session_by_id.erase(it);
      continue;
    }
    if (it != m.session_by_id.end()) {
      const int s = it->second;
      m.unplace_session(s);
      m.payload.sessions[static_cast<std::size_t>(s)] = ch.row;
      m.place_session(s);
    } else {
      const int s = static_cast<int>(m.payload.sessions.size());
      m.payload.sessions.push_back(ch.row);
      m.session_alive.push_back(1);
      m.session_by_id.emplace(ch.row.id, s);
      m.place_session(s);
    }
  }
  for (const auto& [id, at] : saved_by_id)
    if (!saved[at].removed) saved[at].session = m.session_by_id.find(id)->second;
  const std::vector<int> changed = relabel_after_save(m.payload.sessions, m.session_alive, saved);
  if (relabelled != nullptr) *relabelled = changed;
  group_index_.reset();
  return errors;
}

void Engine::set_data_version(std::optional<std::string> version) {
  if (model_) model_->payload.data_version = std::move(version);
}

EngineStats Engine::stats() const {
  EngineStats s;
  s.checks = checks_;
  s.candidates_evaluated = candidates_;
  if (!model_) return s;
  s.students = static_cast<int>(model_->payload.students.size());
  s.sessions = model_->live_sessions;
  s.placeholders = model_->placeholders;
  s.rows_indexed = static_cast<int>(model_->rows_indexed());
  s.load_ms = load_ms_;
  s.data_version = model_->payload.data_version;
  s.incomplete = model_->payload.incomplete;
  return s;
}

}  // namespace slotfit
