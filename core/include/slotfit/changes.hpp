#pragma once
// Session changes as JSON (drag-and-drop moves, additions, removals), the input of Engine::apply_changes.
//
// The text is an array; each element is one of
//   {"op": "remove", "id": "<session id>"}
//   {"op": "upsert", <a session row>}   ("op" may be left out: upsert is the default)
// A session row has the keys and rules of a payload `sessions` row (slotfit/parse.hpp lists the error
// codes), except that assigned_to_sea_id, assigned_to_specialist_id and group_ref may be left out (null),
// status may be left out ("active"), and times may also be whole minutes since midnight (0-1440).
// Paths start at the element: "/2/start_time". A text that is JSON but not an array is wrong-type at "".
// Whether an id or a student exists is for the engine to say, not the parser.
#include <string_view>
#include <variant>
#include <vector>

#include "slotfit/session_change.hpp"
#include "slotfit/error.hpp"

namespace slotfit {

// Every change, in order, or every error found (at most kMaxReportedErrors). Never throws.
std::variant<std::vector<SessionChange>, Errors> parse_changes(std::string_view json_text);

}  // namespace slotfit
