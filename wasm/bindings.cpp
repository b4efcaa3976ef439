// The embind surface of the wasm module: one coarse EngineHandle over slotfit::Engine, driven by js/engine.js.
//
// Text crosses the boundary through the heap, not as embind std::string values: embind copies those byte by
// byte in a JS loop in both directions, which measured slower than parsing a 3 MB payload and than building a
// conflict list. Input: the JS side writes UTF-8 into a malloc'd block and passes its address. Output: every
// text answer is left in one buffer of the handle; the call returns its length and JS decodes it in place with
// TextDecoder before the next call. The hover path (check) is five integers in, one integer out (plus, for
// reasons, integers JS reads in place and text only for the conflicts that depend on the candidate), and the
// conflict map one typed array copied out of the heap. The core never throws, and nothing here does either:
// bad input comes back as coded errors, which the JS side turns into PayloadError.
#include <emscripten/bind.h>
#include <emscripten/val.h>
#include <malloc.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "slotfit/changes.hpp"
#include "slotfit/conflict_kind.hpp"
#include "slotfit/engine.hpp"
#include "slotfit/groups.hpp"
#include "slotfit/report.hpp"
#include "slotfit/schedule.hpp"
#include "slotfit/suggest.hpp"

namespace {

using emscripten::val;
using nlohmann::json;

// Record and field separators of the compact conflict list, and the flags of describe()'s answer.
constexpr char kRecord = '\x1e';
constexpr char kField = '\x1f';
constexpr std::uint32_t kInvalidAnswer = 0xFFFFFFFFu;
constexpr std::uint32_t kHoverMoved = 1u << 30;
// How many distinct conflict texts (of the kinds that depend on the candidate) a handle numbers per load: the
// grid's are a few thousand at most (capacity counts × starts, grades × days, sessions); past this, text again.
// setInternLimit() lowers it (for the handles that load afterwards) so that the tests reach the text path.
std::size_t intern_limit = 1u << 15;

// A JSON string literal. The core has already refused invalid UTF-8, so only quotes, backslashes and control
// characters need escaping.
void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\u00";
      out += kHex[u >> 4];
      out += kHex[u & 15];
    } else {
      out += c;
    }
  }
  out += '"';
}

std::string errors_doc(const slotfit::Errors& errors) {
  return "{\"errors\":" + slotfit::errors_json(errors) + "}";
}

slotfit::Errors one_error(std::string code, std::string path, std::string message) {
  return {slotfit::Error{std::move(code), std::move(path), std::move(message)}};
}

// The JS side only ever sends what js/engine.js builds, so a malformed options text is a bug there, not user input.
[[noreturn]] void throw_js_error(const std::string& message) {
  val::global("Error").new_(val("slotfit-core: " + message)).throw_();
  __builtin_unreachable();
}

class EngineHandle {
 public:
  // Where the last text answer lies; valid until the next call on this handle.
  std::uintptr_t textAddress() const { return reinterpret_cast<std::uintptr_t>(text_.data()); }

  // {"errors":[…]} when the payload is refused (the previous state stays loaded), else
  // {"errors":[],"stats":{…},"students":[id…],"sessions":[id|null…]}: the dense-index tables of the JS side.
  std::uint32_t load(std::uintptr_t address, std::uint32_t length) {
    const std::string_view text(reinterpret_cast<const char*>(address), length);
    slotfit::Errors errors = engine_.load(text);
    if (errors.empty()) {  // JS drops its copies on a successful load too
      interned_ = {};
      intern_limit_ = intern_limit;
    }
    return answer(errors.empty() ? loaded_doc() : errors_doc(errors));
  }

  // The hot path: the kinds mask of one candidate, no allocation (bit 31: arguments outside the caseload or day).
  std::uint32_t check(int student, int day, int start, int minutes, int ignore_session) const {
    return engine_.evaluate(student, day, start, minutes, ignore_session);
  }

