// The entry points of the wasm module: one coarse EngineHandle over slotfit::Engine, driven by js/engine.js through
// js/wire.js's EngineHandle. How each value crosses is wasm/wire.md (implemented by wire.cpp here and js/wire.js
// there); this file only lists the entry points. The core never throws, and nothing here does either: refused
// input comes back as coded errors (the errors answer), which the JS side turns into PayloadError, or into
// RangeError for the arguments of a query.
//
// Every entry point is a plain wasm export taking the handle's address, not embind: embind's glue and runtime
// (its type registry, the generic invoker, and printf, which its type names need) measured about 8 KB gzipped.
#include <emscripten/emscripten.h>

#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "slotfit/changes.hpp"
#include "slotfit/conflict_kind.hpp"
#include "slotfit/groups.hpp"
#include "slotfit/report.hpp"
#include "slotfit/schedule.hpp"
#include "slotfit/suggest.hpp"
#include "js_edge.hpp"
#include "wire.hpp"

namespace slotfit::wasm {

namespace {

// An entry point run once per user action: built for size, and the core code it calls is not inlined into it
// and re-optimised at -O3 by the link (LTO gives inlined code its caller's level). Not autoSchedule or suggest:
// their searches are inlined into them, and at minsize auto-schedule 'fast' and suggest ran slower (A/B, 2026-12-03).
#define SLOTFIT_COLD __attribute__((minsize, noinline))

class EngineHandle {
 public:
  std::uintptr_t textAddress() const { return reinterpret_cast<std::uintptr_t>(text_.data()); }
  // What JS passes to the hover path's plain exports (slotfit_check, slotfit_describe below).
  std::uintptr_t address() { return reinterpret_cast<std::uintptr_t>(this); }

  std::uint32_t load(std::uintptr_t address, std::uint32_t length) {
    const Errors errors = engine_.load(wire::from_heap(address, length));
    if (!errors.empty()) return answer(wire::errors_answer(errors));
    conflicts_.reset();  // JS drops its copies on a successful load too
    return answer(wire::load_answer(engine_));
  }

  // The hot path (through slotfit_check): the kinds mask of one candidate, no allocation.
  std::uint32_t check(int student, int day, int start, int minutes, int ignore_session) const {
    return engine_.evaluate(student, day, start, minutes, ignore_session);
  }

  // check() with the reasons in one call (through slotfit_describe; every call into wasm counts against the 1 µs).
  // Every describe() also leaves in joins_ the group (an index into groups()) the candidate would join, -1 for
  // none, and flags the answer when there is one: JS then reads it in place (joinsAddress()), so the hover path
  // stays one call, and reads nothing more when the flag is clear.
  std::uint32_t describe(int student, int day, int start, int minutes, int ignore_session) {
    if (!engine_.check(student, day, start, minutes, ignore_session, conflicts_.conflicts()).ok()) {
      return wire::kInvalidAnswer;
    }
    joins_ = engine_.joins(ignore_session, day, start, minutes);
    const std::uint32_t answer = conflicts_.encode();
    return joins_ < 0 ? answer : answer | wire::kJoinsGroup;
  }

  // Why check() or describe() refused a candidate (their answer carries only that they did): the errors answer,
  // naming the first argument out of its range as the core does for every refusal.
  SLOTFIT_COLD std::uint32_t candidateErrors(int student, int day, int start, int minutes, int ignore_session) {
    const Result<std::vector<Conflict>> checked = engine_.check(student, day, start, minutes, ignore_session);
    return answer(wire::errors_answer(checked.ok() ? Errors{} : checked.errors()));
  }

  std::uintptr_t joinsAddress() const { return reinterpret_cast<std::uintptr_t>(&joins_); }
  std::uintptr_t gridAddress() const { return reinterpret_cast<std::uintptr_t>(packed_.data()); }

