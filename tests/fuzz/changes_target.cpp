// Fuzz target: change application. Any bytes go through parse_changes, and a parsed list through
// Engine::apply_changes on the minimal fixture. Promises beyond no crash, leak or undefined behaviour: errors
// well formed; a refused batch leaves the sessions, their labels and the groups as they were; an accepted one
// leaves exactly the sessions the changes describe, applied in order, labelled by the group label rule
// (fuzz_groups.hpp); the engine then answers consistently (fuzz_support.hpp) and as a fresh load of its state.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "fuzz_groups.hpp"
#include "fuzz_state.hpp"
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
  const slotfit_fuzz::Answers before = slotfit_fuzz::answers_of(engine, 4);
  std::vector<int> relabelled;
  const slotfit::Errors errors = engine.apply_changes(changes, &relabelled);
  slotfit_fuzz::require_well_formed(errors, "apply_changes");
  if (!errors.empty()) {
    SLOTFIT_FUZZ_REQUIRE(relabelled.empty(), "a refused batch relabels nothing");
    slotfit_fuzz::require_same_answers(before, slotfit_fuzz::answers_of(engine, 4), "after a refused batch");
    return 0;
  }
  auto expected = before.sessions;
  for (const slotfit::SessionChange& change : changes) {
    if (change.op == slotfit::SessionChange::Op::kRemove) {
      expected.erase(change.row.id);
    } else {
      expected.insert_or_assign(change.row.id, change.row);
    }
  }
  // Every field as the changes say, but the label: the rule may set it (checked next).
  slotfit_fuzz::require_same_sessions(expected, slotfit_fuzz::live_sessions(engine), "after an accepted batch",
                                      /*with_labels=*/false);
  slotfit_fuzz::require_label_rule(before.sessions, changes, engine, relabelled);
  slotfit_fuzz::require_consistent(engine, 8);
  slotfit_fuzz::require_groups_consistent(engine, 8);
  slotfit::Engine fresh;
  SLOTFIT_FUZZ_REQUIRE(fresh.load(slotfit_fuzz::live_payload(engine)).empty(), "what apply_changes accepts, a load accepts");
  slotfit_fuzz::require_same_answers(slotfit_fuzz::answers_of(fresh, 4), slotfit_fuzz::answers_of(engine, 4),
                                     "changed engine vs fresh load");
  return 0;
}
