#include "fuzz_groups.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>

#include "fuzz_support.hpp"
#include "slotfit/time.hpp"

namespace slotfit_fuzz {
namespace {

using slotfit::ConflictKind;
using slotfit::ConflictMask;
using slotfit::Engine;
using slotfit::SessionRow;
using OptString = std::optional<std::string>;

// A placed session's slot, ordered as the README orders groups: day, start, end, delivered_by, SEA, specialist
// (none before any id).
using SlotKey = std::tuple<int, int, int, std::string, OptString, OptString>;
SlotKey slot_key(const SessionRow& r) {
  return {*r.day_of_week, *r.start_time, *r.end_time, r.delivered_by, r.assigned_to_sea_id,
          r.assigned_to_specialist_id};
}

std::string at(int session, int day, int start) {
  return "session " + std::to_string(session) + " day " + std::to_string(day) + " start " + std::to_string(start);
}

bool live(const Engine& engine, int session) {
  const auto& rows = engine.payload()->sessions;
  if (session < 0 || session >= static_cast<int>(rows.size())) return false;
  const auto index = engine.session_index(rows[static_cast<std::size_t>(session)].id);
  return index && *index == session;
}

// The most common label, ties to the least in byte order; none when no member has one.
OptString majority(const std::vector<const SessionRow*>& members) {
  std::map<std::string, int> counts;
  for (const SessionRow* r : members)
    if (r->group_ref) ++counts[*r->group_ref];
  OptString best;
  int best_count = 0;
  for (const auto& [label, count] : counts)
    if (count > best_count) {
      best = label;
      best_count = count;
    }
  return best;
}

// Every live placed session by slot, members in payload order.
std::map<SlotKey, std::vector<int>> sessions_by_slot(const Engine& engine) {
  std::map<SlotKey, std::vector<int>> out;
  const auto& rows = engine.payload()->sessions;
  for (std::size_t i = 0; i < rows.size(); ++i)
    if (live(engine, static_cast<int>(i)) && !rows[i].is_placeholder()) out[slot_key(rows[i])].push_back(static_cast<int>(i));
  return out;
}

bool group_wide(ConflictKind kind) { return kind == ConflictKind::kOffDay || kind == ConflictKind::kCapacity; }

bool row_kind(ConflictKind kind) {
  return kind == ConflictKind::kBellSchedule || kind == ConflictKind::kSpecialActivity ||
         kind == ConflictKind::kProtectedTime || kind == ConflictKind::kOtherProvider ||
         kind == ConflictKind::kProviderBusy;
}

// check_group() at one valid candidate against evaluate_group(), and for a session alone against check().
void require_group_check(const Engine& engine, int session, int day, int start, const std::vector<int>& members) {
  const auto& p = *engine.payload();
  const SessionRow& row = p.sessions[static_cast<std::size_t>(session)];
  const auto evaluated = engine.evaluate_group(session, day, start);
  SLOTFIT_FUZZ_REQUIRE(evaluated.ok(), "evaluate_group answers a valid candidate: " + at(session, day, start));
  const ConflictMask mask = *evaluated;
  std::vector<slotfit::MemberConflict> out;
  SLOTFIT_FUZZ_REQUIRE(engine.check_group(session, day, start, out).ok(), "check_group answers a valid candidate: " + at(session, day, start));
  std::set<std::string> students;
  for (int m : members) students.insert(p.sessions[static_cast<std::size_t>(m)].student_id);
  ConflictMask described = 0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const slotfit::MemberConflict& c = out[i];
    described |= slotfit::bit(c.conflict.kind);
    SLOTFIT_FUZZ_REQUIRE(!c.conflict.message.empty(), at(session, day, start));
    SLOTFIT_FUZZ_REQUIRE(i == 0 || out[i - 1].conflict.kind <= c.conflict.kind, "check_group in kind order: " + at(session, day, start));
    SLOTFIT_FUZZ_REQUIRE(group_wide(c.conflict.kind) == !c.student_id.has_value(),
                         "off-day and capacity are the group's, every other conflict a member's: " + at(session, day, start));
    if (c.student_id) SLOTFIT_FUZZ_REQUIRE(students.count(*c.student_id) == 1, "a conflict names a member: " + at(session, day, start));
  }
  SLOTFIT_FUZZ_REQUIRE(described == mask, "check_group describes evaluate_group: " + at(session, day, start) + ": " +
                                              std::to_string(described) + " vs " + std::to_string(mask));
  if (members.size() != 1) return;
  const int student = *engine.student_index(row.student_id);
  const int minutes = *row.end_time - *row.start_time;
  const auto single = engine.check(student, day, start, minutes, session);
  SLOTFIT_FUZZ_REQUIRE(single.ok(), "check answers what check_group answers: " + at(session, day, start));
  SLOTFIT_FUZZ_REQUIRE(single->size() == out.size(), "a group of one: check_group == check: " + at(session, day, start) +
                                                         ": " + std::to_string(out.size()) + " vs " + std::to_string(single->size()));
  for (std::size_t i = 0; i < out.size(); ++i) {
    const slotfit::Conflict& a = out[i].conflict;
    const slotfit::Conflict& b = (*single)[i];
    SLOTFIT_FUZZ_REQUIRE(a.kind == b.kind && a.message == b.message && a.ref_id == b.ref_id && a.row == b.row,
                         "a group of one: check_group == check: " + at(session, day, start) + ": " + a.message + " vs " + b.message);
  }
}

}  // namespace

