#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "json_reader.hpp"
#include "parse_payload_dom.hpp"
#include "payload_rules.hpp"
#include "payload_sax.hpp"
#include "session_row_reader.hpp"
#include "slotfit/parse.hpp"
#include "slotfit/time.hpp"

namespace slotfit {
namespace {

using json_input::Array;
using json_input::JsonReader;
using json_input::Object;
using json_input::Presence;
using json_input::TimeForm;

// day_of_week, start_time, end_time: adjacent in every table that has them, so their errors stay in key
// order.
void read_when(JsonReader& reader, Object& row, int& day, int& start, int& end) {
  reader.read_day(row, "day_of_week", day);
  const bool start_ok = reader.read_time(row, "start_time", TimeForm::kText, start);
  const bool end_ok = reader.read_time(row, "end_time", TimeForm::kText, end);
  if (start_ok && end_ok) payload_rules::check_end_after_start(reader, start, end);
}

// One overload per table, reading the keys in the schema's order so errors come out in that order.
void read_row(JsonReader& reader, Object& row, SchoolHoursRow& out) {
  reader.read_string(row, "grade_level", out.grade_level);
  read_when(reader, row, out.day_of_week, out.start_time, out.end_time);
}

void read_row(JsonReader& reader, Object& row, BellScheduleRow& out) {
  reader.read_id(row, "id", out.id);
  reader.read_string(row, "grade_level", out.grade_level);
  read_when(reader, row, out.day_of_week, out.start_time, out.end_time);
  reader.read_optional_string(row, "period_name", out.period_name, Presence::kRequired);
}

void read_row(JsonReader& reader, Object& row, SpecialActivityRow& out) {
  reader.read_id(row, "id", out.id);
  reader.read_optional_string(row, "teacher_id", out.teacher_id, Presence::kRequired);
  reader.read_string(row, "teacher_name", out.teacher_name);
  read_when(reader, row, out.day_of_week, out.start_time, out.end_time);
  reader.read_optional_string(row, "activity_name", out.activity_name, Presence::kRequired);
}

void read_row(JsonReader& reader, Object& row, StudentRow& out) {
  reader.read_id(row, "id", out.id);
  reader.read_string(row, "initials", out.initials);
  reader.read_optional_string(row, "grade_level", out.grade_level, Presence::kRequired);
  reader.read_optional_string(row, "teacher_id", out.teacher_id, Presence::kRequired);
  reader.read_optional_string(row, "teacher_name", out.teacher_name, Presence::kRequired);
  reader.read_optional_string(row, "child_id", out.child_id, Presence::kRequired);
  reader.read_count(row, "sessions_per_week", kMaxSessionsPerWeek, out.sessions_per_week);
  reader.read_count(row, "minutes_per_session", kMaxMinutesPerSession, out.minutes_per_session);
}

void read_row(JsonReader& reader, Object& row, SessionRow& out) {
  json_input::read_session_row(reader, row, json_input::SessionRowForm::kPayload, out);
}

void read_row(JsonReader& reader, Object& row, ProtectedTimeRow& out) {
  reader.read_id(row, "id", out.id);
  reader.read_optional_string(row, "student_id", out.student_id, Presence::kRequired);
  reader.read_optional_string(row, "child_id", out.child_id, Presence::kRequired);
  read_when(reader, row, out.day_of_week, out.start_time, out.end_time);
  reader.read_optional_string(row, "label", out.label, Presence::kRequired);
}

void read_row(JsonReader& reader, Object& row, OtherProviderSessionRow& out) {
  reader.read_id(row, "student_id", out.student_id);
  read_when(reader, row, out.day_of_week, out.start_time, out.end_time);
  reader.read_string(row, "provider_role", out.provider_role);
}

void read_row(JsonReader& reader, Object& row, ProviderBusyRow& out) {
  reader.read_optional_string(row, "id", out.id, Presence::kRequired);
  read_when(reader, row, out.day_of_week, out.start_time, out.end_time);
  reader.read_optional_string(row, "label", out.label, Presence::kRequired);
  reader.read_optional_string(row, "school_site", out.school_site, Presence::kRequired);
}

class PayloadReader {
 public:
  PayloadReader(Object& doc, Errors& errors) : doc_(doc), reader_(errors) {}

  void read(Payload& out) {
    reader_.read_optional_string(doc_, "generated_at", out.generated_at, Presence::kOmittable);
    reader_.read_optional_string(doc_, "data_version", out.data_version, Presence::kOmittable);
    read_incomplete(out.incomplete);
    read_provider(out.provider);
    read_school(out.school);
    read_work_days(out.work_days);
    read_table("school_hours", Presence::kRequired, out.school_hours);
    read_table("bell_schedules", Presence::kRequired, out.bell_schedules);
    read_table("special_activities", Presence::kRequired, out.special_activities);
    const bool students_read = read_table("students", Presence::kRequired, out.students);
    read_table("sessions", Presence::kRequired, out.sessions);
    read_table("protected_times", Presence::kRequired, out.protected_times);
    read_table("other_provider_sessions", Presence::kRequired, out.other_provider_sessions);
    read_table("provider_busy_times", Presence::kOmittable, out.provider_busy_times);
    payload_rules::check_references(reader_, out, students_read);
  }