  // A whole group moved to (day, start): the group conflict answer, or the errors answer for a session that is
  // not placed or a start outside the day.
  std::uint32_t describeGroup(int session, int day, int start) {
    const Result<void> checked = engine_.check_group(session, day, start, member_conflicts_);
    if (!checked.ok()) return answer(wire::errors_answer(checked.errors()));
    return answer(wire::member_conflicts_answer(member_conflicts_));
  }

  SLOTFIT_COLD std::uint32_t groups() { return answer(groups_json(engine_.groups())); }

  std::uintptr_t codesAddress() { return conflicts_.codes_address(); }

  SLOTFIT_COLD std::uint32_t conflictText(std::uint32_t index) {
    const auto& last = conflicts_.conflicts();
    if (index >= last.size()) throw_js_error("conflictText: no such conflict in the last answer");
    return answer(wire::conflict_text(last[index]));
  }

  // Each grid carries one join per cell: the group a drop there would join. A group's map leaves out its own.
  // A refused query answers kRefusedGrid plus the length of the errors answer (text out).
  std::uint32_t conflictMap(int student, int minutes, int ignore_session) {
    const Result<ConflictGrid> grid = engine_.conflict_map(student, minutes, ignore_session);
    if (!grid.ok()) return refused(grid.errors());
    return pack(grid.value(), engine_.join_map(ignore_session, minutes, grid.value()));
  }

  std::uint32_t conflictMapForSession(int session) {
    const Result<ConflictGrid> refused_or_grid = engine_.conflict_map_for_session(session);
    if (!refused_or_grid.ok()) return refused(refused_or_grid.errors());
    const ConflictGrid& grid = refused_or_grid.value();
    if (grid.starts.empty()) return pack(grid, {});
    // The map's length, as conflict_map_for_session() took it: the session's, or a placeholder's student's.
    const Payload& payload = *engine_.payload();
    const SessionRow& row = payload.sessions[static_cast<std::size_t>(session)];
    const int minutes =
        !row.is_placeholder()
            ? *row.end_time - *row.start_time
            : *payload.students[static_cast<std::size_t>(*engine_.student_index(row.student_id))].minutes_per_session;
    return pack(grid, engine_.join_map(session, minutes, grid));
  }

  std::uint32_t conflictMapGroup(int session) {
    const Result<ConflictGrid> refused_or_grid = engine_.conflict_map_group(session);
    if (!refused_or_grid.ok()) return refused(refused_or_grid.errors());
    const ConflictGrid& grid = refused_or_grid.value();
    if (grid.starts.empty()) return pack(grid, {});
    const SessionRow& row = engine_.payload()->sessions[static_cast<std::size_t>(session)];
    const int minutes = *row.end_time - *row.start_time;
    std::vector<std::int32_t> joins = engine_.join_map(session, minutes, grid);
    const int own = engine_.joins(session, *row.day_of_week, *row.start_time, minutes);
    for (std::int32_t& j : joins)
      if (j == own) j = -1;
    return pack(grid, joins);
  }

  std::uint32_t autoSchedule(std::uintptr_t address, std::uint32_t length) {
    wire::ScheduleRequest request = wire::parse_schedule_options(wire::from_heap(address, length));
    if (request.malformed) throw_js_error("autoSchedule options must be a JSON object");
    if (!request.errors.empty()) {
      ScheduleResult refused;
      refused.errors = std::move(request.errors);
      return answer(schedule_json(refused));
    }
    return answer(schedule_json(engine_.auto_schedule(request.options)));
  }

  SLOTFIT_COLD std::uint32_t applyChanges(std::uintptr_t address, std::uint32_t length) {
    auto parsed = parse_changes(wire::from_heap(address, length));
    if (auto* errors = std::get_if<Errors>(&parsed)) return answer(wire::errors_answer(*errors));
    const auto& changes = std::get<std::vector<SessionChange>>(parsed);
    std::vector<int> relabelled;
    const Errors errors = engine_.apply_changes(changes, &relabelled);
    if (!errors.empty()) return answer(wire::errors_answer(errors));
    std::vector<std::string> ids;
    std::vector<int> indexes;
    for (const SessionChange& change : changes) {
      ids.push_back(change.row.id);
      indexes.push_back(engine_.session_index(change.row.id).value_or(-1));
    }
    std::vector<wire::Relabel> labels;
    for (int s : relabelled) {
      const SessionRow& row = engine_.payload()->sessions[static_cast<std::size_t>(s)];
      labels.push_back(wire::Relabel{row.id, row.group_ref});
    }
    return answer(wire::applied_answer(ids, indexes, labels));
  }

