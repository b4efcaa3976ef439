#pragma once
// Field-by-field comparison of two payloads: the fast-path test and the payload fuzz target both hold the
// SAX reader to the DOM reader with it.
#include <string>

#include "slotfit/payload.hpp"

namespace slotfit_test {

// "" when equal, else where the two first differ ("sessions/3 differs").
std::string payload_difference(const slotfit::Payload& a, const slotfit::Payload& b);

}  // namespace slotfit_test
