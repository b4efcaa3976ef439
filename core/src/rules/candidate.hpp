#pragma once
// What every rule is asked about: a candidate start of one student, and what is set aside while it is judged.
#include <span>

#include "occupancy.hpp"

namespace slotfit {

struct Candidate {
  int student = 0;
  int day = 0;
  int start = 0;
  int end = 0;
};

// The sessions left out while a candidate is judged (the session being dragged, or all of a group's own sessions
// when a group moves), and how many sessions the candidate stands for when capacity is counted (a group's size:
// the start conflicts when some minute already holds more than capacity minus that size).
struct Ignore {
  std::span<const PlacedSession> sessions;
  int size = 1;

  static Ignore one(const PlacedSession& session) { return Ignore{std::span<const PlacedSession>(&session, 1), 1}; }

  bool holds(const PlacedSession& p) const {
    for (const PlacedSession& s : sessions)
      if (s.session == p.session) return true;
    return false;
  }
};

}  // namespace slotfit
