#include "int_sort.hpp"

#include <algorithm>

namespace slotfit {

void sort_ints(int* first, int* last, IntOrder less, const void* context) {
  std::sort(first, last, [less, context](int a, int b) { return less(context, a, b); });
}

void stable_sort_ints(int* first, int* last, IntOrder less, const void* context) {
  std::stable_sort(first, last, [less, context](int a, int b) { return less(context, a, b); });
}

}  // namespace slotfit
