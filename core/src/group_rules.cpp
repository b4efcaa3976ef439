#include "group_rules.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "rules/capacity.hpp"
#include "rules/own_sessions.hpp"
#include "rules/static_rows.hpp"

namespace slotfit {

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
  const Ignore ignore = group.set_aside();
  ConflictMask mask = 0;
  for (int student : group.students) {
    const Candidate c{student, day, start, start + group.minutes};
    mask |= static_mask(m, c) | student_mask(m, occupancy, c, ignore);
  }
  return mask | over_capacity(occupancy, Candidate{group.students.front(), day, start, start + group.minutes}, capacity,
                              ignore);
}

void describe_group(const Model& m, const Occupancy& occupancy, const GroupMove& group, int day, int start,
                    int capacity, std::vector<MemberConflict>& out) {
  const Ignore ignore = group.set_aside();
  std::vector<Conflict> member;
  for (std::size_t i = 0; i < group.students.size(); ++i) {
    const Candidate c{group.students[i], day, start, start + group.minutes};
    // The whole group's kinds come once: off-day from the first member, capacity (the same for all) from it too,
    // judged only for it (counting capacity with a group of thousands set aside costs the group's size).
    Verdict verdict;
    if (i == 0) {
      verdict = judge(m, occupancy, c, capacity, ignore);
    } else {
      verdict.own = own_sessions(m.policy, occupancy.of(c.student), c, ignore);
      verdict.mask = (static_mask(m, c) | verdict.own.mask) & ~bit(ConflictKind::kOffDay);
    }
    member.clear();
    describe(m, occupancy, c, capacity, ignore, verdict, member);
    for (Conflict& conflict : member) {
      const bool group_wide = conflict.kind == ConflictKind::kOffDay || conflict.kind == ConflictKind::kCapacity;
      out.push_back(MemberConflict{
          std::move(conflict),
          group_wide ? std::nullopt
                     : std::optional<std::string>(m.payload.students[static_cast<std::size_t>(group.students[i])].id)});
    }
  }
  // By kind, and within a kind in the members' order: a stable sort by kind, done as one pass per kind (the kinds
  // are few) rather than with a std::stable_sort of its own, which cost the wasm module about 5 KB of code.
  std::vector<MemberConflict> by_kind;
  by_kind.reserve(out.size());
  for (int k = 0; k < kConflictKindCount; ++k)
    for (MemberConflict& conflict : out)
      if (static_cast<int>(conflict.conflict.kind) == k) by_kind.push_back(std::move(conflict));
  out = std::move(by_kind);
}

// The whole week at once: the members' row bitsets joined per kind, one school window per grade, the members'
// own sessions only for those with another session that day, and capacity as a bitset of the minutes without
// room for the group. About the work of one member's map.
ConflictGrid group_conflict_map(const Model& m, const Occupancy& occupancy, const GroupMove& group, int capacity) {
  ConflictGrid grid;
  if (group.sessions.empty()) return grid;
  grid.days = m.grid_days;
  grid.starts = m.grid_starts(group.minutes);
  grid.kinds.assign(grid.days.size() * grid.starts.size(), 0);
  if (grid.starts.empty()) return grid;
  const Ignore ignore = group.set_aside();
  const int from = grid.starts.front();
  const int to = grid.starts.back() + group.minutes;
  const int full = full_load(capacity, ignore);
  std::vector<int> grades;  // each once: a group of thousands may name thousands of grades
  for (int s : group.students) grades.push_back(m.student_keys[static_cast<std::size_t>(s)].grade);
  std::sort(grades.begin(), grades.end());
  grades.erase(std::unique(grades.begin(), grades.end()), grades.end());
  std::vector<int> load(static_cast<std::size_t>(kMinutesPerDay));
  std::size_t cell = 0;
  for (int day : grid.days) {
    const ConflictMask always = m.school.off_day(day);
    std::array<DayBits, kRowKindCount> rows{};
    std::array<bool, kRowKindCount> any_rows{};
    for (std::size_t k = 0; k < kRowKindCount; ++k)
      for (int s : group.students) {
        const DayBits* bits = m.row_index[k].bits(row_key(kRowKinds[k].key, m.student_keys[static_cast<std::size_t>(s)], s), day);
        if (bits == nullptr) continue;
        any_rows[k] = true;
        for (std::size_t w = 0; w < rows[k].words.size(); ++w) rows[k].words[w] |= bits->words[w];
      }
    std::vector<std::size_t> with_others;  // members with another session that day
    for (std::size_t i = 0; i < group.students.size(); ++i)
      for (const PlacedSession& p : occupancy.of(group.students[i]))
        if (p.day == day && !ignore.holds(p)) {
          with_others.push_back(i);
          break;
        }
    // The load each minute once the group has left (its own sessions counted out on their day).
    DayBits no_room{};
    for (int minute = from; minute < to; ++minute) load[static_cast<std::size_t>(minute)] = occupancy.load_at(day, minute);
    for (const PlacedSession& p : group.sessions)
      if (p.day == day)
        for (int minute = std::max(p.start, from); minute < std::min(p.end, to); ++minute) --load[static_cast<std::size_t>(minute)];
    for (int minute = from; minute < to; ++minute)
      if (load[static_cast<std::size_t>(minute)] >= full) no_room.assign(minute, true);
    for (int t : grid.starts) {
      const Candidate span{group.students.front(), day, t, t + group.minutes};
      ConflictMask mask = always;
      for (int grade : grades) mask |= m.school.outside_hours(grade, span);
      for (std::size_t k = 0; k < kRowKindCount; ++k)
        if (any_rows[k] && rows[k].any(span.start, span.end)) mask |= bit(kRowKinds[k].kind);
      for (std::size_t i : with_others)
        mask |= student_mask(m, occupancy, Candidate{group.students[i], day, t, span.end}, ignore);
      if (no_room.any(span.start, span.end)) mask |= bit(ConflictKind::kCapacity);
      grid.kinds[cell++] = mask;
    }
  }
  return grid;
}

}  // namespace slotfit
