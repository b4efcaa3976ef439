#pragma once
// The search behind Engine::suggest: for every start of the week where a new session of one student passes the
// static rules, the fewest moves of placed sessions (at most two) that make it legal, each moved session going to
// a legal grid start of its own.
#include <cstdint>
#include <vector>

#include "model.hpp"
#include "occupancy.hpp"
#include "slotfit/schedule.hpp"

namespace slotfit {

// A placed session the search may move: where it is, and its id in the occupancy.
struct MovableSession {
  int student = 0;
  int day = 0;
  int start = 0;
  int end = 0;
  int occupancy_id = 0;
};

struct SuggestRequest {
  int student = 0;
  int minutes = 0;
  int limit = 5;
  int max_moves = 2;
  Strategy strategy = Strategy::kBalanced;
};

struct FoundMove {
  int movable = 0;  // index into the movable sessions
  int day = 0;
  int start = 0;
};

struct FoundOption {
  int day = 0;
  int start = 0;
  std::vector<FoundMove> moves;
};

// `base` holds every movable session (and the fixed ones); it is not changed. Options come in the answer's
// order: fewest moves, then fewest minutes moved, then the strategy's order. `evaluated` counts rule evaluations.
std::vector<FoundOption> search_suggestions(const Model& model, const Occupancy& base,
                                            const std::vector<MovableSession>& movable, const SuggestRequest& request,
                                            std::int64_t& evaluated);

}  // namespace slotfit
