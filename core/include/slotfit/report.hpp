#pragma once
// JSON texts of the engine's answers, for the command-line tool and the wasm module. Rows carry times as the
// database writes them ("HH:MM:SS"); maps carry minutes.
#include <string>
#include <vector>

#include "slotfit/binding_row.hpp"
#include "slotfit/conflict.hpp"
#include "slotfit/engine_stats.hpp"
#include "slotfit/error.hpp"
#include "slotfit/schedule.hpp"

namespace slotfit {

std::string errors_json(const Errors& errors, int indent = -1);
std::string conflicts_json(const std::vector<Conflict>& conflicts, int indent = -1);
// [{"kind", "message", "ref_id", "student_id" (null for the kinds that hold for the whole group)}…]
std::string member_conflicts_json(const std::vector<MemberConflict>& conflicts, int indent = -1);
std::string schedule_json(const ScheduleResult& result, int indent = -1);
// [{"kind", "day", "start", "end" (minutes), "id" (or null), "label", "reason"}…]
std::string binding_rows_json(const std::vector<BindingRow>& rows, int indent = -1);
std::string stats_json(const EngineStats& stats, int indent = -1);

}  // namespace slotfit
