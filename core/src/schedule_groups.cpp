#include "schedule_groups.hpp"

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "group_slot.hpp"
#include "slotfit/groups.hpp"

namespace slotfit {
namespace {

struct SlotMembers {
  GroupSlot slot;
  std::vector<int> placements;
  std::vector<int> sessions;  // payload sessions at the slot
};

GroupSlot slot_of(const Placement& p) {
  return GroupSlot{p.day_of_week, p.start_time, p.end_time, p.delivered_by, p.assigned_to_sea_id, std::nullopt};
}

// What the members share under the strategy: the grade, or the teacher (as the student rows name them).
std::optional<std::string> shared_key(const Model& m, Strategy strategy, const std::vector<int>& students) {
  if (strategy != Strategy::kGradeGrouped && strategy != Strategy::kTeacherGrouped) return std::nullopt;
  const bool by_grade = strategy == Strategy::kGradeGrouped;
  auto key_of = [&](int s) {
    const StudentKeys& k = m.student_keys[static_cast<std::size_t>(s)];
    return by_grade ? k.grade : k.teacher;
  };
  const int key = key_of(students.front());
  if (key < 0) return std::nullopt;
  for (int s : students)
    if (key_of(s) != key) return std::nullopt;
  if (by_grade) {
    const std::string& grade = m.grade_names[static_cast<std::size_t>(key)];
    return grade.empty() ? std::nullopt : std::optional<std::string>(grade);
  }
  const StudentRow& first = m.payload.students[static_cast<std::size_t>(students.front())];
  return first.teacher_name ? first.teacher_name : first.teacher_id;
}

}  // namespace

std::string new_group_label(int day, int start, int end, std::vector<std::string> student_ids) {
  std::sort(student_ids.begin(), student_ids.end());
  std::uint64_t hash = 14695981039346656037ull;  // FNV-1a, 64 bits: stable across builds and platforms
  auto mix = [&hash](std::string_view text) {
    for (unsigned char c : text) {
      hash ^= c;
      hash *= 1099511628211ull;
    }
    hash ^= 0xFF;  // a separator no UTF-8 text holds
    hash *= 1099511628211ull;
  };
  mix(std::to_string(end));
  for (const std::string& id : student_ids) mix(id);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string label = "g" + std::to_string(day) + "-";
  label += static_cast<char>('0' + start / 600);
  label += static_cast<char>('0' + start / 60 % 10);
  label += static_cast<char>('0' + start % 60 / 10);
  label += static_cast<char>('0' + start % 10);
  label += '-';
  for (int shift = 60; shift >= 0; shift -= 4) label += kHex[(hash >> shift) & 15];
  return label;
}

void add_schedule_groups(const Model& m, Strategy strategy, ScheduleResult& result) {
  std::unordered_map<GroupSlot, std::size_t, GroupSlotHash> at;
  std::vector<SlotMembers> slots;
  for (std::size_t i = 0; i < result.placements.size(); ++i) {
    GroupSlot slot = slot_of(result.placements[i]);
    auto [it, fresh] = at.emplace(slot, slots.size());
    if (fresh) slots.push_back(SlotMembers{std::move(slot), {}, {}});
    slots[it->second].placements.push_back(static_cast<int>(i));
  }
  // A placement that fills a placeholder is no member already: the placeholder is not placed.
  for (std::size_t i = 0; i < m.payload.sessions.size(); ++i) {
    if (!m.session_alive[i] || m.payload.sessions[i].is_placeholder()) continue;
    auto slot = slotfit::slot_of(m.payload.sessions[i]);
    if (auto it = at.find(*slot); it != at.end()) slots[it->second].sessions.push_back(static_cast<int>(i));
  }
  std::sort(slots.begin(), slots.end(), [](const SlotMembers& a, const SlotMembers& b) { return slot_less(a.slot, b.slot); });
  for (const SlotMembers& s : slots) {
    if (s.placements.size() + s.sessions.size() < 2) continue;
    ScheduledGroup g;
    g.day = s.slot.day;
    g.start = s.slot.start;
    g.end = s.slot.end;
    g.placements = s.placements;
    std::vector<std::string_view> labels;
    std::vector<int> students;
    std::vector<std::string> student_ids;
    for (int session : s.sessions) {
      const SessionRow& row = m.payload.sessions[static_cast<std::size_t>(session)];
      g.session_ids.push_back(row.id);
      if (row.group_ref) labels.push_back(*row.group_ref);
      students.push_back(m.student_by_id.find(row.student_id)->second);
      student_ids.push_back(row.student_id);
    }
    for (int p : s.placements) {
      const std::string& id = result.placements[static_cast<std::size_t>(p)].student_id;
      students.push_back(m.student_by_id.find(id)->second);
      student_ids.push_back(id);
    }
    auto label = pick_label(labels);
    g.group_ref = label ? *label : new_group_label(g.day, g.start, g.end, std::move(student_ids));
    g.key = shared_key(m, strategy, students);
    for (int p : s.placements) result.placements[static_cast<std::size_t>(p)].group_ref = g.group_ref;
    result.groups.push_back(std::move(g));
  }
}

}  // namespace slotfit
