#include "payload_sax.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "input_limits.hpp"
#include "json_reader.hpp"
#include "parse_payload_dom.hpp"
#include "slotfit_json_parse.hpp"
#include "slotfit/parse.hpp"
#include "slotfit/validate.hpp"
#include "slotfit/time.hpp"

// This path reads only what each value is in JSON (its type, the text of a time), as the DOM parser does through
// json_reader.cpp, calling the same functions (parse_time, integer_value); every domain rule (ranges, ids, the
// order of times, placeholders, duplicates, references) is validate()'s, run once on the finished Payload.

namespace slotfit {
namespace {

using Json = nlohmann::json;

// One scalar as the SAX parser hands it over; at most one pointer is set, none for null.
struct Scalar {
  bool is_null = false;
  const bool* flag = nullptr;
  const Json* number = nullptr;  // a Json so that json_input::integer_value reads it as the DOM parser does
  std::string* text = nullptr;   // the parser's own buffer, free to move from
};

// Integers a typed row holds; whether they are in their domain is for validate() to say.
bool fits_int(std::int64_t value) {
  return value >= std::numeric_limits<int>::min() && value <= std::numeric_limits<int>::max();
}

bool take_text(Scalar& v, std::string& out) {
  if (v.text == nullptr) return false;
  out = std::move(*v.text);
  return true;
}

bool take_optional_text(Scalar& v, OptString& out) {
  if (v.is_null) return true;  // rows start with every optional unset
  if (v.text == nullptr) return false;
  out = std::move(*v.text);
  return true;
}

bool take_bool(const Scalar& v, bool& out) {
  if (v.flag == nullptr) return false;
  out = *v.flag;
  return true;
}

bool take_day(const Scalar& v, int& out) {
  if (v.number == nullptr) return false;
  const auto day = json_input::integer_value(*v.number);
  if (!day || !fits_int(*day)) return false;
  out = static_cast<int>(*day);
  return true;
}

bool take_optional_day(const Scalar& v, std::optional<int>& out) {
  if (v.is_null) return true;
  int day = 0;
  if (!take_day(v, day)) return false;
  out = day;
  return true;
}

// A payload carries times as text only (minutes are the change API's form).
bool take_time(const Scalar& v, int& out) {
  if (v.text == nullptr) return false;
  const auto minute = parse_time(*v.text);
  if (!minute) return false;
  out = *minute;
  return true;
}

bool take_optional_time(const Scalar& v, std::optional<int>& out) {
  if (v.is_null) return true;
  int minute = 0;
  if (!take_time(v, minute)) return false;
  out = minute;
  return true;
}

bool take_count(const Scalar& v, std::optional<int>& out) {
  if (v.is_null) return true;
  if (v.number == nullptr) return false;
  const auto count = json_input::integer_value(*v.number);
  if (!count || !fits_int(*count)) return false;
  out = static_cast<int>(*count);
  return true;
}

// ---- The objects below the root: one description each (its keys, all required, in the schema's order). ----

struct ProviderObject {
  static constexpr std::array<std::string_view, 3> kKeys = {"id", "role", "works_at_multiple_schools"};
  static void begin(Payload& /*p*/) {}
  static bool store(Payload& p, std::size_t key, Scalar& v) {
    ProviderInfo& r = p.provider;
    switch (key) {
      case 0: return take_text(v, r.id);
      case 1: return take_text(v, r.role);
      case 2: return take_bool(v, r.works_at_multiple_schools);
      default: return false;
    }
  }
};

struct SchoolObject {
  static constexpr std::array<std::string_view, 3> kKeys = {"school_id", "school_site", "school_year"};
  static void begin(Payload& /*p*/) {}
  static bool store(Payload& p, std::size_t key, Scalar& v) {
    SchoolInfo& r = p.school;
    switch (key) {
      case 0: return take_optional_text(v, r.school_id);
      case 1: return take_optional_text(v, r.school_site);
      case 2: return take_text(v, r.school_year);
      default: return false;
    }
  }
};

// The tables' rows: begin() appends the row that the following keys fill.
template <class Row, std::vector<Row> Payload::*kTable>
struct RowOf {
  static void begin(Payload& p) { (p.*kTable).emplace_back(); }
  static Row& row(Payload& p) { return (p.*kTable).back(); }
  static const Row& row(const Payload& p) { return (p.*kTable).back(); }
};

struct SchoolHoursObject : RowOf<SchoolHoursRow, &Payload::school_hours> {
  static constexpr std::array<std::string_view, 4> kKeys = {"grade_level", "day_of_week", "start_time",
                                                            "end_time"};
  static bool store(Payload& p, std::size_t key, Scalar& v) {
    SchoolHoursRow& r = row(p);
    switch (key) {
      case 0: return take_text(v, r.grade_level);
      case 1: return take_day(v, r.day_of_week);
      case 2: return take_time(v, r.start_time);
      case 3: return take_time(v, r.end_time);
      default: return false;
    }
  }
};

struct BellScheduleObject : RowOf<BellScheduleRow, &Payload::bell_schedules> {
  static constexpr std::array<std::string_view, 6> kKeys = {"id",         "grade_level", "day_of_week",
                                                            "start_time", "end_time",    "period_name"};
  static bool store(Payload& p, std::size_t key, Scalar& v) {
    BellScheduleRow& r = row(p);
    switch (key) {
      case 0: return take_text(v, r.id);
      case 1: return take_text(v, r.grade_level);
      case 2: return take_day(v, r.day_of_week);
      case 3: return take_time(v, r.start_time);
      case 4: return take_time(v, r.end_time);
      case 5: return take_optional_text(v, r.period_name);
      default: return false;
    }
  }
};

struct SpecialActivityObject : RowOf<SpecialActivityRow, &Payload::special_activities> {
  static constexpr std::array<std::string_view, 7> kKeys = {"id",         "teacher_id", "teacher_name",
                                                            "day_of_week", "start_time", "end_time",
                                                            "activity_name"};
  static bool store(Payload& p, std::size_t key, Scalar& v) {
    SpecialActivityRow& r = row(p);
    switch (key) {
      case 0: return take_text(v, r.id);
      case 1: return take_optional_text(v, r.teacher_id);
      case 2: return take_text(v, r.teacher_name);
      case 3: return take_day(v, r.day_of_week);
      case 4: return take_time(v, r.start_time);
      case 5: return take_time(v, r.end_time);
      case 6: return take_optional_text(v, r.activity_name);
      default: return false;
    }
  }
};

struct StudentObject : RowOf<StudentRow, &Payload::students> {
  static constexpr std::array<std::string_view, 8> kKeys = {
      "id",       "initials",          "grade_level",        "teacher_id", "teacher_name",
      "child_id", "sessions_per_week", "minutes_per_session"};
  static bool store(Payload& p, std::size_t key, Scalar& v) {
    StudentRow& r = row(p);
    switch (key) {
      case 0: return take_text(v, r.id);
      case 1: return take_text(v, r.initials);
      case 2: return take_optional_text(v, r.grade_level);
      case 3: return take_optional_text(v, r.teacher_id);
      case 4: return take_optional_text(v, r.teacher_name);
      case 5: return take_optional_text(v, r.child_id);
      case 6: return take_count(v, r.sessions_per_week);
      case 7: return take_count(v, r.minutes_per_session);
      default: return false;
    }
  }
};

struct SessionObject : RowOf<SessionRow, &Payload::sessions> {
  static constexpr std::array<std::string_view, 11> kKeys = {
      "id",           "student_id",         "day_of_week",
      "start_time",   "end_time",           "service_type",
      "delivered_by", "assigned_to_sea_id", "assigned_to_specialist_id",
      "status",       "group_ref"};
  static bool store(Payload& p, std::size_t key, Scalar& v) {
    SessionRow& r = row(p);
    switch (key) {
      case 0: return take_text(v, r.id);
      case 1: return take_text(v, r.student_id);
      case 2: return take_optional_day(v, r.day_of_week);
      case 3: return take_optional_time(v, r.start_time);
      case 4: return take_optional_time(v, r.end_time);
      case 5: return take_text(v, r.service_type);
      case 6: return take_text(v, r.delivered_by);
      case 7: return take_optional_text(v, r.assigned_to_sea_id);
      case 8: return take_optional_text(v, r.assigned_to_specialist_id);
      case 9: return take_text(v, r.status);
      case 10: return take_optional_text(v, r.group_ref);
      default: return false;
    }
  }

};

struct ProtectedTimeObject : RowOf<ProtectedTimeRow, &Payload::protected_times> {
  static constexpr std::array<std::string_view, 7> kKeys = {"id",         "student_id", "child_id", "day_of_week",
                                                            "start_time", "end_time",   "label"};
  static bool store(Payload& p, std::size_t key, Scalar& v) {
    ProtectedTimeRow& r = row(p);
    switch (key) {
      case 0: return take_text(v, r.id);
      case 1: return take_optional_text(v, r.student_id);
      case 2: return take_optional_text(v, r.child_id);
      case 3: return take_day(v, r.day_of_week);
      case 4: return take_time(v, r.start_time);
      case 5: return take_time(v, r.end_time);
      case 6: return take_optional_text(v, r.label);
      default: return false;
    }
  }
};

struct OtherProviderSessionObject : RowOf<OtherProviderSessionRow, &Payload::other_provider_sessions> {
  static constexpr std::array<std::string_view, 5> kKeys = {"student_id", "day_of_week", "start_time", "end_time",
                                                            "provider_role"};
  static bool store(Payload& p, std::size_t key, Scalar& v) {
    OtherProviderSessionRow& r = row(p);
    switch (key) {
      case 0: return take_text(v, r.student_id);
      case 1: return take_day(v, r.day_of_week);
      case 2: return take_time(v, r.start_time);
      case 3: return take_time(v, r.end_time);
      case 4: return take_text(v, r.provider_role);
      default: return false;
    }
  }
};

struct ProviderBusyObject : RowOf<ProviderBusyRow, &Payload::provider_busy_times> {
  static constexpr std::array<std::string_view, 6> kKeys = {"id",       "day_of_week", "start_time",
                                                            "end_time", "label",       "school_site"};
  static bool store(Payload& p, std::size_t key, Scalar& v) {
    ProviderBusyRow& r = row(p);
    switch (key) {
      case 0: return take_optional_text(v, r.id);
      case 1: return take_day(v, r.day_of_week);
      case 2: return take_time(v, r.start_time);
      case 3: return take_time(v, r.end_time);
      case 4: return take_optional_text(v, r.label);
      case 5: return take_optional_text(v, r.school_site);
      default: return false;
    }
  }
};

// An object description as the handler uses it, without templates in the event loop.
struct ObjectOps {
  const std::string_view* keys;
  std::size_t key_count;
  void (*begin)(Payload&);
  bool (*store)(Payload&, std::size_t, Scalar&);
};

template <class Object>
constexpr ObjectOps ops_of() {
  static_assert(Object::kKeys.size() <= 32, "the seen-keys mask is 32 bits");
  return ObjectOps{Object::kKeys.data(), Object::kKeys.size(), &Object::begin, &Object::store};
}

// ---- The root ----

enum TopKey : std::uint8_t {
  kSchemaVersion,
  kGeneratedAt,
  kDataVersion,
  kIncomplete,
  kProvider,
  kSchool,
  kWorkDays,
  kSchoolHours,  // the tables, in this order, through kProviderBusyTimes
  kBellSchedules,
  kSpecialActivities,
  kStudents,
  kSessions,
  kProtectedTimes,
  kOtherProviderSessions,
  kProviderBusyTimes,
  kTopKeyCount,
};

constexpr std::array<std::string_view, kTopKeyCount> kTopKeys = {
    "schema_version", "generated_at",   "data_version",       "incomplete", "provider",
    "school",         "work_days",      "school_hours",       "bell_schedules",
    "special_activities", "students",   "sessions",           "protected_times",
    "other_provider_sessions", "provider_busy_times"};

constexpr std::uint32_t bit(std::size_t key) { return std::uint32_t{1} << key; }

constexpr std::uint32_t kOmittableTopKeys =
    bit(kGeneratedAt) | bit(kDataVersion) | bit(kIncomplete) | bit(kProviderBusyTimes);
constexpr std::uint32_t kRequiredTopKeys = (bit(kTopKeyCount) - 1) & ~kOmittableTopKeys;

constexpr ObjectOps kProviderOps = ops_of<ProviderObject>();
constexpr ObjectOps kSchoolOps = ops_of<SchoolObject>();
constexpr std::array<ObjectOps, kTopKeyCount - kSchoolHours> kTableOps = {
    ops_of<SchoolHoursObject>(),   ops_of<BellScheduleObject>(),         ops_of<SpecialActivityObject>(),
    ops_of<StudentObject>(),       ops_of<SessionObject>(),              ops_of<ProtectedTimeObject>(),
    ops_of<OtherProviderSessionObject>(), ops_of<ProviderBusyObject>()};

// Keys mostly come in the schema's order, so the key after the last one found is tried before a scan.
int find_key(const std::string_view* keys, std::size_t count, std::size_t& hint, std::string_view key) {
  if (hint < count && keys[hint] == key) return static_cast<int>(hint++);
  for (std::size_t i = 0; i < count; ++i) {
    if (keys[i] == key) {
      hint = i + 1;
      return static_cast<int>(i);
    }
  }
  return -1;
}

// Where the handler stands. The payload's shape is fixed and shallow (root, a table, a row), so a few levels
// do what a stack would; anything deeper sits under an unknown key and is skipped by depth alone.
enum class Level : std::uint8_t {
  kBeforeRoot,
  kRoot,
  kObject,  // provider, school or a row: ops_ says which
  kIncomplete,
  kWorkDays,
  kTable,
  kDone,
};

// Returning false from any event stops the parse; the caller then learns only that the fast path refused.
class PayloadHandler final : public nlohmann::json_sax<Json> {
 public:
  explicit PayloadHandler(Payload& out) : out_(out) {}