void require_groups_consistent(const Engine& engine, std::size_t session_budget) {
  if (!engine.loaded()) {
    SLOTFIT_FUZZ_REQUIRE(engine.groups().empty(), "no groups before a load");
    return;
  }
  const auto& p = *engine.payload();
  const std::map<SlotKey, std::vector<int>> slots = sessions_by_slot(engine);
  const std::vector<slotfit::SessionGroup> groups = engine.groups();
  std::map<int, int> group_of;  // session index -> group id
  std::size_t g = 0;
  for (const auto& [slot, members] : slots) {
    if (members.size() < 2) continue;
    SLOTFIT_FUZZ_REQUIRE(g < groups.size(), "groups() lists every slot of two or more sessions");
    const slotfit::SessionGroup& group = groups[g];
    const std::string which = "group " + std::to_string(g);
    SLOTFIT_FUZZ_REQUIRE(group.id == static_cast<int>(g), which + ": its id is its position");
    SLOTFIT_FUZZ_REQUIRE(group.day == std::get<0>(slot) && group.start == std::get<1>(slot) && group.end == std::get<2>(slot),
                         which + ": ordered by day, start, end and deliverer");
    SLOTFIT_FUZZ_REQUIRE(group.session_ids.size() == members.size() && group.student_ids.size() == members.size(),
                         which + ": every session of its slot");
    std::vector<const SessionRow*> rows;
    for (std::size_t i = 0; i < members.size(); ++i) {
      const SessionRow& row = p.sessions[static_cast<std::size_t>(members[i])];
      rows.push_back(&row);
      SLOTFIT_FUZZ_REQUIRE(group.session_ids[i] == row.id && group.student_ids[i] == row.student_id,
                           which + ": members in payload order, students parallel");
      group_of[members[i]] = static_cast<int>(g);
    }
    SLOTFIT_FUZZ_REQUIRE(group.group_ref == majority(rows), which + ": the label most members carry");
    ++g;
  }
  SLOTFIT_FUZZ_REQUIRE(g == groups.size(), "groups() lists only slots of two or more sessions");

  std::size_t asked = 0;
  for (const auto& [slot, members] : slots) {
    for (int session : members) {
      if (asked++ >= session_budget) return;
      const SessionRow& row = p.sessions[static_cast<std::size_t>(session)];
      const int minutes = *row.end_time - *row.start_time;
      const auto group = group_of.find(session);
      const int expected_group = group == group_of.end() ? -1 : group->second;
      SLOTFIT_FUZZ_REQUIRE(engine.joins(session, *row.day_of_week, *row.start_time, minutes) == expected_group,
                           "joins() at a session's own slot names its group: " + row.id);
      const auto mapped = engine.conflict_map_group(session);
      SLOTFIT_FUZZ_REQUIRE(mapped.ok(), "a placed session's group has a map: " + row.id);
      const slotfit::ConflictGrid& grid = *mapped;
      SLOTFIT_FUZZ_REQUIRE(grid.kinds.size() == grid.days.size() * grid.starts.size(), "group grid shape: " + row.id);
      const int student = *engine.student_index(row.student_id);
      if (members.size() == 1) {
        const auto single = engine.conflict_map_for_session(session);
        SLOTFIT_FUZZ_REQUIRE(single.ok(), "a placed session has a map: " + row.id);
        SLOTFIT_FUZZ_REQUIRE(single->days == grid.days && single->starts == grid.starts && single->kinds == grid.kinds,
                             "a group of one: conflict_map_group == conflict_map_for_session: " + row.id);
      }
      const std::vector<std::int32_t> joins = engine.join_map(session, minutes, grid);
      SLOTFIT_FUZZ_REQUIRE(joins.size() == grid.kinds.size(), "join_map parallel to the grid: " + row.id);
      for (std::size_t d = 0; d < grid.days.size(); ++d) {
        for (std::size_t i = 0; i < grid.starts.size(); ++i) {
          const std::size_t cell = d * grid.starts.size() + i;
          const int day = grid.days[d];
          const int start = grid.starts[i];
          SLOTFIT_FUZZ_REQUIRE(joins[cell] == engine.joins(session, day, start, minutes),
                               "join_map == joins: " + at(session, day, start));
          if (cell % 4 != 0) continue;  // a quarter of the cells keeps an execution short; a corpus covers them all
          const ConflictMask mask = grid.kinds[cell];
          SLOTFIT_FUZZ_REQUIRE(engine.evaluate_group(session, day, start).value() == mask,
                               "group map cell == evaluate_group: " + at(session, day, start));
          if (members.size() == 1)
            SLOTFIT_FUZZ_REQUIRE(mask == engine.evaluate(student, day, start, minutes, session),
                                 "a group of one: evaluate_group == evaluate: " + at(session, day, start));
          if (cell % 16 == 0) require_group_check(engine, session, day, start, members.size() >= 2 ? members : std::vector<int>{session});
          if (cell % 32 == 0)
            for (int other : members)
              SLOTFIT_FUZZ_REQUIRE(engine.evaluate_group(other, day, start).value() == mask,
                                   "every member gets its group's answer: " + at(other, day, start));
        }
      }
    }
  }
}

