#include "support/payload_builder.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

#include "slotfit/time.hpp"

namespace slotfit::testing {

int at(std::string_view hhmm) {
  const auto minute = parse_time(hhmm);
  if (!minute) {
    ADD_FAILURE() << "bad time in a test: " << hhmm;
    std::abort();
  }
  return *minute;
}

PayloadBuilder::PayloadBuilder() {
  payload_.provider = ProviderInfo{"provider-1", "speech", false};
  payload_.school = SchoolInfo{std::string("061899002301"), std::string("Test Elementary"), "2026-2027"};
  payload_.work_days = {1, 2, 3, 4, 5};
  payload_.data_version = "v1";
}

PayloadBuilder& PayloadBuilder::provider(std::string role, bool multi_school) {
  payload_.provider.role = std::move(role);
  payload_.provider.works_at_multiple_schools = multi_school;
  return *this;
}

PayloadBuilder& PayloadBuilder::work_days(std::vector<int> days) {
  payload_.work_days = std::move(days);
  return *this;
}

PayloadBuilder& PayloadBuilder::hours(std::string grade, int day, std::string_view start, std::string_view end) {
  payload_.school_hours.push_back(SchoolHoursRow{std::move(grade), day, at(start), at(end)});
  return *this;
}

PayloadBuilder& PayloadBuilder::hours_all_days(std::string grade, std::string_view start, std::string_view end) {
  for (int day = 1; day <= 5; ++day) hours(grade, day, start, end);
  return *this;
}

PayloadBuilder& PayloadBuilder::student(std::string id, std::optional<std::string> grade,
                                        std::optional<int> per_week, std::optional<int> minutes) {
  StudentRow s;
  s.id = std::move(id);
  s.initials = s.id.substr(0, 2);
  s.grade_level = std::move(grade);
  s.sessions_per_week = per_week;
  s.minutes_per_session = minutes;
  payload_.students.push_back(std::move(s));
  return *this;
}

PayloadBuilder& PayloadBuilder::teacher(std::optional<std::string> teacher_id,
                                        std::optional<std::string> teacher_name) {
  payload_.students.back().teacher_id = std::move(teacher_id);
  payload_.students.back().teacher_name = std::move(teacher_name);
  return *this;
}

PayloadBuilder& PayloadBuilder::child(std::string child_id) {
  payload_.students.back().child_id = std::move(child_id);
  return *this;
}

PayloadBuilder& PayloadBuilder::bell(std::string id, std::string grades, int day, std::string_view start,
                                     std::string_view end, std::optional<std::string> period_name) {
  payload_.bell_schedules.push_back(
      BellScheduleRow{std::move(id), std::move(grades), day, at(start), at(end), std::move(period_name)});
  return *this;
}

PayloadBuilder& PayloadBuilder::activity(std::string id, std::optional<std::string> teacher_id,
                                         std::string teacher_name, int day, std::string_view start,
                                         std::string_view end, std::string name) {
  payload_.special_activities.push_back(SpecialActivityRow{std::move(id), std::move(teacher_id),
                                                           std::move(teacher_name), day, at(start), at(end),
                                                           std::move(name)});
  return *this;
}

PayloadBuilder& PayloadBuilder::protect(std::string id, std::optional<std::string> student_id,
                                        std::optional<std::string> child_id, int day, std::string_view start,
                                        std::string_view end, std::string label) {
  payload_.protected_times.push_back(ProtectedTimeRow{std::move(id), std::move(student_id), std::move(child_id), day,
                                                      at(start), at(end), std::move(label)});
  return *this;
}

PayloadBuilder& PayloadBuilder::session(std::string id, std::string student_id, int day, std::string_view start,
                                        std::string_view end) {
  SessionRow s;
  s.id = std::move(id);
  s.student_id = std::move(student_id);
  s.day_of_week = day;
  s.start_time = at(start);
  s.end_time = at(end);
  s.service_type = payload_.provider.role;
  s.delivered_by = "provider";
  s.status = "active";
  payload_.sessions.push_back(std::move(s));
  return *this;
}

PayloadBuilder& PayloadBuilder::placeholder(std::string id, std::string student_id) {
  SessionRow s;
  s.id = std::move(id);
  s.student_id = std::move(student_id);
  s.service_type = payload_.provider.role;
  s.delivered_by = "provider";
  s.status = "active";
  payload_.sessions.push_back(std::move(s));
  return *this;
}

PayloadBuilder& PayloadBuilder::other_provider(std::string student_id, int day, std::string_view start,
                                               std::string_view end, std::string role) {
  payload_.other_provider_sessions.push_back(
      OtherProviderSessionRow{std::move(student_id), day, at(start), at(end), std::move(role)});
  return *this;
}

PayloadBuilder& PayloadBuilder::busy(std::optional<std::string> id, int day, std::string_view start,
                                     std::string_view end, std::string label) {
  payload_.provider_busy_times.push_back(
      ProviderBusyRow{std::move(id), day, at(start), at(end), std::move(label), std::nullopt});
  return *this;
}

}  // namespace slotfit::testing