  bool done() const { return level_ == Level::kDone; }

  bool null() override {
    Scalar v;
    v.is_null = true;
    return value(v);
  }
  bool boolean(bool flag) override {
    Scalar v;
    v.flag = &flag;
    return value(v);
  }
  bool number_integer(number_integer_t number) override { return number_value(Json(number)); }
  bool number_unsigned(number_unsigned_t number) override { return number_value(Json(number)); }
  bool number_float(number_float_t number, const string_t& /*raw*/) override { return number_value(Json(number)); }
  bool string(string_t& text) override {
    if (!limits_.text(text.size())) return false;
    Scalar v;
    v.text = &text;
    return value(v);
  }
  bool binary(binary_t& /*value*/) override { return false; }  // JSON text has none

  bool start_object(std::size_t /*size*/) override {
    if (!limits_.open_object()) return false;
    if (skipping()) return true;
    if (level_ == Level::kBeforeRoot) {
      level_ = Level::kRoot;
      return true;
    }
    if (level_ == Level::kRoot && (top_key_ == kProvider || top_key_ == kSchool)) {
      enter_object(top_key_ == kProvider ? kProviderOps : kSchoolOps, Level::kRoot);
      return true;
    }
    if (level_ == Level::kTable) {
      enter_object(*table_ops_, Level::kTable);
      return true;
    }
    return false;  // a container where a scalar or an array belongs
  }

