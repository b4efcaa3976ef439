// Fuzz target: the payload loader. Any bytes go through parse_payload and Engine::load. Promises: no crash, no
// leak, no undefined behaviour (the fuzz build runs under ASan and UBSan); errors well formed; the fast path
// never accepts what the DOM reader refuses and reads what it accepts identically; a loaded payload answers
// consistently (fuzz_support.hpp), its groups and binding rows as the rules say (fuzz_groups.hpp), validate() and
// load(Payload) accept it as read, and its auto-schedule proposal is accepted back by apply_changes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "fuzz_groups.hpp"
#include "fuzz_support.hpp"
#include "parse_payload_dom.hpp"
#include "payload_sax.hpp"
#include "slotfit/engine.hpp"
#include "slotfit/parse.hpp"
#include "slotfit/validate.hpp"
#include "support/payload_difference.hpp"

namespace {

// The SAX fast path against the DOM reader, its specification.
void require_fast_path_agrees(std::string_view text) {
  const std::optional<slotfit::Payload> fast = slotfit::parse_payload_fast(text);
  if (!fast) return;  // it may refuse more; parse_payload then answers through the DOM reader
  const auto dom = slotfit::parse_payload_dom(text);
  const auto* accepted = std::get_if<slotfit::Payload>(&dom);
  SLOTFIT_FUZZ_REQUIRE(accepted != nullptr,
                       "the fast path accepts what the DOM reader refuses: " + std::get<slotfit::Errors>(dom).front().code +
                           " at " + std::get<slotfit::Errors>(dom).front().path);
  const std::string where = slotfit_test::payload_difference(*fast, *accepted);
  SLOTFIT_FUZZ_REQUIRE(where.empty(), "the fast path reads differently at " + where);
}

// Auto-schedule on small caseloads only: its cost grows with students × starts, and a fuzz run wants many
// short executions.
constexpr std::size_t kScheduleStudentLimit = 24;

void require_schedule_applies(slotfit::Engine& engine) {
  if (engine.payload()->students.size() > kScheduleStudentLimit) return;
  slotfit::ScheduleOptions options;
  options.allow_incomplete = true;
  const slotfit::ScheduleResult result = engine.auto_schedule(options);
  slotfit_fuzz::require_well_formed(result.errors, "auto_schedule");
  std::vector<slotfit::SessionChange> changes;
  for (std::size_t i = 0; i < result.placements.size(); ++i) {
    changes.push_back(slotfit_fuzz::change_placing(result.placements[i], i));
  }
  const slotfit::Errors errors = engine.apply_changes(changes);
  SLOTFIT_FUZZ_REQUIRE(errors.empty(), "the proposal applies: " + (errors.empty() ? "" : errors.front().message));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  require_fast_path_agrees(text);

  slotfit::Engine engine;
  const slotfit::Errors errors = engine.load(text);
  slotfit_fuzz::require_well_formed(errors, "load");
  SLOTFIT_FUZZ_REQUIRE(engine.loaded() == errors.empty(), "loaded exactly when there are no errors");
  if (!errors.empty()) return 0;
  // One set of domain rules: what the text path accepts, validate() and load(Payload) accept too.
  SLOTFIT_FUZZ_REQUIRE(slotfit::validate(*engine.payload()).empty(), "validate() refuses a loaded payload");
  slotfit::Engine typed;
  SLOTFIT_FUZZ_REQUIRE(typed.load(*engine.payload()).empty(), "load(Payload) refuses a loaded payload");
  slotfit_fuzz::require_consistent(engine, 16);
  slotfit_fuzz::require_groups_consistent(engine, 8);
  for (int student = -1; student <= 4; ++student) slotfit_fuzz::require_rows_bind(engine, student);
  require_schedule_applies(engine);
  slotfit_fuzz::require_consistent(engine, 4);
  return 0;
}
