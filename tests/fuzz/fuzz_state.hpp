#pragma once
// What an engine shows from outside, so that a target can compare it before and after a call: the live
// sessions, the groups, and a spread of answers. A refused call must leave all of it as it was; an engine after
// changes must show what a fresh engine loaded with its live sessions shows.
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "slotfit/engine.hpp"

namespace slotfit_fuzz {

// The live sessions by id, as the engine shows them (removed rows left out).
using LiveSessions = std::map<std::string, slotfit::SessionRow>;
LiveSessions live_sessions(const slotfit::Engine& engine);

// The payload the engine holds with its removed sessions left out: what a fresh load of its state reads.
slotfit::Payload live_payload(const slotfit::Engine& engine);

// Fails (`when` says at which step) unless both hold the same sessions, every field equal; `with_labels` false
// leaves group_ref out of the comparison.
void require_same_sessions(const LiveSessions& expected, const LiveSessions& actual, const std::string& when,
                           bool with_labels = true);

// Answers that do not depend on session indices (which a fresh load renumbers): the sessions, groups(), every
// student's rows_for() and evaluate() at a spread of candidates, and evaluate_group() of every live session
// (by id) at the same spread. `budget` caps the students and sessions asked about.
struct Answers {
  LiveSessions sessions;
  std::vector<std::string> groups;  // one line per group: every field
  std::vector<std::string> rows;    // one line per binding row of each student
  std::vector<slotfit::ConflictMask> masks;
};
Answers answers_of(const slotfit::Engine& engine, std::size_t budget);
void require_same_answers(const Answers& expected, const Answers& actual, const std::string& when);

}  // namespace slotfit_fuzz
