#pragma once
// A change to the loaded sessions (Engine::apply_changes): drag-and-drop here, or a change made by someone else.
#include <cstdint>

#include "slotfit/payload.hpp"

namespace slotfit {

struct SessionChange {
  enum class Op : std::uint8_t { kUpsert, kRemove };
  Op op = Op::kUpsert;
  SessionRow row;  // kRemove needs only row.id; kUpsert with a known id replaces (moves) it, else adds it
};

}  // namespace slotfit
