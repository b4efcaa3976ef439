#include "support/reference_rules.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

namespace slotfit::testing {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string trim(std::string_view text) {
  std::size_t b = 0;
  std::size_t e = text.size();
  while (b < e && is_space(text[b])) ++b;
  while (e > b && is_space(text[e - 1])) --e;
  return std::string(text.substr(b, e - b));
}

char lower(char c) {
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}
char upper(char c) {
  return static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
}

std::string to_lower(std::string text) {
  for (char& c : text) c = lower(c);
  return text;
}

// Trimmed, inner whitespace runs made one space, lower case.
std::string norm_teacher(std::string_view name) {
  std::string out;
  bool pending_space = false;
  for (char c : name) {
    if (is_space(c)) {
      pending_space = true;
      continue;
    }
    if (pending_space && !out.empty()) out.push_back(' ');
    pending_space = false;
    out.push_back(lower(c));
  }
  return out;
}

bool overlap(int a_start, int a_end, int b_start, int b_end) {
  return a_start < b_end && b_start < a_end;
}

bool is_kindergarten(const std::string& norm) {
  return norm == "K" || norm == "TK";
}

// The narrowest of the rows for this grade and day (several rows narrow each other), if there is one.
std::optional<RefWindow> row_window(const Payload& payload, const std::string& norm_grade, int day) {
  std::optional<RefWindow> found;
  for (const SchoolHoursRow& row : payload.school_hours) {
    if (row.day_of_week != day || reference_norm_grade(row.grade_level) != norm_grade) continue;
    if (!found) {
      found = RefWindow{row.start_time, row.end_time};
    } else {
      found->start = std::max(found->start, row.start_time);
      found->end = std::min(found->end, row.end_time);
    }
  }
  return found;
}

struct Placed {
  std::string id;
  std::string student_id;
  int day;
  int start;
  int end;
};

std::vector<Placed> placed_sessions(const Payload& payload, std::string_view ignore,
                                    const std::vector<SessionRow>& extra) {
  std::vector<Placed> out;
  auto add = [&](const SessionRow& s) {
    if (s.is_placeholder()) return;
    if (!ignore.empty() && s.id == ignore) return;
    out.push_back(Placed{s.id, s.student_id, *s.day_of_week, *s.start_time, *s.end_time});
  };
  for (const SessionRow& s : payload.sessions) add(s);
  for (const SessionRow& s : extra) add(s);
  return out;
}

// Minutes of the longest chain of exactly touching sessions that ends at `at` (going left) or starts at `at`
// (going right). Every session of the list takes part; a chain can branch, so try every branch.
int chain_left(const std::vector<Placed>& mine, int at) {
  int best = 0;
  for (const Placed& s : mine) {
    if (s.end == at) best = std::max(best, (s.end - s.start) + chain_left(mine, s.start));
  }
  return best;
}

int chain_right(const std::vector<Placed>& mine, int at) {
  int best = 0;
  for (const Placed& s : mine) {
    if (s.start == at) best = std::max(best, (s.end - s.start) + chain_right(mine, s.end));
  }
  return best;
}

bool glob_at(std::string_view p, std::string_view t) {
  if (p.empty()) return t.empty();
  if (p[0] == '*') {
    for (std::size_t skip = 0; skip <= t.size(); ++skip) {
      if (glob_at(p.substr(1), t.substr(skip))) return true;
    }
    return false;
  }
  if (t.empty()) return false;
  if (p[0] != '?' && p[0] != t[0]) return false;
  return glob_at(p.substr(1), t.substr(1));
}

}  // namespace

std::string reference_norm_grade(std::string_view grade) {
  std::string out = trim(grade);
  for (char& c : out) c = upper(c);
  return out;
}

bool reference_glob(std::string_view pattern, std::string_view text) {
  const std::string p = to_lower(std::string(pattern));
  const std::string t = to_lower(trim(text));
  return glob_at(p, t);
}

