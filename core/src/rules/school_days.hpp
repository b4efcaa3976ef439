#pragma once
// off-day and school-hours: the days the provider works at this school, and the school window of each grade and day.
#include <array>
#include <string>
#include <vector>

#include "rules/candidate.hpp"
#include "slotfit/conflict_kind.hpp"
#include "slotfit/payload.hpp"
#include "slotfit/policy.hpp"

namespace slotfit {

struct Window {
  int start = 0;
  int end = 0;
  bool contains(int s, int e) const { return s >= start && e <= end; }
};

class SchoolDays {
 public:
  // `grades`: the caseload's normalised grades by grade key ("" for a student without one).
  void build(const Payload& payload, const Policy& policy, const std::vector<std::string>& grades);

  bool works_on(int day) const { return work_day_[static_cast<std::size_t>(day)] != 0; }
  // A provider at several schools without work days here: nothing can be placed (fail closed).
  bool work_days_missing() const { return work_days_missing_; }

  // The window that applies to a start (K/TK: the morning or the afternoon row), and both halves of the day.
  Window window(int grade, int day, int start) const;
  const std::array<Window, 2>& windows(int grade, int day) const {
    return windows_[static_cast<std::size_t>(grade) * 8 + static_cast<std::size_t>(day)];
  }

  ConflictMask off_day(int day) const { return works_on(day) ? 0 : bit(ConflictKind::kOffDay); }
  ConflictMask outside_hours(int grade, const Candidate& c) const {
    return window(grade, c.day, c.start).contains(c.start, c.end) ? 0 : bit(ConflictKind::kSchoolHours);
  }

  std::string off_day_reason(int day, const std::string& school) const;
  std::string outside_hours_reason(int grade, const std::string& grade_name, const Candidate& c) const;

 private:
  std::array<char, 8> work_day_{};
  bool work_days_missing_ = false;
  std::vector<char> kinder_;                    // by grade key: K or TK, whose windows split at noon
  std::vector<std::array<Window, 2>> windows_;  // by grade key * 8 + day: [before noon, from noon]
};

}  // namespace slotfit
