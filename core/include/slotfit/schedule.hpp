#pragma once
// What auto-schedule is asked and what it answers.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "slotfit/conflict_kind.hpp"
#include "slotfit/error.hpp"
#include "slotfit/lists.hpp"

namespace slotfit {

// Strategy and Effort, and their names, are generated from lists/lists.json (slotfit/lists.hpp).
std::optional<Strategy> strategy_from_name(std::string_view name);
inline std::string_view strategy_name(Strategy s) { return kStrategyNames[static_cast<std::size_t>(s)]; }

// How much search follows construction, as a budget of work units (candidate looks), so that the same payload
// and options always give the same answer. `kFast` is construction, repair and the day spread only.
std::optional<Effort> effort_from_name(std::string_view name);
inline std::string_view effort_name(Effort e) { return kEffortNames[static_cast<std::size_t>(e)]; }

struct ScheduleOptions {
  // `{strategy, student_ids, allow_incomplete}` stays the short way to ask; effort and limit are set by name.
  ScheduleOptions(Strategy strategy_ = Strategy::kBalanced, std::vector<std::string> student_ids_ = {},
                  bool allow_incomplete_ = false)
      : strategy(strategy_), student_ids(std::move(student_ids_)), allow_incomplete(allow_incomplete_) {}

  Strategy strategy = Strategy::kBalanced;
  std::vector<std::string> student_ids;  // empty: every student of the caseload
  bool allow_incomplete = false;         // schedule even when the payload says it could not read everything
  Effort effort = Effort::kDefault;
  // A safety stop on the wall clock, none when empty. Hitting it makes the answer depend on the machine.
  std::optional<double> time_limit_ms;
};

// A schedule_sessions row to write: a filled placeholder keeps its id, a new row has none.
struct Placement {
  std::optional<std::string> id;
  std::string student_id;
  int day_of_week = 0;
  int start_time = 0;
  int end_time = 0;
  std::string service_type;
  std::string delivered_by;
  std::optional<std::string> assigned_to_sea_id;
  std::string status = "active";
  std::optional<std::string> group_ref;  // the label of the group it forms or joins; none when it runs alone
};

// Placements that run together, with one another or with sessions already in the payload (same day, start, end
// and deliverer): a group auto-schedule formed or joined.
struct ScheduledGroup {
  int day = 0;
  int start = 0;  // minutes since midnight
  int end = 0;
  std::vector<int> placements;            // indices into ScheduleResult::placements
  std::vector<std::string> session_ids;   // the members already in the payload
  std::string group_ref;                  // a joined group's label, else a new one made from the members
  std::optional<std::string> key;         // the grade or teacher the members share (grouped strategies)
};

struct UnplacedStudent {
  std::string student_id;
  int needed = 0;
  int placed = 0;
  int candidates = 0;                                  // grid starts looked at for this student
  std::array<int, kConflictKindCount> ruled_out = {};  // per kind: candidates that kind rules out
};

struct NotConfiguredStudent {
  std::string student_id;
  std::string reason;  // "sessions_per_week is not set", …
};

struct ScheduleStats {
  std::int64_t candidates_evaluated = 0;
  int sessions_needed = 0;
  int sessions_placed = 0;
  int placeholders_filled = 0;
  double elapsed_ms = 0;
  // No legal schedule that keeps every payload template where it is places more of the needed sessions of the
  // students asked for. Both empty only when `errors` stopped scheduling.
  std::optional<int> upper_bound;
  std::optional<bool> optimal;  // sessions_placed == upper_bound
  std::string stopped_by;       // "optimal", "budget" or "time-limit"; empty when `errors` stopped scheduling
  std::int64_t search_work = 0; // work units the search after construction spent
};

struct ScheduleResult {
  std::vector<Placement> placements;
  std::vector<UnplacedStudent> unplaced;
  std::vector<NotConfiguredStudent> not_configured;
  std::vector<ScheduledGroup> groups;  // by day, start, end
  Errors errors;  // coded: "work-days-missing", "incomplete-payload", "unknown-student", "not-loaded"
  ScheduleStats stats;
};

}  // namespace slotfit
