#include "group_index.hpp"

#include <algorithm>
#include <string_view>

namespace slotfit {

GroupIndex::GroupIndex(const Payload& payload, const std::vector<char>& alive)
    : new_deliverer_(slotfit::new_session_deliverer(payload)) {
  const std::vector<SessionRow>& sessions = payload.sessions;
  std::unordered_map<GroupSlot, std::vector<int>, GroupSlotHash> by_slot;
  for (std::size_t i = 0; i < sessions.size(); ++i)
    if (alive[i] && !sessions[i].is_placeholder()) by_slot[*slot_of(sessions[i])].push_back(static_cast<int>(i));
  std::vector<std::pair<GroupSlot, std::vector<int>>> found;
  for (auto& [slot, members] : by_slot)
    if (members.size() >= 2) found.emplace_back(slot, std::move(members));
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return slot_less(a.first, b.first); });
  for (auto& [slot, members] : found) {
    SessionGroup g;
    g.id = static_cast<int>(groups_.size());
    g.day = slot.day;
    g.start = slot.start;
    g.end = slot.end;
    std::vector<std::string_view> labels;
    for (int s : members) {
      const SessionRow& row = sessions[static_cast<std::size_t>(s)];
      g.session_ids.push_back(row.id);
      g.student_ids.push_back(row.student_id);
      if (row.group_ref) labels.push_back(*row.group_ref);
      group_of_.emplace(s, g.id);
    }
    g.group_ref = pick_label(labels);
    by_time_[time_key(slot.day, slot.start, slot.end)].push_back(g.id);
    mark_start(slot.day, slot.start);
    by_length_[slot.end - slot.start].push_back(g.id);
    groups_.push_back(std::move(g));
    members_.push_back(std::move(members));
    slots_.push_back(std::move(slot));
  }
}

void GroupIndex::mark_start(int day, int start) {
  if (group_starts_.empty()) group_starts_.assign(((kLastDay + 1) * kMinutesPerDay + 63) / 64, 0);
  const auto bit = static_cast<std::size_t>(day) * kMinutesPerDay + static_cast<std::size_t>(start);
  group_starts_[bit / 64] |= std::uint64_t{1} << (bit % 64);
}

int GroupIndex::group_of(int session) const {
  auto it = group_of_.find(session);
  return it == group_of_.end() ? -1 : it->second;
}

namespace {

bool same_deliverer(const GroupSlot& s, const SessionRow& like) {
  return s.delivered_by == like.delivered_by && s.sea == like.assigned_to_sea_id &&
         s.specialist == like.assigned_to_specialist_id;
}

}  // namespace

std::vector<int> GroupIndex::groups_of_length(int minutes, const SessionRow& like) const {
  std::vector<int> out;
  auto it = by_length_.find(minutes);
  if (it == by_length_.end()) return out;
  for (int g : it->second)
    if (same_deliverer(slots_[static_cast<std::size_t>(g)], like)) out.push_back(g);
  return out;
}

int GroupIndex::group_at(int day, int start, int end, const SessionRow& like) const {
  auto it = by_time_.find(time_key(day, start, end));
  if (it == by_time_.end()) return -1;
  for (int g : it->second)
    if (same_deliverer(slots_[static_cast<std::size_t>(g)], like)) return g;
  return -1;
}

SessionRow new_session_deliverer(const Payload& payload) {
  SessionRow row;
  const bool sea = payload.provider.role == "sea";
  row.delivered_by = sea ? "sea" : "provider";
  if (sea) row.assigned_to_sea_id = payload.provider.id;
  return row;
}

}  // namespace slotfit
