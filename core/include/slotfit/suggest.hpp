#pragma once
// Repair suggestions: where one more session of a student fits, as it is or after moving at most a few of the
// provider's placed sessions (rules.md, "Proof and repair"). Engine::suggest answers them; nothing here throws.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "slotfit/error.hpp"
#include "slotfit/schedule.hpp"

namespace slotfit {

// The deepest search suggest() runs: options with more moves are not looked for.
inline constexpr int kMaxSuggestMoves = 2;

struct SuggestOptions {
  std::string student_id;
  int limit = 5;      // at most this many options, >= 1
  int max_moves = 2;  // 0 .. kMaxSuggestMoves
  Strategy strategy = Strategy::kBalanced;
  // An auto-schedule proposal to answer on top of, without applying it (its result rows). A row with an id fills
  // that placeholder; a row without one is a new session.
  std::vector<Placement> placements;
  bool allow_incomplete = false;  // answer even when the payload says it could not read everything
};

// One session moved to make room: a loaded session (by id) or a row of the proposal (by index, with the
// placeholder's id when it fills one). Times are minutes since midnight.
struct SuggestMove {
  std::optional<std::string> session_id;  // none only for a new row of the proposal
  int placement = -1;                     // index into SuggestOptions::placements, -1 for a loaded session
  int day = 0;
  int start = 0;
  int end = 0;
};

struct Suggestion {
  int day = 0;
  int start = 0;
  int end = 0;
  std::vector<SuggestMove> moves;  // empty: the new session fits as it is
};

struct SuggestResult {
  std::vector<Suggestion> suggestions;
  // Coded: "not-loaded", "unknown-student" (/student_id), "bad-value" (/limit, /max_moves), "incomplete-payload",
  // and for the proposal's rows "unknown-student", "unknown-session", "duplicate-id", "bad-day", "bad-time",
  // "end-not-after-start" (/placements/i/...). No suggestion is made when there is an error.
  Errors errors;
  std::int64_t candidates_evaluated = 0;
};

// The options as JSON (the wasm module's input):
//   {"student_id": "…", "limit": 5, "max_moves": 2, "strategy": "balanced", "allow_incomplete": false,
//    "placements": [{"id": "…"|null, "student_id": "…", "day_of_week": 1, "start_time": "09:00:00"|540,
//                    "end_time": …}, …]}
// Only student_id is required; other keys of a placement row (service_type, status, …) are ignored. Errors carry
// JSON pointers ("/placements/3/start_time"); whether a student or id exists is for the engine to say.
std::variant<SuggestOptions, Errors> parse_suggest_options(std::string_view json_text);

// {"errors":[…],"suggestions":[{"day":1,"start":540,"end":570,"moves":[{"session_id":"…"|null,
// "placement":-1,"day":…,"start":…,"end":…}]}]}
std::string suggestions_json(const SuggestResult& result, int indent = -1);

}  // namespace slotfit
