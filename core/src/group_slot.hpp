#pragma once
// Where a placed session runs and who delivers it: the sessions of one slot form one group.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "slotfit/payload.hpp"

namespace slotfit {

struct GroupSlot {
  int day = 0;
  int start = 0;
  int end = 0;
  std::string delivered_by;
  OptString sea;
  OptString specialist;

  bool operator==(const GroupSlot&) const = default;
};

// The slot of a placed row; nothing for a placeholder.
std::optional<GroupSlot> slot_of(const SessionRow& row);
// Whether a placed row runs in `slot`, without building the row's slot.
bool in_slot(const SessionRow& row, const GroupSlot& slot);
// day, start, end, then the deliverer (delivered_by, SEA id, specialist id; none before any id).
bool slot_less(const GroupSlot& a, const GroupSlot& b);

struct GroupSlotHash {
  std::size_t operator()(const GroupSlot& s) const;
};

// The label several sessions give: the one most of them give, ties to the least in byte order; none when none
// gives one. `labels` is reordered.
OptString pick_label(std::vector<std::string_view>& labels);

}  // namespace slotfit
