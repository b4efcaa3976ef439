#pragma once
// Judges a final schedule (the payload plus an auto-schedule's placements) from rules.md alone, with the
// reference checker: every hard rule for every placed session against everything else in the final schedule,
// and the different-days rule ("if a work day without a session of that student has a legal start for the
// second session's length once everything else is in place, the doubled day is a rule break"). It never asks
// the engine.
#include <string>
#include <vector>

#include "slotfit/payload.hpp"
#include "slotfit/policy.hpp"
#include "slotfit/schedule.hpp"

namespace slotfit::testing {

struct RuleBreak {
  std::string student_id;
  int day = 0;
  int start = 0;
  int end = 0;
  std::string rule;    // a rule kind ("capacity"), "different-days", or what is wrong with the placement itself
  std::string detail;  // e.g. the free day and start the different-days rule found
};

struct JudgeOptions {
  bool different_days = true;  // off for the exact solver's schedules: the optimum may double a day
};

// `before` is the payload the schedule was made for; `placements` are the new sessions (a placement with an
// id fills that placeholder). Returns every rule break, empty when the final schedule keeps every rule.
std::vector<RuleBreak> judge_final_schedule(const Payload& before, const Policy& policy,
                                            const std::vector<Placement>& placements, JudgeOptions options = {});

// "student S day D HH:MM-HH:MM: rule (detail)", one line.
std::string describe(const RuleBreak& b);

}  // namespace slotfit::testing
