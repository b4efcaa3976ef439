#include "rules/capacity.hpp"

#include <string>

#include "slotfit/time.hpp"

namespace slotfit {

void describe_capacity(const Occupancy& occ, const Candidate& c, int capacity, Ignore ignore,
                       std::vector<Conflict>& out) {
  const int full = full_load(capacity, ignore);
  int at = c.start;  // the first minute without room
  for (int minute = c.start; minute < c.end; ++minute)
    if (occ.peak(c.day, minute, minute + 1, ignore.sessions) >= full) {
      at = minute;
      break;
    }
  std::string message = std::to_string(occ.peak(c.day, c.start, c.end, ignore.sessions)) + " sessions already at " +
                        format_hhmm(at) + " (capacity " + std::to_string(capacity);
  if (ignore.size > 1) message += ", a group of " + std::to_string(ignore.size);
  out.push_back(Conflict{ConflictKind::kCapacity, message + ")", std::nullopt});
}

}  // namespace slotfit
