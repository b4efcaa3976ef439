// The options of Engine::suggest as JSON (the wasm module's input); the shape is in slotfit/suggest.hpp.
#include <climits>
#include <string>
#include <string_view>
#include <utility>

#include "json_reader.hpp"
#include "slotfit/suggest.hpp"

namespace slotfit {
namespace {

using json_input::Json;
using json_input::JsonReader;
using json_input::Object;
using json_input::Presence;
using json_input::TimeForm;

// An omittable integer within [lo, hi]; false (error recorded) for anything else.
bool read_int(JsonReader& reader, Object& object, std::string_view key, int lo, int hi, int& out) {
  const Json* value = reader.find(object, key, Presence::kOmittable);
  if (value == nullptr) return true;
  const auto number = value->is_number() ? json_input::integer_value(*value) : std::nullopt;
  if (!value->is_number()) {
    reader.fail_at(key, json_input::kWrongType, "expected an integer, found " + json_input::describe(*value));
    return false;
  }
  if (!number || *number < lo || *number > hi) {
    reader.fail_at(key, json_input::kBadValue,
                   "expected an integer " + std::to_string(lo) + "-" + std::to_string(hi) + ", found " +
                       json_input::describe(*value));
    return false;
  }
  out = static_cast<int>(*number);
  return true;
}

void read_placement(JsonReader& reader, Object& row, Placement& out) {
  reader.read_optional_string(row, "id", out.id, Presence::kOmittable);
  reader.read_id(row, "student_id", out.student_id);
  reader.read_day(row, "day_of_week", out.day_of_week);
  const bool start = reader.read_time(row, "start_time", TimeForm::kTextOrMinutes, out.start_time);
  const bool end = reader.read_time(row, "end_time", TimeForm::kTextOrMinutes, out.end_time);
  if (start && end) payload_rules::check_end_after_start(reader, out.start_time, out.end_time);
}

}  // namespace

std::variant<SuggestOptions, Errors> parse_suggest_options(std::string_view json_text) {
  Json doc;
  Error syntax_error;
  if (!json_input::parse_document(json_text, doc, syntax_error)) return Errors{std::move(syntax_error)};
  Object* root = doc.get_ptr<Object*>();
  if (root == nullptr) {
    return Errors{Error{std::string(json_input::kWrongType), "",
                        "expected the suggest options (an object), found " + json_input::describe(doc)}};
  }
  Errors errors;
  JsonReader reader(errors);
  SuggestOptions options;
  reader.read_id(*root, "student_id", options.student_id);
  read_int(reader, *root, "limit", 1, INT_MAX, options.limit);
  read_int(reader, *root, "max_moves", 0, kMaxSuggestMoves, options.max_moves);
  std::string strategy;
  if (root->count("strategy") && reader.read_string(*root, "strategy", strategy)) {
    if (auto parsed = strategy_from_name(strategy)) {
      options.strategy = *parsed;
    } else {
      reader.fail_at("strategy", json_input::kBadValue, "unknown strategy " + json_input::quote_text(strategy));
    }
  }
  if (root->count("allow_incomplete")) reader.read_bool(*root, "allow_incomplete", options.allow_incomplete);
  if (json_input::Array* rows = reader.find_array(*root, "placements", Presence::kOmittable)) {
    const auto at_rows = reader.enter("placements");
    options.placements.resize(rows->size());
    for (std::size_t i = 0; i < rows->size() && !reader.full(); ++i) {
      const auto at_row = reader.enter(i);
      Object* row = (*rows)[i].get_ptr<Object*>();
      if (row == nullptr) {
        reader.fail(json_input::kWrongType, "expected a placement (an object), found " + json_input::describe((*rows)[i]));
        continue;
      }
      read_placement(reader, *row, options.placements[i]);
    }
  }
  if (!errors.empty()) return errors;
  return options;
}

}  // namespace slotfit
