#pragma once
// Reading a parsed JSON document into typed values without ever aborting: the core is built with
// -fno-exceptions and JSON_NOEXCEPTION, so every nlohmann accessor that could throw is avoided; each value's
// type is checked first and every problem becomes an Error naming its JSON pointer. The payload parser and
// the session-change parser share this so that a row means the same thing in both.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "error_sink.hpp"
#include "payload_rules.hpp"
#include "slotfit/error.hpp"
#include "slotfit/payload.hpp"

namespace slotfit::json_input {

using Json = nlohmann::json;
using Object = Json::object_t;
using Array = Json::array_t;

// Error codes, as documented in slotfit/parse.hpp.
inline constexpr std::string_view kInvalidJson = "invalid-json";
inline constexpr std::string_view kNotAnObject = "not-an-object";
inline constexpr std::string_view kUnsupportedSchemaVersion = "unsupported-schema-version";
inline constexpr std::string_view kMissingKey = "missing-key";
inline constexpr std::string_view kWrongType = "wrong-type";
// The domain codes (bad-value, bad-day, bad-time, end-not-after-start, placeholder-mix, duplicate-*,
// unknown-student) belong to payload_rules.hpp, which the readers call for every domain rule.
using payload_rules::kBadDay;
using payload_rules::kBadTime;
using payload_rules::kBadValue;
using payload_rules::kDuplicateDay;
using payload_rules::kDuplicateId;
using payload_rules::kEndNotAfterStart;
using payload_rules::kPlaceholderMix;
using payload_rules::kUnknownStudent;
inline constexpr std::string_view kTooLarge = "too-large";

// Parses the whole text into a document after scan_text() found it readable (input_limits.hpp); otherwise false,
// and `error` is scan_text()'s: invalid-json with the byte offset, or too-large.
bool parse_document(std::string_view text, Json& doc, Error& error);

// The value as a person reads it in a message: strings quoted and shortened (quote_text), containers named,
// not dumped.
std::string describe(const Json& value);
using slotfit::append_pointer_key;
using slotfit::quote_text;
using slotfit::utf8_prefix;

// The integer a JSON number holds, read as the schema's "integer" reads it: 3 and 3.0 alike, 3.5 not.
// Values beyond the int64 range come back clamped, so range checks still refuse them.
std::optional<std::int64_t> integer_value(const Json& value);

// Where a key may be absent: a payload row must carry every key of the schema (nullable or not), while a
// session change may leave out the nullable ones.
enum class Presence : std::uint8_t { kRequired, kOmittable };

// A payload (and the stored rows) carries times as text, as the database writes them; the change API also
// takes minutes since midnight.
enum class TimeForm : std::uint8_t { kText, kTextOrMinutes };

class JsonReader : public ErrorSink {
 public:
  explicit JsonReader(Errors& errors) : ErrorSink(errors) {}

  // The value under `key`, or nullptr when the key is absent (a missing-key error when it is required).
  Json* find(Object& object, std::string_view key, Presence presence);

  // Each reader returns false when the key was absent or the value was refused (the error is recorded);
  // `out` is left alone then. Strings are moved out of the document, which the caller no longer needs.
  // kOmittable: an absent key leaves `out` (the caller's default) and is not an error.
  bool read_string(Object& object, std::string_view key, std::string& out,
                   Presence presence = Presence::kRequired);
  bool read_id(Object& object, std::string_view key, std::string& out);  // a string, checked by payload_rules::check_id
  // A string or null. kOmittable: an absent key reads as null.
  bool read_optional_string(Object& object, std::string_view key, OptString& out, Presence presence);
  bool read_bool(Object& object, std::string_view key, bool& out);
  bool read_day(Object& object, std::string_view key, int& out);
  bool read_optional_day(Object& object, std::string_view key, std::optional<int>& out);
  bool read_time(Object& object, std::string_view key, TimeForm form, int& out);
  bool read_optional_time(Object& object, std::string_view key, TimeForm form, std::optional<int>& out);
  // null or an integer 0-max (sessions_per_week, minutes_per_session)
  bool read_count(Object& object, std::string_view key, int max, std::optional<int>& out);

  // A day of week value on its own (work_days items), at path().
  bool day_value(const Json& value, int& out) { return day_at(value, {}, out); }

  // An array at `key` (or nullptr, with the error recorded); kOmittable: absent is fine, null is not.
  Array* find_array(Object& object, std::string_view key, Presence presence);
  Object* find_object(Object& object, std::string_view key);

 private:
  // An empty key means the value at path() itself.
  bool day_at(const Json& value, std::string_view key, int& out);
  bool time_at(const Json& value, std::string_view key, TimeForm form, int& out);
};

}  // namespace slotfit::json_input
