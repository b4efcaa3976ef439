#include "slotfit/policy.hpp"

#include <cstddef>
#include <utility>

#include "slotfit/time.hpp"

namespace slotfit {
namespace {

void refuse(Errors& errors, std::string path, std::string message) {
  errors.push_back(Error{"bad-value", std::move(path), std::move(message)});
}

}  // namespace

Errors validate_policy(const Policy& p) {
  Errors errors;
  if (p.capacity < 1) refuse(errors, "/capacity", "expected at least 1 session at a time, found " + std::to_string(p.capacity));
  if (p.capacity_ladder.empty()) refuse(errors, "/capacity_ladder", "expected at least one pass, found none");
  int previous = 0;
  for (std::size_t i = 0; i < p.capacity_ladder.size(); ++i) {
    const int cap = p.capacity_ladder[i];
    const std::string at = "/capacity_ladder/" + std::to_string(i);
    if (cap < 1) {
      refuse(errors, at, "expected a step of at least 1, found " + std::to_string(cap));
    } else if (cap < previous) {
      refuse(errors, at, "expected steps that do not decrease, found " + std::to_string(cap) + " after " +
                             std::to_string(previous));
    }
    if (cap > previous) previous = cap;
  }
  if (p.consecutive_limit < 1)
    refuse(errors, "/consecutive_limit", "expected at least 1 minute, found " + std::to_string(p.consecutive_limit));
  if (p.min_break < 0) refuse(errors, "/min_break", "expected 0 minutes or more, found " + std::to_string(p.min_break));
  if (p.grid_step < 1 || p.grid_step > 60)
    refuse(errors, "/grid_step", "expected 1 to 60 minutes, found " + std::to_string(p.grid_step));
  if (p.default_window_start < 0 || p.default_window_end > kMinutesPerDay ||
      p.default_window_start >= p.default_window_end)
    refuse(errors, "/default_window_start",
           "expected a non-empty part of the day (0-1440 minutes), found " + std::to_string(p.default_window_start) +
               "-" + std::to_string(p.default_window_end));
  return errors;
}

}  // namespace slotfit
