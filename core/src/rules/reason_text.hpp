#pragma once
// Pieces of the conflict messages that several rule families word the same way.
#include <string>

#include "slotfit/time.hpp"

namespace slotfit {

inline std::string span_text(int start, int end) { return format_hhmm(start) + "\xE2\x80\x93" + format_hhmm(end); }

}  // namespace slotfit
