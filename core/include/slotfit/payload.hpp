#pragma once
// The batch payload v1 (core/schema/payload-v1.schema.json), typed: times in minutes, days ISO 1–7.
#include <optional>
#include <string>
#include <vector>

namespace slotfit {

using OptString = std::optional<std::string>;

struct ProviderInfo {
  std::string id;
  std::string role;
  bool works_at_multiple_schools = false;
};

struct SchoolInfo {
  OptString school_id;
  OptString school_site;
  std::string school_year;
};

struct SchoolHoursRow {
  std::string grade_level;  // "K-AM", "1", "default", …
  int day_of_week = 0;
  int start_time = 0;
  int end_time = 0;
};

struct BellScheduleRow {
  std::string id;
  std::string grade_level;  // comma list, "1,2,3"
  int day_of_week = 0;
  int start_time = 0;
  int end_time = 0;
  OptString period_name;
};

struct SpecialActivityRow {
  std::string id;
  OptString teacher_id;
  std::string teacher_name;
  int day_of_week = 0;
  int start_time = 0;
  int end_time = 0;
  OptString activity_name;
};

struct StudentRow {
  std::string id;
  std::string initials;
  OptString grade_level;
  OptString teacher_id;
  OptString teacher_name;
  OptString child_id;
  std::optional<int> sessions_per_week;
  std::optional<int> minutes_per_session;
};

struct SessionRow {
  std::string id;
  std::string student_id;
  std::optional<int> day_of_week;  // all three set, or all three null (a placeholder)
  std::optional<int> start_time;
  std::optional<int> end_time;
  std::string service_type;
  std::string delivered_by;
  OptString assigned_to_sea_id;
  OptString assigned_to_specialist_id;
  std::string status;
  OptString group_ref;

  bool is_placeholder() const { return !day_of_week.has_value(); }
};

struct ProtectedTimeRow {
  std::string id;
  OptString student_id;
  OptString child_id;
  int day_of_week = 0;
  int start_time = 0;
  int end_time = 0;
  OptString label;
};

struct OtherProviderSessionRow {
  std::string student_id;  // this provider's student row of the same child
  int day_of_week = 0;
  int start_time = 0;
  int end_time = 0;
  std::string provider_role;
};

struct ProviderBusyRow {
  OptString id;
  int day_of_week = 0;
  int start_time = 0;
  int end_time = 0;
  OptString label;
  OptString school_site;
};

struct Payload {
  int schema_version = 1;
  OptString generated_at;
  OptString data_version;
  ProviderInfo provider;
  SchoolInfo school;
  std::vector<int> work_days;
  std::vector<SchoolHoursRow> school_hours;
  std::vector<BellScheduleRow> bell_schedules;
  std::vector<SpecialActivityRow> special_activities;
  std::vector<StudentRow> students;
  std::vector<SessionRow> sessions;
  std::vector<ProtectedTimeRow> protected_times;
  std::vector<OtherProviderSessionRow> other_provider_sessions;
  std::vector<ProviderBusyRow> provider_busy_times;
  // Tables the producer could not read (a fallback read under RLS); auto-schedule refuses such a payload unless allowed.
  std::vector<std::string> incomplete;
};

}  // namespace slotfit
