#pragma once
// The rules for a group moved together (README, "Groups"): each member's rules with all of the group's sessions
// set aside, and the provider's capacity counting the whole group.
#include <vector>

#include "group_index.hpp"
#include "model.hpp"
#include "rules/rules.hpp"
#include "slotfit/engine.hpp"

namespace slotfit {

struct GroupMove {
  std::vector<int> students;            // the members' students
  std::vector<PlacedSession> sessions;  // each member's session where it is now, parallel to students, in session order
  int minutes = 0;
  int size() const { return static_cast<int>(sessions.size()); }
  // What the rules set aside for the move: every member's session, capacity counted for all of them.
  Ignore set_aside() const { return Ignore{std::span<const PlacedSession>(sessions), size()}; }
};

// The members of `session`'s group (the session alone when it has none); empty when it is not placed.
GroupMove group_move(const Model& model, const GroupIndex& index, int session);

ConflictMask group_mask(const Model& model, const Occupancy& occupancy, const GroupMove& group, int day, int start,
                        int capacity);

// One entry per row hit and member, in kind order; off-day and capacity once, for the whole group.
void describe_group(const Model& model, const Occupancy& occupancy, const GroupMove& group, int day, int start,
                    int capacity, std::vector<MemberConflict>& out);

ConflictGrid group_conflict_map(const Model& model, const Occupancy& occupancy, const GroupMove& group, int capacity);

}  // namespace slotfit
