#pragma once
// A second, deliberately naive implementation of the scheduling rules, written from the spec without looking
// at the engine so that the two can catch each other's mistakes. Every call scans every row; capacity is
// counted minute by minute. Slow on purpose: keep it obviously right, not fast.
#include <string>
#include <string_view>
#include <vector>

#include "slotfit/conflict_kind.hpp"
#include "slotfit/payload.hpp"
#include "slotfit/policy.hpp"
#include "slotfit/schedule.hpp"

namespace slotfit::testing {

struct RefWindow {
  int start = 0;
  int end = 0;
};

// The days the provider may work at this school (ISO, ascending).
std::vector<int> reference_work_days(const Payload& payload);

// The school window that applies to a session of `student` starting at `start` on `day`.
RefWindow reference_window(const Payload& payload, const Policy& policy, int student, int day, int start);

// The conflict map's days (1–5 plus any other work day) and its starts for sessions of `minutes`.
std::vector<int> reference_map_days(const Payload& payload);
std::vector<int> reference_grid_starts(const Payload& payload, const Policy& policy, int minutes);

// Every rule kind the candidate breaks. `student` indexes payload.students; the payload's placed sessions and
// `extra` are the provider's schedule; the session with id `ignore_session_id` (none when empty) is left out,
// as while it is being dragged.
ConflictMask reference_mask(const Payload& payload, const Policy& policy, int student, int day, int start,
                            int minutes, std::string_view ignore_session_id = {},
                            const std::vector<SessionRow>& extra = {});

// Puts an auto-schedule placement into the payload: fills the placeholder it names, or adds a row with
// `new_id`. Returns false when the placement names an id that is not a placeholder of that student.
bool reference_apply(Payload& payload, const Placement& placement, const std::string& new_id);

// Helpers the generator and the tests share.
std::string reference_norm_grade(std::string_view grade);              // trimmed, upper case
bool reference_glob(std::string_view pattern, std::string_view text);  // '*' and '?', case-blind

}  // namespace slotfit::testing
