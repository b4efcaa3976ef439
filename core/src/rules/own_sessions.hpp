#pragma once
// student-overlap, consecutive and short-break: the student's own sessions with this provider. A student is never in
// two sessions at once; a chain of exactly touching sessions is at most `consecutive_limit` minutes; between two
// sessions on one day there is no gap shorter than `min_break` (the nearest session on each side only).
#include <vector>

#include "rules/candidate.hpp"
#include "slotfit/conflict_kind.hpp"
#include "slotfit/engine.hpp"
#include "slotfit/policy.hpp"

namespace slotfit {

class Model;

// What the three rules found for one candidate, kept so that the reasons need not search again.
struct OwnSessions {
  ConflictMask mask = 0;
  int chain_minutes = 0;                  // the chain the candidate would make, when it touches a session
  const PlacedSession* before = nullptr;  // nearest session ending at or before the start
  const PlacedSession* after = nullptr;   // nearest session starting at or after the end
};

OwnSessions own_sessions(const Policy& policy, const std::vector<PlacedSession>& sessions, const Candidate& c,
                         Ignore ignore);

// The conflicts of `kind` (one of the three) that `found` holds; `out` is appended to.
void describe_own_sessions(const Model& model, const std::vector<PlacedSession>& sessions, const Candidate& c,
                           Ignore ignore, const OwnSessions& found, ConflictKind kind, std::vector<Conflict>& out);

}  // namespace slotfit
