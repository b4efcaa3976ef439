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
inline constexpr std::string_view kBadTime = "bad-time";
inline constexpr std::string_view kBadDay = "bad-day";
inline constexpr std::string_view kEndNotAfterStart = "end-not-after-start";
inline constexpr std::string_view kBadValue = "bad-value";
inline constexpr std::string_view kDuplicateId = "duplicate-id";
inline constexpr std::string_view kDuplicateDay = "duplicate-day";
inline constexpr std::string_view kUnknownStudent = "unknown-student";
inline constexpr std::string_view kPlaceholderMix = "placeholder-mix";
inline constexpr std::string_view kTooLarge = "too-large";

// Parses the whole text into a document after scan_text() found it readable (input_limits.hpp); otherwise false,
// and `error` is scan_text()'s: invalid-json with the byte offset, or too-large.
bool parse_document(std::string_view text, Json& doc, Error& error);

// The value as a person reads it in a message: strings quoted and shortened, containers named, not dumped.
std::string describe(const Json& value);
// At most max_bytes of text, cut at a UTF-8 character boundary so a shortened string stays valid text.
std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes);
// A key as a JSON pointer segment (RFC 6901): "~" -> "~0", "/" -> "~1".
void append_pointer_key(std::string& out, std::string_view key);
// A string as describe() shows it: quoted, shortened at a character boundary.
std::string quote_text(std::string_view text);

// The integer a JSON number holds, read as the schema's "integer" reads it: 3 and 3.0 alike, 3.5 not.
// Values beyond the int64 range come back clamped, so range checks still refuse them.
std::optional<std::int64_t> integer_value(const Json& value);

// Where a key may be absent: a payload row must carry every key of the schema (nullable or not), while a
// session change may leave out the nullable ones.
enum class Presence : std::uint8_t { kRequired, kOmittable };

// A payload (and the stored rows) carries times as text, as the database writes them; the change API also
// takes minutes since midnight.
enum class TimeForm : std::uint8_t { kText, kTextOrMinutes };

class JsonReader {
 public:
  explicit JsonReader(Errors& errors) : errors_(errors) { path_.reserve(8); }
  JsonReader(const JsonReader&) = delete;
  JsonReader& operator=(const JsonReader&) = delete;

  // While a Scope lives, the reader's path has one more segment. Segments are rendered only when an error
  // is recorded, which keeps the happy path free of string building.
  class [[nodiscard]] Scope {
   public:
    explicit Scope(JsonReader& reader) : reader_(reader) {}
    ~Scope() { reader_.path_.pop_back(); }
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    JsonReader& reader_;
  };
  Scope enter(std::string_view key);  // the key must outlive the scope
  Scope enter(std::size_t index);

  std::string path() const;
  std::string path(std::string_view key) const;  // path() + "/" + key

  // Once kMaxReportedErrors are recorded, further errors are dropped and callers may stop walking.
  bool full() const;
  void fail(std::string_view code, std::string message);  // at path()
  // At path(key); an empty key means path().
  void fail_at(std::string_view key, std::string_view code, std::string message);

  // The value under `key`, or nullptr when the key is absent (a missing-key error when it is required).
  Json* find(Object& object, std::string_view key, Presence presence);

  // Each reader returns false when the key was absent or the value was refused (the error is recorded);
  // `out` is left alone then. Strings are moved out of the document, which the caller no longer needs.
  // kOmittable: an absent key leaves `out` (the caller's default) and is not an error.
  bool read_string(Object& object, std::string_view key, std::string& out,
                   Presence presence = Presence::kRequired);
  bool read_id(Object& object, std::string_view key, std::string& out);  // a non-empty string
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
  // end_time > start_time, else end-not-after-start at path("end_time") and false.
  bool require_end_after_start(int start, int end);

  // An array at `key` (or nullptr, with the error recorded); kOmittable: absent is fine, null is not.
  Array* find_array(Object& object, std::string_view key, Presence presence);
  Object* find_object(Object& object, std::string_view key);

 private:
  struct Segment {
    std::string_view key;
    std::size_t index = 0;
    bool is_index = false;
  };

  // An empty key means the value at path() itself.
  bool day_at(const Json& value, std::string_view key, int& out);
  bool time_at(const Json& value, std::string_view key, TimeForm form, int& out);

  Errors& errors_;
  std::vector<Segment> path_;
};

}  // namespace slotfit::json_input
