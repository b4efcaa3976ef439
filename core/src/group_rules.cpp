#include "group_rules.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "slotfit/time.hpp"

namespace slotfit {
namespace {

// Sessions of the group running at `minute` of `day`: the load the group leaves behind when it moves.
int own_load(const GroupMove& group, int day, int minute) {
  int n = 0;
  for (const PlacedSession& p : group.sessions) n += (p.day == day && minute >= p.start && minute < p.end) ? 1 : 0;
  return n;
}

// The most sessions at any minute of [start, end) once the group has left, and the first minute at that count.
std::pair<int, int> peak_without(const Occupancy& occupancy, const GroupMove& group, int day, int start, int end) {
  int best = -1;
  int at = start;
  for (int minute = start; minute < end; ++minute) {
    const int load = occupancy.load_at(day, minute) - own_load(group, day, minute);
    if (load > best) {
      best = load;
      at = minute;
    }
  }
  return {std::max(best, 0), at};
}

// The start conflicts when some minute already holds more than capacity minus the group's size.
bool over_capacity(const Occupancy& occupancy, const GroupMove& group, int day, int start, int end, int capacity) {
  return peak_without(occupancy, group, day, start, end).first > capacity - group.size();
}

}  // namespace

GroupMove group_move(const Model& m, const GroupIndex& index, int session) {
  GroupMove group;
  if (session < 0 || session >= static_cast<int>(m.payload.sessions.size()) ||
      !m.session_alive[static_cast<std::size_t>(session)] ||
      m.payload.sessions[static_cast<std::size_t>(session)].is_placeholder())
    return group;
  const int g = index.group_of(session);
  const std::vector<int> alone{session};
  for (int s : g < 0 ? alone : index.members(g)) {
    const SessionRow& row = m.payload.sessions[static_cast<std::size_t>(s)];
    group.students.push_back(m.student_by_id.find(row.student_id)->second);
    group.sessions.push_back(PlacedSession{*row.day_of_week, *row.start_time, *row.end_time, s});
  }
  group.minutes = group.sessions.front().end - group.sessions.front().start;
  return group;
}

ConflictMask group_mask(const Model& m, const Occupancy& occupancy, const GroupMove& group, int day, int start,
                        int capacity) {
  ConflictMask mask = 0;
  const int end = start + group.minutes;
  for (std::size_t i = 0; i < group.sessions.size(); ++i) {
    const Candidate c{group.students[i], day, start, end};
    mask |= static_mask(m, c) | student_mask(m, occupancy, c, &group.sessions[i]);
  }
  if (over_capacity(occupancy, group, day, start, end, capacity)) mask |= bit(ConflictKind::kCapacity);
  return mask;
}

void describe_group(const Model& m, const Occupancy& occupancy, const GroupMove& group, int day, int start,
                    int capacity, std::vector<MemberConflict>& out) {
  const int end = start + group.minutes;
  std::vector<Conflict> member;
  for (std::size_t i = 0; i < group.sessions.size(); ++i) {
    member.clear();
    describe(m, occupancy, Candidate{group.students[i], day, start, end}, capacity, &group.sessions[i], member);
    for (Conflict& c : member) {
      if (c.kind == ConflictKind::kCapacity) continue;  // the group's own, below
      if (c.kind == ConflictKind::kOffDay) {
        if (i == 0) out.push_back(MemberConflict{std::move(c), std::nullopt});
        continue;
      }
      out.push_back(MemberConflict{std::move(c), m.payload.students[static_cast<std::size_t>(group.students[i])].id});
    }
  }
  const auto [peak, at] = peak_without(occupancy, group, day, start, end);
  if (peak > capacity - group.size())
    out.push_back(MemberConflict{
        Conflict{ConflictKind::kCapacity,
                 std::to_string(peak) + " sessions already at " + format_hhmm(at) + " and a group of " +
                     std::to_string(group.size()) + " (capacity " + std::to_string(capacity) + ")",
                 std::nullopt, -1},
        std::nullopt});
  std::stable_sort(out.begin(), out.end(),
                   [](const MemberConflict& a, const MemberConflict& b) { return a.conflict.kind < b.conflict.kind; });
}

ConflictGrid group_conflict_map(const Model& m, const Occupancy& occupancy, const GroupMove& group, int capacity) {
  ConflictGrid grid;
  if (group.sessions.empty()) return grid;
  grid.days = m.grid_days;
  grid.starts = m.grid_starts(group.minutes);
  grid.kinds.assign(grid.days.size() * grid.starts.size(), 0);
  if (grid.starts.empty()) return grid;
  const int from = grid.starts.front();
  const int to = grid.starts.back() + group.minutes;
  // One member per distinct grade for the school windows; the row kinds' bitsets of all members joined.
  std::vector<int> window_members;
  for (int s : group.students) {
    const int grade = m.student_keys[static_cast<std::size_t>(s)].grade;
    if (std::none_of(window_members.begin(), window_members.end(),
                     [&](int w) { return m.student_keys[static_cast<std::size_t>(w)].grade == grade; }))
      window_members.push_back(s);
  }
  std::size_t cell = 0;
  for (int day : grid.days) {
    const ConflictMask always = m.work_day[static_cast<std::size_t>(day)] ? 0 : bit(ConflictKind::kOffDay);
    std::array<DayBits, 5> rows{};
    std::array<bool, 5> any_rows{};
    const std::array<ConflictKind, 5> row_kinds = {ConflictKind::kBellSchedule, ConflictKind::kSpecialActivity,
                                                   ConflictKind::kProtectedTime, ConflictKind::kOtherProvider,
                                                   ConflictKind::kProviderBusy};
    auto join = [&](std::size_t k, const DayBits* bits) {
      if (bits == nullptr) return;
      any_rows[k] = true;
      for (int w = 0; w < DayBits::kWords; ++w) rows[k].words[static_cast<std::size_t>(w)] |= bits->words[static_cast<std::size_t>(w)];
    };
    for (int s : group.students) {
      const StudentKeys& keys = m.student_keys[static_cast<std::size_t>(s)];
      join(0, m.bell.bits(keys.grade, day));
      join(1, m.activity.bits(keys.teacher, day));
      join(2, m.protect.bits(s, day));
      join(3, m.other.bits(s, day));
    }
    join(4, m.busy.bits(0, day));
    // Members with another session that day: only they can break their own kinds.
    std::vector<std::size_t> busy_members;
    for (std::size_t i = 0; i < group.students.size(); ++i)
      for (const PlacedSession& p : occupancy.of(group.students[i]))
        if (p.day == day && p.session != group.sessions[i].session) {
          busy_members.push_back(i);
          break;
        }
    // Minutes at which the group does not fit.
    DayBits full{};
    for (int minute = from; minute < to; ++minute)
      if (occupancy.load_at(day, minute) - own_load(group, day, minute) > capacity - group.size()) full.assign(minute, true);
    for (int t : grid.starts) {
      const int end = t + group.minutes;
      ConflictMask mask = always;
      for (int w : window_members)
        if (!m.window(w, day, t).contains(t, end)) mask |= bit(ConflictKind::kSchoolHours);
      for (std::size_t k = 0; k < rows.size(); ++k)
        if (any_rows[k] && rows[k].any(t, end)) mask |= bit(row_kinds[k]);
      for (std::size_t i : busy_members)
        mask |= student_mask(m, occupancy, Candidate{group.students[i], day, t, end}, &group.sessions[i]);
      if (full.any(t, end)) mask |= bit(ConflictKind::kCapacity);
      grid.kinds[cell++] = mask;
    }
  }
  return grid;
}

}  // namespace slotfit
