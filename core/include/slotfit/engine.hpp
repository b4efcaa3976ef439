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
#include "slotfit/conflict_kind.hpp"
#include "slotfit/error.hpp"
#include "slotfit/groups.hpp"
#include "slotfit/payload.hpp"
#include "slotfit/policy.hpp"
#include "slotfit/schedule.hpp"
#include "slotfit/suggest.hpp"

namespace slotfit {

class Model;
class GroupIndex;

// What evaluate() answers for arguments outside the loaded caseload or the day (no rule kind uses bit 31).
inline constexpr ConflictMask kInvalidCandidate = ConflictMask{1} << 31;

struct Conflict {
  ConflictKind kind;
  std::string message;
  std::optional<std::string> ref_id;  // the row hit; none for off-day, school-hours, capacity, rows without id
  // For the kinds whose reason depends only on the row (bell-schedule, special-activity, protected-time,
  // other-provider, provider-busy): the row's index in its payload table, so a caller may reuse what it built
  // for it before. -1 for the kinds whose reason depends on the candidate.
  int row = -1;
};

// A conflict of a group answer: the member it is for (its student id), none for the kinds that hold for the
// whole group (off-day, capacity).
struct MemberConflict {
  Conflict conflict;
  std::optional<std::string> student_id;
};

// Every start of the week for one student and length: days × starts, day-major, bit i = ConflictKind i.
struct ConflictGrid {
  std::vector<int> days;
  std::vector<int> starts;
  std::vector<ConflictMask> kinds;
  ConflictMask at(std::size_t day_index, std::size_t start_index) const {
    return kinds[day_index * starts.size() + start_index];
  }
};

// A change to the loaded sessions: drag-and-drop here, or a change made by someone else.
struct SessionChange {
  enum class Op : std::uint8_t { kUpsert, kRemove };
  Op op = Op::kUpsert;
  SessionRow row;  // kRemove needs only row.id; kUpsert with a known id replaces (moves) it, else adds it
};

struct EngineStats {
  int students = 0;
  int sessions = 0;      // live templates with a day and time
  int placeholders = 0;  // live templates without
  int rows_indexed = 0;  // constraint rows turned into lookup maps
  double load_ms = 0;    // parse + index of the last successful load
  std::int64_t checks = 0;
  std::int64_t candidates_evaluated = 0;
  std::optional<std::string> data_version;
  std::vector<std::string> incomplete;  // tables the payload's producer could not read
};

class Engine {
 public:
  explicit Engine(Policy policy = {});
  ~Engine();
  Engine(Engine&&) noexcept;
  Engine& operator=(Engine&&) noexcept;
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Replaces the loaded state only on success; on error the previous state stays loaded.
  Errors load(std::string_view payload_json);
  Errors load(Payload payload);
  bool loaded() const { return model_ != nullptr; }

  // Policy changes rebuild the lookup maps from the loaded payload; an invalid policy is refused.
  std::string set_policy(Policy policy);
  const Policy& policy() const { return policy_; }

  const Payload* payload() const;  // the loaded rows, sessions as changed since the load
  std::optional<int> student_index(std::string_view student_id) const;
  std::optional<int> session_index(std::string_view session_id) const;  // live sessions only

  // Hot path: the kinds of every rule a candidate breaks (0 = free). ignore_session is a session index or -1.
  ConflictMask evaluate(int student, int day, int start, int minutes, int ignore_session = -1) const;
  // Every conflict, one per row hit, in kind order. `out` is cleared first; nothing is allocated when free.
  // False (and `out` empty) for arguments outside the loaded caseload or the day, as evaluate()'s bit 31.
  bool check(int student, int day, int start, int minutes, int ignore_session, std::vector<Conflict>& out) const;
  std::vector<Conflict> check(int student, int day, int start, int minutes, int ignore_session = -1) const;

  // The constraint rows that bind a student (bell-schedule, special-activity, protected-time, other-provider and
  // provider-busy), kind by kind, then day by day: what a caller draws behind the week. None when no payload is
  // loaded or the index is outside the caseload.
  std::optional<std::vector<BindingRow>> rows_for(int student) const;

  ConflictGrid conflict_map(int student, int minutes, int ignore_session = -1) const;
  ConflictGrid conflict_map_for_session(int session) const;

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
  // whole group. False (and `out` empty) when the session is not placed or the start is outside the day.
  bool check_group(int session, int day, int start, std::vector<MemberConflict>& out) const;
  ConflictMask evaluate_group(int session, int day, int start) const;  // kInvalidCandidate as evaluate()
  ConflictGrid conflict_map_group(int session) const;
  // The answer of a save: the database's new version, and the ids it gave to rows that had none.
  void set_data_version(std::optional<std::string> version);

  EngineStats stats() const;

 private:
  void install(Payload payload, std::chrono::steady_clock::time_point started);  // load_ms_ counts from `started`

  Policy policy_;
  std::unique_ptr<Model> model_;
  // The groups of the loaded sessions, built when first asked for after a load or a change.
  const GroupIndex& group_index() const;
  mutable std::shared_ptr<const GroupIndex> group_index_;
  mutable std::int64_t checks_ = 0;
  mutable std::int64_t candidates_ = 0;
  double load_ms_ = 0;
};

}  // namespace slotfit
