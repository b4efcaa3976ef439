// DayBits::assign_each writes whole words; it must leave every minute outside [start, end) as it was and set each
// minute inside exactly as a minute-by-minute assign would, wherever the range starts and ends within a word.
#include <gtest/gtest.h>

#include <random>

#include "day_bits.hpp"

namespace slotfit {
namespace {

TEST(DayBits, AssignEachMatchesAssigningMinuteByMinute) {
  std::mt19937 random(7);
  for (int trial = 0; trial < 2000; ++trial) {
    DayBits before;
    for (auto& word : before.words) word = (std::uint64_t{random()} << 32) | random();
    const int start = static_cast<int>(random() % (kMinutesPerDay + 1));
    const int end = start + static_cast<int>(random() % (kMinutesPerDay + 1 - start));
    const unsigned salt = random();
    const auto on = [salt](int minute) { return ((static_cast<unsigned>(minute) * 2654435761u) ^ salt) & 4; };

    DayBits by_word = before, by_minute = before;
    by_word.assign_each(start, end, on);
    for (int minute = start; minute < end; ++minute) by_minute.assign(minute, on(minute));
    ASSERT_EQ(by_word.words, by_minute.words) << "[" << start << ", " << end << ")";
  }
}

TEST(DayBits, AssignEachOverTheWholeDayAndAnEmptyRange) {
  DayBits bits;
  bits.assign_each(0, kMinutesPerDay, [](int minute) { return minute % 2 == 0; });
  EXPECT_TRUE(bits.any(0, 1));
  EXPECT_FALSE(bits.any(1, 2));
  EXPECT_TRUE(bits.any(kMinutesPerDay - 2, kMinutesPerDay - 1));
  const DayBits kept = bits;
  bits.assign_each(500, 500, [](int) { return true; });
  EXPECT_EQ(bits.words, kept.words);
}

}  // namespace
}  // namespace slotfit
