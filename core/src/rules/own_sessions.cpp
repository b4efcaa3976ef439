#include "rules/own_sessions.hpp"

#include <algorithm>
#include <optional>
#include <string>

#include "model.hpp"
#include "rules/reason_text.hpp"

namespace slotfit {
namespace {

// Length of the longest chain of exactly touching sessions that ends at `t` (left) or starts at `t` (right).
// Overlapping sessions are no part of a chain.
int chain_left(const std::vector<PlacedSession>& list, int day, int t, Ignore ignore) {
  int best = 0;
  for (const PlacedSession& p : list)
    if (p.day == day && p.end == t && !ignore.holds(p))
      best = std::max(best, (p.end - p.start) + chain_left(list, day, p.start, ignore));
  return best;
}

int chain_right(const std::vector<PlacedSession>& list, int day, int t, Ignore ignore) {
  int best = 0;
  for (const PlacedSession& p : list)
    if (p.day == day && p.start == t && !ignore.holds(p))
      best = std::max(best, (p.end - p.start) + chain_right(list, day, p.end, ignore));
  return best;
}

// A gap of 0 is a touch (the consecutive rule's business); a break shorter than the policy's is not allowed.
bool short_gap(int gap, int min_break) { return gap > 0 && gap < min_break; }

std::optional<std::string> session_ref(const Model& m, int session) {
  if (session < 0 || session >= static_cast<int>(m.payload.sessions.size())) return std::nullopt;
  return m.payload.sessions[static_cast<std::size_t>(session)].id;
}

}  // namespace

OwnSessions own_sessions(const Policy& policy, const std::vector<PlacedSession>& list, const Candidate& c,
                         Ignore ignore) {
  OwnSessions found;
  bool touches = false;
  for (const PlacedSession& p : list) {
    if (p.day != c.day || ignore.holds(p)) continue;
    if (overlaps(p.start, p.end, c.start, c.end)) found.mask |= bit(ConflictKind::kStudentOverlap);
    if (p.end == c.start || p.start == c.end) touches = true;
    if (p.end <= c.start && (found.before == nullptr || p.end > found.before->end)) found.before = &p;
    if (p.start >= c.end && (found.after == nullptr || p.start < found.after->start)) found.after = &p;
  }
  if (touches) {
    found.chain_minutes =
        (c.end - c.start) + chain_left(list, c.day, c.start, ignore) + chain_right(list, c.day, c.end, ignore);
    if (found.chain_minutes > policy.consecutive_limit) found.mask |= bit(ConflictKind::kConsecutive);
  }
  if ((found.before && short_gap(c.start - found.before->end, policy.min_break)) ||
      (found.after && short_gap(found.after->start - c.end, policy.min_break)))
    found.mask |= bit(ConflictKind::kShortBreak);
  return found;
}

void describe_own_sessions(const Model& m, const std::vector<PlacedSession>& list, const Candidate& c, Ignore ignore,
                           const OwnSessions& found, ConflictKind kind, std::vector<Conflict>& out) {
  auto add = [&](std::string message, int session) {
    out.push_back(Conflict{kind, std::move(message), session_ref(m, session)});
  };
  if (kind == ConflictKind::kStudentOverlap) {
    for (const PlacedSession& p : list)
      if (p.day == c.day && !ignore.holds(p) && overlaps(p.start, p.end, c.start, c.end))
        add("Already in a session " + span_text(p.start, p.end), p.session);
  } else if (kind == ConflictKind::kConsecutive) {
    for (const PlacedSession& p : list)
      if (p.day == c.day && !ignore.holds(p) && (p.end == c.start || p.start == c.end))
        add("Back-to-back with the session " + span_text(p.start, p.end) + ": " + std::to_string(found.chain_minutes) +
                " minutes in a row (limit " + std::to_string(m.policy.consecutive_limit) + ")",
            p.session);
  } else if (kind == ConflictKind::kShortBreak) {
    const std::string need = " (at least " + std::to_string(m.policy.min_break) + " needed)";
    if (found.before && short_gap(c.start - found.before->end, m.policy.min_break))
      add("Only " + std::to_string(c.start - found.before->end) + " minutes after the session ending " +
              format_hhmm(found.before->end) + need,
          found.before->session);
    if (found.after && short_gap(found.after->start - c.end, m.policy.min_break))
      add("Only " + std::to_string(found.after->start - c.end) + " minutes before the session starting " +
              format_hhmm(found.after->start) + need,
          found.after->session);
  }
}

}  // namespace slotfit
