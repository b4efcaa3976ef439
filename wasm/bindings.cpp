// The embind surface of the wasm module: one coarse EngineHandle over slotfit::Engine, driven by js/index.js.
//
// Bulk and rare answers (load, auto-schedule, changes, stats) cross as one JSON text each: a single string is far
// cheaper through embind than a tree of emscripten::val objects. The hover path (check) crosses as plain numbers,
// and the conflict map as one typed array copied out of the heap. The core never throws, and nothing here does
// either: bad input comes back as coded errors, and the JS side turns them into PayloadError.
#include <emscripten/bind.h>
#include <emscripten/val.h>
#include <malloc.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "slotfit/changes.hpp"
#include "slotfit/conflict_kind.hpp"
#include "slotfit/engine.hpp"
#include "slotfit/report.hpp"
#include "slotfit/schedule.hpp"

namespace {

using emscripten::val;
using nlohmann::json;

// Ids come from the payload and may hold invalid UTF-8; dump() must not fail on them (no exceptions here).
std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

std::string errors_doc(const slotfit::Errors& errors) {
  return "{\"errors\":" + slotfit::errors_json(errors) + "}";
}

slotfit::Errors one_error(std::string code, std::string path, std::string message) {
  return {slotfit::Error{std::move(code), std::move(path), std::move(message)}};
}

// The JS side only ever sends what js/index.js builds, so a malformed options text is a bug there, not user input.
[[noreturn]] void throw_js_error(const std::string& message) {
  val::global("Error").new_(val("slotfit-core: " + message)).throw_();
  __builtin_unreachable();
}

class EngineHandle {
 public:
  // {"errors":[…]} when the payload is refused (the previous state stays loaded), else
  // {"errors":[],"stats":{…},"students":[id…],"sessions":[id|null…]}: the dense-index tables of the JS side.
  // The text is UTF-8 the JS side wrote into a malloc'd block (TextEncoder.encodeInto): embind's std::string
  // argument would copy it byte by byte in a JS loop, which cost more than parsing it.
  std::string load(std::uintptr_t address, std::uint32_t length) {
    const std::string_view text(reinterpret_cast<const char*>(address), length);
    slotfit::Errors errors = engine_.load(text);
    if (!errors.empty()) return errors_doc(errors);
    return loaded_doc();
  }

  // The hot path: the kinds mask of one candidate, no allocation (bit 31: arguments outside the caseload or day).
  std::uint32_t check(int student, int day, int start, int minutes, int ignore_session) const {
    return engine_.evaluate(student, day, start, minutes, ignore_session);
  }

  // Every conflict of a candidate, as a JSON array; called by JS only when check() answered non-zero.
  std::string describe(int student, int day, int start, int minutes, int ignore_session) {
    engine_.check(student, day, start, minutes, ignore_session, conflicts_);
    return slotfit::conflicts_json(conflicts_);
  }

  // One Uint32Array [dayCount, startCount, days…, starts…, kinds…], copied out of the heap: a view would die on
  // the next memory growth, and one array costs a single slice() instead of three.
  val conflictMap(int student, int minutes, int ignore_session) {
    return pack(engine_.conflict_map(student, minutes, ignore_session));
  }

  val conflictMapForSession(int session) { return pack(engine_.conflict_map_for_session(session)); }

  // options: {"strategy": name, "student_ids": [id…], "allow_incomplete": bool}, every key optional.
  std::string autoSchedule(const std::string& options_text) {
    const json options = json::parse(options_text, nullptr, /*allow_exceptions=*/false);
    if (options.is_discarded() || !options.is_object()) throw_js_error("autoSchedule options must be a JSON object");
    slotfit::ScheduleOptions parsed;
    if (auto it = options.find("strategy"); it != options.end() && !it->is_null()) {
      const auto strategy = it->is_string() ? slotfit::strategy_from_name(it->get<std::string>()) : std::nullopt;
      if (!strategy) {
        slotfit::ScheduleResult refused;
        refused.errors = one_error("bad-value", "/strategy", "unknown strategy " + it->dump());
        return slotfit::schedule_json(refused);
      }
      parsed.strategy = *strategy;
    }
    if (auto it = options.find("student_ids"); it != options.end() && it->is_array())
      for (const json& id : *it)
        if (id.is_string()) parsed.student_ids.push_back(id.get<std::string>());
    if (auto it = options.find("allow_incomplete"); it != options.end() && it->is_boolean())
      parsed.allow_incomplete = it->get<bool>();
    return slotfit::schedule_json(engine_.auto_schedule(parsed));
  }