  std::uint32_t suggest(std::uintptr_t address, std::uint32_t length) {
    auto parsed = parse_suggest_options(wire::from_heap(address, length));
    if (auto* errors = std::get_if<Errors>(&parsed)) return answer(wire::errors_answer(*errors));
    return answer(suggestions_json(engine_.suggest(std::get<SuggestOptions>(parsed))));
  }

  // Not a hot path (once per student shown): a report like stats(), or the errors answer.
  SLOTFIT_COLD std::uint32_t rowsFor(int student) {
    const Result<std::vector<BindingRow>> rows = engine_.rows_for(student);
    if (!rows.ok()) return answer(wire::errors_answer(rows.errors()));
    return answer(binding_rows_json(rows.value()));
  }

  // The version as text in; address 0 for none.
  SLOTFIT_COLD void setDataVersion(std::uintptr_t address, std::uint32_t length) {
    if (address == 0) {
      engine_.set_data_version(std::nullopt);
    } else {
      engine_.set_data_version(std::string(wire::from_heap(address, length)));
    }
  }

  SLOTFIT_COLD std::uint32_t stats() { return answer(stats_json(engine_.stats())); }

 private:
  std::uint32_t answer(std::string text) {
    text_ = std::move(text);
    return static_cast<std::uint32_t>(text_.size());
  }

  std::uint32_t refused(const Errors& errors) { return wire::kRefusedGrid | answer(wire::errors_answer(errors)); }

  // The grid's length in words; JS copies it out from gridAddress().
  std::uint32_t pack(const ConflictGrid& grid, const std::vector<std::int32_t>& joins) {
    wire::pack_grid(grid, packed_);
    wire::append_joins(joins, packed_);
    return static_cast<std::uint32_t>(packed_.size());
  }

  Engine engine_;
  std::string text_;  // the last text answer, read in place by JS
  wire::ConflictEncoder conflicts_;
  std::int32_t joins_ = -1;  // describe()'s join, read in place by JS
  std::vector<MemberConflict> member_conflicts_;
  std::vector<std::uint32_t> packed_;  // the last grid, copied out by JS
};

// The names comma-separated.
std::string joined(const auto& names) {
  std::string out;
  for (std::string_view name : names) {
    if (!out.empty()) out += ',';
    out += name;
  }
  return out;
}

}  // namespace
}  // namespace slotfit::wasm

// The exports, each with the handle's address (from slotfit_new) first; wasm/wire.md names them by the JS methods
// of js/wire.js's EngineHandle. The hover path (slotfit_check, slotfit_describe) is called by engine.js directly.
#define SLOTFIT_EXPORT extern "C" EMSCRIPTEN_KEEPALIVE

using slotfit::wasm::EngineHandle;

namespace {
EngineHandle& handle_at(std::uintptr_t handle) { return *reinterpret_cast<EngineHandle*>(handle); }
}  // namespace

SLOTFIT_EXPORT std::uintptr_t slotfit_new() { return reinterpret_cast<std::uintptr_t>(new EngineHandle()); }
SLOTFIT_EXPORT void slotfit_delete(std::uintptr_t handle) { delete &handle_at(handle); }

SLOTFIT_EXPORT std::uint32_t slotfit_check(std::uintptr_t handle, int student, int day, int start, int minutes,
                                           int ignore_session) {
  return handle_at(handle).check(student, day, start, minutes, ignore_session);
}

SLOTFIT_EXPORT std::uint32_t slotfit_describe(std::uintptr_t handle, int student, int day, int start, int minutes,
                                              int ignore_session) {
  return handle_at(handle).describe(student, day, start, minutes, ignore_session);
}

