#pragma once
// Groups: this provider's placed sessions that share day, start, end and deliverer (delivered_by plus its
// assignee ids) are served together. Membership derives from the schedule; group_ref is the label stored for
// a group (the rule that keeps labels in step with moves is in the README, "Groups").
#include <optional>
#include <string>
#include <vector>

namespace slotfit {

// A group of two or more sessions, as Engine::groups() lists them: ordered by day, start, end and deliverer,
// `id` being the position in that list. Members in the order of the loaded sessions.
struct SessionGroup {
  int id = 0;
  int day = 0;
  int start = 0;  // minutes since midnight
  int end = 0;
  std::vector<std::string> session_ids;
  std::vector<std::string> student_ids;  // parallel to session_ids
  std::optional<std::string> group_ref;  // the members' label (the one most of them carry when they disagree)
};

// The label auto-schedule gives a group it forms (or an unlabelled one it joins): "g<day>-<HHMM>-<16 hex digits>",
// 24 characters, from the day, start, end and the members' student ids (in any order). Deterministic: the same
// members at the same times always get the same label.
std::string new_group_label(int day, int start, int end, std::vector<std::string> student_ids);

// [{"id", "day", "start", "end", "session_ids", "student_ids", "group_ref"}…], times in minutes: the CLI's
// `slotfit groups` and the wasm module's answer.
std::string groups_json(const std::vector<SessionGroup>& groups, int indent = -1);

}  // namespace slotfit
