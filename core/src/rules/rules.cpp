#include "rules/rules.hpp"

#include "rules/capacity.hpp"
#include "rules/school_days.hpp"
#include "rules/static_rows.hpp"

namespace slotfit {

StaticDayView::StaticDayView(const Model& m, int student, int day)
    : model_(m), grade_(m.student_keys[static_cast<std::size_t>(student)].grade), day_(day) {
  always_ = m.school.off_day(day);
  const StudentKeys& keys = m.student_keys[static_cast<std::size_t>(student)];
  for (std::size_t k = 0; k < kRowKindCount; ++k) {
    const DayBits* b = m.row_index[k].bits(row_key(kRowKinds[k].key, keys, student), day);
    if (b == nullptr) continue;
    bits_[static_cast<std::size_t>(count_)] = b;
    kinds_[static_cast<std::size_t>(count_++)] = bit(kRowKinds[k].kind);
  }
}

ConflictMask StaticDayView::mask(int start, int end) const {
  ConflictMask mask = always_ | model_.school.outside_hours(grade_, Candidate{0, day_, start, end});
  for (int i = 0; i < count_; ++i)
    if (bits_[static_cast<std::size_t>(i)]->any(start, end)) mask |= kinds_[static_cast<std::size_t>(i)];
  return mask;
}

ConflictMask static_mask(const Model& m, const Candidate& c) {
  return StaticDayView(m, c.student, c.day).mask(c.start, c.end);
}

ConflictMask student_mask(const Model& m, const Occupancy& occ, const Candidate& c, Ignore ignore) {
  return own_sessions(m.policy, occ.of(c.student), c, ignore).mask;
}

ConflictMask dynamic_mask(const Model& m, const Occupancy& occ, const Candidate& c, int capacity, Ignore ignore) {
  return student_mask(m, occ, c, ignore) | over_capacity(occ, c, capacity, ignore);
}

Verdict judge(const Model& m, const Occupancy& occ, const Candidate& c, int capacity, Ignore ignore) {
  Verdict v;
  v.own = own_sessions(m.policy, occ.of(c.student), c, ignore);
  v.mask = static_mask(m, c) | v.own.mask | over_capacity(occ, c, capacity, ignore);
  return v;
}

void describe(const Model& m, const Occupancy& occ, const Candidate& c, int capacity, Ignore ignore,
              const Verdict& verdict, std::vector<Conflict>& out) {
  for (int k = 0; k < kConflictKindCount; ++k) {
    const auto kind = static_cast<ConflictKind>(k);
    if ((verdict.mask & bit(kind)) == 0) continue;
    switch (kind) {
      case ConflictKind::kOffDay:
        out.push_back(Conflict{kind, m.school.off_day_reason(c.day, m.school_name()), std::nullopt});
        break;
      case ConflictKind::kSchoolHours: {
        const int grade = m.student_keys[static_cast<std::size_t>(c.student)].grade;
        out.push_back(Conflict{kind, m.school.outside_hours_reason(grade, m.grade_names[static_cast<std::size_t>(grade)], c),
                               std::nullopt});
        break;
      }
      case ConflictKind::kStudentOverlap:
      case ConflictKind::kConsecutive:
      case ConflictKind::kShortBreak:
        describe_own_sessions(m, occ.of(c.student), c, ignore, verdict.own, kind, out);
        break;
      case ConflictKind::kCapacity:
        describe_capacity(occ, c, capacity, ignore, out);
        break;
      default:
        describe_rows(m, static_cast<std::size_t>(row_kind_of(kind)), c, out);
        break;
    }
  }
}

}  // namespace slotfit
