#include "session_row_reader.hpp"

#include <array>
#include <string>
#include <string_view>

namespace slotfit::json_input {
namespace {

constexpr std::array<std::string_view, 3> kWhenKeys = {"day_of_week", "start_time", "end_time"};

// The three keys' null-ness must agree; `set` says which of them carry a value.
bool check_placeholder(JsonReader& reader, const std::array<bool, 3>& set) {
  const int set_count = int{set[0]} + int{set[1]} + int{set[2]};
  if (set_count == 0 || set_count == 3) return true;
  // With three keys and a mix, exactly one differs from the other two.
  const bool odd_is_set = set_count == 1;
  std::size_t odd = 0;
  while (set[odd] != odd_is_set) ++odd;
  std::string message =
      "expected day_of_week, start_time and end_time all set or all null (a placeholder), found ";
  message += kWhenKeys[odd];
  message += odd_is_set ? " set and the other two null" : " null and the other two set";
  reader.fail_at(kWhenKeys[odd], kPlaceholderMix, std::move(message));
  return false;
}

}  // namespace

bool read_session_row(JsonReader& reader, Object& row, SessionRowForm form, SessionRow& out) {
  const bool payload = form == SessionRowForm::kPayload;
  const Presence nullable = payload ? Presence::kRequired : Presence::kOmittable;
  const TimeForm times = payload ? TimeForm::kText : TimeForm::kTextOrMinutes;

  bool ok = reader.read_id(row, "id", out.id);
  ok = reader.read_id(row, "student_id", out.student_id) && ok;
  const bool day_ok = reader.read_optional_day(row, kWhenKeys[0], out.day_of_week);
  const bool start_ok = reader.read_optional_time(row, kWhenKeys[1], times, out.start_time);
  const bool end_ok = reader.read_optional_time(row, kWhenKeys[2], times, out.end_time);
  if (day_ok && start_ok && end_ok) {
    if (!check_placeholder(
            reader, {out.day_of_week.has_value(), out.start_time.has_value(), out.end_time.has_value()})) {
      ok = false;
    } else if (out.start_time && out.end_time) {
      ok = reader.require_end_after_start(*out.start_time, *out.end_time) && ok;
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
