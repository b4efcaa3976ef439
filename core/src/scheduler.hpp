#pragma once
#include "model.hpp"
#include "slotfit/schedule.hpp"

namespace slotfit {

ScheduleResult auto_schedule(const Model& model, const ScheduleOptions& options);

}  // namespace slotfit
