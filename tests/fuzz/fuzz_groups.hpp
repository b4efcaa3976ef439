#pragma once
// The promises of the group entry points, rows_for() and the group label rule (README, "Groups"), as the fuzz
// targets hold any loaded engine to them. Each is checked against an independent reading of the same rule, not
// against the code that implements it.
#include <cstddef>
#include <vector>

#include "fuzz_state.hpp"
#include "slotfit/changes.hpp"
#include "slotfit/engine.hpp"

namespace slotfit_fuzz {

// groups() lists exactly the slots (day, start, end, deliverer) of two or more live placed sessions, ordered by
// slot, ids their positions, members in payload order, labelled by the most common member label (ties to the
// least). For up to `session_budget` live placed sessions: conflict_map_group() cells are evaluate_group()'s
// answers, check_group() describes evaluate_group()'s kinds (each conflict its member's, off-day and capacity
// the group's), every member of a group gets the group's answers, a session alone gets what the single entry
// points answer with it set aside, and joins()/join_map() name the group running at exactly that slot.
void require_groups_consistent(const slotfit::Engine& engine, std::size_t session_budget);

// One group query with any arguments: refused (false, kInvalidCandidate, an empty grid) exactly for a session
// that is not live and placed or a start outside the day; otherwise as require_groups_consistent says.
void require_group_query(const slotfit::Engine& engine, int session, int day, int start);

// rows_for(): none outside the caseload; the rows kind by kind then day by day, each in the day; a candidate
// exactly over a row breaks that row's kind and check() gives the row's reason; every row-kind conflict of the
// student's conflict map overlaps one of the rows.
void require_rows_bind(const slotfit::Engine& engine, int student);

// After an accepted apply_changes(changes, &relabelled) that started from `before`: the label rule held.
// Every slot with a saved row has one label among its members (one of the labels the saved rows name, when
// they name any); every other session kept its label; a saved placeholder's label is the one its row names,
// else its old one if it was a placeholder, else none; `relabelled` lists exactly the live sessions whose label
// differs from what their row said. Saving the saved sessions again as they now stand changes nothing.
void require_label_rule(const LiveSessions& before, const std::vector<slotfit::SessionChange>& changes,
                        slotfit::Engine& after, const std::vector<int>& relabelled);

}  // namespace slotfit_fuzz
