#pragma once
// What a check answers: the conflicts of one candidate, and the kinds of every start of a week.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "slotfit/conflict_kind.hpp"

namespace slotfit {

// What Engine::evaluate() answers for arguments outside the loaded caseload or the day (no rule kind uses bit 31).
inline constexpr ConflictMask kInvalidCandidate = ConflictMask{1} << 31;

struct Conflict {
  ConflictKind kind;
  std::string message;
  std::optional<std::string> ref_id;  // the row hit; none for off-day, school-hours, capacity, rows without id
  // For the kinds whose reason depends only on the row (bell-schedule, special-activity, protected-time,
  // other-provider, provider-busy): the row's index in its payload table, so a caller may reuse what it built
  // for it before. -1 for the kinds whose reason depends on the candidate.
  int row = -1;
};

// Every start of the week for one student and length: days × starts, day-major, bit i = ConflictKind i.
struct ConflictGrid {
  std::vector<int> days;
  std::vector<int> starts;
  std::vector<ConflictMask> kinds;
  ConflictMask at(std::size_t day_index, std::size_t start_index) const {
    return kinds[day_index * starts.size() + start_index];
  }
};

// A conflict of a group answer: the member it is for (its student id), none for the kinds that hold for the
// whole group (off-day, capacity).
struct MemberConflict {
  Conflict conflict;
  std::optional<std::string> student_id;
};

}  // namespace slotfit
