#pragma once
// Sorting ints (indices, minutes) in any order through one copy of each std algorithm. Every std::sort or
// std::stable_sort with its own comparator is one more copy of the algorithm in the wasm module (1-3 KB each,
// README "The package's size and speed"); here the order is a call through a pointer, on sorts that run once per
// search step or per answer, never per candidate.
#include <vector>

namespace slotfit {

using IntOrder = bool (*)(const void* context, int a, int b);

void sort_ints(int* first, int* last, IntOrder less, const void* context);
void stable_sort_ints(int* first, int* last, IntOrder less, const void* context);

template <class Less>
void sort_ints(std::vector<int>& values, const Less& less) {
  sort_ints(
      values.data(), values.data() + values.size(),
      [](const void* context, int a, int b) { return (*static_cast<const Less*>(context))(a, b); }, &less);
}

template <class Less>
void stable_sort_ints(std::vector<int>& values, const Less& less) {
  stable_sort_ints(
      values.data(), values.data() + values.size(),
      [](const void* context, int a, int b) { return (*static_cast<const Less*>(context))(a, b); }, &less);
}

// Ascending.
inline void sort_ints(std::vector<int>& values) {
  sort_ints(values, [](int a, int b) { return a < b; });
}

}  // namespace slotfit