void require_group_query(const Engine& engine, int session, int day, int start) {
  if (!engine.loaded()) return;
  const auto& p = *engine.payload();
  const bool placed = live(engine, session) && !p.sessions[static_cast<std::size_t>(session)].is_placeholder();
  const SessionRow* row = placed ? &p.sessions[static_cast<std::size_t>(session)] : nullptr;
  const int minutes = placed ? *row->end_time - *row->start_time : 0;
  const bool valid = placed && day >= slotfit::kFirstDay && day <= slotfit::kLastDay && start >= 0 &&
                     std::int64_t{start} + minutes <= slotfit::kMinutesPerDay;
  const auto mask = engine.evaluate_group(session, day, start);
  SLOTFIT_FUZZ_REQUIRE(mask.ok() == valid,
                       "evaluate_group refuses exactly what is not a live placed session's start: " + at(session, day, start));
  std::vector<slotfit::MemberConflict> out;
  const bool checked = engine.check_group(session, day, start, out).ok();
  SLOTFIT_FUZZ_REQUIRE(checked == valid, "check_group refuses as evaluate_group: " + at(session, day, start));
  if (!checked) SLOTFIT_FUZZ_REQUIRE(out.empty(), "a refused check_group answers nothing");
  const auto grid = engine.conflict_map_group(session);
  SLOTFIT_FUZZ_REQUIRE(grid.ok() == placed, "conflict_map_group refuses exactly a session that is not placed");
  if (grid.ok())
    SLOTFIT_FUZZ_REQUIRE(grid->kinds.size() == grid->days.size() * grid->starts.size(), "group grid shape");
  SLOTFIT_FUZZ_REQUIRE(engine.joins(session, day, start, minutes > 0 ? minutes : 30) >= -1, "joins");
  if (!valid) return;
  std::vector<int> members{session};
  for (const slotfit::SessionGroup& g : engine.groups())
    if (std::find(g.session_ids.begin(), g.session_ids.end(), row->id) != g.session_ids.end()) {
      members.clear();
      for (const std::string& id : g.session_ids) members.push_back(*engine.session_index(id));
    }
  require_group_check(engine, session, day, start, members);
}