std::vector<int> reference_work_days(const Payload& payload) {
  std::vector<int> days;
  if (!payload.work_days.empty()) {
    days = payload.work_days;
  } else if (!payload.provider.works_at_multiple_schools) {
    days = {1, 2, 3, 4, 5};
  }
  std::sort(days.begin(), days.end());
  return days;
}

RefWindow reference_window(const Payload& payload, const Policy& policy, int student, int day, int start) {
  const RefWindow fallback{policy.default_window_start, policy.default_window_end};
  const auto& grade = payload.students[static_cast<std::size_t>(student)].grade_level;
  if (!grade) return row_window(payload, "DEFAULT", day).value_or(fallback);
  const std::string g = reference_norm_grade(*grade);
  if (is_kindergarten(g)) {
    const std::string half = g + (start < 12 * 60 ? "-AM" : "-PM");
    if (auto w = row_window(payload, half, day)) return *w;
    return row_window(payload, g, day).value_or(fallback);
  }
  if (auto w = row_window(payload, g, day)) return *w;
  return row_window(payload, "DEFAULT", day).value_or(fallback);
}

std::vector<int> reference_map_days(const Payload& payload) {
  std::vector<int> days = {1, 2, 3, 4, 5};
  for (int d : reference_work_days(payload)) {
    if (std::find(days.begin(), days.end(), d) == days.end()) days.push_back(d);
  }
  std::sort(days.begin(), days.end());
  return days;
}

std::vector<int> reference_grid_starts(const Payload& payload, const Policy& policy, int minutes) {
  int first = policy.default_window_start;
  int last = policy.default_window_end;
  bool any = false;
  for (std::size_t s = 0; s < payload.students.size(); ++s) {
    for (int day : reference_map_days(payload)) {
      // A kindergarten student has a morning and an afternoon window; 0 and 12:00 pick each of them.
      for (int probe : {0, 12 * 60}) {
        const RefWindow w = reference_window(payload, policy, static_cast<int>(s), day, probe);
        first = any ? std::min(first, w.start) : w.start;
        last = any ? std::max(last, w.end) : w.end;
        any = true;
      }
    }
  }
  std::vector<int> starts;
  for (int t = first; t + minutes <= last; t += policy.grid_step) starts.push_back(t);
  return starts;
}

