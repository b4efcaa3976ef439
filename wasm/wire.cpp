// The C++ side of the wire (wasm/wire.md).
#include "wire.hpp"

#include <optional>
#include <utility>

#include <nlohmann/json.hpp>

#include "slotfit_json_dom.hpp"

#include "slotfit/json_write.hpp"
#include "slotfit/report.hpp"

namespace slotfit::wire {

// Answers made once per user action (a refusal, a change list, the options, a conflict's first text), not per
// check or map: built for size, as the bindings' cold entry points are.
#define SLOTFIT_WIRE_COLD __attribute__((minsize))
namespace {

using nlohmann::json;

// The wire's strings: every control character as \u00XX, every other byte as it is (wasm/wire.md, "Text out").
void append_json_string(std::string& out, std::string_view text) { json_write::append_string(out, text); }

std::size_t current_intern_limit = kDefaultInternLimit;

Error bad_value(std::string path, std::string message) {
  return Error{"bad-value", std::move(path), std::move(message)};
}

// A value as the options held it, for a refusal's message: compact, keys sorted, strings escaped as the report
// writers do (as nlohmann's dump wrote it before; the reader has refused invalid UTF-8 already).
void append_value(std::string& out, const json& value) {
  switch (value.type()) {
    case json::value_t::object:
    case json::value_t::array: {
      const bool object = value.is_object();
      out += object ? '{' : '[';
      for (auto it = value.begin(); it != value.end(); ++it) {
        if (it != value.begin()) out += ',';
        if (object) {
          json_write::append_string(out, it.key(), json_write::Escapes::kShortReplacingInvalid);
          out += ':';
        }
        append_value(out, it.value());
      }
      out += object ? '}' : ']';
      break;
    }
    case json::value_t::string:
      json_write::append_string(out, *value.get_ptr<const json::string_t*>(),
                                json_write::Escapes::kShortReplacingInvalid);
      break;
    case json::value_t::boolean:
      out += value.get<bool>() ? "true" : "false";
      break;
    case json::value_t::number_integer:
      out += std::to_string(value.get<json::number_integer_t>());
      break;
    case json::value_t::number_unsigned:
      out += std::to_string(value.get<json::number_unsigned_t>());
      break;
    case json::value_t::number_float:
      json_write::append_number(out, value.get<double>());
      break;
    default:  // null (the JSON readers build no binary or discarded values)
      out += "null";
  }
}

// "unknown strategy " and the value as sent.
std::string unknown(std::string_view what, const json& value) {
  std::string out = "unknown ";
  out += what;
  out += ' ';
  append_value(out, value);
  return out;
}

template <std::size_t N>
void append_name_of(std::string& out, const std::array<std::string_view, N>& names, std::size_t index) {
  append_json_string(out, names[index]);
}

void append_json_strings(std::string& out, const std::vector<std::string>& texts) {
  out += '[';
  for (std::size_t i = 0; i < texts.size(); ++i) {
    if (i > 0) out += ',';
    append_json_string(out, texts[i]);
  }
  out += ']';
}

}  // namespace

SLOTFIT_WIRE_COLD std::string errors_answer(const Errors& errors) { return "{\"errors\":" + errors_json(errors) + "}"; }

SLOTFIT_WIRE_COLD std::string conflict_text(const Conflict& conflict) {
  std::string out = "[";
  append_json_string(out, conflict.message);
  out += ',';
  if (conflict.ref_id) {
    append_json_string(out, *conflict.ref_id);
  } else {
    out += "null";
  }
  out += ']';
  return out;
}

std::string load_answer(const Engine& engine) {
  const Payload* payload = engine.payload();
  std::string out = "{\"errors\":[],\"stats\":" + stats_json(engine.stats()) + ",\"students\":[";
  for (std::size_t i = 0; i < payload->students.size(); ++i) {
    if (i > 0) out += ',';
    append_json_string(out, payload->students[i].id);
  }
  out += "],\"sessions\":[";
  for (std::size_t i = 0; i < payload->sessions.size(); ++i) {
    if (i > 0) out += ',';
    const std::string& id = payload->sessions[i].id;
    const auto index = engine.session_index(id);
    if (index && *index == static_cast<int>(i)) {
      append_json_string(out, id);
    } else {
      out += "null";
    }
  }
  out += "]}";
  return out;
}

namespace {

void append_json_string_or_null(std::string& out, const std::optional<std::string>& text) {
  if (text) {
    append_json_string(out, *text);
  } else {
    out += "null";
  }
}

}  // namespace

SLOTFIT_WIRE_COLD std::string applied_answer(const std::vector<std::string>& ids, const std::vector<int>& indexes,
                           const std::vector<Relabel>& relabelled) {
  std::string out = "{\"errors\":[],\"sessions\":[";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) out += ',';
    out += '[';
    append_json_string(out, ids[i]);
    out += ',';
    out += std::to_string(indexes[i]);
    out += ']';
  }
  out += "],\"relabelled\":[";
  for (std::size_t i = 0; i < relabelled.size(); ++i) {
    if (i > 0) out += ',';
    out += '[';
    append_json_string(out, relabelled[i].id);
    out += ',';
    append_json_string_or_null(out, relabelled[i].group_ref);
    out += ']';
  }
  out += "]}";
  return out;
}