void require_rows_bind(const Engine& engine, int student) {
  if (!engine.loaded()) {
    SLOTFIT_FUZZ_REQUIRE(!engine.rows_for(student).ok(), "rows_for before a load");
    return;
  }
  const auto rows = engine.rows_for(student);
  const bool inside = student >= 0 && student < static_cast<int>(engine.payload()->students.size());
  SLOTFIT_FUZZ_REQUIRE(rows.ok() == inside, "rows_for answers exactly inside the caseload: " + std::to_string(student));
  if (!rows) return;
  const std::string who = "rows_for(" + std::to_string(student) + ")";
  for (std::size_t i = 0; i < rows->size(); ++i) {
    const slotfit::BindingRow& r = (*rows)[i];
    SLOTFIT_FUZZ_REQUIRE(row_kind(r.kind), who + ": a row kind");
    SLOTFIT_FUZZ_REQUIRE(r.day >= slotfit::kFirstDay && r.day <= slotfit::kLastDay && r.start >= 0 && r.start < r.end &&
                             r.end <= slotfit::kMinutesPerDay,
                         who + ": a row inside the day");
    SLOTFIT_FUZZ_REQUIRE(!r.reason.empty(), who + ": a reason");
    if (i > 0) {
      const slotfit::BindingRow& q = (*rows)[i - 1];
      SLOTFIT_FUZZ_REQUIRE(q.kind < r.kind || (q.kind == r.kind && q.day <= r.day), who + ": kind by kind, then day by day");
    }
    if (i >= 12) continue;
    const int minutes = r.end - r.start;
    const std::string over = who + " row " + std::to_string(i) + " (" + r.reason + ")";
    SLOTFIT_FUZZ_REQUIRE((engine.evaluate(student, r.day, r.start, minutes) & slotfit::bit(r.kind)) != 0,
                         over + ": a session over the row breaks its kind");
    const auto conflicts = engine.check(student, r.day, r.start, minutes);
    SLOTFIT_FUZZ_REQUIRE(conflicts.ok(), over + ": a candidate over the row is valid");
    SLOTFIT_FUZZ_REQUIRE(std::any_of(conflicts->begin(), conflicts->end(),
                                     [&](const slotfit::Conflict& c) { return c.kind == r.kind && c.message == r.reason; }),
                         over + ": check() gives the row's reason");
  }
  if (rows->size() > 64) return;
  const auto map = engine.conflict_map(student, 30);
  if (!map.ok()) return;
  const slotfit::ConflictGrid& grid = map.value();
  for (std::size_t d = 0; d < grid.days.size(); ++d)
    for (std::size_t i = 0; i < grid.starts.size(); ++i) {
      const int day = grid.days[d];
      const int start = grid.starts[i];
      for (std::size_t k = 0; k < slotfit::kConflictKindCount; ++k) {
        const auto kind = static_cast<ConflictKind>(k);
        if (!row_kind(kind) || (grid.at(d, i) & slotfit::bit(kind)) == 0) continue;
        const bool some_row = std::any_of(rows->begin(), rows->end(), [&](const slotfit::BindingRow& r) {
          return r.kind == kind && r.day == day && r.start < start + 30 && start < r.end;
        });
        SLOTFIT_FUZZ_REQUIRE(some_row, who + ": a " + std::string(slotfit::kind_name(kind)) + " conflict at day " +
                                           std::to_string(day) + " start " + std::to_string(start) + " has its row");
      }
    }
}