  // check() with the reasons, in one call whatever the answer: 0 when the candidate is free, kInvalidAnswer for
  // arguments outside the caseload or the day, else the number of conflicts, with kHoverMoved set when one of the
  // two answer buffers is no longer where codesAddress()/hoverAddress() last said (JS then asks again). One call,
  // because with DYNAMIC_EXECUTION=0 each embind call costs about 0.1 µs of the 1 µs budget.
  // The answer is integers, read by JS straight from HEAP32: codes_[0] is the length of the text in the hover
  // buffer, then one code per conflict, (n + 1) << 5 | interned << 4 | kind. For a row kind (bell-schedule,
  // special-activity, protected-time, other-provider, provider-busy) n is the row: its message and ref depend on
  // nothing else, so JS builds that conflict once per loaded payload (asking rowConflict() for its text) and
  // reuses it. For the other kinds n is the number this handle gave the same kind, message and ref the first time
  // it saw them (interned, bit 4; the same reuse in JS), or -1 past intern_limit: then the text is in the hover
  // buffer, in order: records "message␟[=ref]␞" ("=" before a ref, nothing for none), or a JSON array
  // [[message, ref]…] when a field holds a separator character.
  // Every describe() also leaves in joins_ the group (an index into groups()) the candidate would join, -1 for
  // none: JS reads it in place (joinsAddress()), so the hover path stays one call.
  std::uint32_t describe(int student, int day, int start, int minutes, int ignore_session) {
    if (!engine_.check(student, day, start, minutes, ignore_session, conflicts_)) return kInvalidAnswer;
    joins_ = engine_.joins(ignore_session, day, start, minutes);
    if (conflicts_.empty()) return 0;
    static_assert(slotfit::kConflictKindNames.size() <= 16, "a code keeps the kind in 4 bits");
    codes_.resize(1 + conflicts_.size());
    hover_.clear();
    bool plain = true;
    for (std::size_t i = 0; i < conflicts_.size(); ++i) {
      const slotfit::Conflict& c = conflicts_[i];
      const int kind = static_cast<int>(c.kind);
      int code = kind;
      if (c.row >= 0) {
        code |= (c.row + 1) << 5;
      } else if (const int id = intern(c); id >= 0) {
        code |= (id + 1) << 5 | 16;
      }
      codes_[1 + i] = code;
      if (code > 15 || !plain) continue;
      if (has_separator(c.message) || (c.ref_id && has_separator(*c.ref_id))) {
        plain = false;
        continue;
      }
      hover_ += c.message;
      hover_ += kField;
      if (c.ref_id) {
        hover_ += '=';
        hover_ += *c.ref_id;
      }
      hover_ += kRecord;
    }
    if (!plain) describe_json();
    codes_[0] = static_cast<std::int32_t>(hover_.size());
    std::uint32_t count = static_cast<std::uint32_t>(conflicts_.size());
    if (hover_.data() != reported_hover_ || codes_.data() != reported_codes_) count |= kHoverMoved;
    return count;
  }

  // The text of the last describe()'s conflict at `index`, as the JSON array [message, ref] in the text buffer:
  // what JS asks once per row of a row kind (and per interned text), right after the describe() that named it.
  std::uint32_t rowConflict(std::uint32_t index) {
    if (index >= conflicts_.size()) throw_js_error("rowConflict: no such conflict in the last answer");
    const slotfit::Conflict& c = conflicts_[index];
    std::string doc = "[";
    append_json_string(doc, c.message);
    doc += ',';
    if (c.ref_id) {
      append_json_string(doc, *c.ref_id);
    } else {
      doc += "null";
    }
    doc += ']';
    return answer(std::move(doc));
  }

  std::uintptr_t joinsAddress() const { return reinterpret_cast<std::uintptr_t>(&joins_); }

  // The group of `session` moved together to (day, start): [[kind, message, ref, student_id]…] in the text buffer
  // (ref and student_id null when none; student_id null for the kinds that hold for the whole group), or
  // kInvalidAnswer for a session that is not placed or a start outside the day.
  std::uint32_t describeGroup(int session, int day, int start) {
    if (!engine_.check_group(session, day, start, member_conflicts_)) return kInvalidAnswer;
    std::string doc = "[";
    for (std::size_t i = 0; i < member_conflicts_.size(); ++i) {
      const slotfit::MemberConflict& c = member_conflicts_[i];
      if (i > 0) doc += ',';
      doc += '[';
      doc += std::to_string(static_cast<int>(c.conflict.kind));
      doc += ',';
      append_json_string(doc, c.conflict.message);
      for (const auto* text : {&c.conflict.ref_id, &c.student_id}) {
        doc += ',';
        if (*text) {
          append_json_string(doc, **text);
        } else {
          doc += "null";
        }
      }
      doc += ']';
    }
    doc += ']';
    return answer(std::move(doc));
  }

  std::uintptr_t codesAddress() {
    reported_codes_ = codes_.data();
    return reinterpret_cast<std::uintptr_t>(reported_codes_);
  }