  // {"errors":[…]} (nothing applied), or {"errors":[],"sessions":[[id, index]…]}: the index of every session the
  // changes named, -1 for a removed one, so the JS side updates its id map without re-reading the whole table.
  std::string applyChanges(const std::string& text) {
    auto parsed = slotfit::parse_changes(text);
    if (auto* errors = std::get_if<slotfit::Errors>(&parsed)) return errors_doc(*errors);
    const auto& changes = std::get<std::vector<slotfit::SessionChange>>(parsed);
    slotfit::Errors errors = engine_.apply_changes(changes);
    if (!errors.empty()) return errors_doc(errors);
    json sessions = json::array();
    for (const slotfit::SessionChange& change : changes) {
      const auto index = engine_.session_index(change.row.id);
      sessions.push_back(json::array({change.row.id, index ? *index : -1}));
    }
    return "{\"errors\":[],\"sessions\":" + dump(sessions) + "}";
  }

  // After a save: the database's new version (null clears it).
  void setDataVersion(const val& version) {
    if (version.isNull() || version.isUndefined()) {
      engine_.set_data_version(std::nullopt);
    } else {
      engine_.set_data_version(version.as<std::string>());
    }
  }

  std::string stats() const { return stats_doc(); }

 private:
  // The core's stats plus what the payload says it could not read: a JS caller holding only the text (or a
  // worker) must still see that an auto-schedule would be refused.
  std::string stats_doc() const {
    json doc = json::parse(slotfit::stats_json(engine_.stats()), nullptr, /*allow_exceptions=*/false);
    json incomplete = json::array();
    if (const slotfit::Payload* payload = engine_.payload())
      for (const std::string& part : payload->incomplete) incomplete.push_back(part);
    doc["incomplete"] = std::move(incomplete);
    return dump(doc);
  }

  std::string loaded_doc() const {
    const slotfit::Payload* payload = engine_.payload();
    json students = json::array();
    json sessions = json::array();
    for (const slotfit::StudentRow& row : payload->students) students.push_back(row.id);
    for (std::size_t i = 0; i < payload->sessions.size(); ++i) {
      const std::string& id = payload->sessions[i].id;
      const auto index = engine_.session_index(id);
      if (index && *index == static_cast<int>(i)) {
        sessions.push_back(id);
      } else {
        sessions.push_back(nullptr);
      }
    }
    return "{\"errors\":[],\"stats\":" + stats_doc() + ",\"students\":" + dump(students) +
           ",\"sessions\":" + dump(sessions) + "}";
  }

  val pack(const slotfit::ConflictGrid& grid) {
    packed_.clear();
    packed_.reserve(2 + grid.days.size() + grid.starts.size() + grid.kinds.size());
    packed_.push_back(static_cast<std::uint32_t>(grid.days.size()));
    packed_.push_back(static_cast<std::uint32_t>(grid.starts.size()));
    for (int day : grid.days) packed_.push_back(static_cast<std::uint32_t>(day));
    for (int start : grid.starts) packed_.push_back(static_cast<std::uint32_t>(start));
    packed_.insert(packed_.end(), grid.kinds.begin(), grid.kinds.end());
    return val(emscripten::typed_memory_view(packed_.size(), packed_.data())).call<val>("slice");
  }

  slotfit::Engine engine_;
  std::vector<slotfit::Conflict> conflicts_;  // reused: describe() allocates only the messages
  std::vector<std::uint32_t> packed_;
};

// The core's kind order, so the JS side can refuse to start with a stale copy of the list.
std::string kindNames() {
  std::string out;
  for (std::string_view name : slotfit::kConflictKindNames) {
    if (!out.empty()) out += ',';
    out += name;
  }
  return out;
}

std::string strategyNames() {
  std::string out;
  for (std::string_view name : slotfit::kStrategyNames) {
    if (!out.empty()) out += ',';
    out += name;
  }
  return out;
}

// Bytes the allocator holds for live objects: what the leak test watches (the wasm memory itself never shrinks).
double heapUsed() { return static_cast<double>(mallinfo().uordblks); }

}  // namespace

EMSCRIPTEN_BINDINGS(slotfit) {
  emscripten::class_<EngineHandle>("EngineHandle")
      .constructor<>()
      .function("load", &EngineHandle::load)
      .function("check", &EngineHandle::check)
      .function("describe", &EngineHandle::describe)
      .function("conflictMap", &EngineHandle::conflictMap)
      .function("conflictMapForSession", &EngineHandle::conflictMapForSession)
      .function("autoSchedule", &EngineHandle::autoSchedule)
      .function("applyChanges", &EngineHandle::applyChanges)
      .function("setDataVersion", &EngineHandle::setDataVersion)
      .function("stats", &EngineHandle::stats);
  emscripten::function("kindNames", &kindNames);
  emscripten::function("strategyNames", &strategyNames);
  emscripten::function("heapUsed", &heapUsed);
}
