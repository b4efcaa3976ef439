#include "payload_rules.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace slotfit::payload_rules {
namespace {

constexpr std::array<std::string_view, 3> kWhenKeys = {"day_of_week", "start_time", "end_time"};

bool is_school_year(std::string_view text) {
  if (text.size() != 9 || text[4] != '-') return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i != 4 && (text[i] < '0' || text[i] > '9')) return false;
  }
  return true;
}

// Id -> index of its first row. Views point into the rows' strings, which do not move while the payload lives.
using IdIndex = std::unordered_map<std::string_view, std::size_t>;

// What one row is refused for: the key in the row, the code and the message.
struct RowFault {
  std::string_view key;
  std::string_view code;
  std::string message;
};

// The walk of every table-wide check: each fault `fault_at(check, i)` finds in row i goes to /table/i/key, in row
// order. Not a template, so the module holds one walk whatever the tables and checks.
using FaultAt = std::optional<RowFault> (*)(const void* check, std::size_t row);

void report_row_faults(ErrorSink& sink, std::string_view table, std::size_t rows, FaultAt fault_at, const void* check) {
  if (sink.full()) return;
  const auto scope = sink.enter(table);
  for (std::size_t i = 0; i < rows; ++i) {
    std::optional<RowFault> fault = fault_at(check, i);
    if (!fault) continue;
    const auto at_row = sink.enter(i);
    sink.fail_at(fault->key, fault->code, std::move(fault->message));
  }
}

// `check(i)` answers row i's fault, or nothing.
template <class Check>
void report_row_faults(ErrorSink& sink, std::string_view table, std::size_t rows, const Check& check) {
  report_row_faults(
      sink, table, rows, [](const void* c, std::size_t i) { return (*static_cast<const Check*>(c))(i); }, &check);
}

// Rows without an id (already reported, or provider_busy_times' null) take no part, so one bad id does not
// cascade.
template <class Row, class IdOf>
void check_unique(ErrorSink& sink, std::string_view table, const std::vector<Row>& rows, IdOf id_of,
                  IdIndex& first_rows) {
  first_rows.clear();
  first_rows.reserve(rows.size());
  report_row_faults(sink, table, rows.size(), [&](std::size_t i) -> std::optional<RowFault> {
    const std::string_view id = id_of(rows[i]);
    if (id.empty()) return std::nullopt;
    const auto [it, added] = first_rows.emplace(id, i);
    if (added) return std::nullopt;
    return RowFault{"id", kDuplicateId,
                    "expected a unique id, found " + quote_text(id) + " again (first in row " +
                        std::to_string(it->second) + ")"};
  });
}

template <class Row>
void check_students_known(ErrorSink& sink, std::string_view table, const std::vector<Row>& rows,
                          const IdIndex& students) {
  report_row_faults(sink, table, rows.size(), [&](std::size_t i) -> std::optional<RowFault> {
    const std::string_view id = rows[i].student_id;
    if (id.empty() || students.find(id) != students.end()) return std::nullopt;
    return RowFault{"student_id", kUnknownStudent, "expected the id of a student in /students, found " + quote_text(id)};
  });
}

}  // namespace

void refuse_day(ErrorSink& sink, std::string_view key, const std::string& found) {
  sink.fail_at(key, kBadDay, "expected a day of week 1-7 (Monday = 1), found " + found);
}

void refuse_minute(ErrorSink& sink, std::string_view key, const std::string& found) {
  sink.fail_at(key, kBadTime, "expected a time from 00:00 to 24:00 (0-1440 minutes), found " + found);
}

void refuse_count(ErrorSink& sink, std::string_view key, int max, const std::string& found) {
  sink.fail_at(key, kBadValue, "expected null or an integer 0-" + std::to_string(max) + ", found " + found);
}

bool check_id(ErrorSink& sink, std::string_view key, std::string_view id) {
  if (!id.empty()) return true;
  sink.fail_at(key, kBadValue, "expected an id (a non-empty string), found \"\"");
  return false;
}

bool check_day(ErrorSink& sink, std::string_view key, std::int64_t day) {
  if (day_in_range(day)) return true;
  refuse_day(sink, key, std::to_string(day));
  return false;
}

