#include "session_row_reader.hpp"

#include <string>
#include <string_view>

namespace slotfit::json_input {
bool read_session_row(JsonReader& reader, Object& row, SessionRowForm form, SessionRow& out) {
  const bool payload = form == SessionRowForm::kPayload;
  const Presence nullable = payload ? Presence::kRequired : Presence::kOmittable;
  const TimeForm times = payload ? TimeForm::kText : TimeForm::kTextOrMinutes;

  bool ok = reader.read_id(row, "id", out.id);
  ok = reader.read_id(row, "student_id", out.student_id) && ok;
  const bool day_ok = reader.read_optional_day(row, "day_of_week", out.day_of_week);
  const bool start_ok = reader.read_optional_time(row, "start_time", times, out.start_time);
  const bool end_ok = reader.read_optional_time(row, "end_time", times, out.end_time);
  if (day_ok && start_ok && end_ok) {
    if (!payload_rules::check_all_or_none(
            reader, {out.day_of_week.has_value(), out.start_time.has_value(), out.end_time.has_value()})) {
      ok = false;
    } else if (out.start_time && out.end_time) {
      ok = payload_rules::check_end_after_start(reader, *out.start_time, *out.end_time) && ok;
    }
  } else {
    ok = false;
  }
  ok = reader.read_string(row, "service_type", out.service_type) && ok;
  ok = reader.read_string(row, "delivered_by", out.delivered_by) && ok;
  ok = reader.read_optional_string(row, "assigned_to_sea_id", out.assigned_to_sea_id, nullable) && ok;
  ok = reader.read_optional_string(row, "assigned_to_specialist_id", out.assigned_to_specialist_id,
                                   nullable) &&
       ok;
  if (!payload) out.status = "active";
  ok = reader.read_string(row, "status", out.status, nullable) && ok;
  ok = reader.read_optional_string(row, "group_ref", out.group_ref, nullable) && ok;
  return ok;
}

}  // namespace slotfit::json_input
