#pragma once
// What every rule is asked about: a candidate start of one student, and what is set aside while it is judged.
#include <algorithm>
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
// the start conflicts when some minute already holds more than capacity minus that size). `sessions` is in
// ascending session order, as a group lists its members: a group of thousands (any payload may hold one) is then
// searched in log time, where a scan would make every group answer quadratic in its size.
struct Ignore {
  std::span<const PlacedSession> sessions;
  int size = 1;

  static Ignore one(const PlacedSession& session) { return Ignore{std::span<const PlacedSession>(&session, 1), 1}; }

  bool holds(const PlacedSession& p) const {
    constexpr std::size_t kScanned = 16;  // the usual group: a scan beats the search
    if (sessions.size() <= kScanned) {
      for (const PlacedSession& s : sessions)
        if (s.session == p.session) return true;
      return false;
    }
    const auto it = std::lower_bound(sessions.begin(), sessions.end(), p.session,
                                     [](const PlacedSession& s, int session) { return s.session < session; });
    return it != sessions.end() && it->session == p.session;
  }
};

}  // namespace slotfit
