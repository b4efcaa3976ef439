// Fuzz target: change application. Any bytes go through parse_changes, and a parsed list through
// Engine::apply_changes on the minimal fixture. Promises beyond no crash, leak or undefined behaviour: errors
// well formed; a refused batch leaves the sessions as they were; an accepted one leaves exactly the sessions
// the changes describe, applied in order; the engine then answers consistently (fuzz_support.hpp).
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <variant>
#include <vector>

#include "fuzz_support.hpp"
#include "slotfit/changes.hpp"
#include "slotfit/engine.hpp"
#include "slotfit/parse.hpp"

namespace {

const slotfit::Payload& base_payload() {
  static const slotfit::Payload payload = [] {
    auto parsed = slotfit::parse_payload(slotfit_fuzz::fixture_text("minimal.json"));
    if (!std::holds_alternative<slotfit::Payload>(parsed)) slotfit_fuzz::broken("minimal.json parses", "");
    return std::get<slotfit::Payload>(std::move(parsed));
  }();
  return payload;
}

auto fields(const slotfit::SessionRow& r) {
  return std::tie(r.id, r.student_id, r.day_of_week, r.start_time, r.end_time, r.service_type, r.delivered_by,
                  r.assigned_to_sea_id, r.assigned_to_specialist_id, r.status, r.group_ref);
}

// The live sessions by id, as the engine shows them.
std::map<std::string, slotfit::SessionRow> live_sessions(const slotfit::Engine& engine) {
  std::map<std::string, slotfit::SessionRow> out;
  const auto& rows = engine.payload()->sessions;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto index = engine.session_index(rows[i].id);
    if (index && *index == static_cast<int>(i)) out.emplace(rows[i].id, rows[i]);
  }
  return out;
}

void require_same(const std::map<std::string, slotfit::SessionRow>& expected,
                  const std::map<std::string, slotfit::SessionRow>& actual, const char* when) {
  SLOTFIT_FUZZ_REQUIRE(expected.size() == actual.size(), std::string(when) + ": " + std::to_string(expected.size()) +
                                                             " sessions expected, " + std::to_string(actual.size()) +
                                                             " live");
  for (const auto& [id, row] : expected) {
    const auto it = actual.find(id);
    SLOTFIT_FUZZ_REQUIRE(it != actual.end(), std::string(when) + ": session " + id + " is not live");
    SLOTFIT_FUZZ_REQUIRE(fields(it->second) == fields(row), std::string(when) + ": session " + id + " differs");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = slotfit::parse_changes(text);
  if (const auto* errors = std::get_if<slotfit::Errors>(&parsed)) {
    slotfit_fuzz::require_well_formed(*errors, "parse_changes");
    SLOTFIT_FUZZ_REQUIRE(!errors->empty(), "a refusal names an error");
    return 0;
  }
  const auto& changes = std::get<std::vector<slotfit::SessionChange>>(parsed);

  slotfit::Engine engine;
  SLOTFIT_FUZZ_REQUIRE(engine.load(base_payload()).empty(), "minimal.json loads");
  const auto before = live_sessions(engine);
  const slotfit::Errors errors = engine.apply_changes(changes);
  slotfit_fuzz::require_well_formed(errors, "apply_changes");
  if (!errors.empty()) {
    require_same(before, live_sessions(engine), "after a refused batch");
    return 0;
  }
  auto expected = before;
  for (const slotfit::SessionChange& change : changes) {
    if (change.op == slotfit::SessionChange::Op::kRemove) {
      expected.erase(change.row.id);
    } else {
      expected.insert_or_assign(change.row.id, change.row);
    }
  }
  require_same(expected, live_sessions(engine), "after an accepted batch");
  slotfit_fuzz::require_consistent(engine, 8);
  return 0;
}