  bool key(string_t& name) override {
    if (!limits_.text(name.size())) return false;
    if (skip_depth_ > 0) return true;
    if (level_ == Level::kRoot) {
      const int top = find_key(kTopKeys.data(), kTopKeys.size(), top_hint_, name);
      if (top < 0) {
        skip_next_ = true;
        return true;
      }
      if ((top_seen_ & bit(static_cast<std::size_t>(top))) != 0) return false;  // duplicate: DOM decides
      top_seen_ |= bit(static_cast<std::size_t>(top));
      top_key_ = static_cast<TopKey>(top);
      return true;
    }
    if (level_ != Level::kObject) return false;
    const int field = find_key(ops_->keys, ops_->key_count, hint_, name);
    if (field < 0) {
      skip_next_ = true;
      return true;
    }
    if ((seen_ & bit(static_cast<std::size_t>(field))) != 0) return false;  // duplicate: DOM decides
    seen_ |= bit(static_cast<std::size_t>(field));
    field_ = static_cast<std::size_t>(field);
    return true;
  }

  bool end_object() override {
    limits_.close();
    if (skip_depth_ > 0) {
      --skip_depth_;
      return true;
    }
    if (level_ == Level::kObject) {
      if (seen_ != bit(ops_->key_count) - 1) return false;
      level_ = parent_;
      return true;
    }
    if (level_ == Level::kRoot) {
      if ((top_seen_ & kRequiredTopKeys) != kRequiredTopKeys) return false;
      level_ = Level::kDone;
      return true;
    }
    return false;
  }

