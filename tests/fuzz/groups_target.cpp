// Fuzz target: the group entry points, rows_for and the group label rule of apply_changes. The input is three
// parts split at NUL bytes (JSON text holds none): a payload, a change list, then query bytes; a missing part is
// empty. Promises beyond no crash or undefined behaviour (fuzz_groups.hpp): groups() and the group answers agree
// with the rules as the README states them; a refused load or batch leaves every answer as it was; an accepted
// batch follows the label rule, and the engine then answers as a fresh engine loaded with its live sessions;
// auto-schedule's groups are the groups its placements form once applied, with the labels it gave.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "fuzz_groups.hpp"
#include "fuzz_state.hpp"
#include "fuzz_support.hpp"
#include "slotfit/changes.hpp"
#include "slotfit/engine.hpp"
#include "slotfit/time.hpp"

namespace {

constexpr std::size_t kBudget = 6;
// Auto-schedule on small caseloads only, at the fast effort: a fuzz run wants many short executions.
constexpr std::size_t kScheduleStudentLimit = 16;

std::string_view next_part(std::string_view& rest) {
  const std::size_t end = rest.find('\0');
  const std::string_view part = rest.substr(0, end);
  rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
  return part;
}

// The proposal applied (the rows auto-schedule would write, labels and all), then each scheduled group is one
// group of the engine with exactly its members and its label, and each placement said to run alone runs alone.
void require_schedule_groups(slotfit::Engine& engine, slotfit::Strategy strategy) {
  slotfit::ScheduleOptions options(strategy, {}, true);
  options.effort = slotfit::Effort::kFast;
  const slotfit::ScheduleResult result = engine.auto_schedule(options);
  slotfit_fuzz::require_well_formed(result.errors, "auto_schedule");
  std::vector<slotfit::SessionChange> changes;
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < result.placements.size(); ++i) {
    const slotfit::Placement& placed = result.placements[i];
    slotfit::SessionChange change = slotfit_fuzz::change_placing(placed, i);
    change.row.group_ref = placed.group_ref;
    ids.push_back(change.row.id);
    changes.push_back(std::move(change));
  }
  const slotfit::Errors errors = engine.apply_changes(changes);
  SLOTFIT_FUZZ_REQUIRE(errors.empty(), "the proposal applies: " + (errors.empty() ? "" : errors.front().message));
  const std::vector<slotfit::SessionGroup> groups = engine.groups();
  std::set<std::size_t> grouped;
  for (const slotfit::ScheduledGroup& scheduled : result.groups) {
    std::set<std::string> members(scheduled.session_ids.begin(), scheduled.session_ids.end());
    for (int p : scheduled.placements) {
      grouped.insert(static_cast<std::size_t>(p));
      members.insert(ids[static_cast<std::size_t>(p)]);
      SLOTFIT_FUZZ_REQUIRE(result.placements[static_cast<std::size_t>(p)].group_ref == scheduled.group_ref,
                           "a grouped placement carries its group's label");
    }
    bool found = false;
    for (const slotfit::SessionGroup& g : groups) {
      if (g.day != scheduled.day || g.start != scheduled.start || g.end != scheduled.end ||
          members.count(g.session_ids.front()) == 0)
        continue;
      found = true;
      SLOTFIT_FUZZ_REQUIRE(std::set<std::string>(g.session_ids.begin(), g.session_ids.end()) == members,
                           "a scheduled group is one group of the applied proposal, members and all");
      SLOTFIT_FUZZ_REQUIRE(g.group_ref == scheduled.group_ref, "a scheduled group keeps the label auto-schedule gave it");
    }
    SLOTFIT_FUZZ_REQUIRE(found, "a scheduled group runs once the proposal is applied");
  }
  for (std::size_t i = 0; i < result.placements.size(); ++i) {
    if (grouped.count(i)) continue;
    SLOTFIT_FUZZ_REQUIRE(!result.placements[i].group_ref, "a placement in no scheduled group has no label");
    for (const slotfit::SessionGroup& g : groups)
      for (const std::string& id : g.session_ids)
        SLOTFIT_FUZZ_REQUIRE(id != ids[i], "a placement in no scheduled group runs alone: " + id);
  }
}

class Bytes {
 public:
  explicit Bytes(std::string_view bytes) : bytes_(bytes) {}
  bool empty() const { return at_ >= bytes_.size(); }
  std::uint8_t u8() { return at_ < bytes_.size() ? static_cast<std::uint8_t>(bytes_[at_++]) : 0; }
  std::int32_t i32() {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= static_cast<std::uint32_t>(u8()) << (8 * i);
    return static_cast<std::int32_t>(v);
  }

 private:
  std::string_view bytes_;
  std::size_t at_ = 0;
};

