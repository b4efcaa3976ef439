// The Engine's group answers (slotfit/groups.hpp), over the index of core/src/group_index.hpp.
#include <algorithm>

#include "argument_errors.hpp"
#include "group_index.hpp"
#include "group_rules.hpp"
#include "model.hpp"
#include "slotfit/engine.hpp"

namespace slotfit {

const GroupIndex& Engine::group_index() const {
  if (!group_index_) group_index_ = std::make_shared<const GroupIndex>(model_->payload, model_->session_alive);
  return *group_index_;
}

std::vector<SessionGroup> Engine::groups() const {
  if (!model_) return {};
  return group_index().groups();
}

namespace {

// Whose deliverer a dragged session has: its own, or a new session's when none is dragged.
const SessionRow& deliverer_of(const Model& m, const GroupIndex& index, int session) {
  if (session >= 0 && session < static_cast<int>(m.payload.sessions.size()) &&
      m.session_alive[static_cast<std::size_t>(session)])
    return m.payload.sessions[static_cast<std::size_t>(session)];
  return index.new_session_deliverer();
}

}  // namespace

// On every hover (check()): a start where no group starts answers before any hashing or string comparison.
int Engine::joins(int session, int day, int start, int minutes) const {
  if (!model_ || day < kFirstDay || day > kLastDay || minutes <= 0 || start < 0 || minutes > kMinutesPerDay - start)
    return -1;
  const GroupIndex& index = group_index();
  if (!index.starts_a_group(day, start)) return -1;
  return index.group_at(day, start, start + minutes, deliverer_of(*model_, index, session));
}

std::vector<std::int32_t> Engine::join_map(int session, int minutes, const ConflictGrid& grid) const {
  std::vector<std::int32_t> out(grid.kinds.size(), -1);
  if (!model_ || grid.starts.empty()) return out;
  const GroupIndex& index = group_index();
  const int first = grid.starts.front();
  const int step = grid.starts.size() > 1 ? grid.starts[1] - first : 1;
  for (int g : index.groups_of_length(minutes, deliverer_of(*model_, index, session))) {
    const SessionGroup& group = index.groups()[static_cast<std::size_t>(g)];
    const auto day = std::find(grid.days.begin(), grid.days.end(), group.day);
    if (day == grid.days.end() || group.start < first || (group.start - first) % step != 0) continue;
    const auto column = static_cast<std::size_t>((group.start - first) / step);
    if (column >= grid.starts.size()) continue;
    out[static_cast<std::size_t>(day - grid.days.begin()) * grid.starts.size() + column] = g;
  }
  return out;
}

}  // namespace slotfit

namespace slotfit {

namespace {

// Why the group of `session` (already found: `group`) cannot move to (day, start), or nothing when it can.
Errors group_move_errors(const Model& m, int session, const GroupMove& group, int day, int start) {
  if (group.sessions.empty()) return unplaced_session_errors(m, session, "a group move");
  if (Errors errors = day_errors(day); !errors.empty()) return errors;
  if (Errors errors = start_errors(start); !errors.empty()) return errors;
  if (group.minutes > kMinutesPerDay - start)
    return invalid_argument("start", "the group's " + std::to_string(group.minutes) +
                                         " minutes must end by 24:00: expected a start 0-" +
                                         std::to_string(kMinutesPerDay - group.minutes) + ", found " +
                                         std::to_string(start));
  return {};
}

}  // namespace

Result<void> Engine::check_group(int session, int day, int start, std::vector<MemberConflict>& out) const {
  out.clear();
  if (!model_) return not_loaded();
  const GroupMove group = group_move(*model_, group_index(), session);
  if (Errors errors = group_move_errors(*model_, session, group, day, start); !errors.empty()) return errors;
  ++checks_;
  describe_group(*model_, model_->occupancy, group, day, start, policy_.capacity, out);
  return {};
}

Result<std::vector<MemberConflict>> Engine::check_group(int session, int day, int start) const {
  std::vector<MemberConflict> out;
  Result<void> checked = check_group(session, day, start, out);
  if (!checked.ok()) return checked.errors();
  return out;
}

Result<ConflictMask> Engine::evaluate_group(int session, int day, int start) const {
  if (!model_) return not_loaded();
  const GroupMove group = group_move(*model_, group_index(), session);
  if (Errors errors = group_move_errors(*model_, session, group, day, start); !errors.empty()) return errors;
  ++checks_;
  return group_mask(*model_, model_->occupancy, group, day, start, policy_.capacity);
}

Result<ConflictGrid> Engine::conflict_map_group(int session) const {
  if (!model_) return not_loaded();
  const GroupMove group = group_move(*model_, group_index(), session);
  if (group.sessions.empty()) return unplaced_session_errors(*model_, session, "a group's conflict map");
  ConflictGrid grid = group_conflict_map(*model_, model_->occupancy, group, policy_.capacity);
  candidates_ += static_cast<std::int64_t>(grid.kinds.size() * group.sessions.size());
  return grid;
}

}  // namespace slotfit
