#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "json_reader.hpp"
#include "session_row_reader.hpp"
#include "slotfit/changes.hpp"

namespace slotfit {
namespace {

using json_input::Json;
using json_input::JsonReader;
using json_input::Object;
using json_input::Presence;

// The op of a change; false (error recorded) for anything but "upsert" or "remove".
bool read_op(JsonReader& reader, Object& change, SessionChange::Op& op) {
  std::string name = "upsert";
  if (!reader.read_string(change, "op", name, Presence::kOmittable)) return false;
  if (name == "upsert") {
    op = SessionChange::Op::kUpsert;
  } else if (name == "remove") {
    op = SessionChange::Op::kRemove;
  } else {
    reader.fail_at("op", json_input::kBadValue,
                   "expected \"upsert\" or \"remove\", found " + json_input::describe(Json(std::move(name))));
    return false;
  }
  return true;
}

}  // namespace

std::variant<std::vector<SessionChange>, Errors> parse_changes(std::string_view json_text) {
  Json doc;
  Error syntax_error;
  if (!json_input::parse_document(json_text, doc, syntax_error)) return Errors{std::move(syntax_error)};
  auto* items = doc.get_ptr<json_input::Array*>();
  if (items == nullptr) {
    return Errors{Error{std::string(json_input::kWrongType), "",
                        "expected an array of session changes, found " + json_input::describe(doc)}};
  }

  Errors errors;
  JsonReader reader(errors);
  std::vector<SessionChange> changes;
  changes.reserve(items->size());
  for (std::size_t i = 0; i < items->size() && !reader.full(); ++i) {
    const auto at_item = reader.enter(i);
    Object* item = (*items)[i].get_ptr<Object*>();
    if (item == nullptr) {
      reader.fail(json_input::kWrongType,
                  "expected a change (an object), found " + json_input::describe((*items)[i]));
      continue;
    }
    SessionChange& change = changes.emplace_back();
    if (!read_op(reader, *item, change.op)) continue;
    if (change.op == SessionChange::Op::kRemove) {
      reader.read_id(*item, "id", change.row.id);
    } else {
      json_input::read_session_row(reader, *item, json_input::SessionRowForm::kChange, change.row);
    }
  }
  if (!errors.empty()) return errors;
  return changes;
}

}  // namespace slotfit
