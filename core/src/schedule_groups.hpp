#pragma once
// The groups an auto-schedule proposal forms or joins, and the label each of its placements carries.
#include "model.hpp"
#include "slotfit/schedule.hpp"

namespace slotfit {

// Fills result.groups and every placement's group_ref. A group that joins payload sessions keeps the label they
// carry; a new group, or an unlabelled one joined, gets a new label made from its day, times and members (the
// same members always give the same label). `key` is what the members share under the grouped strategies.
void add_schedule_groups(const Model& model, Strategy strategy, ScheduleResult& result);

}  // namespace slotfit
