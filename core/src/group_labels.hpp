#pragma once
// The group label rule, the same as apply_schedule's (tests/fixtures/group-labels.json holds it as data).
// After a save, sessions that share a slot share one label: a label a saved row names wins; otherwise the label
// the members that stayed carry; otherwise a moved member's own label, kept only if every member of its former
// slot moved with it.
#include <optional>
#include <vector>

#include "group_slot.hpp"
#include "slotfit/payload.hpp"

namespace slotfit {

// One session a save wrote (its last row in the save), as it stood before and after.
struct SavedSession {
  int session = -1;                    // its index after the save (in `sessions`)
  bool removed = false;                // the save's last word on it was a remove
  bool existed = false;                // live before the save
  std::optional<GroupSlot> before;     // its slot before; none when new or a placeholder
  OptString label_before;
  OptString label_named;               // the group_ref of its saved row
};

// Sets group_ref on every live session the save relabels; `sessions` already holds the saved rows (group_ref as
// the rows said), `alive` says which indices are live. Returns the indices whose group_ref it changed.
std::vector<int> relabel_after_save(std::vector<SessionRow>& sessions, const std::vector<char>& alive,
                                    const std::vector<SavedSession>& saved);

}  // namespace slotfit