SLOTFIT_EXPORT std::uint32_t slotfit_candidate_errors(std::uintptr_t handle, int student, int day, int start,
                                                      int minutes, int ignore_session) {
  return handle_at(handle).candidateErrors(student, day, start, minutes, ignore_session);
}
SLOTFIT_EXPORT std::uintptr_t slotfit_text_address(std::uintptr_t handle) { return handle_at(handle).textAddress(); }
SLOTFIT_EXPORT std::uintptr_t slotfit_codes_address(std::uintptr_t handle) {
  return handle_at(handle).codesAddress();
}
SLOTFIT_EXPORT std::uintptr_t slotfit_joins_address(std::uintptr_t handle) {
  return handle_at(handle).joinsAddress();
}
SLOTFIT_EXPORT std::uintptr_t slotfit_grid_address(std::uintptr_t handle) { return handle_at(handle).gridAddress(); }

SLOTFIT_EXPORT std::uint32_t slotfit_load(std::uintptr_t handle, std::uintptr_t address, std::uint32_t length) {
  return handle_at(handle).load(address, length);
}
SLOTFIT_EXPORT std::uint32_t slotfit_conflict_text(std::uintptr_t handle, std::uint32_t index) {
  return handle_at(handle).conflictText(index);
}
SLOTFIT_EXPORT std::uint32_t slotfit_conflict_map(std::uintptr_t handle, int student, int minutes,
                                                  int ignore_session) {
  return handle_at(handle).conflictMap(student, minutes, ignore_session);
}
SLOTFIT_EXPORT std::uint32_t slotfit_conflict_map_for_session(std::uintptr_t handle, int session) {
  return handle_at(handle).conflictMapForSession(session);
}
SLOTFIT_EXPORT std::uint32_t slotfit_conflict_map_group(std::uintptr_t handle, int session) {
  return handle_at(handle).conflictMapGroup(session);
}
SLOTFIT_EXPORT std::uint32_t slotfit_describe_group(std::uintptr_t handle, int session, int day, int start) {
  return handle_at(handle).describeGroup(session, day, start);
}
SLOTFIT_EXPORT std::uint32_t slotfit_groups(std::uintptr_t handle) { return handle_at(handle).groups(); }
SLOTFIT_EXPORT std::uint32_t slotfit_auto_schedule(std::uintptr_t handle, std::uintptr_t address,
                                                   std::uint32_t length) {
  return handle_at(handle).autoSchedule(address, length);
}
SLOTFIT_EXPORT std::uint32_t slotfit_apply_changes(std::uintptr_t handle, std::uintptr_t address,
                                                   std::uint32_t length) {
  return handle_at(handle).applyChanges(address, length);
}
SLOTFIT_EXPORT std::uint32_t slotfit_suggest(std::uintptr_t handle, std::uintptr_t address, std::uint32_t length) {
  return handle_at(handle).suggest(address, length);
}
SLOTFIT_EXPORT std::uint32_t slotfit_rows_for(std::uintptr_t handle, int student) {
  return handle_at(handle).rowsFor(student);
}
SLOTFIT_EXPORT void slotfit_set_data_version(std::uintptr_t handle, std::uintptr_t address, std::uint32_t length) {
  handle_at(handle).setDataVersion(address, length);
}
SLOTFIT_EXPORT std::uint32_t slotfit_stats(std::uintptr_t handle) { return handle_at(handle).stats(); }

// NUL-terminated texts that live as long as the module (JS reads them up to the NUL).
SLOTFIT_EXPORT const char* slotfit_kind_names() {
  static const std::string names = slotfit::wasm::joined(slotfit::kConflictKindNames);
  return names.c_str();
}
SLOTFIT_EXPORT const char* slotfit_strategy_names() {
  static const std::string names = slotfit::wasm::joined(slotfit::kStrategyNames);
  return names.c_str();
}
SLOTFIT_EXPORT const char* slotfit_effort_names() {
  static const std::string names = slotfit::wasm::joined(slotfit::kEffortNames);
  return names.c_str();
}
