#include "model.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include "text_util.hpp"

namespace slotfit {
namespace {

constexpr int kNoon = 12 * 60;

std::string hours_key(const std::string& grade, const char* suffix) { return grade + suffix; }

}  // namespace

Model::Model(Payload loaded, const Policy& p) : payload(std::move(loaded)), policy(p) {
  index_students();
  index_school_hours();
  index_bell_schedules();
  index_special_activities();
  index_protected_times();
  index_other_rows();
  index_work_days_and_grid();
  index_sessions();
  row_messages[kBellRows].resize(payload.bell_schedules.size());
  row_messages[kActivityRows].resize(payload.special_activities.size());
  row_messages[kProtectedRows].resize(payload.protected_times.size());
  row_messages[kOtherRows].resize(payload.other_provider_sessions.size());
  row_messages[kBusyRows].resize(payload.provider_busy_times.size());
}

void Model::index_students() {
  const auto& students = payload.students;
  student_by_id.reserve(students.size() * 2);
  student_keys.resize(students.size());
  std::map<std::string, int> grade_index;
  std::map<std::pair<std::string, std::string>, int> teacher_index;
  for (std::size_t i = 0; i < students.size(); ++i) {
    const StudentRow& s = students[i];
    student_by_id.emplace(s.id, static_cast<int>(i));
    const std::string grade = s.grade_level ? normalize_grade(*s.grade_level) : std::string();
    auto [g, added] = grade_index.emplace(grade, static_cast<int>(grade_names.size()));
    if (added) grade_names.push_back(grade);
    student_keys[i].grade = g->second;

    std::string tid = s.teacher_id ? std::string(trim(*s.teacher_id)) : std::string();
    std::string tname = s.teacher_name ? normalize_teacher_name(*s.teacher_name) : std::string();
    if (tid.empty() && tname.empty()) continue;
    auto pair = std::make_pair(std::move(tid), std::move(tname));
    auto [t, fresh] = teacher_index.emplace(pair, static_cast<int>(teacher_pairs.size()));
    if (fresh) teacher_pairs.push_back(std::move(pair));
    student_keys[i].teacher = t->second;
  }
  kinder_.resize(grade_names.size());
  for (std::size_t g = 0; g < grade_names.size(); ++g) kinder_[g] = grade_names[g] == "K" || grade_names[g] == "TK";
}

void Model::index_school_hours() {
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
  windows_.assign(grade_names.size() * 8, {fallback, fallback});
  for (std::size_t g = 0; g < grade_names.size(); ++g) {
    const std::string& grade = grade_names[g];
    for (int day = kFirstDay; day <= kLastDay; ++day) {
      auto& w = windows_[g * 8 + static_cast<std::size_t>(day)];
      const Window* own = grade.empty() ? nullptr : find(grade, day);
      if (kinder_[g]) {
        const Window* am = find(hours_key(grade, "-AM"), day);
        const Window* pm = find(hours_key(grade, "-PM"), day);
        w[0] = am ? *am : own ? *own : fallback;
        w[1] = pm ? *pm : own ? *own : fallback;
      } else {
        const Window* def = find("DEFAULT", day);
        w[0] = w[1] = own ? *own : def ? *def : fallback;
      }
    }
  }
}

std::vector<int> Model::grid_starts(int minutes) const {
  std::vector<int> starts;
  if (minutes <= 0 || minutes > kMinutesPerDay) return starts;  // no start fits; and t + minutes stays an int
  for (int t = grid_first; t + minutes <= grid_end; t += policy.grid_step) starts.push_back(t);
  return starts;
}

Window Model::window(int student, int day, int start) const {
  const int g = student_keys[static_cast<std::size_t>(student)].grade;
  return windows_[static_cast<std::size_t>(g) * 8 + static_cast<std::size_t>(day)][start < kNoon ? 0 : 1];
}

void Model::index_bell_schedules() {
  std::unordered_map<std::string, int> grade_key;
  for (std::size_t g = 0; g < grade_names.size(); ++g)
    if (!grade_names[g].empty()) grade_key.emplace(grade_names[g], static_cast<int>(g));
  bell.reset(static_cast<int>(grade_names.size()));
  for (std::size_t i = 0; i < payload.bell_schedules.size(); ++i) {
    const BellScheduleRow& r = payload.bell_schedules[i];
    // Pull-outs happen inside class periods; a null period name is not a class period.
    if (r.period_name && glob_match(policy.class_period_pattern, *r.period_name)) continue;
    for (const std::string& grade : split_grade_list(r.grade_level)) {
      auto it = grade_key.find(grade);
      if (it != grade_key.end()) bell.add(it->second, r.day_of_week, r.start_time, r.end_time, static_cast<int>(i));
    }
  }
}

void Model::index_special_activities() {
  activity.reset(static_cast<int>(teacher_pairs.size()));
  // Activities by teacher id, by name among those without an id, and by name among all: each teacher pair
  // then finds its rows with a few lookups instead of comparing against every activity.
  std::unordered_map<std::string, std::vector<int>> by_id, by_name_without_id, by_name;
  for (std::size_t i = 0; i < payload.special_activities.size(); ++i) {
    const SpecialActivityRow& r = payload.special_activities[i];
    const std::string rid = r.teacher_id ? std::string(trim(*r.teacher_id)) : std::string();
    std::string rname = normalize_teacher_name(r.teacher_name);
    if (!rid.empty()) by_id[rid].push_back(static_cast<int>(i));
    if (rname.empty()) continue;
    if (rid.empty()) by_name_without_id[rname].push_back(static_cast<int>(i));
    by_name[std::move(rname)].push_back(static_cast<int>(i));
  }
  auto add_rows = [&](int teacher, const std::unordered_map<std::string, std::vector<int>>& index,
                      const std::string& key) {
    auto it = index.find(key);
    if (it == index.end()) return;
    for (int i : it->second) {
      const SpecialActivityRow& r = payload.special_activities[static_cast<std::size_t>(i)];
      activity.add(teacher, r.day_of_week, r.start_time, r.end_time, i);
    }
  };
  for (std::size_t t = 0; t < teacher_pairs.size(); ++t) {
    const auto& [tid, tname] = teacher_pairs[t];
    const int teacher = static_cast<int>(t);
    // When both sides carry a teacher id, the ids alone decide (a different id vetoes a name match).
    if (!tid.empty()) {
      add_rows(teacher, by_id, tid);
      if (!tname.empty()) add_rows(teacher, by_name_without_id, tname);
    } else if (!tname.empty()) {
      add_rows(teacher, by_name, tname);
    }
  }
}

void Model::index_protected_times() {
  protect.reset(static_cast<int>(payload.students.size()));
  std::unordered_map<std::string, std::vector<int>> by_child;
  for (std::size_t i = 0; i < payload.students.size(); ++i) {
    const auto& child = payload.students[i].child_id;
    if (child && !child->empty()) by_child[*child].push_back(static_cast<int>(i));
  }
  std::vector<int> hit;
  for (std::size_t i = 0; i < payload.protected_times.size(); ++i) {
    const ProtectedTimeRow& r = payload.protected_times[i];
    hit.clear();
    if (r.student_id) {
      auto it = student_by_id.find(*r.student_id);
      if (it != student_by_id.end()) hit.push_back(it->second);
    }
    if (r.child_id && !r.child_id->empty()) {
      auto it = by_child.find(*r.child_id);
      if (it != by_child.end())
        for (int s : it->second)
          if (std::find(hit.begin(), hit.end(), s) == hit.end()) hit.push_back(s);
    }
    for (int s : hit) protect.add(s, r.day_of_week, r.start_time, r.end_time, static_cast<int>(i));
  }
}

void Model::index_other_rows() {
  other.reset(static_cast<int>(payload.students.size()));
  for (std::size_t i = 0; i < payload.other_provider_sessions.size(); ++i) {
    const OtherProviderSessionRow& r = payload.other_provider_sessions[i];
    auto it = student_by_id.find(r.student_id);
    if (it != student_by_id.end()) other.add(it->second, r.day_of_week, r.start_time, r.end_time, static_cast<int>(i));
  }
  busy.reset(1);
  for (std::size_t i = 0; i < payload.provider_busy_times.size(); ++i) {
    const ProviderBusyRow& r = payload.provider_busy_times[i];
    busy.add(0, r.day_of_week, r.start_time, r.end_time, static_cast<int>(i));
  }
}

void Model::index_work_days_and_grid() {
  work_day.fill(0);
  if (!payload.work_days.empty()) {
    for (int d : payload.work_days) work_day[static_cast<std::size_t>(d)] = 1;
  } else if (!payload.provider.works_at_multiple_schools) {
    for (int d = 1; d <= 5; ++d) work_day[static_cast<std::size_t>(d)] = 1;
  } else {
    work_days_missing = true;
  }
  grid_days.clear();
  for (int d = kFirstDay; d <= kLastDay; ++d)
    if (d <= 5 || work_day[static_cast<std::size_t>(d)]) grid_days.push_back(d);

  grid_first = kMinutesPerDay;
  grid_end = 0;
  std::vector<char> used(grade_names.size(), 0);
  for (const StudentKeys& k : student_keys) used[static_cast<std::size_t>(k.grade)] = 1;
  for (std::size_t g = 0; g < grade_names.size(); ++g) {
    if (!used[g]) continue;
    for (int d : grid_days)
      for (const Window& w : windows_[g * 8 + static_cast<std::size_t>(d)]) {
        if (w.end <= w.start) continue;
        grid_first = std::min(grid_first, w.start);
        grid_end = std::max(grid_end, w.end);
      }
  }
  if (grid_first >= grid_end) {
    grid_first = policy.default_window_start;
    grid_end = policy.default_window_end;
  }
}

void Model::index_sessions() {
  const std::size_t n = payload.sessions.size();
  session_alive.assign(n, 1);
  session_by_id.reserve(n * 2);
  occupancy.reset(static_cast<int>(payload.students.size()), policy.capacity);
  for (std::size_t i = 0; i < n; ++i) {
    session_by_id.emplace(payload.sessions[i].id, static_cast<int>(i));
    place_session(static_cast<int>(i));
  }
}

void Model::place_session(int session) {
  const SessionRow& row = payload.sessions[static_cast<std::size_t>(session)];
  if (row.is_placeholder()) {
    ++placeholders;
    return;
  }
  ++live_sessions;
  const int student = student_by_id.at(row.student_id);
  occupancy.add(student, PlacedSession{*row.day_of_week, *row.start_time, *row.end_time, session});
}

void Model::unplace_session(int session) {
  const SessionRow& row = payload.sessions[static_cast<std::size_t>(session)];
  if (row.is_placeholder()) {
    --placeholders;
    return;
  }
  --live_sessions;
  occupancy.remove(student_by_id.at(row.student_id), session);
}

std::string Model::school_name() const {
  if (payload.school.school_site && !payload.school.school_site->empty()) return *payload.school.school_site;
  if (payload.school.school_id) return *payload.school.school_id;
  return "this school";
}

std::size_t Model::rows_indexed() const {
  return bell.row_count() + activity.row_count() + protect.row_count() + other.row_count() + busy.row_count() +
         payload.school_hours.size() + payload.sessions.size();
}

}  // namespace slotfit
