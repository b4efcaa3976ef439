#pragma once
// The rule kinds, in the one order shared by the C++ core, the wasm module and JS: bit i of a conflict mask is kind i.
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace slotfit {

enum class ConflictKind : std::uint8_t {
  kOffDay = 0,
  kSchoolHours = 1,
  kBellSchedule = 2,
  kSpecialActivity = 3,
  kProtectedTime = 4,
  kStudentOverlap = 5,
  kOtherProvider = 6,
  kCapacity = 7,
  kConsecutive = 8,
  kShortBreak = 9,
  kProviderBusy = 10,
};

inline constexpr int kConflictKindCount = 11;

using ConflictMask = std::uint32_t;

inline constexpr ConflictMask bit(ConflictKind kind) { return ConflictMask{1} << static_cast<int>(kind); }

inline constexpr std::array<std::string_view, kConflictKindCount> kConflictKindNames = {
    "off-day",         "school-hours",    "bell-schedule", "special-activity", "protected-time", "student-overlap",
    "other-provider",  "capacity",        "consecutive",   "short-break",      "provider-busy",
};

inline constexpr std::string_view kind_name(ConflictKind kind) {
  return kConflictKindNames[static_cast<int>(kind)];
}

std::optional<ConflictKind> kind_from_name(std::string_view name);

}  // namespace slotfit
