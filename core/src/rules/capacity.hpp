#pragma once
// capacity: at most `capacity` sessions of this provider at any minute, whoever delivers them. A candidate standing
// for `ignore.size` sessions (a group) conflicts when some minute already holds more than capacity minus that size.
#include <vector>

#include "rules/candidate.hpp"
#include "slotfit/conflict_kind.hpp"
#include "slotfit/engine.hpp"

namespace slotfit {

// The load at which a minute has no room left for the candidate.
inline int full_load(int capacity, Ignore ignore) { return capacity - ignore.size + 1; }

inline ConflictMask over_capacity(const Occupancy& occupancy, const Candidate& c, int capacity, Ignore ignore) {
  return occupancy.at_capacity(c.day, c.start, c.end, full_load(capacity, ignore), ignore.sessions)
             ? bit(ConflictKind::kCapacity)
             : 0;
}

void describe_capacity(const Occupancy& occupancy, const Candidate& c, int capacity, Ignore ignore,
                       std::vector<Conflict>& out);

}  // namespace slotfit
