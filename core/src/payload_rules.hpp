#pragma once
// The domain rules of payload v1, one function each, shared by validate() (slotfit/validate.hpp), which walks a
// typed Payload, and by the JSON readers, which call them as they read each value so that errors come out in
// the schema's key order. What a value must look like in JSON (its type, the text of a time) is the readers'
// business; what it must be as a typed value is decided here, once.
// Each check records its error at the sink's current path (plus `key`) and returns false when the rule is broken.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "error_sink.hpp"
#include "slotfit/payload.hpp"
#include "slotfit/time.hpp"

namespace slotfit::payload_rules {

// Error codes, as documented in slotfit/parse.hpp.
inline constexpr std::string_view kBadValue = "bad-value";
inline constexpr std::string_view kBadDay = "bad-day";
inline constexpr std::string_view kBadTime = "bad-time";
inline constexpr std::string_view kEndNotAfterStart = "end-not-after-start";
inline constexpr std::string_view kPlaceholderMix = "placeholder-mix";
inline constexpr std::string_view kDuplicateDay = "duplicate-day";
inline constexpr std::string_view kDuplicateId = "duplicate-id";
inline constexpr std::string_view kUnknownStudent = "unknown-student";

constexpr bool day_in_range(std::int64_t day) { return day >= kFirstDay && day <= kLastDay; }
constexpr bool minute_in_range(std::int64_t minute) { return minute >= 0 && minute <= kMinutesPerDay; }
constexpr bool count_in_range(std::int64_t count, int max) { return count >= 0 && count <= max; }

// The refusals, also for values a reader cannot turn into an integer (2.5, 1e300): `found` is the value as a
// person reads it.
void refuse_day(ErrorSink& sink, std::string_view key, const std::string& found);
void refuse_minute(ErrorSink& sink, std::string_view key, const std::string& found);
void refuse_count(ErrorSink& sink, std::string_view key, int max, const std::string& found);

bool check_id(ErrorSink& sink, std::string_view key, std::string_view id);  // a non-empty string
bool check_day(ErrorSink& sink, std::string_view key, std::int64_t day);
bool check_minute(ErrorSink& sink, std::string_view key, std::int64_t minute);
bool check_count(ErrorSink& sink, std::string_view key, std::int64_t count, int max);
bool check_school_year(ErrorSink& sink, std::string_view key, std::string_view text);  // "YYYY-YYYY"
// At key "end_time".
bool check_end_after_start(ErrorSink& sink, int start, int end);
// A session's day_of_week, start_time and end_time are all set or all null (a placeholder); a mix is reported at
// the odd one out, the one key whose null-ness differs from the other two.
bool check_all_or_none(ErrorSink& sink, const std::array<bool, 3>& set);
// A work day (already in range) listed once; `seen` is indexed by day.
bool check_work_day_unique(ErrorSink& sink, int day, std::array<bool, kLastDay + 1>& seen);

// The domain rules of one session row, at the sink's path (a payload row, or a change of Engine::apply_changes).
bool check_session(ErrorSink& sink, const SessionRow& row);

// Across rows, once every row is read: duplicate ids per table, sessions' and other provider sessions' students.
// With students_readable false (the students table or one of its ids could not be read), unknown students are
// not reported: every session of that student would look orphaned.
void check_references(ErrorSink& sink, const Payload& payload, bool students_readable);

}  // namespace slotfit::payload_rules