  std::uintptr_t hoverAddress() {
    reported_hover_ = hover_.data();
    return reinterpret_cast<std::uintptr_t>(reported_hover_);
  }

  // One Uint32Array [dayCount, startCount, days…, starts…, kinds…], copied out of the heap: a view would die on
  // the next memory growth, and one array costs a single slice() instead of three.
  // Each map ends with one join per cell (as the grid's kinds; an index into groups(), -1 for none): the group a
  // drop there would join. A group's map leaves out its own group.
  val conflictMap(int student, int minutes, int ignore_session) {
    const slotfit::ConflictGrid grid = engine_.conflict_map(student, minutes, ignore_session);
    return pack(grid, engine_.join_map(ignore_session, minutes, grid));
  }

  val conflictMapForSession(int session) {
    const slotfit::ConflictGrid grid = engine_.conflict_map_for_session(session);
    if (grid.starts.empty()) return pack(grid, {});
    // The map's length, as conflict_map_for_session() took it: the session's, or a placeholder's student's.
    const slotfit::Payload& payload = *engine_.payload();
    const slotfit::SessionRow& row = payload.sessions[static_cast<std::size_t>(session)];
    const int minutes = !row.is_placeholder()
                            ? *row.end_time - *row.start_time
                            : *payload.students[static_cast<std::size_t>(*engine_.student_index(row.student_id))].minutes_per_session;
    return pack(grid, engine_.join_map(session, minutes, grid));
  }

  val conflictMapGroup(int session) {
    const slotfit::ConflictGrid grid = engine_.conflict_map_group(session);
    std::vector<std::int32_t> joins(grid.kinds.size(), -1);
    if (!grid.starts.empty()) {
      const slotfit::SessionRow& row = engine_.payload()->sessions[static_cast<std::size_t>(session)];
      joins = engine_.join_map(session, *row.end_time - *row.start_time, grid);
      const int own = engine_.joins(session, *row.day_of_week, *row.start_time, *row.end_time - *row.start_time);
      for (std::int32_t& j : joins)
        if (j == own) j = -1;
    }
    return pack(grid, joins);
  }

  // options: {"strategy": name, "student_ids": [id…], "allow_incomplete": bool, "effort": name,
  // "time_limit_ms": number}, every key optional.
  std::uint32_t autoSchedule(const std::string& options_text) {
    const json options = json::parse(options_text, nullptr, /*allow_exceptions=*/false);
    if (options.is_discarded() || !options.is_object()) throw_js_error("autoSchedule options must be a JSON object");
    slotfit::ScheduleOptions parsed;
    if (auto it = options.find("strategy"); it != options.end() && !it->is_null()) {
      const auto strategy = it->is_string() ? slotfit::strategy_from_name(it->get<std::string>()) : std::nullopt;
      if (!strategy) {
        slotfit::ScheduleResult refused;
        refused.errors = one_error("bad-value", "/strategy", "unknown strategy " + it->dump());
        return answer(slotfit::schedule_json(refused));
      }
      parsed.strategy = *strategy;
    }
    if (auto it = options.find("student_ids"); it != options.end() && it->is_array())
      for (const json& id : *it)
        if (id.is_string()) parsed.student_ids.push_back(id.get<std::string>());
    if (auto it = options.find("allow_incomplete"); it != options.end() && it->is_boolean())
      parsed.allow_incomplete = it->get<bool>();
    if (auto it = options.find("effort"); it != options.end() && !it->is_null()) {
      const auto effort = it->is_string() ? slotfit::effort_from_name(it->get<std::string>()) : std::nullopt;
      if (!effort) {
        slotfit::ScheduleResult refused;
        refused.errors = one_error("bad-value", "/effort", "unknown effort " + it->dump());
        return answer(slotfit::schedule_json(refused));
      }
      parsed.effort = *effort;
    }
    if (auto it = options.find("time_limit_ms"); it != options.end() && it->is_number())
      parsed.time_limit_ms = it->get<double>();
    return answer(slotfit::schedule_json(engine_.auto_schedule(parsed)));
  }

