#pragma once
// What the entry points (bindings.cpp, and test_hooks.cpp in the test module) need at the JS edge.
#include <string>

namespace slotfit::wasm {

// A real JS Error, for a call only a bug in js/wire.js can make: no C++ exception crosses into JS.
[[noreturn]] void throw_js_error(const std::string& message);

}  // namespace slotfit::wasm
