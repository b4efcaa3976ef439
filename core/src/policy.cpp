#include "slotfit/policy.hpp"

#include "slotfit/time.hpp"

namespace slotfit {

std::string validate_policy(const Policy& p) {
  if (p.capacity < 1) return "capacity must be at least 1";
  if (p.capacity_ladder.empty()) return "capacity_ladder must name at least one pass";
  int previous = 0;
  for (int cap : p.capacity_ladder) {
    if (cap < 1) return "capacity_ladder steps must be at least 1";
    if (cap < previous) return "capacity_ladder must not decrease";
    previous = cap;
  }
  if (p.consecutive_limit < 1) return "consecutive_limit must be at least 1 minute";
  if (p.min_break < 0) return "min_break must not be negative";
  if (p.grid_step < 1 || p.grid_step > 60) return "grid_step must be 1 to 60 minutes";
  if (p.default_window_start < 0 || p.default_window_end > kMinutesPerDay ||
      p.default_window_start >= p.default_window_end)
    return "default window must be a non-empty part of the day";
  return {};
}

}  // namespace slotfit
