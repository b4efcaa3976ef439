#pragma once
// The scheduling engine: load a payload once, then answer checks, conflict maps and auto-schedules from flat
// lookup maps. Not thread-safe; one engine per worker. Nothing here throws.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "slotfit/binding_row.hpp"
#include "slotfit/conflict.hpp"
#include "slotfit/conflict_kind.hpp"
#include "slotfit/engine_stats.hpp"
#include "slotfit/error.hpp"
#include "slotfit/groups.hpp"
#include "slotfit/payload.hpp"
#include "slotfit/policy.hpp"
#include "slotfit/result.hpp"
#include "slotfit/schedule.hpp"
#include "slotfit/session_change.hpp"
#include "slotfit/suggest.hpp"

namespace slotfit {

class Model;
class GroupIndex;

class Engine {
 public:
  // An invalid policy (validate_policy) is kept only to be refused: load() then answers its errors and nothing
  // loads, so no entry point ever runs under it. set_policy() replaces it.
  explicit Engine(Policy policy = {});
  ~Engine();
  Engine(Engine&&) noexcept;
  Engine& operator=(Engine&&) noexcept;
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Replaces the loaded state only on success; on error the previous state stays loaded. Both forms refuse what
  // validate() (slotfit/validate.hpp) refuses, with the same errors in the same order.
  Errors load(std::string_view payload_json);
  Errors load(Payload payload);
  bool loaded() const { return model_ != nullptr; }

  // Policy changes rebuild the lookup maps from the loaded payload; an invalid policy is refused (its
  // validate_policy() errors) and the engine keeps the policy and state it had.
  Result<void> set_policy(Policy policy);
  const Policy& policy() const { return policy_; }

  const Payload* payload() const;  // the loaded rows, sessions as changed since the load
  std::optional<int> student_index(std::string_view student_id) const;
  std::optional<int> session_index(std::string_view session_id) const;  // live sessions only

  // Hot path: the kinds of every rule a candidate breaks (0 = free). ignore_session is a session index or -1.
  ConflictMask evaluate(int student, int day, int start, int minutes, int ignore_session = -1) const;
  // Arguments outside the loaded caseload or the day (evaluate()'s bit 31) are refused by the entry points below
  // with one invalid-argument error naming the argument ("/student", "/day", "/start", "/minutes",
  // "/ignore_session", "/session"), or not-loaded. ignore_session is -1 or an index of the loaded sessions (a
  // removed session or a placeholder is then nothing to ignore).

  // Every conflict, one per row hit, in kind order (empty: free). This form allocates nothing when the candidate
  // is free and valid: `out` is cleared first and filled; on a refusal it is left empty.
  Result<void> check(int student, int day, int start, int minutes, int ignore_session,
                     std::vector<Conflict>& out) const;
  Result<std::vector<Conflict>> check(int student, int day, int start, int minutes, int ignore_session = -1) const;

  Result<ConflictGrid> conflict_map(int student, int minutes, int ignore_session = -1) const;
  // The map of a live session's student and length (a placeholder's: the student's minutes_per_session).
  Result<ConflictGrid> conflict_map_for_session(int session) const;

  // The constraint rows that bind a student (bell-schedule, special-activity, protected-time, other-provider and
  // provider-busy), kind by kind, then day by day: what a caller draws behind the week. Refused (not-loaded, or
  // invalid-argument "/student") when no payload is loaded or the index is outside the caseload.
  Result<std::vector<BindingRow>> rows_for(int student) const;

  // A proposal: the loaded state is not changed (apply the placements with apply_changes to keep them).
  ScheduleResult auto_schedule(const ScheduleOptions& options = {}) const;

  // Repair suggestions for one more session of a student (slotfit/suggest.hpp); the loaded state is not changed.
  SuggestResult suggest(const SuggestOptions& options) const;

  // All or nothing: a bad change leaves the loaded state as it was. Then the group label rule (README, "Groups"):
  // `relabelled`, when given, gets the sessions whose group_ref the rule set to other than their row said.
  Errors apply_changes(const std::vector<SessionChange>& changes, std::vector<int>* relabelled = nullptr);

  // The groups of two or more sessions (slotfit/groups.hpp), ordered by day, start, end and deliverer.
  std::vector<SessionGroup> groups() const;
  // The group (an index into groups()) a session dropped at exactly (day, start, start + minutes) would join:
  // one of the dragged session's deliverer (session -1: of a new session's), -1 for none.
  int joins(int session, int day, int start, int minutes) const;
  // joins() for every cell of a conflict map of `minutes` (parallel to grid.kinds).
  std::vector<std::int32_t> join_map(int session, int minutes, const ConflictGrid& grid) const;

  // The group of `session` (the session alone when it has none) moved together to (day, start): a start is free
  // only when it is free for every member with all of the group's sessions set aside, and capacity counts the
  // whole group. Refused as check() refuses, with one invalid-argument error: "/session" for an index that is no
  // live, placed session (out of range, removed, a placeholder), "/day" outside 1-7, "/start" outside the day or
  // where the group would end after 24:00; `out` is then left empty.
  Result<void> check_group(int session, int day, int start, std::vector<MemberConflict>& out) const;
  Result<std::vector<MemberConflict>> check_group(int session, int day, int start) const;
  Result<ConflictMask> evaluate_group(int session, int day, int start) const;  // the kinds of check_group()
  Result<ConflictGrid> conflict_map_group(int session) const;                  // refused only for "/session"
  // The answer of a save: the database's new version, and the ids it gave to rows that had none.
  void set_data_version(std::optional<std::string> version);

  EngineStats stats() const;

 private:
  void install(Payload payload, std::chrono::steady_clock::time_point started);  // load_ms_ counts from `started`

  Policy policy_;
  Errors policy_errors_;  // validate_policy(policy_), non-empty only for an invalid policy given to the constructor
  std::unique_ptr<Model> model_;
  // The groups of the loaded sessions, built when first asked for after a load or a change.
  const GroupIndex& group_index() const;
  mutable std::shared_ptr<const GroupIndex> group_index_;
  mutable std::int64_t checks_ = 0;
  mutable std::int64_t candidates_ = 0;
  double load_ms_ = 0;
};

}  // namespace slotfit
