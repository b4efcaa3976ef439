#pragma once
// Internal to the core (and its tests): the DOM parser behind parse_payload, which words every error, and the
// rules the fast path (payload_sax.hpp) shares with it so that both accept the same texts.
#include <string_view>
#include <variant>

#include "slotfit/error.hpp"
#include "slotfit/payload.hpp"

namespace slotfit {

// parse_payload without the fast path: always builds the document.
std::variant<Payload, Errors> parse_payload_dom(std::string_view json_text);

}  // namespace slotfit
