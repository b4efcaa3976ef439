#pragma once
// A constraint row that binds one student (Engine::rows_for): what a caller draws behind the week grid.
#include <optional>
#include <string>

#include "slotfit/conflict_kind.hpp"

namespace slotfit {

struct BindingRow {
  ConflictKind kind;  // bell-schedule, special-activity, protected-time, other-provider or provider-busy
  int day = 0;        // ISO day of week
  int start = 0;      // minutes since midnight, [start, end)
  int end = 0;
  std::optional<std::string> id;  // the row's id; none for other providers' sessions and rows without one
  std::string label;              // the row's own name: "Lunch", "PE with Ms. Rivera", "SLP session"
  std::string reason;             // what check() says when a session overlaps the row
};

}  // namespace slotfit
