#pragma once
// The fast path of parse_payload: streams the text into a Payload without building a JSON document. It says
// only "yes, here it is" or "no": on nullopt parse_payload runs the DOM parser, which alone words the errors.
// So this must never accept a text the DOM parser refuses, and what it accepts must read exactly as the DOM
// parser reads it. It may refuse more (duplicate keys, which the DOM parser resolves last-wins): such a text
// is merely slower.
#include <optional>
#include <string_view>

#include "slotfit/payload.hpp"

namespace slotfit {

std::optional<Payload> parse_payload_fast(std::string_view json_text);

}  // namespace slotfit
