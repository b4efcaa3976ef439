#pragma once
// The groups of the loaded sessions, and which group a start would join: built once after a load or a change,
// then looked up by the hover path without allocating.
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "group_slot.hpp"
#include "slotfit/groups.hpp"
#include "slotfit/payload.hpp"
#include "slotfit/time.hpp"

namespace slotfit {

class GroupIndex {
 public:
  GroupIndex(const Payload& payload, const std::vector<char>& alive);

  const std::vector<SessionGroup>& groups() const { return groups_; }
  const std::vector<int>& members(int group) const { return members_[static_cast<std::size_t>(group)]; }
  const GroupSlot& slot(int group) const { return slots_[static_cast<std::size_t>(group)]; }
  // The group a session belongs to, -1 when it is alone (or not placed).
  int group_of(int session) const;
  // Whether any group starts at (day, start), for a day 1-7 and a start 0-1439: one bit test, so that the hover
  // path answers a start no group uses (nearly all of them) without hashing.
  bool starts_a_group(int day, int start) const {
    const auto bit = static_cast<std::size_t>(day) * kMinutesPerDay + static_cast<std::size_t>(start);
    return bit / 64 < group_starts_.size() && ((group_starts_[bit / 64] >> (bit % 64)) & 1u) != 0;
  }
  // The group that runs at exactly (day, start, end) with the deliverer of `like`, -1 for none.
  int group_at(int day, int start, int end, const SessionRow& like) const;
  // The deliverer a session added for this provider gets (auto-schedule's rows): the provider itself, or for an
  // SEA the SEA as assignee.
  const SessionRow& new_session_deliverer() const { return new_deliverer_; }
  // The groups of one length with the deliverer of `like`, in list order.
  std::vector<int> groups_of_length(int minutes, const SessionRow& like) const;

 private:
  static std::uint64_t time_key(int day, int start, int end) {
    return (static_cast<std::uint64_t>(day) * 1441 + static_cast<std::uint64_t>(start)) * 1441 +
           static_cast<std::uint64_t>(end);
  }

  void mark_start(int day, int start);

  std::vector<SessionGroup> groups_;
  std::vector<std::vector<int>> members_;  // session indices, ascending, parallel to groups_
  std::vector<GroupSlot> slots_;
  std::unordered_map<std::uint64_t, std::vector<int>> by_time_;  // groups by (day, start, end)
  std::unordered_map<int, std::vector<int>> by_length_;          // groups by end - start
  std::unordered_map<int, int> group_of_;
  std::vector<std::uint64_t> group_starts_;  // bit day * kMinutesPerDay + start; empty when there is no group
  SessionRow new_deliverer_;
};

// The deliverer a session added for this provider gets (auto-schedule's rows): the provider itself, or for an
// SEA the SEA as assignee.
SessionRow new_session_deliverer(const Payload& payload);

}  // namespace slotfit
