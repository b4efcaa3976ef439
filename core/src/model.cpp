#include "model.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include "text_util.hpp"

namespace slotfit {

Model::Model(Payload loaded, const Policy& p) : payload(std::move(loaded)), policy(p) {
  index_students();
  school.build(payload, policy, grade_names);
  for (std::size_t k = 0; k < kRowKindCount; ++k) {
    kRowKinds[k].index(*this, row_index[k]);
    row_messages[k].resize(kRowKinds[k].count(payload));
  }
  index_grid();
  index_sessions();
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
}

std::vector<int> Model::grid_starts(int minutes) const {
  std::vector<int> starts;
  if (minutes <= 0 || minutes > kMinutesPerDay) return starts;  // no start fits; and t + minutes stays an int
  for (int t = grid_first; t + minutes <= grid_end; t += policy.grid_step) starts.push_back(t);
  return starts;
}

void Model::index_grid() {
  grid_days.clear();
  for (int d = kFirstDay; d <= kLastDay; ++d)
    if (d <= 5 || school.works_on(d)) grid_days.push_back(d);

  grid_first = kMinutesPerDay;
  grid_end = 0;
  std::vector<char> used(grade_names.size(), 0);
  for (const StudentKeys& k : student_keys) used[static_cast<std::size_t>(k.grade)] = 1;
  for (std::size_t g = 0; g < grade_names.size(); ++g) {
    if (!used[g]) continue;
    for (int d : grid_days)
      for (const Window& w : school.windows(static_cast<int>(g), d)) {
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
  std::size_t n = payload.school_hours.size() + payload.sessions.size();
  for (const BitsetTable& index : row_index) n += index.row_count();
  return n;
}

}  // namespace slotfit
