#include "rules/school_days.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include "rules/reason_text.hpp"
#include "text_util.hpp"

namespace slotfit {
namespace {

constexpr int kNoon = 12 * 60;

}  // namespace

void SchoolDays::build(const Payload& payload, const Policy& policy, const std::vector<std::string>& grades) {
  // Work days: a non-empty list decides; none means Mon-Fri for a provider at one school, and no day at all for a
  // provider at several (their days here are unknown, and guessing would book them at the wrong school).
  work_day_.fill(0);
  work_days_missing_ = false;
  if (!payload.work_days.empty()) {
    for (int d : payload.work_days) work_day_[static_cast<std::size_t>(d)] = 1;
  } else if (!payload.provider.works_at_multiple_schools) {
    for (int d = 1; d <= 5; ++d) work_day_[static_cast<std::size_t>(d)] = 1;
  } else {
    work_days_missing_ = true;
  }

  // Several rows for one grade and day (both school-key shapes in one school): keep the narrowest window, so
  // that a session is never placed outside any hours the school has stated.
  std::map<std::pair<std::string, int>, Window> rows;
  for (const SchoolHoursRow& r : payload.school_hours) {
    const auto key = std::make_pair(normalize_grade(r.grade_level), r.day_of_week);
    auto [it, fresh] = rows.emplace(key, Window{r.start_time, r.end_time});
    if (!fresh) {
      it->second.start = std::max(it->second.start, r.start_time);
      it->second.end = std::min(it->second.end, r.end_time);
      if (it->second.end < it->second.start) it->second.end = it->second.start;
    }
  }
  const Window fallback{policy.default_window_start, policy.default_window_end};
  auto find = [&](const std::string& grade, int day) -> const Window* {
    auto it = rows.find(std::make_pair(grade, day));
    return it == rows.end() ? nullptr : &it->second;
  };
  kinder_.resize(grades.size());
  windows_.assign(grades.size() * 8, {fallback, fallback});
  for (std::size_t g = 0; g < grades.size(); ++g) {
    const std::string& grade = grades[g];
    kinder_[g] = grade == "K" || grade == "TK";
    for (int day = kFirstDay; day <= kLastDay; ++day) {
      auto& w = windows_[g * 8 + static_cast<std::size_t>(day)];
      const Window* own = grade.empty() ? nullptr : find(grade, day);
      // K/TK: the half-day row by whether the start is before noon, else the grade row; no "default" for them.
      if (kinder_[g]) {
        const Window* am = find(grade + "-AM", day);
        const Window* pm = find(grade + "-PM", day);
        w[0] = am ? *am : own ? *own : fallback;
        w[1] = pm ? *pm : own ? *own : fallback;
      } else {
        const Window* def = find("DEFAULT", day);
        w[0] = w[1] = own ? *own : def ? *def : fallback;
      }
    }
  }
}

Window SchoolDays::window(int grade, int day, int start) const { return windows(grade, day)[start < kNoon ? 0 : 1]; }

std::string SchoolDays::off_day_reason(int day, const std::string& school) const {
  if (work_days_missing_)
    return "Work days missing for " + school + ": a provider at several schools works only on the days set for each school";
  return std::string(day_name(day)) + " is not a work day at " + school;
}

std::string SchoolDays::outside_hours_reason(int grade, const std::string& grade_name, const Candidate& c) const {
  const Window w = window(grade, c.day, c.start);
  return "Outside school hours for grade " + (grade_name.empty() ? std::string("(none)") : grade_name) + " on " +
         std::string(day_name(c.day)) + " (" + span_text(w.start, w.end) + ")";
}

}  // namespace slotfit
