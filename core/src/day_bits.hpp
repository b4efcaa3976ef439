#pragma once
// Minute-resolution occupancy of one day as a bitset: "does [start, end) hit anything" is one or two word tests.
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "slotfit/time.hpp"

namespace slotfit {

struct DayBits {
  static constexpr int kWords = (kMinutesPerDay + 63) / 64;
  std::array<std::uint64_t, kWords> words{};

  void set(int start, int end) {
    for (int m = start; m < end;) {
      const int w = m >> 6, lo = m & 63;
      const int hi = (end - (w << 6)) < 64 ? (end - (w << 6)) : 64;
      const std::uint64_t span_bits = (hi - lo == 64) ? ~std::uint64_t{0} : (((std::uint64_t{1} << (hi - lo)) - 1) << lo);
      words[static_cast<std::size_t>(w)] |= span_bits;
      m = (w << 6) + hi;
    }
  }

  void assign(int minute, bool on) {
    const std::uint64_t b = std::uint64_t{1} << (minute & 63);
    auto& w = words[static_cast<std::size_t>(minute >> 6)];
    w = on ? (w | b) : (w & ~b);
  }

  // Minute m of [start, end) becomes on(m); a word is written once, not once per minute (auto-schedule keeps its
  // capacity bits this way after every move, in a file built for size where a per-minute call is not inlined).
  template <class On>
  void assign_each(int start, int end, const On& on) {
    for (int m = start; m < end;) {
      const int w = m >> 6;
      const int stop = end < ((w + 1) << 6) ? end : ((w + 1) << 6);
      std::uint64_t covered = 0, bits = 0;
      for (; m < stop; ++m) {
        const std::uint64_t b = std::uint64_t{1} << (m & 63);
        covered |= b;
        if (on(m)) bits |= b;
      }
      auto& word = words[static_cast<std::size_t>(w)];
      word = (word & ~covered) | bits;
    }
  }

  bool any(int start, int end) const {
    if (start >= end) return false;
    const int first = start >> 6, last = (end - 1) >> 6;
    const std::uint64_t head = ~std::uint64_t{0} << (start & 63);
    const int tail_bits = ((end - 1) & 63) + 1;
    const std::uint64_t tail = tail_bits == 64 ? ~std::uint64_t{0} : ((std::uint64_t{1} << tail_bits) - 1);
    if (first == last) return (words[static_cast<std::size_t>(first)] & head & tail) != 0;
    if (words[static_cast<std::size_t>(first)] & head) return true;
    for (int w = first + 1; w < last; ++w)
      if (words[static_cast<std::size_t>(w)]) return true;
    return (words[static_cast<std::size_t>(last)] & tail) != 0;
  }
};

// Rows of one kind indexed by (dense key, ISO day): a bitset for the fast test and the row list for the reasons.
// Only (key, day) pairs that hold rows get storage.
class BitsetTable {
 public:
  static constexpr int kDaySlots = 8;  // index by ISO day 1–7 directly

  void reset(int keys) {
    slot_.assign(static_cast<std::size_t>(keys) * kDaySlots, -1);
    bits_.clear();
    rows_.clear();
  }

  void add(int key, int day, int start, int end, int row) {
    int& slot = slot_[index(key, day)];
    if (slot < 0) {
      slot = static_cast<int>(bits_.size());
      bits_.emplace_back();
      rows_.emplace_back();
    }
    bits_[static_cast<std::size_t>(slot)].set(start, end);
    rows_[static_cast<std::size_t>(slot)].push_back(row);
  }

  bool hits(int key, int day, int start, int end) const {
    if (key < 0) return false;
    const int slot = slot_[index(key, day)];
    return slot >= 0 && bits_[static_cast<std::size_t>(slot)].any(start, end);
  }

  // The day's bitset, or null when the key has no row that day.
  const DayBits* bits(int key, int day) const {
    if (key < 0) return nullptr;
    const int slot = slot_[index(key, day)];
    return slot < 0 ? nullptr : &bits_[static_cast<std::size_t>(slot)];
  }

  std::span<const int> rows(int key, int day) const {
    if (key < 0) return {};
    const int slot = slot_[index(key, day)];
    if (slot < 0) return {};
    return rows_[static_cast<std::size_t>(slot)];
  }

  std::size_t row_count() const {
    std::size_t n = 0;
    for (const auto& r : rows_) n += r.size();
    return n;
  }

 private:
  static std::size_t index(int key, int day) {
    return static_cast<std::size_t>(key) * kDaySlots + static_cast<std::size_t>(day);
  }
  std::vector<int> slot_;
  std::vector<DayBits> bits_;
  std::vector<std::vector<int>> rows_;
};

}  // namespace slotfit
