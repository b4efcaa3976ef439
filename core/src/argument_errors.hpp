#pragma once
// The refusals of the Engine's entry points (slotfit::Result): nothing loaded, or one invalid-argument error
// whose path names the argument ("/session", "/day", "/start") and whose message says what was expected and what
// was found. One home, so that every entry point refuses in the same words.
#include <string>

#include "slotfit/error.hpp"

namespace slotfit {

class Model;

Errors not_loaded();
Errors invalid_argument(const char* name, std::string message);

// Why `day` is no ISO day of week, or why `start` is no minute of the day; nothing when it is one.
Errors day_errors(int day);
Errors start_errors(int start);

// Why `student` is no index of the loaded caseload, or nothing when it is one.
Errors student_errors(const Model& model, int student);

// Why `session` is not a live, placed session of the loaded payload (out of range, removed, or a placeholder), or
// nothing when it is one. `what` says what needs it placed ("a group move").
Errors unplaced_session_errors(const Model& model, int session, const char* what);

}  // namespace slotfit
