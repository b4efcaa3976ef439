#pragma once
// What auto-schedule is asked and what it answers.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "slotfit/conflict_kind.hpp"
#include "slotfit/error.hpp"

namespace slotfit {

enum class Strategy : std::uint8_t { kBalanced, kGradeGrouped, kTeacherGrouped, kMorningFirst };

inline constexpr std::array<std::string_view, 4> kStrategyNames = {"balanced", "grade-grouped", "teacher-grouped",
                                                                   "morning-first"};
std::optional<Strategy> strategy_from_name(std::string_view name);
inline std::string_view strategy_name(Strategy s) { return kStrategyNames[static_cast<std::size_t>(s)]; }

struct ScheduleOptions {
  Strategy strategy = Strategy::kBalanced;
  std::vector<std::string> student_ids;  // empty: every student of the caseload
  bool allow_incomplete = false;         // schedule even when the payload says it could not read everything
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
};

struct ScheduleResult {
  std::vector<Placement> placements;
  std::vector<UnplacedStudent> unplaced;
  std::vector<NotConfiguredStudent> not_configured;
  Errors errors;  // coded: "work-days-missing", "incomplete-payload", "unknown-student", "not-loaded"
  ScheduleStats stats;
};

}  // namespace slotfit
