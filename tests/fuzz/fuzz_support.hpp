#pragma once
// What the fuzz targets share: a broken promise aborts (libFuzzer reports it as a crash and keeps the input;
// the replay driver fails the test), the fixtures they start from, and the promises every loaded engine keeps.
#include <cstddef>
#include <string>

#include "slotfit/engine.hpp"
#include "slotfit/error.hpp"
#include "slotfit/schedule.hpp"
#include "slotfit/session_change.hpp"

namespace slotfit_fuzz {

[[noreturn]] void broken(const char* promise, const std::string& detail);

#define SLOTFIT_FUZZ_REQUIRE(condition, detail)                        \
  do {                                                                 \
    if (!(condition)) ::slotfit_fuzz::broken(#condition, (detail));    \
  } while (false)

// The text of tests/fixtures/<name>; aborts when it cannot be read (the target would fuzz nothing).
std::string fixture_text(const char* name);
// The fixture loaded into an engine with the default policy; aborts when it does not load.
slotfit::Engine loaded_fixture(const char* name);

// Every error a parser or the engine hands out names a known code, a JSON pointer ("" or "/…") and a message,
// and there are at most kMaxReportedErrors of them.
// The change that writes auto-schedule's placement number `index` as it stands (a new session gets an id of its
// own); its group label is left to the caller.
slotfit::SessionChange change_placing(const slotfit::Placement& placed, std::size_t index);

void require_well_formed(const slotfit::Errors& errors, const char* where);

// check() and evaluate() agree on one candidate: invalid for both or for neither, and the kinds of check()'s
// conflicts are evaluate()'s mask; each row conflict names a row of its table.
void require_agreement(const slotfit::Engine& engine, int student, int day, int start, int minutes,
                       int ignore_session);

// The conflict map of every student (up to `student_budget`) has days × starts cells, each equal to
// evaluate() at that start; every live session's own map has the same shape rules; the stats count the rows.
void require_consistent(const slotfit::Engine& engine, std::size_t student_budget);

}  // namespace slotfit_fuzz
