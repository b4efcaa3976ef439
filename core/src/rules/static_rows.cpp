#include "rules/static_rows.hpp"

#include <algorithm>
#include <string_view>
#include <unordered_map>

#include "model.hpp"
#include "rules/reason_text.hpp"
#include "text_util.hpp"

namespace slotfit {
namespace {

template <auto Table>
std::size_t count(const Payload& p) {
  return (p.*Table).size();
}

template <auto Table>
const auto& row_at(const Payload& p, int row) {
  return (p.*Table)[static_cast<std::size_t>(row)];
}

template <auto Table>
RowSpan span(const Payload& p, int row) {
  const auto& r = row_at<Table>(p, row);
  return RowSpan{r.day_of_week, r.start_time, r.end_time};
}

template <auto Table>
std::optional<std::string> id(const Payload& p, int row) {
  return row_at<Table>(p, row).id;
}

std::optional<std::string> no_id(const Payload&, int) { return std::nullopt; }

// A row kind's reason, worded the first time a row is hit and kept in the model.
const std::string& reason_of(const Model& m, std::size_t k, int row) {
  std::string& message = m.row_messages[k][static_cast<std::size_t>(row)];
  if (message.empty()) message = kRowKinds[k].reason(m.payload, row);
  return message;
}

std::string or_default(const OptString& text, std::string_view fallback) { return text ? *text : std::string(fallback); }

// ---- bell-schedule: school-wide rows (lunch, recess…) of the grades the row lists ----
constexpr auto kBell = &Payload::bell_schedules;

std::string bell_label(const Payload& p, int row) { return or_default(row_at<kBell>(p, row).period_name, "Bell schedule"); }

std::string bell_reason(const Payload& p, int row) {
  const BellScheduleRow& r = row_at<kBell>(p, row);
  return bell_label(p, row) + " (grades " + r.grade_level + ") " + span_text(r.start_time, r.end_time);
}

void index_bell(const Model& m, BitsetTable& index) {
  std::unordered_map<std::string, int> grade_key;
  for (std::size_t g = 0; g < m.grade_names.size(); ++g)
    if (!m.grade_names[g].empty()) grade_key.emplace(m.grade_names[g], static_cast<int>(g));
  index.reset(static_cast<int>(m.grade_names.size()));
  for (std::size_t i = 0; i < m.payload.bell_schedules.size(); ++i) {
    const BellScheduleRow& r = m.payload.bell_schedules[i];
    // Pull-outs happen inside class periods; a null period name is not a class period.
    if (r.period_name && glob_match(m.policy.class_period_pattern, *r.period_name)) continue;
    for (const std::string& grade : split_grade_list(r.grade_level)) {
      auto it = grade_key.find(grade);
      if (it != grade_key.end()) index.add(it->second, r.day_of_week, r.start_time, r.end_time, static_cast<int>(i));
    }
  }
}

// ---- special-activity: PE, music, library… of the student's teacher ----
constexpr auto kActivity = &Payload::special_activities;

std::string activity_label(const Payload& p, int row) {
  return or_default(row_at<kActivity>(p, row).activity_name, "Special activity");
}

std::string activity_reason(const Payload& p, int row) {
  const SpecialActivityRow& r = row_at<kActivity>(p, row);
  return activity_label(p, row) + " with " + r.teacher_name + " " + span_text(r.start_time, r.end_time);
}

void index_activity(const Model& m, BitsetTable& index) {
  const auto& rows = m.payload.special_activities;
  index.reset(static_cast<int>(m.teacher_pairs.size()));
  // Activities by teacher id, by name among those without an id, and by name among all: each teacher pair
  // then finds its rows with a few lookups instead of comparing against every activity.
  std::unordered_map<std::string, std::vector<int>> by_id, by_name_without_id, by_name;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const SpecialActivityRow& r = rows[i];
    const std::string rid = r.teacher_id ? std::string(trim(*r.teacher_id)) : std::string();
    std::string rname = normalize_teacher_name(r.teacher_name);
    if (!rid.empty()) by_id[rid].push_back(static_cast<int>(i));
    if (rname.empty()) continue;
    if (rid.empty()) by_name_without_id[rname].push_back(static_cast<int>(i));
    by_name[std::move(rname)].push_back(static_cast<int>(i));
  }
  auto add_rows = [&](int teacher, const std::unordered_map<std::string, std::vector<int>>& by, const std::string& key) {
    auto it = by.find(key);
    if (it == by.end()) return;
    for (int i : it->second) {
      const SpecialActivityRow& r = rows[static_cast<std::size_t>(i)];
      index.add(teacher, r.day_of_week, r.start_time, r.end_time, i);
    }
  };
  for (std::size_t t = 0; t < m.teacher_pairs.size(); ++t) {
    const auto& [tid, tname] = m.teacher_pairs[t];
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

// ---- protected-time: the student's mainstreaming, blocked or push-in time, by student id or by child ----
constexpr auto kProtected = &Payload::protected_times;

std::string protected_label(const Payload& p, int row) {
  return or_default(row_at<kProtected>(p, row).label, "Protected time");
}

std::string protected_reason(const Payload& p, int row) {
  const ProtectedTimeRow& r = row_at<kProtected>(p, row);
  return protected_label(p, row) + " " + span_text(r.start_time, r.end_time);
}

void index_protected(const Model& m, BitsetTable& index) {
  index.reset(static_cast<int>(m.payload.students.size()));
  // The same child may have a row under another provider: child_id reaches this provider's student row too.
  std::unordered_map<std::string, std::vector<int>> by_child;
  for (std::size_t i = 0; i < m.payload.students.size(); ++i) {
    const auto& child = m.payload.students[i].child_id;
    if (child && !child->empty()) by_child[*child].push_back(static_cast<int>(i));
  }
  std::vector<int> hit;
  for (std::size_t i = 0; i < m.payload.protected_times.size(); ++i) {
    const ProtectedTimeRow& r = m.payload.protected_times[i];
    hit.clear();
    if (r.student_id) {
      auto it = m.student_by_id.find(*r.student_id);
      if (it != m.student_by_id.end()) hit.push_back(it->second);
    }
    if (r.child_id && !r.child_id->empty()) {
      auto it = by_child.find(*r.child_id);
      if (it != by_child.end())
        for (int s : it->second)
          if (std::find(hit.begin(), hit.end(), s) == hit.end()) hit.push_back(s);
    }
    for (int s : hit) index.add(s, r.day_of_week, r.start_time, r.end_time, static_cast<int>(i));
  }
}

// ---- other-provider: another provider's session with the same child (day, time and role only) ----
constexpr auto kOther = &Payload::other_provider_sessions;

std::string other_label(const Payload& p, int row) { return row_at<kOther>(p, row).provider_role + " session"; }

std::string other_reason(const Payload& p, int row) {
  const OtherProviderSessionRow& r = row_at<kOther>(p, row);
  return other_label(p, row) + " " + span_text(r.start_time, r.end_time);
}

void index_other(const Model& m, BitsetTable& index) {
  index.reset(static_cast<int>(m.payload.students.size()));
  for (std::size_t i = 0; i < m.payload.other_provider_sessions.size(); ++i) {
    const OtherProviderSessionRow& r = m.payload.other_provider_sessions[i];
    auto it = m.student_by_id.find(r.student_id);
    if (it != m.student_by_id.end()) index.add(it->second, r.day_of_week, r.start_time, r.end_time, static_cast<int>(i));
  }
}

// ---- provider-busy: the provider's meetings, duties, lunch and other schools; it binds every student ----
constexpr auto kBusy = &Payload::provider_busy_times;

std::string busy_label(const Payload& p, int row) {
  const ProviderBusyRow& r = row_at<kBusy>(p, row);
  std::string label = or_default(r.label, "Provider unavailable");
  if (r.school_site) label += " at " + *r.school_site;
  return label;
}

std::string busy_reason(const Payload& p, int row) {
  const ProviderBusyRow& r = row_at<kBusy>(p, row);
  return busy_label(p, row) + " " + span_text(r.start_time, r.end_time);
}

void index_busy(const Model& m, BitsetTable& index) {
  index.reset(1);
  for (std::size_t i = 0; i < m.payload.provider_busy_times.size(); ++i) {
    const ProviderBusyRow& r = m.payload.provider_busy_times[i];
    index.add(0, r.day_of_week, r.start_time, r.end_time, static_cast<int>(i));
  }
}

}  // namespace

// In kind order (the order of the conflicts check() reports).
const std::array<RowKind, kRowKindCount> kRowKinds = {{
    {ConflictKind::kBellSchedule, RowKey::kGrade, count<kBell>, span<kBell>, id<kBell>, bell_label, bell_reason,
     index_bell},
    {ConflictKind::kSpecialActivity, RowKey::kTeacher, count<kActivity>, span<kActivity>, id<kActivity>,
     activity_label, activity_reason, index_activity},
    {ConflictKind::kProtectedTime, RowKey::kStudent, count<kProtected>, span<kProtected>, id<kProtected>,
     protected_label, protected_reason, index_protected},
    {ConflictKind::kOtherProvider, RowKey::kStudent, count<kOther>, span<kOther>, no_id, other_label, other_reason,
     index_other},
    {ConflictKind::kProviderBusy, RowKey::kEveryone, count<kBusy>, span<kBusy>, id<kBusy>, busy_label, busy_reason,
     index_busy},
}};

int row_kind_of(ConflictKind kind) {
  for (std::size_t k = 0; k < kRowKinds.size(); ++k)
    if (kRowKinds[k].kind == kind) return static_cast<int>(k);
  return -1;
}

void describe_rows(const Model& m, std::size_t k, const Candidate& c, std::vector<Conflict>& out) {
  const RowKind& kind = kRowKinds[k];
  const int key = row_key(kind.key, m.student_keys[static_cast<std::size_t>(c.student)], c.student);
  for (int row : m.row_index[k].rows(key, c.day)) {
    const RowSpan s = kind.span(m.payload, row);
    if (!overlaps(s.start, s.end, c.start, c.end)) continue;
    out.push_back(Conflict{kind.kind, reason_of(m, k, row), kind.id(m.payload, row), row});
  }
}

void rows_binding(const Model& m, int student, std::vector<BindingRow>& out) {
  const StudentKeys& keys = m.student_keys[static_cast<std::size_t>(student)];
  for (std::size_t k = 0; k < kRowKindCount; ++k) {
    const RowKind& kind = kRowKinds[k];
    const int key = row_key(kind.key, keys, student);
    for (int day = kFirstDay; day <= kLastDay; ++day) {
      int previous = -1;  // a grade list naming the grade twice indexes its row twice
      for (int row : m.row_index[k].rows(key, day)) {
        if (row == previous) continue;
        previous = row;
        const RowSpan s = kind.span(m.payload, row);
        out.push_back(BindingRow{kind.kind, s.day, s.start, s.end, kind.id(m.payload, row), kind.label(m.payload, row),
                                 reason_of(m, k, row)});
      }
    }
  }
}

}  // namespace slotfit
