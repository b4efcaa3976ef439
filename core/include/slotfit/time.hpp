#pragma once
// Minutes since midnight, the only time unit inside the core.
#include <optional>
#include <string>
#include <string_view>

namespace slotfit {

inline constexpr int kMinutesPerDay = 24 * 60;
inline constexpr int kFirstDay = 1;  // ISO day of week: Monday = 1 … Sunday = 7
inline constexpr int kLastDay = 7;

// "HH:MM" or "HH:MM:SS" (seconds dropped); "24:00" is the end of the day.
std::optional<int> parse_time(std::string_view text);

std::string format_hhmm(int minute);    // "08:05"
std::string format_hhmmss(int minute);  // "08:05:00", as the database writes a `time`
std::string_view day_name(int iso_day); // "Monday"; "day ?" outside 1–7

inline constexpr bool overlaps(int a_start, int a_end, int b_start, int b_end) {
  return a_start < b_end && b_start < a_end;
}

}  // namespace slotfit
