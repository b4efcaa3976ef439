#pragma once
// The rule kinds (lists/lists.json, in the one order shared by the C++ core, the wasm module and JS): bit i of a
// conflict mask is kind i.
#include <cstdint>
#include <optional>
#include <string_view>

#include "slotfit/lists.hpp"  // ConflictKind, kConflictKindNames

namespace slotfit {

using ConflictMask = std::uint32_t;

inline constexpr ConflictMask bit(ConflictKind kind) { return ConflictMask{1} << static_cast<int>(kind); }

inline constexpr std::string_view kind_name(ConflictKind kind) {
  return kConflictKindNames[static_cast<int>(kind)];
}

std::optional<ConflictKind> kind_from_name(std::string_view name);

}  // namespace slotfit
