#include "group_labels.hpp"

#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace slotfit {
namespace {

bool moved(const SavedSession& s, const SessionRow& after) {
  if (!s.existed || !s.before) return true;  // new, or a placeholder before
  return !in_slot(after, *s.before);
}

// A label the saved row names: a string other than the one the session had (any string for a new session).
const OptString& named(const SavedSession& s) {
  static const OptString kNone;
  if (!s.label_named) return kNone;
  if (s.existed && s.label_before == s.label_named) return kNone;
  return s.label_named;
}

}  // namespace

std::vector<int> relabel_after_save(std::vector<SessionRow>& sessions, const std::vector<char>& alive,
                                    const std::vector<SavedSession>& saved) {
  std::unordered_map<int, const SavedSession*> saved_at;
  std::unordered_set<GroupSlot, GroupSlotHash> slots;  // the saved rows' slots now, and the moved rows' former slots
  for (const SavedSession& s : saved) {
    if (s.removed) continue;
    saved_at.emplace(s.session, &s);
    const SessionRow& row = sessions[static_cast<std::size_t>(s.session)];
    if (auto now = slot_of(row)) slots.insert(std::move(*now));
    if (s.before && moved(s, row)) slots.insert(*s.before);
  }
  // One pass over the live sessions: who runs in each of those slots after the save.
  std::unordered_map<GroupSlot, std::vector<int>, GroupSlotHash> members;
  for (std::size_t i = 0; i < sessions.size(); ++i) {
    if (!alive[i] || sessions[i].is_placeholder()) continue;
    if (auto slot = slot_of(sessions[i]); slots.count(*slot)) members[std::move(*slot)].push_back(static_cast<int>(i));
  }
  // Where the moved rows went, by the slot they left: the one slot all of them are in now, none when they went
  // apart (or one left its slot to be a placeholder). Worked out once per slot, so that a group of thousands
  // moved together costs no more than its size.
  std::unordered_map<GroupSlot, std::optional<GroupSlot>, GroupSlotHash> went_to;
  for (const SavedSession& s : saved) {
    if (s.removed || !s.before) continue;
    const SessionRow& row = sessions[static_cast<std::size_t>(s.session)];
    if (!moved(s, row)) continue;
    auto now = slot_of(row);
    auto [it, first] = went_to.emplace(*s.before, now);
    if (!first && it->second && (!now || !(*it->second == *now))) it->second.reset();
  }

  // A moved session keeps its label only if every session of its former slot that is still live went with it:
  // none stayed there, and every other moved one is in `slot` now.
  auto keeps_label = [&](const SavedSession& s, const GroupSlot& slot) {
    if (!s.before) return true;
    if (members.count(*s.before)) return false;
    const std::optional<GroupSlot>& destination = went_to[*s.before];
    return destination && *destination == slot;
  };

  std::vector<int> changed;
  auto set_label = [&](int session, const OptString& label) {
    OptString& current = sessions[static_cast<std::size_t>(session)].group_ref;
    if (current != label) changed.push_back(session);
    current = label;
  };

  std::unordered_set<GroupSlot, GroupSlotHash> done;
  std::vector<std::string_view> explicit_labels, stayed_labels, kept_labels;
  for (const SavedSession& s : saved) {
    if (s.removed) continue;
    const SessionRow& row = sessions[static_cast<std::size_t>(s.session)];
    auto slot = slot_of(row);
    if (!slot) {  // a placeholder belongs to no group
      const OptString label = named(s) ? named(s) : (s.existed && !s.before) ? s.label_before : std::nullopt;
      set_label(s.session, label);
      continue;
    }
    if (!done.insert(*slot).second) continue;
    explicit_labels.clear();
    stayed_labels.clear();
    kept_labels.clear();
    const std::vector<int>& group = members[*slot];
    for (int i : group) {
      auto it = saved_at.find(i);
      if (it == saved_at.end()) {
        if (const OptString& l = sessions[static_cast<std::size_t>(i)].group_ref) stayed_labels.push_back(*l);
        continue;
      }
      const SavedSession& m = *it->second;
      if (const OptString& l = named(m)) explicit_labels.push_back(*l);
      if (!m.label_before) continue;
      if (!moved(m, sessions[static_cast<std::size_t>(i)])) {
        stayed_labels.push_back(*m.label_before);
      } else if (keeps_label(m, *slot)) {
        kept_labels.push_back(*m.label_before);
      }
    }
    OptString label = pick_label(explicit_labels);
    if (!label) label = pick_label(stayed_labels);
    if (!label) label = pick_label(kept_labels);
    for (int i : group) set_label(i, label);
  }
  return changed;
}

}  // namespace slotfit
