#pragma once
// The five kinds whose rows come from a payload table and bind a student through one of its keys: bell-schedule,
// special-activity, protected-time, other-provider and provider-busy. One table (kRowKinds) says, for each, which
// payload table holds the rows, which key of the student picks them, how they are indexed and how a hit is worded;
// static_rows.cpp holds each kind's matching (which rows bind whom) next to its wording.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "day_bits.hpp"
#include "rules/candidate.hpp"
#include "slotfit/binding_row.hpp"
#include "slotfit/conflict_kind.hpp"
#include "slotfit/engine.hpp"
#include "slotfit/payload.hpp"

namespace slotfit {

class Model;

// A student's keys into the row indexes (and the scheduler's peer groups).
struct StudentKeys {
  int grade = -1;    // dense grade key (the normalised grade, "" when none)
  int teacher = -1;  // dense key of the (teacher id, teacher name) pair; -1 when the student has neither
};

enum class RowKey : std::uint8_t {
  kGrade,     // bell rows: by the grades they list
  kTeacher,   // special activities: by the student's teacher
  kStudent,   // protected times and other providers' sessions: by the student
  kEveryone,  // the provider's busy time: one key, every student
};

inline int row_key(RowKey key, const StudentKeys& keys, int student) {
  switch (key) {
    case RowKey::kGrade: return keys.grade;
    case RowKey::kTeacher: return keys.teacher;
    case RowKey::kStudent: return student;
    case RowKey::kEveryone: return 0;
  }
  return -1;
}

struct RowSpan {
  int day = 0;
  int start = 0;
  int end = 0;
};

struct RowKind {
  ConflictKind kind;
  RowKey key;
  std::size_t (*count)(const Payload&);
  RowSpan (*span)(const Payload&, int row);
  std::optional<std::string> (*id)(const Payload&, int row);  // none for a table without ids
  std::string (*label)(const Payload&, int row);             // the row's own name: "Lunch", "PE with Ms. Rivera"
  std::string (*reason)(const Payload&, int row);            // a conflict's message
  // Fills `index` with the rows by (key, day): the matching of rows to students lives here.
  void (*index)(const Model&, BitsetTable& index);
};

inline constexpr std::size_t kRowKindCount = 5;
extern const std::array<RowKind, kRowKindCount> kRowKinds;

// The entry of kRowKinds for `kind`, or -1 when it is no row kind.
int row_kind_of(ConflictKind kind);

// The conflicts of row kind `k` (an index into kRowKinds) for a candidate, one per row it overlaps; `out` is
// appended to. Messages are worded once per row and kept in the model (a drag asks about the same rows).
void describe_rows(const Model& model, std::size_t k, const Candidate& c, std::vector<Conflict>& out);

// Every row of the five kinds that binds `student`: kind by kind, then day by day, each day in payload order.
void rows_binding(const Model& model, int student, std::vector<BindingRow>& out);

}  // namespace slotfit
