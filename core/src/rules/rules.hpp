#pragma once
// The eleven rules put together: the masks the scheduler, the conflict map and check() ask for, and the reasons.
// Each family lives in its own file: school_days (off-day, school-hours), static_rows (bell-schedule,
// special-activity, protected-time, other-provider, provider-busy), own_sessions (student-overlap, consecutive,
// short-break) and capacity.
#include <array>
#include <vector>

#include "model.hpp"
#include "rules/candidate.hpp"
#include "rules/own_sessions.hpp"
#include "slotfit/conflict_kind.hpp"
#include "slotfit/engine.hpp"

namespace slotfit {

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
  int grade_;
  int day_;
  ConflictMask always_ = 0;  // off-day
  int count_ = 0;
  std::array<const DayBits*, kRowKindCount> bits_{};
  std::array<ConflictMask, kRowKindCount> kinds_{};
};

// Kinds that depend only on the payload's constraint rows, never on placed sessions.
ConflictMask static_mask(const Model& model, const Candidate& c);

// The student's own kinds: overlap with, chains of and breaks between this provider's sessions of the student.
ConflictMask student_mask(const Model& model, const Occupancy& occupancy, const Candidate& c, Ignore ignore = {});

// Kinds that depend on the placed sessions, the `ignore`d ones left out.
ConflictMask dynamic_mask(const Model& model, const Occupancy& occupancy, const Candidate& c, int capacity,
                          Ignore ignore = {});

// Every kind a candidate breaks, with what the reasons need from the search.
struct Verdict {
  ConflictMask mask = 0;
  OwnSessions own;
};
Verdict judge(const Model& model, const Occupancy& occupancy, const Candidate& c, int capacity, Ignore ignore = {});

// The reasons of what `verdict` found (judge() with the same arguments, the occupancy unchanged since): one entry
// per row hit, in kind order; `out` is appended to.
void describe(const Model& model, const Occupancy& occupancy, const Candidate& c, int capacity, Ignore ignore,
              const Verdict& verdict, std::vector<Conflict>& out);

}  // namespace slotfit
