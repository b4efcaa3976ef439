#pragma once
// One session row, read the same way from a payload's `sessions` table and from a session change.
#include <cstdint>

#include "json_reader.hpp"
#include "slotfit/payload.hpp"

namespace slotfit::json_input {

enum class SessionRowForm : std::uint8_t {
  kPayload,  // every key of the schema present, times as text (the database's shape)
  kChange,   // the nullable keys and status may be left out, times may also be minutes since midnight
};

// Reads `row` (at the reader's current path) into `out`; false if any error was recorded.
// A session's day_of_week, start_time and end_time are all set or all null (a placeholder). A mix is reported
// as placeholder-mix at the odd one out: the one key whose null-ness differs from the other two.
bool read_session_row(JsonReader& reader, Object& row, SessionRowForm form, SessionRow& out);

}  // namespace slotfit::json_input
