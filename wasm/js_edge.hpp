#pragma once
// What the entry points (bindings.cpp, and test_hooks.cpp in the test module) need at the JS edge.
#include <emscripten/val.h>

#include <cstdint>
#include <string>
#include <vector>

namespace slotfit::wasm {

// A real JS Error, for a call only a bug in js/wire.js can make: no C++ exception crosses into JS.
[[noreturn]] inline void throw_js_error(const std::string& message) {
  emscripten::val::global("Error").new_(emscripten::val("slotfit-core: " + message)).throw_();
  __builtin_unreachable();
}

// A Uint32Array copy of `values`: a view of the heap would die on the next memory growth.
inline emscripten::val copy_out(const std::vector<std::uint32_t>& values) {
  return emscripten::val(emscripten::typed_memory_view(values.size(), values.data())).call<emscripten::val>("slice");
}

}  // namespace slotfit::wasm
