#include "slotfit/conflict_kind.hpp"

namespace slotfit {

std::optional<ConflictKind> kind_from_name(std::string_view name) {
  for (int i = 0; i < kConflictKindCount; ++i) {
    if (kConflictKindNames[static_cast<std::size_t>(i)] == name) return static_cast<ConflictKind>(i);
  }
  return std::nullopt;
}

}  // namespace slotfit