  bool start_array(std::size_t /*size*/) override {
    if (!limits_.open_array()) return false;
    if (skipping()) return true;
    if (level_ != Level::kRoot) return false;
    switch (top_key_) {
      case kIncomplete:
        level_ = Level::kIncomplete;
        return true;
      case kWorkDays:
        level_ = Level::kWorkDays;
        return true;
      case kSchoolHours:
      case kBellSchedules:
      case kSpecialActivities:
      case kStudents:
      case kSessions:
      case kProtectedTimes:
      case kOtherProviderSessions:
      case kProviderBusyTimes:
        table_ops_ = &kTableOps[top_key_ - kSchoolHours];
        level_ = Level::kTable;
        return true;
      default:
        return false;
    }
  }

  bool end_array() override {
    limits_.close();
    if (skip_depth_ > 0) {
      --skip_depth_;
      return true;
    }
    if (level_ == Level::kIncomplete || level_ == Level::kWorkDays || level_ == Level::kTable) {
      level_ = Level::kRoot;
      return true;
    }
    return false;
  }

  bool parse_error(std::size_t /*position*/, const std::string& /*last_token*/,
                   const nlohmann::detail::exception& /*error*/) override {
    return false;
  }

 private:
  // Called by every container start: true when it belongs to a skipped value (and is then skipped too).
  bool skipping() {
    if (skip_depth_ > 0) {
      ++skip_depth_;
      return true;
    }
    if (skip_next_) {
      skip_next_ = false;
      skip_depth_ = 1;
      return true;
    }
    return false;
  }

