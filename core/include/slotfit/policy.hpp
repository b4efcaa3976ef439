#pragma once
// Every limit of the rules is a setting; these are the defaults of the rules.
#include <string>
#include <vector>

#include "slotfit/error.hpp"

namespace slotfit {

struct Policy {
  int capacity = 8;                          // sessions of the provider at any minute
  std::vector<int> capacity_ladder = {3, 8}; // auto-schedule passes; the last step is clamped to `capacity`
  int consecutive_limit = 60;                // longest chain of exactly touching sessions of one student
  int min_break = 30;                        // a gap of 1 … min_break-1 minutes between two sessions is refused
  int grid_step = 5;                         // candidate starts
  int default_window_start = 8 * 60;         // school window when no school-hours row applies
  int default_window_end = 15 * 60;
  std::string class_period_pattern = "period *";  // bell rows whose name matches do not block (case-blind glob)
};

// Empty when the policy is usable, else one bad-value error per setting that is not, its path naming the
// setting ("/grid_step", "/capacity_ladder/1").
Errors validate_policy(const Policy& policy);

}  // namespace slotfit
