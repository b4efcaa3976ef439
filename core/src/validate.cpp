#include "slotfit/validate.hpp"

#include <array>
#include <cstddef>
#include <string_view>
#include <vector>

#include "error_sink.hpp"
#include "payload_rules.hpp"
#include "slotfit/parse.hpp"

namespace slotfit {
namespace {

using namespace payload_rules;

// The rows of the tables that carry day_of_week, start_time, end_time (always set): adjacent keys, checked in
// that order, then the end against the start.
template <class Row>
bool check_when(ErrorSink& sink, const Row& row) {
  bool ok = check_day(sink, "day_of_week", row.day_of_week);
  const bool start_ok = check_minute(sink, "start_time", row.start_time);
  const bool end_ok = check_minute(sink, "end_time", row.end_time);
  if (start_ok && end_ok) return check_end_after_start(sink, row.start_time, row.end_time) && ok;
  return false;
}

void check_row(ErrorSink& sink, const SchoolHoursRow& row) { check_when(sink, row); }

void check_row(ErrorSink& sink, const BellScheduleRow& row) {
  check_id(sink, "id", row.id);
  check_when(sink, row);
}

void check_row(ErrorSink& sink, const SpecialActivityRow& row) {
  check_id(sink, "id", row.id);
  check_when(sink, row);
}

void check_row(ErrorSink& sink, const StudentRow& row) {
  check_id(sink, "id", row.id);
  if (row.sessions_per_week) check_count(sink, "sessions_per_week", *row.sessions_per_week, kMaxSessionsPerWeek);
  if (row.minutes_per_session)
    check_count(sink, "minutes_per_session", *row.minutes_per_session, kMaxMinutesPerSession);
}

void check_row(ErrorSink& sink, const SessionRow& row) { check_session(sink, row); }

void check_row(ErrorSink& sink, const ProtectedTimeRow& row) {
  check_id(sink, "id", row.id);
  check_when(sink, row);
}

void check_row(ErrorSink& sink, const OtherProviderSessionRow& row) {
  check_id(sink, "student_id", row.student_id);
  check_when(sink, row);
}

void check_row(ErrorSink& sink, const ProviderBusyRow& row) { check_when(sink, row); }

template <class Row>
void check_table(ErrorSink& sink, std::string_view key, const std::vector<Row>& rows) {
  const auto table = sink.enter(key);
  for (std::size_t i = 0; i < rows.size() && !sink.full(); ++i) {
    const auto at_row = sink.enter(i);
    check_row(sink, rows[i]);
  }
}

}  // namespace

Errors validate(const Payload& p) {
  Errors errors;
  if (p.schema_version != kSupportedSchemaVersion) {
    errors.push_back(Error{"unsupported-schema-version", "/schema_version",
                           "supported schema versions: 1; found " + std::to_string(p.schema_version)});
    return errors;
  }
  ErrorSink sink(errors);
  {
    const auto scope = sink.enter("provider");
    check_id(sink, "id", p.provider.id);
  }
  {
    const auto scope = sink.enter("school");
    check_school_year(sink, "school_year", p.school.school_year);
  }
  {
    const auto scope = sink.enter("work_days");
    std::array<bool, kLastDay + 1> seen = {};
    for (std::size_t i = 0; i < p.work_days.size(); ++i) {
      const auto at_item = sink.enter(i);
      if (check_day(sink, {}, p.work_days[i])) check_work_day_unique(sink, p.work_days[i], seen);
    }
  }
  check_table(sink, "school_hours", p.school_hours);
  check_table(sink, "bell_schedules", p.bell_schedules);
  check_table(sink, "special_activities", p.special_activities);
  check_table(sink, "students", p.students);
  check_table(sink, "sessions", p.sessions);
  check_table(sink, "protected_times", p.protected_times);
  check_table(sink, "other_provider_sessions", p.other_provider_sessions);
  check_table(sink, "provider_busy_times", p.provider_busy_times);
  check_references(sink, p, /*students_readable=*/true);
  return errors;
}

}  // namespace slotfit
