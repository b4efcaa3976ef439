#include "group_slot.hpp"

#include <algorithm>
#include <tuple>

namespace slotfit {

std::optional<GroupSlot> slot_of(const SessionRow& row) {
  if (row.is_placeholder()) return std::nullopt;
  return GroupSlot{*row.day_of_week, *row.start_time, *row.end_time, row.delivered_by, row.assigned_to_sea_id,
                   row.assigned_to_specialist_id};
}

bool in_slot(const SessionRow& row, const GroupSlot& slot) {
  return !row.is_placeholder() && *row.day_of_week == slot.day && *row.start_time == slot.start &&
         *row.end_time == slot.end && row.delivered_by == slot.delivered_by && row.assigned_to_sea_id == slot.sea &&
         row.assigned_to_specialist_id == slot.specialist;
}

bool slot_less(const GroupSlot& a, const GroupSlot& b) {
  return std::tie(a.day, a.start, a.end, a.delivered_by, a.sea, a.specialist) <
         std::tie(b.day, b.start, b.end, b.delivered_by, b.sea, b.specialist);
}

std::size_t GroupSlotHash::operator()(const GroupSlot& s) const {
  std::size_t h = static_cast<std::size_t>((s.day * 1440 + s.start) * 1441 + s.end);
  auto mix = [&h](std::string_view text) { h = h * 1000003u ^ std::hash<std::string_view>{}(text); };
  mix(s.delivered_by);
  mix(s.sea ? std::string_view(*s.sea) : std::string_view("\x01"));
  mix(s.specialist ? std::string_view(*s.specialist) : std::string_view("\x01"));
  return h;
}

OptString pick_label(std::vector<std::string_view>& labels) {
  if (labels.empty()) return std::nullopt;
  std::sort(labels.begin(), labels.end());
  std::string_view best;
  std::size_t best_count = 0;
  for (std::size_t i = 0; i < labels.size();) {
    std::size_t j = i;
    while (j < labels.size() && labels[j] == labels[i]) ++j;
    if (j - i > best_count) {  // strictly more: among equal counts the first, the least in byte order, stays
      best = labels[i];
      best_count = j - i;
    }
    i = j;
  }
  return std::string(best);
}

}  // namespace slotfit
