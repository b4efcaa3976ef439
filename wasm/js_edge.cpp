#include "js_edge.hpp"

#include <emscripten/emscripten.h>

// The glue's own UTF8ToString reads the message; the throw unwinds the wasm stack without running destructors,
// as embind's val::throw_ did: only a bug in js/wire.js gets here.
EM_JS(void, slotfit_throw_js_error, (const char* message), {
  throw new Error('slotfit-core: ' + UTF8ToString(message));
});

namespace slotfit::wasm {

void throw_js_error(const std::string& message) {
  slotfit_throw_js_error(message.c_str());
  __builtin_unreachable();
}

}  // namespace slotfit::wasm
