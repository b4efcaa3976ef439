#pragma once
// The provider's placed sessions as the dynamic rules see them: each student's sessions, and how many sessions
// run at every minute of every day. The scheduler works on a copy; the engine keeps the loaded one current.
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "day_bits.hpp"
#include "slotfit/time.hpp"

namespace slotfit {

struct PlacedSession {
  int day = 0;
  int start = 0;
  int end = 0;
  int session = -1;  // index into the loaded sessions, or a scheduler-made id (negative)
};

class Occupancy {
 public:
  // `capacity`: the load at which a minute counts as full for at_capacity().
  void reset(int students, int capacity);
  void add(int student, const PlacedSession& placed);
  bool remove(int student, int session);  // false when the student has no such session

  const std::vector<PlacedSession>& of(int student) const { return by_student_[static_cast<std::size_t>(student)]; }
  int students() const { return static_cast<int>(by_student_.size()); }

  // Highest number of sessions at any minute of [start, end), not counting the `ignore`d ones.
  int peak(int day, int start, int end, std::span<const PlacedSession> ignore = {}) const;
  int load_at(int day, int minute) const {
    return load_[static_cast<std::size_t>(day)][static_cast<std::size_t>(minute)];
  }
  // Whether some minute of [start, end) already holds `full` sessions, the `ignore`d ones not counted.
  bool at_capacity(int day, int start, int end, int full, std::span<const PlacedSession> ignore = {}) const {
    if (full == capacity_ && !touches(ignore, day, start, end)) return full_[static_cast<std::size_t>(day)].any(start, end);
    return peak(day, start, end, ignore) >= full;
  }
  int sessions_on(int day) const { return per_day_[static_cast<std::size_t>(day)]; }

 private:
  static bool touches(std::span<const PlacedSession> ignore, int day, int start, int end) {
    for (const PlacedSession& p : ignore)
      if (p.day == day && overlaps(start, end, p.start, p.end)) return true;
    return false;
  }

  std::vector<std::vector<PlacedSession>> by_student_;
  std::array<std::array<std::uint16_t, kMinutesPerDay>, 8> load_{};
  std::array<int, 8> per_day_{};
  int capacity_ = 0;
  std::array<DayBits, 8> full_{};  // minutes at capacity_, kept in step by add and remove
};

}  // namespace slotfit