std::string member_conflicts_answer(const std::vector<MemberConflict>& conflicts) {
  std::string out = "[";
  for (std::size_t i = 0; i < conflicts.size(); ++i) {
    const MemberConflict& c = conflicts[i];
    if (i > 0) out += ',';
    out += '[';
    out += std::to_string(static_cast<int>(c.conflict.kind));
    out += ',';
    append_json_string(out, c.conflict.message);
    out += ',';
    append_json_string_or_null(out, c.conflict.ref_id);
    out += ',';
    append_json_string_or_null(out, c.student_id);
    out += ']';
  }
  out += ']';
  return out;
}

SLOTFIT_WIRE_COLD ScheduleRequest parse_schedule_options(std::string_view text) {
  ScheduleRequest request;
  const json options = json_dom::parse(text);
  if (options.is_discarded() || !options.is_object()) {
    request.malformed = true;
    return request;
  }
  ScheduleOptions& parsed = request.options;
  if (auto it = options.find("strategy"); it != options.end() && !it->is_null()) {
    const auto strategy = it->is_string() ? strategy_from_name(it->get<std::string>()) : std::nullopt;
    if (!strategy) {
      request.errors.push_back(bad_value("/strategy", unknown("strategy", *it)));
      return request;
    }
    parsed.strategy = *strategy;
  }
  if (auto it = options.find("student_ids"); it != options.end() && it->is_array())
    for (const json& id : *it)
      if (id.is_string()) parsed.student_ids.push_back(id.get<std::string>());
  if (auto it = options.find("allow_incomplete"); it != options.end() && it->is_boolean())
    parsed.allow_incomplete = it->get<bool>();
  if (auto it = options.find("effort"); it != options.end() && !it->is_null()) {
    const auto effort = it->is_string() ? effort_from_name(it->get<std::string>()) : std::nullopt;
    if (!effort) {
      request.errors.push_back(bad_value("/effort", unknown("effort", *it)));
      return request;
    }
    parsed.effort = *effort;
  }
  if (auto it = options.find("time_limit_ms"); it != options.end() && it->is_number())
    parsed.time_limit_ms = it->get<double>();
  return request;
}

SLOTFIT_WIRE_COLD std::string schedule_options_text(const ScheduleOptions& options) {
  std::string out = "{\"strategy\":";
  append_name_of(out, kStrategyNames, static_cast<std::size_t>(options.strategy));
  out += ",\"effort\":";
  append_name_of(out, kEffortNames, static_cast<std::size_t>(options.effort));
  out += ",\"allow_incomplete\":";
  out += options.allow_incomplete ? "true" : "false";
  out += ",\"student_ids\":";
  append_json_strings(out, options.student_ids);
  if (options.time_limit_ms) {
    out += ",\"time_limit_ms\":";
    json_write::append_number(out, *options.time_limit_ms);
  }
  out += '}';
  return out;
}

void pack_grid(const ConflictGrid& grid, std::vector<std::uint32_t>& out) {
  out.clear();
  out.reserve(2 + grid.days.size() + grid.starts.size() + grid.kinds.size());
  out.push_back(static_cast<std::uint32_t>(grid.days.size()));
  out.push_back(static_cast<std::uint32_t>(grid.starts.size()));
  for (int day : grid.days) out.push_back(static_cast<std::uint32_t>(day));
  for (int start : grid.starts) out.push_back(static_cast<std::uint32_t>(start));
  out.insert(out.end(), grid.kinds.begin(), grid.kinds.end());
}

void append_joins(const std::vector<std::int32_t>& joins, std::vector<std::uint32_t>& out) {
  for (std::int32_t j : joins) out.push_back(static_cast<std::uint32_t>(j));
}

std::size_t intern_limit() { return current_intern_limit; }
void set_intern_limit(std::size_t limit) { current_intern_limit = limit; }

std::uint32_t ConflictEncoder::encode() {
  if (conflicts_.empty()) return 0;
  static_assert(kConflictKindNames.size() <= 16, "a code keeps the kind in 4 bits");
  codes_.resize(1 + conflicts_.size());
  // A text the table does not hold, with the table full: empty it and number the whole answer again, so that one
  // answer's numbers all belong to one epoch (the numbers of the first try were never sent).
  if (!number_all(/*bounded=*/true)) {
    reset();
    number_all(/*bounded=*/false);
  }
  codes_[0] = epoch_;
  auto count = static_cast<std::uint32_t>(conflicts_.size());
  if (codes_.data() != reported_codes_) count |= kCodesMoved;
  return count;
}

bool ConflictEncoder::number_all(bool bounded) {
  for (std::size_t i = 0; i < conflicts_.size(); ++i) {
    const Conflict& c = conflicts_[i];
    const auto kind = static_cast<std::int32_t>(c.kind);
    if (c.row >= 0) {
      codes_[1 + i] = c.row << kNumberShift | kind;
      continue;
    }
    const int number = intern(c, bounded);
    if (number < 0) return false;
    codes_[1 + i] = number << kNumberShift | kInternedBit | kind;
  }
  return true;
}

std::uintptr_t ConflictEncoder::codes_address() {
  reported_codes_ = codes_.data();
  return reinterpret_cast<std::uintptr_t>(reported_codes_);
}

void ConflictEncoder::reset() {
  interned_ = {};  // not clear(): a table that once held many texts gives its memory back
  ++epoch_;
}

int ConflictEncoder::intern(const Conflict& c, bool bounded) {
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
  if (bounded && interned_.size() >= current_intern_limit) return -1;
  const int number = static_cast<int>(interned_.size());
  interned_.emplace(key_, number);
  return number;
}

}  // namespace slotfit::wire
