#include "support/fixtures.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <utility>

namespace slotfit_test {
namespace {

using nlohmann::json;

// "/a/0/b~1c" -> {"a", "0", "b/c"}; nullopt when it is not a JSON pointer.
std::optional<std::vector<std::string>> pointer_tokens(const std::string& pointer) {
  std::vector<std::string> tokens;
  if (pointer.empty()) return tokens;
  if (pointer.front() != '/') return std::nullopt;
  std::string token;
  for (std::size_t i = 1; i <= pointer.size(); ++i) {
    if (i == pointer.size() || pointer[i] == '/') {
      tokens.push_back(std::move(token));
      token.clear();
    } else if (pointer[i] == '~') {
      if (i + 1 >= pointer.size() || (pointer[i + 1] != '0' && pointer[i + 1] != '1')) return std::nullopt;
      token += pointer[i + 1] == '0' ? '~' : '/';
      ++i;
    } else {
      token += pointer[i];
    }
  }
  return tokens;
}

// An array index as RFC 6901 spells it: digits, no leading zero.
std::optional<std::size_t> array_index(const std::string& token) {
  if (token.empty() || token.size() > 9 || (token.size() > 1 && token[0] == '0')) return std::nullopt;
  std::size_t index = 0;
  for (const char c : token) {
    if (c < '0' || c > '9') return std::nullopt;
    index = index * 10 + static_cast<std::size_t>(c - '0');
  }
  return index;
}

std::optional<std::string> apply_op(json& document, const json& op) {
  if (!op.is_object()) return "a patch op must be an object";
  const auto name = op.find("op");
  const auto where = op.find("path");
  if (name == op.end() || !name->is_string()) return "a patch op needs \"op\"";
  if (where == op.end() || !where->is_string()) return "a patch op needs \"path\"";
  const std::string& kind = name->get_ref<const std::string&>();
  const std::string& pointer = where->get_ref<const std::string&>();
  if (kind != "add" && kind != "remove" && kind != "replace") return "unsupported op " + kind;
  const auto value = op.find("value");
  if (kind != "remove" && value == op.end()) return kind + " needs \"value\"";

  const auto tokens = pointer_tokens(pointer);
  if (!tokens) return "not a JSON pointer: " + pointer;
  if (tokens->empty()) {
    if (kind == "remove") return "cannot remove the document";
    document = *value;
    return std::nullopt;
  }
  json* parent = &document;
  for (std::size_t i = 0; i + 1 < tokens->size(); ++i) {
    const std::string& token = (*tokens)[i];
    if (auto* object = parent->get_ptr<json::object_t*>()) {
      const auto it = object->find(token);
      if (it == object->end()) return "no " + token + " on the way to " + pointer;
      parent = &it->second;
    } else if (auto* array = parent->get_ptr<json::array_t*>()) {
      const auto index = array_index(token);
      if (!index || *index >= array->size()) return "no index " + token + " on the way to " + pointer;
      parent = &(*array)[*index];
    } else {
      return "cannot descend into a scalar at " + token + " of " + pointer;
    }
  }
  const std::string& last = tokens->back();
  if (auto* object = parent->get_ptr<json::object_t*>()) {
    const auto it = object->find(last);
    if (kind != "add" && it == object->end()) return kind + " of a missing key: " + pointer;
    if (kind == "remove") {
      object->erase(it);
    } else {
      (*object)[last] = *value;
    }
    return std::nullopt;
  }
  if (auto* array = parent->get_ptr<json::array_t*>()) {
    if (kind == "add" && last == "-") {
      array->push_back(*value);
      return std::nullopt;
    }
    const auto index = array_index(last);
    const std::size_t limit = kind == "add" ? array->size() + 1 : array->size();
    if (!index || *index >= limit) return "index out of range: " + pointer;
    const auto at = array->begin() + static_cast<std::ptrdiff_t>(*index);
    if (kind == "add") {
      array->insert(at, *value);
    } else if (kind == "remove") {
      array->erase(at);
    } else {
      *at = *value;
    }
    return std::nullopt;
  }
  return "the parent of " + pointer + " is a scalar";
}

// {"path", "unit", "count"}: the value at path becomes `count` times `unit` (a string repeated, else an array of
// copies): a value too large to write into the case file.
std::optional<std::string> apply_grow(json& document, const json& grow) {
  const auto path = grow.find("path");
  const auto unit = grow.find("unit");
  const auto count = grow.find("count");
  if (path == grow.end() || unit == grow.end() || count == grow.end() || !path->is_string() ||
      !count->is_number_unsigned()) {
    return "grow needs a path, a unit and a count";
  }
  const auto n = count->get<std::size_t>();
  json value;
  if (const auto* text = unit->get_ptr<const std::string*>()) {
    std::string repeated;
    repeated.reserve(text->size() * n);
    for (std::size_t i = 0; i < n; ++i) repeated += *text;
    value = std::move(repeated);
  } else {
    value = json::array();
    value.get_ptr<json::array_t*>()->assign(n, *unit);
  }
  return apply_op(document, json{{"op", "replace"}, {"path", *path}, {"value", std::move(value)}});
}

const std::string* string_member(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get_ptr<const std::string*>() : nullptr;
}

}  // namespace

std::string fixture_path(std::string_view name) {
  return std::string(SLOTFIT_FIXTURES_DIR) + "/" + std::string(name);
}

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return std::move(text).str();
}

