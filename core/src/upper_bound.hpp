#pragma once
// The certificate of auto-schedule: an upper bound on how many of the needed sessions any legal schedule can
// place, with every template of the payload kept where it is.
//
// Students interact only through the provider's capacity. Relaxing the capacity rows with a multiplier per
// contested stretch of minutes leaves one small exact problem per student (which of its legal starts to take,
// at most its need, under its own overlap, chain and break rules), and the sum of those optima plus the priced
// capacity is a valid bound for any multipliers ≥ 0. Subgradient steps move the multipliers towards the best
// bound; the floor of the best one found is the answer.
#include <array>
#include <cstdint>
#include <vector>

#include "slotfit/time.hpp"

namespace slotfit {

struct Span {
  int start = 0;
  int end = 0;
};

struct BoundStudent {
  int needed = 0;
  int minutes = 0;
  std::vector<int> days;                       // the work days with at least one legal start
  std::vector<std::vector<int>> starts;        // per entry of `days`: ascending starts legal against every
                                               // payload row and the student's own templates
  std::vector<std::vector<Span>> templates;  // per entry of `days`: the student's templates that day
};

struct BoundProblem {
  std::vector<BoundStudent> students;
  // Per ISO day and minute: how many more sessions fit (capacity minus the templates' load, never below 0).
  std::array<std::vector<int>, 8> room;
  int consecutive_limit = 60;
  int min_break = 30;
};

struct BoundOutcome {
  int counting = 0;    // every student alone: the most of its need it can place (the bound with no prices)
  int bound = 0;       // the best bound proven, ≤ counting
  int iterations = 0;  // subgradient steps taken
  std::int64_t work = 0;
  bool stopped_by_time = false;
};

// Polled between steps as a safety stop; returns true when the caller's time is up.
struct BoundDeadline {
  virtual bool reached() const = 0;
  virtual ~BoundDeadline() = default;
};

// `known`: sessions a schedule already places (the steps stop once the bound comes down to it).
// `max_iterations` and `work_budget` (dynamic-programming cells) keep the answer deterministic.
BoundOutcome upper_bound(const BoundProblem& problem, int known, int max_iterations, std::int64_t work_budget,
                         const BoundDeadline* deadline);

}  // namespace slotfit