// Each query: an op byte (bit 0-1 the query, bits 2-4 raw arguments), then its arguments.
void run_queries(slotfit::Engine& engine, Bytes in) {
  const int sessions = static_cast<int>(engine.payload()->sessions.size());
  const int students = static_cast<int>(engine.payload()->students.size());
  bool scheduled = false;
  for (int q = 0; q < 24 && !in.empty(); ++q) {
    const std::uint8_t op = in.u8();
    const auto raw = [op](int bit) { return (op & (0x04 << bit)) != 0; };
    switch (op & 0x03) {
      case 0: {
        const int session = raw(0) ? in.i32() : in.u8() % (sessions + 2) - 1;
        const int day = raw(1) ? in.i32() : in.u8() % 9;
        const int start = raw(2) ? in.i32() : (in.u8() | in.u8() << 8) % 1500 - 20;
        slotfit_fuzz::require_group_query(engine, session, day, start);
        break;
      }
      case 1:
        slotfit_fuzz::require_rows_bind(engine, raw(0) ? in.i32() : in.u8() % (students + 2) - 1);
        break;
      case 2: {
        const int session = raw(0) ? in.i32() : in.u8() % (sessions + 2) - 1;
        const int minutes = raw(1) ? in.i32() : in.u8() % 250 - 5;
        const auto grid = engine.conflict_map(0, minutes > 0 && minutes <= slotfit::kMinutesPerDay ? minutes : 30);
        if (grid.ok()) {
          const std::vector<std::int32_t> joins = engine.join_map(session, minutes, grid.value());
          SLOTFIT_FUZZ_REQUIRE(joins.size() == grid->kinds.size(), "join_map parallel to any grid");
          const auto groups = static_cast<std::int32_t>(engine.groups().size());
          for (std::int32_t g : joins) SLOTFIT_FUZZ_REQUIRE(g >= -1 && g < groups, "join_map names a group or none");
        }
        break;
      }
      default: {
        if (scheduled || engine.payload()->students.size() > kScheduleStudentLimit) break;
        scheduled = true;
        require_schedule_groups(engine, static_cast<slotfit::Strategy>(in.u8() % slotfit::kStrategyNames.size()));
        slotfit_fuzz::require_groups_consistent(engine, kBudget);
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  const std::string_view payload_text = next_part(rest);
  const std::string_view changes_text = next_part(rest);
  const std::string_view query_bytes = rest;

  slotfit::Engine engine;
  if (!engine.load(payload_text).empty()) return 0;
  slotfit_fuzz::require_groups_consistent(engine, kBudget);
  for (int s = 0; s < static_cast<int>(kBudget); ++s) slotfit_fuzz::require_rows_bind(engine, s);
  const slotfit_fuzz::Answers loaded = slotfit_fuzz::answers_of(engine, kBudget);

  // Refused calls change nothing: a load of a text that is no payload, a group query outside the day.
  SLOTFIT_FUZZ_REQUIRE(!engine.load(std::string("[") + std::string(changes_text)).empty(), "an array is no payload");
  slotfit_fuzz::require_same_answers(loaded, slotfit_fuzz::answers_of(engine, kBudget), "after a refused load");
  std::vector<slotfit::MemberConflict> none;
  SLOTFIT_FUZZ_REQUIRE(!engine.check_group(0, 0, 600, none) && none.empty(), "check_group refuses day 0");

  auto parsed = slotfit::parse_changes(changes_text);
  if (const auto* changes = std::get_if<std::vector<slotfit::SessionChange>>(&parsed)) {
    // The same batch made invalid by a last change: refused whole, nothing relabelled, nothing changed.
    std::vector<slotfit::SessionChange> refused = *changes;
    refused.push_back(slotfit::SessionChange{slotfit::SessionChange::Op::kRemove, {}});
    refused.back().row.id = "fuzz: never a live session";
    std::vector<int> relabelled{-7};
    SLOTFIT_FUZZ_REQUIRE(!engine.apply_changes(refused, &relabelled).empty(), "a remove of an unknown id is refused");
    SLOTFIT_FUZZ_REQUIRE(relabelled.empty(), "a refused batch relabels nothing");
    slotfit_fuzz::require_same_answers(loaded, slotfit_fuzz::answers_of(engine, kBudget), "after a refused batch");

    const slotfit::Errors errors = engine.apply_changes(*changes, &relabelled);
    slotfit_fuzz::require_well_formed(errors, "apply_changes");
    if (!errors.empty()) {
      SLOTFIT_FUZZ_REQUIRE(relabelled.empty(), "a refused batch relabels nothing");
      slotfit_fuzz::require_same_answers(loaded, slotfit_fuzz::answers_of(engine, kBudget), "after a refused batch");
    } else {
      slotfit_fuzz::require_label_rule(loaded.sessions, *changes, engine, relabelled);
      slotfit::Engine fresh;
      const slotfit::Errors reload = fresh.load(slotfit_fuzz::live_payload(engine));
      SLOTFIT_FUZZ_REQUIRE(reload.empty(), "what apply_changes accepts, a load accepts: " +
                                               (reload.empty() ? "" : reload.front().code + " at " + reload.front().path));
      slotfit_fuzz::require_same_answers(slotfit_fuzz::answers_of(fresh, kBudget),
                                         slotfit_fuzz::answers_of(engine, kBudget), "changed engine vs fresh load");
      slotfit_fuzz::require_groups_consistent(engine, kBudget);
    }
  }
  run_queries(engine, Bytes(query_bytes));
  return 0;
}
