#pragma once
// The eleven rules, evaluated against the lookup maps (static kinds) and an occupancy (the placed sessions).
#include <array>
#include <vector>

#include "model.hpp"
#include "slotfit/conflict_kind.hpp"
#include "slotfit/conflict.hpp"

namespace slotfit {

struct Candidate {
  int student = 0;
  int day = 0;
  int start = 0;
  int end = 0;
};

inline constexpr ConflictMask kStaticKinds =
    bit(ConflictKind::kOffDay) | bit(ConflictKind::kSchoolHours) | bit(ConflictKind::kBellSchedule) |
    bit(ConflictKind::kSpecialActivity) | bit(ConflictKind::kProtectedTime) | bit(ConflictKind::kOtherProvider) |
    bit(ConflictKind::kProviderBusy);

// The static kinds of one student on one day, looked up once for many starts (a conflict map row).
class StaticDayView {
 public:
  StaticDayView(const Model& model, int student, int day);
  ConflictMask mask(int start, int end) const;

 private:
  const Model& model_;
  int student_;
  int day_;
  ConflictMask always_ = 0;  // off-day
  int count_ = 0;
  std::array<const DayBits*, 5> bits_{};
  std::array<ConflictMask, 5> kinds_{};
};

// Kinds that depend only on the payload's constraint rows, never on placed sessions.
ConflictMask static_mask(const Model& model, const Candidate& c);

// The student's own kinds: overlap with, chains of and breaks between this provider's sessions of the student.
ConflictMask student_mask(const Model& model, const Occupancy& occupancy, const Candidate& c,
                          const PlacedSession* ignore);

// Kinds that depend on the placed sessions. `ignore` is left out (the session being dragged), may be null.
ConflictMask dynamic_mask(const Model& model, const Occupancy& occupancy, const Candidate& c, int capacity,
                          const PlacedSession* ignore);

// One entry per row hit, in kind order; `out` is appended to.
void describe(const Model& model, const Occupancy& occupancy, const Candidate& c, int capacity,
              const PlacedSession* ignore, std::vector<Conflict>& out);

}  // namespace slotfit