  // {"errors":[…]} (nothing applied), or {"errors":[],"sessions":[[id, index]…]}: the index of every session the
  // changes named, -1 for a removed one, so the JS side updates its id map without re-reading the whole table.
  // "relabelled": [[id, group_ref]…], the sessions whose label the group label rule set to other than their row
  // said (the rows as sent, or as loaded for sessions the changes did not name).
  std::uint32_t applyChanges(std::uintptr_t address, std::uint32_t length) {
    auto parsed = slotfit::parse_changes(std::string_view(reinterpret_cast<const char*>(address), length));
    if (auto* errors = std::get_if<slotfit::Errors>(&parsed)) return answer(errors_doc(*errors));
    const auto& changes = std::get<std::vector<slotfit::SessionChange>>(parsed);
    std::vector<int> relabelled;
    slotfit::Errors errors = engine_.apply_changes(changes, &relabelled);
    if (!errors.empty()) return answer(errors_doc(errors));
    std::string doc = "{\"errors\":[],\"relabelled\":[";
    for (std::size_t i = 0; i < relabelled.size(); ++i) {
      const slotfit::SessionRow& row = engine_.payload()->sessions[static_cast<std::size_t>(relabelled[i])];
      if (i > 0) doc += ',';
      doc += '[';
      append_json_string(doc, row.id);
      doc += ',';
      if (row.group_ref) {
        append_json_string(doc, *row.group_ref);
      } else {
        doc += "null";
      }
      doc += ']';
    }
    doc += "],\"sessions\":[";
    for (std::size_t i = 0; i < changes.size(); ++i) {
      const std::string& id = changes[i].row.id;
      const auto index = engine_.session_index(id);
      if (i > 0) doc += ',';
      doc += '[';
      append_json_string(doc, id);
      doc += ',';
      doc += std::to_string(index ? *index : -1);
      doc += ']';
    }
    doc += "]}";
    return answer(std::move(doc));
  }

  // Repair suggestions: the options as JSON in the heap (slotfit/suggest.hpp has the shape), answered as
  // {"errors":[…],"suggestions":[…]}. The proposal's rows may be many, so they cross like a change list.
  std::uint32_t suggest(std::uintptr_t address, std::uint32_t length) {
    auto parsed = slotfit::parse_suggest_options(std::string_view(reinterpret_cast<const char*>(address), length));
    if (auto* errors = std::get_if<slotfit::Errors>(&parsed)) return answer(errors_doc(*errors));
    return answer(slotfit::suggestions_json(engine_.suggest(std::get<slotfit::SuggestOptions>(parsed))));
  }

  // After a save: the database's new version (null clears it).
  void setDataVersion(const val& version) {
    if (version.isNull() || version.isUndefined()) {
      engine_.set_data_version(std::nullopt);
    } else {
      engine_.set_data_version(version.as<std::string>());
    }
  }

  std::uint32_t stats() { return answer(stats_doc()); }

  // [{"id", "day", "start", "end", "session_ids", "student_ids", "group_ref"}…] (slotfit/groups.hpp).
  std::uint32_t groups() { return answer(slotfit::groups_json(engine_.groups())); }

 private:
  std::uint32_t answer(std::string text) {
    text_ = std::move(text);
    return static_cast<std::uint32_t>(text_.size());
  }

  // The number of this kind, message and ref since the last load; -1 once intern_limit of them are known.
  int intern(const slotfit::Conflict& c) {
    key_.clear();
    key_ += static_cast<char>(c.kind);
    const auto length = static_cast<std::uint32_t>(c.message.size());
    key_.append(reinterpret_cast<const char*>(&length), sizeof length);
    key_ += c.message;
    if (c.ref_id) {
      key_ += '=';
      key_ += *c.ref_id;
    }
    if (auto it = interned_.find(key_); it != interned_.end()) return it->second;
    if (interned_.size() >= intern_limit_) return -1;
    const int id = static_cast<int>(interned_.size());
    interned_.emplace(key_, id);
    return id;
  }

  static bool has_separator(std::string_view text) {
    return text.find(kRecord) != std::string_view::npos || text.find(kField) != std::string_view::npos;
  }

  // describe()'s text when a field holds a separator: [[message, ref]…] of the conflicts sent as text.
  void describe_json() {
    json out = json::array();
    for (std::size_t i = 0; i < conflicts_.size(); ++i) {
      const slotfit::Conflict& c = conflicts_[i];
      if (codes_[1 + i] <= 15) out.push_back(json::array({c.message, c.ref_id ? json(*c.ref_id) : json(nullptr)}));
    }
    hover_ = out.dump(-1, ' ', false, json::error_handler_t::replace);
  }

  std::string stats_doc() const { return slotfit::stats_json(engine_.stats()); }