 private:
  // Rows are appended even when they hold errors, so a row's index in `rows` is its index in the document.
  template <class Row>
  bool read_table(std::string_view key, Presence presence, std::vector<Row>& rows) {
    Array* array = reader_.find_array(doc_, key, presence);
    if (array == nullptr) return false;
    const auto table = reader_.enter(key);
    rows.reserve(array->size());
    for (std::size_t i = 0; i < array->size() && !reader_.full(); ++i) {
      const auto at_row = reader_.enter(i);
      Row& row = rows.emplace_back();
      if (auto* object = (*array)[i].get_ptr<Object*>()) {
        read_row(reader_, *object, row);
      } else {
        reader_.fail(json_input::kWrongType,
                     "expected a row (an object), found " + json_input::describe((*array)[i]));
      }
    }
    return true;
  }

  void read_incomplete(std::vector<std::string>& out) {
    Array* array = reader_.find_array(doc_, "incomplete", Presence::kOmittable);
    if (array == nullptr) return;
    const auto table = reader_.enter("incomplete");
    out.reserve(array->size());
    for (std::size_t i = 0; i < array->size(); ++i) {
      if (auto* name = (*array)[i].get_ptr<json_input::Json::string_t*>()) {
        out.push_back(std::move(*name));
      } else {
        const auto at_item = reader_.enter(i);
        reader_.fail(json_input::kWrongType,
                     "expected a table name (a string), found " + json_input::describe((*array)[i]));
      }
    }
  }

  void read_provider(ProviderInfo& out) {
    Object* provider = reader_.find_object(doc_, "provider");
    if (provider == nullptr) return;
    const auto scope = reader_.enter("provider");
    reader_.read_id(*provider, "id", out.id);
    reader_.read_string(*provider, "role", out.role);
    reader_.read_bool(*provider, "works_at_multiple_schools", out.works_at_multiple_schools);
  }

  void read_school(SchoolInfo& out) {
    Object* school = reader_.find_object(doc_, "school");
    if (school == nullptr) return;
    const auto scope = reader_.enter("school");
    reader_.read_optional_string(*school, "school_id", out.school_id, Presence::kRequired);
    reader_.read_optional_string(*school, "school_site", out.school_site, Presence::kRequired);
    if (reader_.read_string(*school, "school_year", out.school_year))
      payload_rules::check_school_year(reader_, "school_year", out.school_year);
  }

  void read_work_days(std::vector<int>& out) {
    Array* array = reader_.find_array(doc_, "work_days", Presence::kRequired);
    if (array == nullptr) return;
    const auto scope = reader_.enter("work_days");
    out.reserve(array->size());
    std::array<bool, kLastDay + 1> seen = {};
    for (std::size_t i = 0; i < array->size(); ++i) {
      const auto at_item = reader_.enter(i);
      int day = 0;
      if (reader_.day_value((*array)[i], day) && payload_rules::check_work_day_unique(reader_, day, seen))
        out.push_back(day);
    }
  }

  Object& doc_;
  JsonReader reader_;
};

}  // namespace

// Valid payloads never build a document; everything else takes the DOM path, which words the errors.
std::variant<Payload, Errors> parse_payload(std::string_view json_text) {
  if (json_text.size() <= kMaxInputBytes) {
    if (std::optional<Payload> payload = parse_payload_fast(json_text)) return std::move(*payload);
  }
  return parse_payload_dom(json_text);
}

std::variant<Payload, Errors> parse_payload_dom(std::string_view json_text) {
  json_input::Json doc;
  Error syntax_error;
  if (!json_input::parse_document(json_text, doc, syntax_error)) return Errors{std::move(syntax_error)};
  Object* root = doc.get_ptr<Object*>();
  if (root == nullptr) {
    return Errors{Error{std::string(json_input::kNotAnObject), "",
                        "expected a payload (a JSON object), found " + json_input::describe(doc)}};
  }

  // Nothing else can be read reliably under another version, so a version mismatch is the only error.
  const auto version = root->find(std::string_view("schema_version"));
  if (version == root->end()) {
    return Errors{Error{std::string(json_input::kMissingKey), "/schema_version",
                        "missing required key \"schema_version\"; supported schema versions: 1"}};
  }
  const auto number = version->second.is_number() ? json_input::integer_value(version->second) : std::nullopt;
  if (number != kSupportedSchemaVersion) {
    return Errors{Error{std::string(json_input::kUnsupportedSchemaVersion), "/schema_version",
                        "supported schema versions: 1; found " + json_input::describe(version->second)}};
  }

  // get_scheduling_data_batch's revalidation answer (schema: #/definitions/not_modified) has no rows; ten
  // missing keys would hide what it is.
  const auto not_modified = root->find(std::string_view("not_modified"));
  // `true` itself, not a value equal to it (a JSON == would link nlohmann's deep comparison for this one test).
  const bool is_not_modified = not_modified != root->end() && not_modified->second.is_boolean() &&
                               not_modified->second.get<bool>();
  if (is_not_modified && root->find(std::string_view("provider")) == root->end()) {
    return Errors{Error{std::string(json_input::kMissingKey), "/provider",
                        "a not_modified answer of get_scheduling_data_batch, not a payload: it carries no rows; "
                        "load the payload cached for its data_version"}};
  }

  Errors errors;
  Payload payload;
  payload.schema_version = kSupportedSchemaVersion;
  PayloadReader(*root, errors).read(payload);
  if (!errors.empty()) return errors;
  return payload;
}

}  // namespace slotfit
