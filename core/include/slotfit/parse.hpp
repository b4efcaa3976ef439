#pragma once
// Error codes of parse_payload and parse_changes (Error::code). They are stable: JS users switch on them.
//   invalid-json         not JSON (a syntax error, truncated, bad UTF-8); path "", the message gives the
//                        byte offset (0-based)
//   not-an-object        valid JSON but not an object (parse_changes: wrong-type when not an array); path ""
//   unsupported-schema-version
//                        schema_version is not the number 1 (2, "1", null, ...); reported alone
//   missing-key          a required key is absent; the path names the missing key itself
//   wrong-type           a value of the wrong JSON type: a string for an array, 540 for a payload time,
//                        "1" for a day, null where the schema allows none, a row that is not an object
//   bad-time             a time string that is not "HH:MM" / "HH:MM:SS" within 00:00-24:00 ("25:00",
//                        "7:30", ""); in changes also minutes outside 0-1440 or not whole
//   bad-day              a day of week that is a number but not a whole number 1-7 (0, 8, 2.5)
//   end-not-after-start  end_time <= start_time; the path of the end_time
//   bad-value            the right type but outside its domain: a count that is negative, fractional or past
//                        its maximum (sessions_per_week 20, minutes_per_session 480), an empty
//                        id, a malformed school_year, an unknown change op
//   duplicate-id         an id seen before in the same table; the path of the later row's /id
//   duplicate-day        a work day listed twice; the path of the later item
//   unknown-student      sessions[].student_id or other_provider_sessions[].student_id names no student of
//                        the payload (protected_times may name another provider's student)
//   placeholder-mix      a session's day_of_week, start_time, end_time neither all set nor all null; the
//                        path of the odd one out (the one key whose null-ness differs from the other two)
//   too-large            the text is past one of the limits below, or holds a number past a double's range
//                        (1e400); the path of the value past the limit ("" for the text's own size); reported
//                        alone, like invalid-json, and before the text is turned into anything
// What is read as written, within the limits: nesting of any depth, numbers of any length within a double's
// range (a huge one then fails its range check: bad-day, bad-value, ...), duplicate keys (the last one wins,
// as in JSON.parse and PostgreSQL's jsonb). Text that is not UTF-8 is invalid-json.
// Numbers are read as JSON Schema's "integer" reads them: 2.0 is the integer 2, 2.5 is no integer.
// Errors come in a fixed order that does not depend on the key order of the text: the schema-version check,
// then every key and value (top-level keys and row keys in the order of the schema's "properties", rows by
// index), then the referential checks (duplicate ids, unknown students) table by table in the same order.
#include <cstddef>
#include <string_view>
#include <variant>

#include "slotfit/error.hpp"
#include "slotfit/payload.hpp"

namespace slotfit {

inline constexpr int kSupportedSchemaVersion = 1;
inline constexpr std::size_t kMaxReportedErrors = 100;

// A student's counts, bounded as the database bounds them (students' check constraints): past them the
// scheduler would be asked for more sessions than a week holds.
inline constexpr int kMaxSessionsPerWeek = 20;
inline constexpr int kMaxMinutesPerSession = 480;

// The limits of what the parsers read (past them: too-large). A school's payload is far inside them (2,000
// students: 3 MB, 10,400 rows); they keep what a refused text costs bounded, the document the error path
// builds included, far below the wasm heap's 2 GB.
inline constexpr std::size_t kMaxInputBytes = std::size_t{64} << 20;   // the whole text: 64 MiB
inline constexpr std::size_t kMaxStringBytes = std::size_t{64} << 10;  // one string or key: 64 KiB of UTF-8
inline constexpr std::size_t kMaxArrayItems = 200'000;                 // one array (a table, a change list)
inline constexpr std::size_t kMaxValues = 4'000'000;                   // values in the text, containers too

// Parses and validates a payload v1 text. Either a complete Payload or every error found (at most
// kMaxReportedErrors), each naming its JSON path. Never throws.
std::variant<Payload, Errors> parse_payload(std::string_view json_text);

}  // namespace slotfit