  void enter_object(const ObjectOps& ops, Level parent) {
    ops_ = &ops;
    parent_ = parent;
    seen_ = 0;
    hint_ = 0;
    level_ = Level::kObject;
    ops.begin(out_);
  }

  bool number_value(const Json& number) {
    Scalar v;
    v.number = &number;
    return value(v);
  }

  bool value(Scalar& v) {
    if (!limits_.value()) return false;
    if (skip_depth_ > 0) return true;
    if (skip_next_) {
      skip_next_ = false;
      return true;
    }
    switch (level_) {
      case Level::kRoot:
        return top_value(v);
      case Level::kObject:
        return ops_->store(out_, field_, v);
      case Level::kIncomplete:
        if (v.text == nullptr) return false;
        out_.incomplete.push_back(std::move(*v.text));
        return true;
      case Level::kWorkDays:
        return work_day(v);
      default:
        return false;  // the root or a row that is no object
    }
  }

  bool top_value(Scalar& v) {
    switch (top_key_) {
      case kSchemaVersion: {
        const auto version =
            v.number != nullptr ? json_input::integer_value(*v.number) : std::optional<std::int64_t>();
        return version == kSupportedSchemaVersion;
      }
      case kGeneratedAt:
        return take_optional_text(v, out_.generated_at);
      case kDataVersion:
        return take_optional_text(v, out_.data_version);
      default:
        return false;  // a scalar (null included) where an object or an array belongs
    }
  }

  bool work_day(const Scalar& v) {
    int day = 0;
    if (!take_day(v, day)) return false;
    out_.work_days.push_back(day);
    return true;
  }

  Payload& out_;
  Level level_ = Level::kBeforeRoot;
  Level parent_ = Level::kRoot;
  TopKey top_key_ = kSchemaVersion;
  std::uint32_t top_seen_ = 0;
  std::size_t top_hint_ = 0;
  const ObjectOps* ops_ = nullptr;
  const ObjectOps* table_ops_ = nullptr;
  std::uint32_t seen_ = 0;
  std::size_t hint_ = 0;
  std::size_t field_ = 0;
  bool skip_next_ = false;  // the value after an unknown key
  std::size_t skip_depth_ = 0;
  json_input::InputLimits limits_;  // past a limit the fast path refuses; scan_text() then words it
};

}  // namespace

std::optional<Payload> parse_payload_fast(std::string_view json_text) {
  Payload payload;
  payload.schema_version = kSupportedSchemaVersion;
  PayloadHandler handler(payload);
  if (!json_parse::sax_parse(json_text, &handler) || !handler.done()) return std::nullopt;
  if (!validate(payload).empty()) return std::nullopt;  // the DOM path words the errors
  return payload;
}

}  // namespace slotfit
