// The test module's extra entry points (slotfit-core-test.mjs; never in js/dist), through embind, which only this
// module links: the allocator's live bytes, the intern limit, and WireProbe, which echoes every record of wasm/wire.md through the C++ side of the wire so
// that tests/js/wire.test.mjs can send values from js/wire.js and compare what comes back.
#include <emscripten/bind.h>
#include <malloc.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "js_edge.hpp"
#include "slotfit/conflict_kind.hpp"
#include "wire.hpp"

namespace slotfit::wasm {
namespace {

using nlohmann::json;

json parsed(std::uintptr_t address, std::uint32_t length) {
  json value = json::parse(wire::from_heap(address, length), nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) throw_js_error("WireProbe: the test sent text that is not JSON");
  return value;
}

class WireProbe {
 public:
  std::uintptr_t textAddress() const { return reinterpret_cast<std::uintptr_t>(text_.data()); }

  // Text in, then the same bytes as text out.
  std::uint32_t echoText(std::uintptr_t address, std::uint32_t length) {
    return answer(std::string(wire::from_heap(address, length)));
  }

  // [[kind, row, message, ref | null]…] (row -1 for the kinds that depend on the candidate) as describe() sends it.
  std::uint32_t echoConflicts(std::uintptr_t address, std::uint32_t length) {
    std::vector<Conflict>& out = conflicts_.conflicts();
    out.clear();
    for (const json& item : parsed(address, length)) {
      Conflict c{static_cast<ConflictKind>(item.at(0).get<int>()), item.at(2).get<std::string>(), std::nullopt,
                 item.at(1).get<int>()};
      if (!item.at(3).is_null()) c.ref_id = item.at(3).get<std::string>();
      out.push_back(std::move(c));
    }
    return conflicts_.encode();
  }

  std::uintptr_t codesAddress() { return conflicts_.codes_address(); }
  std::uint32_t conflictText(std::uint32_t index) {
    const auto& last = conflicts_.conflicts();
    if (index >= last.size()) throw_js_error("conflictText: no such conflict in the last answer");
    return answer(wire::conflict_text(last[index]));
  }
  void resetConflicts() { conflicts_.reset(); }  // what a load does

  std::uint32_t echoScheduleOptions(std::uintptr_t address, std::uint32_t length) {
    wire::ScheduleRequest request = wire::parse_schedule_options(wire::from_heap(address, length));
    if (request.malformed) throw_js_error("autoSchedule options must be a JSON object");
    if (!request.errors.empty()) return answer(wire::errors_answer(request.errors));
    return answer(wire::schedule_options_text(request.options));
  }

  // {"days": […], "starts": […], "kinds": […]} as a conflict map sends it: the length in words at gridAddress().
  std::uint32_t echoGrid(std::uintptr_t address, std::uint32_t length) {
    const json in = parsed(address, length);
    ConflictGrid grid{in.at("days").get<std::vector<int>>(), in.at("starts").get<std::vector<int>>(),
                      in.at("kinds").get<std::vector<ConflictMask>>()};
    wire::pack_grid(grid, packed_);
    return static_cast<std::uint32_t>(packed_.size());
  }
  std::uintptr_t gridAddress() const { return reinterpret_cast<std::uintptr_t>(packed_.data()); }

  // [{"code", "path", "message"}…] as a refused call answers it.
  std::uint32_t echoErrors(std::uintptr_t address, std::uint32_t length) {
    Errors errors;
    for (const json& e : parsed(address, length)) {
      errors.push_back(Error{e.at("code").get<std::string>(), e.at("path").get<std::string>(),
                             e.at("message").get<std::string>()});
    }
    return answer(wire::errors_answer(errors));
  }

  // [[id, index]…] as applyChanges answers it.
  std::uint32_t echoApplied(std::uintptr_t address, std::uint32_t length) {
    std::vector<std::string> ids;
    std::vector<int> indexes;
    for (const json& pair : parsed(address, length)) {
      ids.push_back(pair.at(0).get<std::string>());
      indexes.push_back(pair.at(1).get<int>());
    }
    return answer(wire::applied_answer(ids, indexes));
  }

 private:
  std::uint32_t answer(std::string text) {
    text_ = std::move(text);
    return static_cast<std::uint32_t>(text_.size());
  }

  std::string text_;
  wire::ConflictEncoder conflicts_;
  std::vector<std::uint32_t> packed_;
};

// Bytes the allocator holds for live objects: what the leak test watches (the wasm memory itself never shrinks).
double heapUsed() { return static_cast<double>(mallinfo().uordblks); }

// Returns the previous limit.
double setInternLimit(double limit) {
  const auto old = static_cast<double>(wire::intern_limit());
  wire::set_intern_limit(static_cast<std::size_t>(limit));
  return old;
}

}  // namespace
}  // namespace slotfit::wasm

EMSCRIPTEN_BINDINGS(slotfit_test_hooks) {
  using slotfit::wasm::WireProbe;
  emscripten::class_<WireProbe>("WireProbe")
      .constructor<>()
      .function("textAddress", &WireProbe::textAddress)
      .function("echoText", &WireProbe::echoText)
      .function("echoConflicts", &WireProbe::echoConflicts)
      .function("codesAddress", &WireProbe::codesAddress)
      .function("conflictText", &WireProbe::conflictText)
      .function("resetConflicts", &WireProbe::resetConflicts)
      .function("echoScheduleOptions", &WireProbe::echoScheduleOptions)
      .function("echoGrid", &WireProbe::echoGrid)
      .function("gridAddress", &WireProbe::gridAddress)
      .function("echoErrors", &WireProbe::echoErrors)
      .function("echoApplied", &WireProbe::echoApplied);
  emscripten::function("heapUsed", &slotfit::wasm::heapUsed);
  emscripten::function("setInternLimit", &slotfit::wasm::setInternLimit);
}