void require_label_rule(const LiveSessions& before, const std::vector<slotfit::SessionChange>& changes, Engine& after,
                        const std::vector<int>& relabelled) {
  std::map<std::string, const slotfit::SessionChange*> last;
  for (const slotfit::SessionChange& change : changes) last[change.row.id] = &change;
  const LiveSessions now = live_sessions(after);

  std::set<SlotKey> touched;
  std::map<SlotKey, std::set<std::string>> named;
  for (const auto& [id, change] : last) {
    if (change->op == slotfit::SessionChange::Op::kRemove) continue;
    const auto row = now.find(id);
    SLOTFIT_FUZZ_REQUIRE(row != now.end(), "a saved session is live: " + id);
    const auto old = before.find(id);
    const OptString label_before = old == before.end() ? std::nullopt : old->second.group_ref;
    const OptString& said = change->row.group_ref;
    const OptString names = said && (old == before.end() || label_before != said) ? said : std::nullopt;
    if (row->second.is_placeholder()) {
      const OptString expected = names ? names : (old != before.end() && old->second.is_placeholder()) ? label_before : std::nullopt;
      SLOTFIT_FUZZ_REQUIRE(row->second.group_ref == expected, "a saved placeholder's label: " + id);
      continue;
    }
    touched.insert(slot_key(row->second));
    if (names) named[slot_key(row->second)].insert(*names);
  }
  std::map<SlotKey, std::set<OptString>> labels;
  for (const auto& [id, row] : now)
    if (!row.is_placeholder()) labels[slot_key(row)].insert(row.group_ref);
  for (const SlotKey& slot : touched) {
    const std::set<OptString>& given = labels[slot];
    SLOTFIT_FUZZ_REQUIRE(given.size() == 1, "the sessions of a slot with a saved row share one label");
    const auto it = named.find(slot);
    if (it != named.end())
      SLOTFIT_FUZZ_REQUIRE(*given.begin() && it->second.count(**given.begin()) == 1,
                           "a slot whose saved rows name labels takes one of them");
  }
  std::set<int> expected_relabelled;
  for (const auto& [id, row] : now) {
    const auto saved = last.find(id);
    const auto old = before.find(id);
    if (saved == last.end()) {
      SLOTFIT_FUZZ_REQUIRE(old != before.end(), "a live session that no change names was live before: " + id);
      if (row.is_placeholder() || !touched.count(slot_key(row)))
        SLOTFIT_FUZZ_REQUIRE(row.group_ref == old->second.group_ref,
                             "a session outside every slot with a saved row keeps its label: " + id);
    }
    const OptString& said = saved != last.end() ? saved->second->row.group_ref : old->second.group_ref;
    if (row.group_ref != said) expected_relabelled.insert(*after.session_index(id));
  }
  const std::set<int> reported(relabelled.begin(), relabelled.end());
  SLOTFIT_FUZZ_REQUIRE(reported.size() == relabelled.size(), "relabelled names each session once");
  SLOTFIT_FUZZ_REQUIRE(reported == expected_relabelled,
                       "relabelled lists exactly the sessions whose label differs from their row's: " +
                           std::to_string(reported.size()) + " reported, " + std::to_string(expected_relabelled.size()) +
                           " expected");

  std::vector<slotfit::SessionChange> again;
  for (const auto& [id, change] : last)
    if (change->op != slotfit::SessionChange::Op::kRemove) again.push_back(slotfit::SessionChange{slotfit::SessionChange::Op::kUpsert, now.at(id)});
  std::vector<int> relabelled_again;
  const slotfit::Errors errors = after.apply_changes(again, &relabelled_again);
  SLOTFIT_FUZZ_REQUIRE(errors.empty(), "the saved sessions saved again as they stand are accepted");
  SLOTFIT_FUZZ_REQUIRE(relabelled_again.empty(), "saving the saved sessions again relabels nothing");
  require_same_sessions(now, live_sessions(after), "after saving the saved sessions again");
}

}  // namespace slotfit_fuzz