std::string read_fixture(std::string_view name) {
  auto text = read_file(fixture_path(name));
  if (!text) {
    ADD_FAILURE() << "cannot read fixture " << fixture_path(name);
    return {};
  }
  return std::move(*text);
}

std::vector<std::string> fixture_names(std::string_view extension) {
  std::vector<std::string> names;
  std::error_code error;
  for (std::filesystem::directory_iterator it(SLOTFIT_FIXTURES_DIR, error), end; !error && it != end;
       it.increment(error)) {
    const std::string name = it->path().filename().string();
    if (name.size() > extension.size() && name.compare(name.size() - extension.size(), extension.size(),
                                                       extension.data(), extension.size()) == 0) {
      names.push_back(name);
    }
  }
  if (error) ADD_FAILURE() << "cannot list " << SLOTFIT_FIXTURES_DIR << ": " << error.message();
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<PayloadFixture> payload_fixtures() {
  std::vector<PayloadFixture> out;
  for (std::string& name : fixture_names(".json")) {
    std::string text = read_fixture(name);
    const nlohmann::json doc = parse_json(text);
    if (doc.is_object() && doc.contains("schema_version")) out.push_back({std::move(name), std::move(text)});
  }
  return out;
}

std::string read_schema_text() {
  auto text = read_file(SLOTFIT_SCHEMA_PATH);
  if (!text) {
    ADD_FAILURE() << "cannot read the schema " << SLOTFIT_SCHEMA_PATH;
    return {};
  }
  return std::move(*text);
}

json parse_json(std::string_view text) {
  return json::parse(text.begin(), text.end(), nullptr, false);
}

std::optional<std::string> apply_patch(json& document, const json& patch) {
  if (!patch.is_array()) return "a patch must be an array of ops";
  for (const json& op : patch) {
    if (auto problem = apply_op(document, op)) return problem;
  }
  return std::nullopt;
}

std::vector<BadPayloadCase> load_bad_payload_cases(std::string* problem) {
  const auto fail = [&](std::string why) {
    if (problem != nullptr) *problem = std::move(why);
    return std::vector<BadPayloadCase>{};
  };
  const auto text = read_file(fixture_path("bad-payloads.json"));
  if (!text) return fail("cannot read " + fixture_path("bad-payloads.json"));
  const json file = parse_json(*text);
  if (!file.is_array()) return fail("bad-payloads.json is not a JSON array");

  std::map<std::string, json> bases;
  std::vector<BadPayloadCase> cases;
  cases.reserve(file.size());
  for (const json& entry : file) {
    BadPayloadCase& out = cases.emplace_back();
    out.name = "case " + std::to_string(cases.size() - 1);
    if (!entry.is_object()) {
      out.problem = "not an object";
      continue;
    }
    if (const auto* name = string_member(entry, "name")) out.name = *name;
    const auto expect = entry.find("expect");
    const std::string* code = expect != entry.end() ? string_member(*expect, "code") : nullptr;
    const std::string* path = expect != entry.end() ? string_member(*expect, "path") : nullptr;
    if (code == nullptr || path == nullptr) {
      out.problem = "needs expect.code and expect.path strings";
      continue;
    }
    out.code = *code;
    out.path = *path;
    if (const auto* raw = string_member(entry, "text")) {
      out.text = *raw;
      continue;
    }
    const auto* base_name = string_member(entry, "base");
    const auto patch = entry.find("patch");
    if (base_name == nullptr || patch == entry.end()) {
      out.problem = "needs \"text\", or \"base\" and \"patch\"";
      continue;
    }
    auto base = bases.find(*base_name);
    if (base == bases.end()) {
      const auto base_text = read_file(fixture_path(*base_name));
      base = bases.emplace(*base_name, base_text ? parse_json(*base_text) : json(json::value_t::discarded))
                 .first;
    }
    if (base->second.is_discarded()) {
      out.problem = "cannot read base " + *base_name;
      continue;
    }
    json document = base->second;
    if (auto why = apply_patch(document, *patch)) {
      out.problem = "patch does not apply: " + *why;
      continue;
    }
    if (const auto grow = entry.find("grow"); grow != entry.end()) {
      if (auto why = apply_grow(document, *grow)) {
        out.problem = "grow does not apply: " + *why;
        continue;
      }
    }
    out.text = document.dump();
    out.patched = true;
  }
  return cases;
}

}  // namespace slotfit_test
