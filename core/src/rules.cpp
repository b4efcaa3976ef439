#include "rules.hpp"

#include <algorithm>
#include <string>

#include "slotfit/time.hpp"

namespace slotfit {
namespace {

std::string span_text(int start, int end) { return format_hhmm(start) + "\xE2\x80\x93" + format_hhmm(end); }

std::optional<std::string> session_ref(const Model& model, int session) {
  if (session < 0 || session >= static_cast<int>(model.payload.sessions.size())) return std::nullopt;
  return model.payload.sessions[static_cast<std::size_t>(session)].id;
}

bool ignored(const PlacedSession& p, const PlacedSession* ignore) {
  return ignore != nullptr && p.session == ignore->session;
}

// Length of the longest chain of exactly touching sessions that ends at `t` (left) or starts at `t` (right).
int chain_left(const std::vector<PlacedSession>& list, int day, int t, const PlacedSession* ignore) {
  int best = 0;
  for (const PlacedSession& p : list)
    if (p.day == day && p.end == t && !ignored(p, ignore))
      best = std::max(best, (p.end - p.start) + chain_left(list, day, p.start, ignore));
  return best;
}

int chain_right(const std::vector<PlacedSession>& list, int day, int t, const PlacedSession* ignore) {
  int best = 0;
  for (const PlacedSession& p : list)
    if (p.day == day && p.start == t && !ignored(p, ignore))
      best = std::max(best, (p.end - p.start) + chain_right(list, day, p.end, ignore));
  return best;
}

struct Neighbours {
  const PlacedSession* before = nullptr;  // nearest session ending at or before the start
  const PlacedSession* after = nullptr;   // nearest session starting at or after the end
};

Neighbours nearest(const std::vector<PlacedSession>& list, const Candidate& c, const PlacedSession* ignore) {
  Neighbours n;
  for (const PlacedSession& p : list) {
    if (p.day != c.day || ignored(p, ignore)) continue;
    if (p.end <= c.start && (n.before == nullptr || p.end > n.before->end)) n.before = &p;
    if (p.start >= c.end && (n.after == nullptr || p.start < n.after->start)) n.after = &p;
  }
  return n;
}

bool short_gap(int gap, int min_break) { return gap > 0 && gap < min_break; }

}  // namespace

StaticDayView::StaticDayView(const Model& m, int student, int day) : model_(m), student_(student), day_(day) {
  if (!m.work_day[static_cast<std::size_t>(day)]) always_ |= bit(ConflictKind::kOffDay);
  const StudentKeys& keys = m.student_keys[static_cast<std::size_t>(student)];
  auto add = [&](const DayBits* b, ConflictKind kind) {
    if (b == nullptr) return;
    bits_[static_cast<std::size_t>(count_)] = b;
    kinds_[static_cast<std::size_t>(count_++)] = bit(kind);
  };
  add(m.bell.bits(keys.grade, day), ConflictKind::kBellSchedule);
  add(m.activity.bits(keys.teacher, day), ConflictKind::kSpecialActivity);
  add(m.protect.bits(student, day), ConflictKind::kProtectedTime);
  add(m.other.bits(student, day), ConflictKind::kOtherProvider);
  add(m.busy.bits(0, day), ConflictKind::kProviderBusy);
}

ConflictMask StaticDayView::mask(int start, int end) const {
  ConflictMask mask = always_;
  if (!model_.window(student_, day_, start).contains(start, end)) mask |= bit(ConflictKind::kSchoolHours);
  for (int i = 0; i < count_; ++i)
    if (bits_[static_cast<std::size_t>(i)]->any(start, end)) mask |= kinds_[static_cast<std::size_t>(i)];
  return mask;
}

ConflictMask static_mask(const Model& m, const Candidate& c) {
  return StaticDayView(m, c.student, c.day).mask(c.start, c.end);
}

ConflictMask student_mask(const Model& m, const Occupancy& occ, const Candidate& c, const PlacedSession* ignore) {
  ConflictMask mask = 0;
  const auto& list = occ.of(c.student);
  bool touches = false;
  for (const PlacedSession& p : list) {
    if (p.day != c.day || ignored(p, ignore)) continue;
    if (overlaps(p.start, p.end, c.start, c.end)) mask |= bit(ConflictKind::kStudentOverlap);
    if (p.end == c.start || p.start == c.end) touches = true;
  }
  if (touches) {
    const int total = (c.end - c.start) + chain_left(list, c.day, c.start, ignore) + chain_right(list, c.day, c.end, ignore);
    if (total > m.policy.consecutive_limit) mask |= bit(ConflictKind::kConsecutive);
  }
  const Neighbours n = nearest(list, c, ignore);
  if ((n.before && short_gap(c.start - n.before->end, m.policy.min_break)) ||
      (n.after && short_gap(n.after->start - c.end, m.policy.min_break)))
    mask |= bit(ConflictKind::kShortBreak);
  return mask;
}

ConflictMask dynamic_mask(const Model& m, const Occupancy& occ, const Candidate& c, int capacity,
                          const PlacedSession* ignore) {
  ConflictMask mask = student_mask(m, occ, c, ignore);
  if (occ.at_capacity(c.day, c.start, c.end, capacity, ignore)) mask |= bit(ConflictKind::kCapacity);
  return mask;
}

void describe(const Model& m, const Occupancy& occ, const Candidate& c, int capacity, const PlacedSession* ignore,
              std::vector<Conflict>& out) {
  const ConflictMask mask = static_mask(m, c) | dynamic_mask(m, occ, c, capacity, ignore);
  if (mask == 0) return;
  const StudentKeys& keys = m.student_keys[static_cast<std::size_t>(c.student)];
  const auto& sessions = occ.of(c.student);
  int row_hit = -1;  // set by cached(): the row the next add() reports
  auto add = [&](ConflictKind kind, std::string message, std::optional<std::string> ref = std::nullopt) {
    out.push_back(Conflict{kind, std::move(message), std::move(ref), row_hit});
    row_hit = -1;
  };
  auto cached = [&](Model::RowTable table, int row, auto build) -> const std::string& {
    std::string& message = m.row_messages[table][static_cast<std::size_t>(row)];
    if (message.empty()) message = build();
    row_hit = row;
    return message;
  };

  if (mask & bit(ConflictKind::kOffDay)) {
    if (m.work_days_missing)
      add(ConflictKind::kOffDay, "Work days missing for " + m.school_name() +
                                     ": a provider at several schools works only on the days set for each school");
    else
      add(ConflictKind::kOffDay, std::string(day_name(c.day)) + " is not a work day at " + m.school_name());
  }
  if (mask & bit(ConflictKind::kSchoolHours)) {
    const Window w = m.window(c.student, c.day, c.start);
    const std::string& grade = m.grade_names[static_cast<std::size_t>(keys.grade)];
    add(ConflictKind::kSchoolHours, "Outside school hours for grade " + (grade.empty() ? std::string("(none)") : grade) +
                                        " on " + std::string(day_name(c.day)) + " (" + span_text(w.start, w.end) + ")");
  }
  if (mask & bit(ConflictKind::kBellSchedule)) {
    for (int i : m.bell.rows(keys.grade, c.day)) {
      const BellScheduleRow& r = m.payload.bell_schedules[static_cast<std::size_t>(i)];
      if (!overlaps(r.start_time, r.end_time, c.start, c.end)) continue;
      add(ConflictKind::kBellSchedule, cached(Model::kBellRows, i, [&] {
            return (r.period_name ? *r.period_name : std::string("Bell schedule")) + " (grades " + r.grade_level +
                   ") " + span_text(r.start_time, r.end_time);
          }),
          r.id);
    }
  }
  if (mask & bit(ConflictKind::kSpecialActivity)) {
    for (int i : m.activity.rows(keys.teacher, c.day)) {
      const SpecialActivityRow& r = m.payload.special_activities[static_cast<std::size_t>(i)];
      if (!overlaps(r.start_time, r.end_time, c.start, c.end)) continue;
      add(ConflictKind::kSpecialActivity, cached(Model::kActivityRows, i, [&] {
            return (r.activity_name ? *r.activity_name : std::string("Special activity")) + " with " +
                   r.teacher_name + " " + span_text(r.start_time, r.end_time);
          }),
          r.id);
    }
  }
  if (mask & bit(ConflictKind::kProtectedTime)) {
    for (int i : m.protect.rows(c.student, c.day)) {
      const ProtectedTimeRow& r = m.payload.protected_times[static_cast<std::size_t>(i)];
      if (!overlaps(r.start_time, r.end_time, c.start, c.end)) continue;
      add(ConflictKind::kProtectedTime, cached(Model::kProtectedRows, i, [&] {
            return (r.label ? *r.label : std::string("Protected time")) + " " + span_text(r.start_time, r.end_time);
          }),
          r.id);
    }
  }
  if (mask & bit(ConflictKind::kStudentOverlap)) {
    for (const PlacedSession& p : sessions) {
      if (p.day != c.day || ignored(p, ignore) || !overlaps(p.start, p.end, c.start, c.end)) continue;
      add(ConflictKind::kStudentOverlap, "Already in a session " + span_text(p.start, p.end), session_ref(m, p.session));
    }
  }
  if (mask & bit(ConflictKind::kOtherProvider)) {
    for (int i : m.other.rows(c.student, c.day)) {
      const OtherProviderSessionRow& r = m.payload.other_provider_sessions[static_cast<std::size_t>(i)];
      if (!overlaps(r.start_time, r.end_time, c.start, c.end)) continue;
      add(ConflictKind::kOtherProvider, cached(Model::kOtherRows, i, [&] {
            return r.provider_role + " session " + span_text(r.start_time, r.end_time);
          }));
    }
  }
  if (mask & bit(ConflictKind::kCapacity)) {
    int at = c.start;
    for (int minute = c.start; minute < c.end; ++minute)
      if (occ.peak(c.day, minute, minute + 1, ignore) >= capacity) {
        at = minute;
        break;
      }
    add(ConflictKind::kCapacity, std::to_string(occ.peak(c.day, c.start, c.end, ignore)) + " sessions already at " +
                                     format_hhmm(at) + " (capacity " + std::to_string(capacity) + ")");
  }
  if (mask & bit(ConflictKind::kConsecutive)) {
    const int total = (c.end - c.start) + chain_left(sessions, c.day, c.start, ignore) +
                      chain_right(sessions, c.day, c.end, ignore);
    for (const PlacedSession& p : sessions) {
      if (p.day != c.day || ignored(p, ignore) || (p.end != c.start && p.start != c.end)) continue;
      add(ConflictKind::kConsecutive,
          "Back-to-back with the session " + span_text(p.start, p.end) + ": " + std::to_string(total) +
              " minutes in a row (limit " + std::to_string(m.policy.consecutive_limit) + ")",
          session_ref(m, p.session));
    }
  }
  if (mask & bit(ConflictKind::kShortBreak)) {
    const Neighbours n = nearest(sessions, c, ignore);
    const std::string need = " (at least " + std::to_string(m.policy.min_break) + " needed)";
    if (n.before && short_gap(c.start - n.before->end, m.policy.min_break))
      add(ConflictKind::kShortBreak,
          "Only " + std::to_string(c.start - n.before->end) + " minutes after the session ending " +
              format_hhmm(n.before->end) + need,
          session_ref(m, n.before->session));
    if (n.after && short_gap(n.after->start - c.end, m.policy.min_break))
      add(ConflictKind::kShortBreak,
          "Only " + std::to_string(n.after->start - c.end) + " minutes before the session starting " +
              format_hhmm(n.after->start) + need,
          session_ref(m, n.after->session));
  }
  if (mask & bit(ConflictKind::kProviderBusy)) {
    for (int i : m.busy.rows(0, c.day)) {
      const ProviderBusyRow& r = m.payload.provider_busy_times[static_cast<std::size_t>(i)];
      if (!overlaps(r.start_time, r.end_time, c.start, c.end)) continue;
      add(ConflictKind::kProviderBusy, cached(Model::kBusyRows, i, [&] {
            std::string label = r.label ? *r.label : std::string("Provider unavailable");
            if (r.school_site) label += " at " + *r.school_site;
            return label + " " + span_text(r.start_time, r.end_time);
          }),
          r.id);
    }
  }
}

}  // namespace slotfit
