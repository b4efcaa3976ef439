#include "fuzz_support.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <set>
#include <string_view>
#include <vector>

#include "slotfit/parse.hpp"
#include "slotfit/time.hpp"

namespace slotfit_fuzz {
namespace {

// Every code the core hands out (slotfit/parse.hpp, Engine::apply_changes, auto-schedule).
const std::set<std::string, std::less<>>& known_codes() {
  static const std::set<std::string, std::less<>> codes = {
      "invalid-json", "not-an-object",  "unsupported-schema-version", "missing-key",     "wrong-type",
      "bad-time",     "bad-day",        "end-not-after-start",        "bad-value",       "duplicate-id",
      "duplicate-day", "unknown-student", "placeholder-mix",          "too-large",       "unknown-session",
      "not-loaded",   "work-days-missing", "incomplete-payload", "invalid-argument"};
  return codes;
}

std::string describe_candidate(int student, int day, int start, int minutes, int ignore) {
  return "student " + std::to_string(student) + " day " + std::to_string(day) + " start " +
         std::to_string(start) + " minutes " + std::to_string(minutes) + " ignore " + std::to_string(ignore);
}

// The size of the payload table a row conflict of `kind` indexes, or -1 for the kinds without a row.
long row_table_size(const slotfit::Payload& p, slotfit::ConflictKind kind) {
  switch (kind) {
    case slotfit::ConflictKind::kBellSchedule: return static_cast<long>(p.bell_schedules.size());
    case slotfit::ConflictKind::kSpecialActivity: return static_cast<long>(p.special_activities.size());
    case slotfit::ConflictKind::kProtectedTime: return static_cast<long>(p.protected_times.size());
    case slotfit::ConflictKind::kOtherProvider: return static_cast<long>(p.other_provider_sessions.size());
    case slotfit::ConflictKind::kProviderBusy: return static_cast<long>(p.provider_busy_times.size());
    default: return -1;
  }
}

}  // namespace

void broken(const char* promise, const std::string& detail) {
  std::fprintf(stderr, "slotfit fuzz: broken promise: %s\n  %s\n", promise, detail.c_str());
  std::abort();
}

std::string fixture_text(const char* name) {
  const std::string path = std::string(SLOTFIT_FIXTURES_DIR) + "/" + name;
  std::ifstream in(path, std::ios::binary);
  if (!in) broken("the fixture can be read", path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

slotfit::Engine loaded_fixture(const char* name) {
  slotfit::Engine engine;
  const slotfit::Errors errors = engine.load(fixture_text(name));
  if (!errors.empty()) broken("the fixture loads", std::string(name) + ": " + errors.front().message);
  return engine;
}

slotfit::SessionChange change_placing(const slotfit::Placement& placed, std::size_t index) {
  slotfit::SessionChange change;
  change.row.id = placed.id.value_or("fuzz-new-" + std::to_string(index));
  change.row.student_id = placed.student_id;
  change.row.day_of_week = placed.day_of_week;
  change.row.start_time = placed.start_time;
  change.row.end_time = placed.end_time;
  change.row.service_type = placed.service_type;
  change.row.delivered_by = placed.delivered_by;
  change.row.assigned_to_sea_id = placed.assigned_to_sea_id;
  change.row.status = placed.status;
  return change;
}

void require_well_formed(const slotfit::Errors& errors, const char* where) {
  SLOTFIT_FUZZ_REQUIRE(errors.size() <= slotfit::kMaxReportedErrors, where);
  for (const slotfit::Error& e : errors) {
    const std::string detail = std::string(where) + ": " + e.code + " at " + e.path + ": " + e.message;
    SLOTFIT_FUZZ_REQUIRE(known_codes().count(e.code) == 1, detail);
    SLOTFIT_FUZZ_REQUIRE(e.path.empty() || e.path.front() == '/', detail);
    SLOTFIT_FUZZ_REQUIRE(!e.message.empty(), detail);
  }
}

void require_agreement(const slotfit::Engine& engine, int student, int day, int start, int minutes,
                       int ignore_session) {
  const slotfit::ConflictMask mask = engine.evaluate(student, day, start, minutes, ignore_session);
  std::vector<slotfit::Conflict> conflicts;
  const slotfit::Result<void> checked = engine.check(student, day, start, minutes, ignore_session, conflicts);
  const bool valid = checked.ok();
  const std::string at = describe_candidate(student, day, start, minutes, ignore_session);
  SLOTFIT_FUZZ_REQUIRE(valid == ((mask & slotfit::kInvalidCandidate) == 0), at);
  // Valid exactly inside the caseload and the day, the end worked out without overflow.
  const auto students = static_cast<long>(engine.payload()->students.size());
  const auto sessions = static_cast<long>(engine.payload()->sessions.size());
  const bool inside = student >= 0 && student < students && day >= slotfit::kFirstDay && day <= slotfit::kLastDay &&
                      start >= 0 && minutes > 0 && std::int64_t{start} + minutes <= slotfit::kMinutesPerDay &&
                      ignore_session >= -1 && ignore_session < sessions;
  SLOTFIT_FUZZ_REQUIRE(valid == inside, at + ": valid inside the caseload and the day, invalid elsewhere");
  if (!valid) {
    SLOTFIT_FUZZ_REQUIRE(conflicts.empty(), at);
    SLOTFIT_FUZZ_REQUIRE(checked.errors().size() == 1 && checked.errors().front().code == "invalid-argument",
                         at + ": one invalid-argument error");
    return;
  }
  slotfit::ConflictMask described = 0;
  for (const slotfit::Conflict& c : conflicts) {
    described |= slotfit::bit(c.kind);
    SLOTFIT_FUZZ_REQUIRE(!c.message.empty(), at);
    const long table = row_table_size(*engine.payload(), c.kind);
    if (c.row >= 0) SLOTFIT_FUZZ_REQUIRE(c.row < table, at + " row " + std::to_string(c.row));
  }
  SLOTFIT_FUZZ_REQUIRE(described == mask,
                       at + ": check " + std::to_string(described) + ", evaluate " + std::to_string(mask));
}

void require_consistent(const slotfit::Engine& engine, std::size_t student_budget) {
  const slotfit::Payload& p = *engine.payload();
  const slotfit::EngineStats stats = engine.stats();
  SLOTFIT_FUZZ_REQUIRE(stats.students == static_cast<int>(p.students.size()), "stats.students");
  SLOTFIT_FUZZ_REQUIRE(stats.sessions >= 0 && stats.placeholders >= 0, "stats count sessions");

  const std::size_t students = std::min(p.students.size(), student_budget);
  for (std::size_t s = 0; s < students; ++s) {
    const int student = static_cast<int>(s);
    const int minutes = p.students[s].minutes_per_session.value_or(30);
    const auto map = engine.conflict_map(student, minutes);
    SLOTFIT_FUZZ_REQUIRE(map.ok() == (minutes > 0 && minutes <= slotfit::kMinutesPerDay), "conflict_map refuses only bad minutes");
    if (!map.ok()) continue;
    const slotfit::ConflictGrid& grid = map.value();
    SLOTFIT_FUZZ_REQUIRE(grid.kinds.size() == grid.days.size() * grid.starts.size(), "grid shape");
    for (std::size_t d = 0; d < grid.days.size(); ++d) {
      for (std::size_t i = 0; i < grid.starts.size(); ++i) {
        const int start = grid.starts[i];
        SLOTFIT_FUZZ_REQUIRE(start >= 0 && start + minutes <= slotfit::kMinutesPerDay, "a grid start in the day");
        const slotfit::ConflictMask cell = grid.at(d, i);
        SLOTFIT_FUZZ_REQUIRE(cell == engine.evaluate(student, grid.days[d], start, minutes),
                             "map cell == evaluate: " + describe_candidate(student, grid.days[d], start, minutes, -1));
        // check() builds text: one start in seven keeps a run fast and still covers every kind over a corpus.
        if (i % 7 == 0) require_agreement(engine, student, grid.days[d], start, minutes, -1);
      }
    }
  }
  for (std::size_t i = 0; i < p.sessions.size() && i < 4 * student_budget; ++i) {
    const auto index = engine.session_index(p.sessions[i].id);
    if (!index || *index != static_cast<int>(i)) continue;
    const slotfit::SessionRow& row = p.sessions[i];
    const auto map = engine.conflict_map_for_session(*index);
    const auto owner = engine.student_index(row.student_id);
    SLOTFIT_FUZZ_REQUIRE(map.ok() || (row.is_placeholder() && owner &&
                                      !p.students[static_cast<std::size_t>(*owner)].minutes_per_session.value_or(0)),
                         "a live session's map is refused only for a placeholder without minutes: " + row.id);
    if (map.ok())
      SLOTFIT_FUZZ_REQUIRE(map->kinds.size() == map->days.size() * map->starts.size(), "session grid shape");
    if (row.is_placeholder()) continue;
    const auto student = engine.student_index(row.student_id);
    SLOTFIT_FUZZ_REQUIRE(student.has_value(), "a live session's student is loaded: " + row.id);
    require_agreement(engine, *student, *row.day_of_week, *row.start_time, *row.end_time - *row.start_time,
                      *index);
  }
}

}  // namespace slotfit_fuzz
