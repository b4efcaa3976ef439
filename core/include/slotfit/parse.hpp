#pragma once
#include <string_view>
#include <variant>

#include "slotfit/error.hpp"
#include "slotfit/payload.hpp"

namespace slotfit {

inline constexpr int kSupportedSchemaVersion = 1;
inline constexpr std::size_t kMaxReportedErrors = 100;

// Parses and validates a payload v1 text. Either a complete Payload or every error found (at most
// kMaxReportedErrors), each naming its JSON path. Never throws.
std::variant<Payload, Errors> parse_payload(std::string_view json_text);

}  // namespace slotfit
