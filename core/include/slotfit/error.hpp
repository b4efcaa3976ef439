#pragma once
// Errors are values in the core: nothing here throws.
#include <string>
#include <vector>

namespace slotfit {

struct Error {
  std::string code;     // stable, kebab-case: "bad-time", "unknown-student", "work-days-missing", …
  std::string path;     // JSON pointer into the input ("/bell_schedules/3/start_time"); "" when it has none
  std::string message;  // for a person: what was found and what was expected
};

using Errors = std::vector<Error>;

}  // namespace slotfit
