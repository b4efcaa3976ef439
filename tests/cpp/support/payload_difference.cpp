#include "support/payload_difference.hpp"

#include <string>
#include <tuple>
#include <vector>

namespace slotfit_test {
namespace {

using slotfit::Payload;

// Each list names every field of its struct (see slotfit/payload.hpp).
auto fields(const slotfit::ProviderInfo& r) { return std::tie(r.id, r.role, r.works_at_multiple_schools); }
auto fields(const slotfit::SchoolInfo& r) { return std::tie(r.school_id, r.school_site, r.school_year); }
auto fields(const slotfit::SchoolHoursRow& r) {
  return std::tie(r.grade_level, r.day_of_week, r.start_time, r.end_time);
}
auto fields(const slotfit::BellScheduleRow& r) {
  return std::tie(r.id, r.grade_level, r.day_of_week, r.start_time, r.end_time, r.period_name);
}
auto fields(const slotfit::SpecialActivityRow& r) {
  return std::tie(r.id, r.teacher_id, r.teacher_name, r.day_of_week, r.start_time, r.end_time, r.activity_name);
}
auto fields(const slotfit::StudentRow& r) {
  return std::tie(r.id, r.initials, r.grade_level, r.teacher_id, r.teacher_name, r.child_id, r.sessions_per_week,
                  r.minutes_per_session);
}
auto fields(const slotfit::SessionRow& r) {
  return std::tie(r.id, r.student_id, r.day_of_week, r.start_time, r.end_time, r.service_type, r.delivered_by,
                  r.assigned_to_sea_id, r.assigned_to_specialist_id, r.status, r.group_ref);
}
auto fields(const slotfit::ProtectedTimeRow& r) {
  return std::tie(r.id, r.student_id, r.child_id, r.day_of_week, r.start_time, r.end_time, r.label);
}
auto fields(const slotfit::OtherProviderSessionRow& r) {
  return std::tie(r.student_id, r.day_of_week, r.start_time, r.end_time, r.provider_role);
}
auto fields(const slotfit::ProviderBusyRow& r) {
  return std::tie(r.id, r.day_of_week, r.start_time, r.end_time, r.label, r.school_site);
}

template <class Row>
void compare_rows(const char* table, const std::vector<Row>& a, const std::vector<Row>& b, std::string& out) {
  if (!out.empty()) return;
  if (a.size() != b.size()) {
    out = std::string(table) + ": " + std::to_string(a.size()) + " rows vs " + std::to_string(b.size());
    return;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (fields(a[i]) != fields(b[i])) {
      out = std::string(table) + "/" + std::to_string(i) + " differs";
      return;
    }
  }
}

}  // namespace

std::string payload_difference(const Payload& a, const Payload& b) {
  if (a.schema_version != b.schema_version) return "schema_version";
  if (a.generated_at != b.generated_at) return "generated_at";
  if (a.data_version != b.data_version) return "data_version";
  if (fields(a.provider) != fields(b.provider)) return "provider";
  if (fields(a.school) != fields(b.school)) return "school";
  if (a.work_days != b.work_days) return "work_days";
  if (a.incomplete != b.incomplete) return "incomplete";
  std::string out;
  compare_rows("school_hours", a.school_hours, b.school_hours, out);
  compare_rows("bell_schedules", a.bell_schedules, b.bell_schedules, out);
  compare_rows("special_activities", a.special_activities, b.special_activities, out);
  compare_rows("students", a.students, b.students, out);
  compare_rows("sessions", a.sessions, b.sessions, out);
  compare_rows("protected_times", a.protected_times, b.protected_times, out);
  compare_rows("other_provider_sessions", a.other_provider_sessions, b.other_provider_sessions, out);
  compare_rows("provider_busy_times", a.provider_busy_times, b.provider_busy_times, out);
  return out;
}

}  // namespace slotfit_test
