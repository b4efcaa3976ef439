#include "occupancy.hpp"

#include <algorithm>
#include <vector>

namespace slotfit {

void Occupancy::reset(int students, int capacity) {
  by_student_.assign(static_cast<std::size_t>(students), {});
  for (auto& day : load_) day.fill(0);
  per_day_.fill(0);
  capacity_ = capacity;
  full_.fill(DayBits{});
}

void Occupancy::add(int student, const PlacedSession& placed) {
  by_student_[static_cast<std::size_t>(student)].push_back(placed);
  auto& day = load_[static_cast<std::size_t>(placed.day)];
  auto& full = full_[static_cast<std::size_t>(placed.day)];
  for (int m = placed.start; m < placed.end; ++m)
    if (++day[static_cast<std::size_t>(m)] >= capacity_) full.assign(m, true);
  ++per_day_[static_cast<std::size_t>(placed.day)];
}

bool Occupancy::remove(int student, int session) {
  auto& list = by_student_[static_cast<std::size_t>(student)];
  auto it = std::find_if(list.begin(), list.end(), [&](const PlacedSession& p) { return p.session == session; });
  if (it == list.end()) return false;
  auto& day = load_[static_cast<std::size_t>(it->day)];
  auto& full = full_[static_cast<std::size_t>(it->day)];
  for (int m = it->start; m < it->end; ++m)
    if (--day[static_cast<std::size_t>(m)] < capacity_) full.assign(m, false);
  --per_day_[static_cast<std::size_t>(it->day)];
  list.erase(it);
  return true;
}

int Occupancy::peak(int day, int start, int end, std::span<const PlacedSession> ignore) const {
  const auto& counts = load_[static_cast<std::size_t>(day)];
  int best = 0;
  if (!touches(ignore, day, start, end)) {
    for (int m = start; m < end; ++m) best = std::max(best, static_cast<int>(counts[static_cast<std::size_t>(m)]));
    return best;
  }
  constexpr std::size_t kCountedByMinute = 16;  // a drag or a usual group: minute by minute is cheapest
  if (ignore.size() <= kCountedByMinute) {
    for (int m = start; m < end; ++m) {
      int inside = 0;
      for (const PlacedSession& p : ignore) inside += (p.day == day && m >= p.start && m < p.end) ? 1 : 0;
      best = std::max(best, static_cast<int>(counts[static_cast<std::size_t>(m)]) - inside);
    }
    return best;
  }
  // A group of thousands (any payload may hold one): the set-aside sessions' starts and ends inside the span,
  // counted once, so the answer costs minutes plus sessions rather than their product.
  std::vector<int> starts_ends(static_cast<std::size_t>(end - start) + 1, 0);
  for (const PlacedSession& p : ignore) {
    const int from = std::max(p.start, start);
    const int to = std::min(p.end, end);
    if (p.day != day || from >= to) continue;
    ++starts_ends[static_cast<std::size_t>(from - start)];
    --starts_ends[static_cast<std::size_t>(to - start)];
  }
  int inside = 0;
  for (int m = start; m < end; ++m) {
    inside += starts_ends[static_cast<std::size_t>(m - start)];
    best = std::max(best, static_cast<int>(counts[static_cast<std::size_t>(m)]) - inside);
  }
  return best;
}

}  // namespace slotfit