  std::string loaded_doc() const {
    const slotfit::Payload* payload = engine_.payload();
    std::string doc = "{\"errors\":[],\"stats\":" + stats_doc() + ",\"students\":[";
    for (std::size_t i = 0; i < payload->students.size(); ++i) {
      if (i > 0) doc += ',';
      append_json_string(doc, payload->students[i].id);
    }
    doc += "],\"sessions\":[";
    for (std::size_t i = 0; i < payload->sessions.size(); ++i) {
      if (i > 0) doc += ',';
      const std::string& id = payload->sessions[i].id;
      const auto index = engine_.session_index(id);
      if (index && *index == static_cast<int>(i)) {
        append_json_string(doc, id);
      } else {
        doc += "null";
      }
    }
    doc += "]}";
    return doc;
  }

  val pack(const slotfit::ConflictGrid& grid, const std::vector<std::int32_t>& joins) {
    packed_.clear();
    packed_.reserve(2 + grid.days.size() + grid.starts.size() + 2 * grid.kinds.size());
    packed_.push_back(static_cast<std::uint32_t>(grid.days.size()));
    packed_.push_back(static_cast<std::uint32_t>(grid.starts.size()));
    for (int day : grid.days) packed_.push_back(static_cast<std::uint32_t>(day));
    for (int start : grid.starts) packed_.push_back(static_cast<std::uint32_t>(start));
    packed_.insert(packed_.end(), grid.kinds.begin(), grid.kinds.end());
    for (std::int32_t j : joins) packed_.push_back(static_cast<std::uint32_t>(j));
    return val(emscripten::typed_memory_view(packed_.size(), packed_.data())).call<val>("slice");
  }

  slotfit::Engine engine_;
  std::string text_;                          // the last text answer, read in place by JS
  std::string hover_ = std::string(4096, '\0');  // describe()'s answer; sized once so that it rarely moves
  const char* reported_hover_ = nullptr;
  std::vector<std::int32_t> codes_ = std::vector<std::int32_t>(256);  // describe()'s integers; sized once too
  const std::int32_t* reported_codes_ = nullptr;
  std::unordered_map<std::string, int> interned_;  // kind + message + ref → its number, since the last load
  std::string key_;                                // intern()'s key, reused
  std::size_t intern_limit_ = intern_limit;         // the module's, when the payload was loaded
  std::vector<slotfit::Conflict> conflicts_;  // reused: describe() allocates only the messages
  std::int32_t joins_ = -1;                   // describe()'s join, read in place by JS
  std::vector<slotfit::MemberConflict> member_conflicts_;
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

std::string effortNames() {
  std::string out;
  for (std::string_view name : slotfit::kEffortNames) {
    if (!out.empty()) out += ',';
    out += name;
  }
  return out;
}

// For the tests: how many texts a handle numbers per load, from its next load on (0: every conflict of a kind
// that depends on the candidate goes as text). Returns the previous limit.
double setInternLimit(double limit) {
  const double old = static_cast<double>(intern_limit);
  intern_limit = static_cast<std::size_t>(limit);
  return old;
}

// Bytes the allocator holds for live objects: what the leak test watches (the wasm memory itself never shrinks).
double heapUsed() { return static_cast<double>(mallinfo().uordblks); }

}  // namespace

EMSCRIPTEN_BINDINGS(slotfit) {
  emscripten::class_<EngineHandle>("EngineHandle")
      .constructor<>()
      .function("textAddress", &EngineHandle::textAddress)
      .function("load", &EngineHandle::load)
      .function("check", &EngineHandle::check)
      .function("describe", &EngineHandle::describe)
      .function("hoverAddress", &EngineHandle::hoverAddress)
      .function("codesAddress", &EngineHandle::codesAddress)
      .function("rowConflict", &EngineHandle::rowConflict)
      .function("conflictMap", &EngineHandle::conflictMap)
      .function("conflictMapForSession", &EngineHandle::conflictMapForSession)
      .function("conflictMapGroup", &EngineHandle::conflictMapGroup)
      .function("describeGroup", &EngineHandle::describeGroup)
      .function("joinsAddress", &EngineHandle::joinsAddress)
      .function("autoSchedule", &EngineHandle::autoSchedule)
      .function("applyChanges", &EngineHandle::applyChanges)
      .function("suggest", &EngineHandle::suggest)
      .function("setDataVersion", &EngineHandle::setDataVersion)
      .function("stats", &EngineHandle::stats)
      .function("groups", &EngineHandle::groups);
  emscripten::function("kindNames", &kindNames);
  emscripten::function("strategyNames", &strategyNames);
  emscripten::function("effortNames", &effortNames);
  emscripten::function("heapUsed", &heapUsed);
  emscripten::function("setInternLimit", &setInternLimit);
}