bool check_minute(ErrorSink& sink, std::string_view key, std::int64_t minute) {
  if (minute_in_range(minute)) return true;
  refuse_minute(sink, key, std::to_string(minute));
  return false;
}

bool check_count(ErrorSink& sink, std::string_view key, std::int64_t count, int max) {
  if (count_in_range(count, max)) return true;
  refuse_count(sink, key, max, std::to_string(count));
  return false;
}

bool check_school_year(ErrorSink& sink, std::string_view key, std::string_view text) {
  if (is_school_year(text)) return true;
  sink.fail_at(key, kBadValue, "expected a school year \"YYYY-YYYY\", found " + quote_text(text));
  return false;
}

bool check_end_after_start(ErrorSink& sink, int start, int end) {
  if (end > start) return true;
  sink.fail_at("end_time", kEndNotAfterStart,
               "expected an end_time after the start_time " + format_hhmm(start) + ", found " + format_hhmm(end));
  return false;
}

bool check_all_or_none(ErrorSink& sink, const std::array<bool, 3>& set) {
  const int set_count = int{set[0]} + int{set[1]} + int{set[2]};
  if (set_count == 0 || set_count == 3) return true;
  // With three keys and a mix, exactly one differs from the other two.
  const bool odd_is_set = set_count == 1;
  std::size_t odd = 0;
  while (set[odd] != odd_is_set) ++odd;
  std::string message = "expected day_of_week, start_time and end_time all set or all null (a placeholder), found ";
  message += kWhenKeys[odd];
  message += odd_is_set ? " set and the other two null" : " null and the other two set";
  sink.fail_at(kWhenKeys[odd], kPlaceholderMix, std::move(message));
  return false;
}

bool check_work_day_unique(ErrorSink& sink, int day, std::array<bool, kLastDay + 1>& seen) {
  if (!seen[static_cast<std::size_t>(day)]) {
    seen[static_cast<std::size_t>(day)] = true;
    return true;
  }
  sink.fail(kDuplicateDay, "expected each work day once, found " + std::to_string(day) + " again");
  return false;
}

bool check_session(ErrorSink& sink, const SessionRow& row) {
  bool ok = check_id(sink, "id", row.id);
  ok = check_id(sink, "student_id", row.student_id) && ok;
  bool when_ok = !row.day_of_week || check_day(sink, kWhenKeys[0], *row.day_of_week);
  when_ok = (!row.start_time || check_minute(sink, kWhenKeys[1], *row.start_time)) && when_ok;
  when_ok = (!row.end_time || check_minute(sink, kWhenKeys[2], *row.end_time)) && when_ok;
  if (when_ok) {
    when_ok = check_all_or_none(sink, {row.day_of_week.has_value(), row.start_time.has_value(),
                                       row.end_time.has_value()});
    if (when_ok && row.start_time) when_ok = check_end_after_start(sink, *row.start_time, *row.end_time);
  }
  return ok && when_ok;
}

void check_references(ErrorSink& sink, const Payload& p, bool students_readable) {
  const auto id = [](const auto& row) -> std::string_view { return row.id; };
  IdIndex ids;
  check_unique(sink, "bell_schedules", p.bell_schedules, id, ids);
  check_unique(sink, "special_activities", p.special_activities, id, ids);
  IdIndex students;
  check_unique(sink, "students", p.students, id, students);
  // A student row without a usable id would make every session of that student look orphaned.
  bool students_known = students_readable;
  for (const StudentRow& student : p.students) students_known = students_known && !student.id.empty();
  check_unique(sink, "sessions", p.sessions, id, ids);
  if (students_known) check_students_known(sink, "sessions", p.sessions, students);
  check_unique(sink, "protected_times", p.protected_times, id, ids);
  if (students_known) check_students_known(sink, "other_provider_sessions", p.other_provider_sessions, students);
  check_unique(
      sink, "provider_busy_times", p.provider_busy_times,
      [](const ProviderBusyRow& row) -> std::string_view { return row.id ? std::string_view(*row.id) : std::string_view(); },
      ids);
}

}  // namespace slotfit::payload_rules