ConflictMask reference_mask(const Payload& payload, const Policy& policy, int student, int day, int start,
                            int minutes, std::string_view ignore_session_id,
                            const std::vector<SessionRow>& extra) {
  const StudentRow& me = payload.students[static_cast<std::size_t>(student)];
  const int end = start + minutes;
  ConflictMask mask = 0;

  const std::vector<int> work = reference_work_days(payload);
  if (std::find(work.begin(), work.end(), day) == work.end()) mask |= bit(ConflictKind::kOffDay);

  const RefWindow window = reference_window(payload, policy, student, day, start);
  if (start < window.start || end > window.end) mask |= bit(ConflictKind::kSchoolHours);

  if (me.grade_level) {
    const std::string g = reference_norm_grade(*me.grade_level);
    for (const BellScheduleRow& row : payload.bell_schedules) {
      if (row.day_of_week != day || !overlap(start, end, row.start_time, row.end_time)) continue;
      if (row.period_name && reference_glob(policy.class_period_pattern, *row.period_name)) continue;
      std::size_t from = 0;
      bool listed = false;
      while (from <= row.grade_level.size()) {
        std::size_t comma = row.grade_level.find(',', from);
        if (comma == std::string::npos) comma = row.grade_level.size();
        const std::string item =
            reference_norm_grade(std::string_view(row.grade_level).substr(from, comma - from));
        if (!item.empty() && item == g) listed = true;
        from = comma + 1;
      }
      if (listed) mask |= bit(ConflictKind::kBellSchedule);
    }
  }

  for (const SpecialActivityRow& row : payload.special_activities) {
    if (row.day_of_week != day || !overlap(start, end, row.start_time, row.end_time)) continue;
    bool same_teacher = false;
    if (me.teacher_id && row.teacher_id) {
      same_teacher = *me.teacher_id == *row.teacher_id;
    } else if (me.teacher_name) {
      const std::string a = norm_teacher(*me.teacher_name);
      same_teacher = !a.empty() && a == norm_teacher(row.teacher_name);
    }
    if (same_teacher) mask |= bit(ConflictKind::kSpecialActivity);
  }

  for (const ProtectedTimeRow& row : payload.protected_times) {
    if (row.day_of_week != day || !overlap(start, end, row.start_time, row.end_time)) continue;
    const bool by_student = row.student_id && *row.student_id == me.id;
    const bool by_child = row.child_id && me.child_id && *row.child_id == *me.child_id;
    if (by_student || by_child) mask |= bit(ConflictKind::kProtectedTime);
  }

  for (const OtherProviderSessionRow& row : payload.other_provider_sessions) {
    if (row.student_id == me.id && row.day_of_week == day &&
        overlap(start, end, row.start_time, row.end_time)) {
      mask |= bit(ConflictKind::kOtherProvider);
    }
  }

  for (const ProviderBusyRow& row : payload.provider_busy_times) {
    if (row.day_of_week == day && overlap(start, end, row.start_time, row.end_time)) {
      mask |= bit(ConflictKind::kProviderBusy);
    }
  }

  const std::vector<Placed> all = placed_sessions(payload, ignore_session_id, extra);

  for (int minute = start; minute < end; ++minute) {
    int held = 0;
    for (const Placed& s : all) {
      if (s.day == day && s.start <= minute && minute < s.end) ++held;
    }
    if (held >= policy.capacity) mask |= bit(ConflictKind::kCapacity);
  }

  // The student's own sessions that day that do not overlap the candidate: the neighbours.
  std::vector<Placed> neighbours;
  for (const Placed& s : all) {
    if (s.student_id != me.id || s.day != day) continue;
    if (overlap(start, end, s.start, s.end)) {
      mask |= bit(ConflictKind::kStudentOverlap);
    } else {
      neighbours.push_back(s);
    }
  }

  const int left = chain_left(neighbours, start);
  const int right = chain_right(neighbours, end);
  if ((left > 0 || right > 0) && left + minutes + right > policy.consecutive_limit) {
    mask |= bit(ConflictKind::kConsecutive);
  }

  std::optional<int> nearest_end;
  std::optional<int> nearest_start;
  for (const Placed& s : neighbours) {
    if (s.end <= start) nearest_end = std::max(nearest_end.value_or(s.end), s.end);
    if (s.start >= end) nearest_start = std::min(nearest_start.value_or(s.start), s.start);
  }
  auto short_gap = [&](int gap) { return gap >= 1 && gap < policy.min_break; };
  if ((nearest_end && short_gap(start - *nearest_end)) ||
      (nearest_start && short_gap(*nearest_start - end))) {
    mask |= bit(ConflictKind::kShortBreak);
  }
  return mask;
}

bool reference_apply(Payload& payload, const Placement& placement, const std::string& new_id) {
  if (placement.id) {
    for (SessionRow& s : payload.sessions) {
      if (s.id != *placement.id) continue;
      if (!s.is_placeholder() || s.student_id != placement.student_id) return false;
      s.day_of_week = placement.day_of_week;
      s.start_time = placement.start_time;
      s.end_time = placement.end_time;
      return true;
    }
    return false;
  }
  SessionRow row;
  row.id = new_id;
  row.student_id = placement.student_id;
  row.day_of_week = placement.day_of_week;
  row.start_time = placement.start_time;
  row.end_time = placement.end_time;
  row.service_type = placement.service_type;
  row.delivered_by = placement.delivered_by;
  row.assigned_to_sea_id = placement.assigned_to_sea_id;
  row.status = placement.status;
  payload.sessions.push_back(std::move(row));
  return true;
}

}  // namespace slotfit::testing
