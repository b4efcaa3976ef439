#include "slotfit/time.hpp"

#include <array>

namespace slotfit {
namespace {

bool two_digits(std::string_view text, std::size_t at, int& out) {
  if (at + 2 > text.size()) return false;
  const char hi = text[at], lo = text[at + 1];
  if (hi < '0' || hi > '9' || lo < '0' || lo > '9') return false;
  out = (hi - '0') * 10 + (lo - '0');
  return true;
}

}  // namespace

std::optional<int> parse_time(std::string_view text) {
  if (text.size() != 5 && text.size() != 8) return std::nullopt;
  int hours = 0, minutes = 0, seconds = 0;
  if (!two_digits(text, 0, hours) || text[2] != ':' || !two_digits(text, 3, minutes)) return std::nullopt;
  if (text.size() == 8 && (text[5] != ':' || !two_digits(text, 6, seconds))) return std::nullopt;
  if (minutes > 59 || seconds > 59) return std::nullopt;
  if (hours == 24) {
    if (minutes != 0 || seconds != 0) return std::nullopt;
    return kMinutesPerDay;
  }
  if (hours > 23) return std::nullopt;
  return hours * 60 + minutes;
}

std::string format_hhmm(int minute) {
  std::string out(5, '0');
  const int h = minute / 60, m = minute % 60;
  out[0] = static_cast<char>('0' + h / 10);
  out[1] = static_cast<char>('0' + h % 10);
  out[2] = ':';
  out[3] = static_cast<char>('0' + m / 10);
  out[4] = static_cast<char>('0' + m % 10);
  return out;
}

std::string format_hhmmss(int minute) { return format_hhmm(minute) + ":00"; }

std::string_view day_name(int iso_day) {
  static constexpr std::array<std::string_view, 7> kNames = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                                             "Friday", "Saturday", "Sunday"};
  if (iso_day < kFirstDay || iso_day > kLastDay) return "day ?";
  return kNames[static_cast<std::size_t>(iso_day - 1)];
}

}  // namespace slotfit
