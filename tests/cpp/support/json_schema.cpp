#include "support/json_schema.hpp"

#include <cmath>
#include <set>
#include <string_view>
#include <utility>

namespace slotfit_test {
namespace {

using nlohmann::json;

const std::set<std::string_view> kValidationKeywords = {"type",    "required", "properties",  "items",
                                                        "const",   "minimum",  "maximum",     "minLength",
                                                        "pattern", "oneOf",    "uniqueItems", "$ref"};
// Annotations and containers: they never make an instance fail.
const std::set<std::string_view> kInertKeywords = {"$schema", "$id", "title", "description", "definitions"};
const std::set<std::string_view> kTypeNames = {"null",   "boolean", "object", "array",
                                               "number", "integer", "string"};

std::string escape_token(const std::string& token) {
  std::string out;
  for (const char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

// As draft-07 reads "integer": any number without a fractional part, 2.0 included.
bool is_integer(const json& value) {
  if (value.is_number_integer()) return true;
  if (!value.is_number_float()) return false;
  const double d = value.get<double>();
  return std::isfinite(d) && std::trunc(d) == d;
}

bool has_type(const json& value, std::string_view type) {
  if (type == "null") return value.is_null();
  if (type == "boolean") return value.is_boolean();
  if (type == "object") return value.is_object();
  if (type == "array") return value.is_array();
  if (type == "number") return value.is_number();
  if (type == "integer") return is_integer(value);
  if (type == "string") return value.is_string();
  return false;
}

std::size_t code_points(const std::string& text) {
  std::size_t count = 0;
  for (const char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return count;
}

double number(const json& value) {
  return value.get<double>();
}

}  // namespace

JsonSchema::JsonSchema(json schema) : schema_(std::move(schema)) {
  scan(schema_, "");
}

const json* JsonSchema::resolve(const std::string& ref) const {
  static constexpr std::string_view kPrefix = "#/definitions/";
  if (ref.compare(0, kPrefix.size(), kPrefix) != 0) return nullptr;
  const auto definitions = schema_.find("definitions");
  if (definitions == schema_.end() || !definitions->is_object()) return nullptr;
  const auto it = definitions->find(ref.substr(kPrefix.size()));
  return it == definitions->end() ? nullptr : &*it;
}

void JsonSchema::scan(const json& node, const std::string& where) {
  if (!node.is_object()) {
    unsupported_.push_back(where + ": a schema that is not an object");
    return;
  }
  for (const auto& [key, value] : node.items()) {
    const std::string at = where + "/" + escape_token(key);
    if (kInertKeywords.count(key) == 0 && kValidationKeywords.count(key) == 0) {
      unsupported_.push_back(where + ": " + key);
      continue;
    }
    if (key == "properties" || key == "definitions") {
      if (!value.is_object()) {
        unsupported_.push_back(at + ": not an object");
        continue;
      }
      for (const auto& [name, sub] : value.items()) scan(sub, at + "/" + escape_token(name));
    } else if (key == "items") {
      if (value.is_object()) {
        scan(value, at);
      } else {
        unsupported_.push_back(at + ": items in tuple form");
      }
    } else if (key == "oneOf") {
      if (!value.is_array()) {
        unsupported_.push_back(at + ": not an array");
        continue;
      }
      for (std::size_t i = 0; i < value.size(); ++i) scan(value[i], at + "/" + std::to_string(i));
    } else if (key == "$ref") {
      if (!value.is_string() || resolve(value.get<std::string>()) == nullptr) {
        unsupported_.push_back(at + ": only \"#/definitions/<name>\" references");
      }
    } else if (key == "type") {
      const auto known = [](const json& t) {
        return t.is_string() && kTypeNames.count(t.get<std::string>()) > 0;
      };
      bool ok = value.is_array() ? !value.empty() : known(value);
      if (value.is_array()) {
        for (const json& t : value) ok = ok && known(t);
      }
      if (!ok) unsupported_.push_back(at + ": unknown type name");
    } else if (key == "required") {
      bool ok = value.is_array();
      if (ok) {
        for (const json& name : value) ok = ok && name.is_string();
      }
      if (!ok) unsupported_.push_back(at + ": not an array of names");
    } else if (key == "minimum" || key == "maximum") {
      if (!value.is_number()) unsupported_.push_back(at + ": not a number");
    } else if (key == "minLength") {
      if (!value.is_number_unsigned()) unsupported_.push_back(at + ": not a count");
    } else if (key == "uniqueItems") {
      if (!value.is_boolean()) unsupported_.push_back(at + ": not a boolean");
    } else if (key == "pattern") {
      if (!value.is_string()) unsupported_.push_back(at + ": not a string");
    }
  }
}

const std::regex& JsonSchema::regex_for(const std::string& pattern) const {
  auto it = regexes_.find(pattern);
  if (it == regexes_.end()) it = regexes_.emplace(pattern, std::regex(pattern, std::regex::ECMAScript)).first;
  return it->second;
}

std::vector<SchemaViolation> JsonSchema::validate(const json& instance) const {
  std::vector<SchemaViolation> out;
  check(schema_, instance, "", out);
  return out;
}

void JsonSchema::check(const json& node, const json& value, const std::string& path,
                       std::vector<SchemaViolation>& out) const {
  if (!node.is_object()) return;  // reported by scan()
  const auto fail = [&](const char* keyword, std::string message) {
    out.push_back(SchemaViolation{path, keyword, std::move(message)});
  };
  for (const auto& [key, rule] : node.items()) {
    if (key == "$ref" && rule.is_string()) {
      if (const json* target = resolve(rule.get<std::string>())) check(*target, value, path, out);
    } else if (key == "type") {
      bool ok = false;
      if (rule.is_array()) {
        for (const json& t : rule) ok = ok || (t.is_string() && has_type(value, t.get<std::string>()));
      } else if (rule.is_string()) {
        ok = has_type(value, rule.get<std::string>());
      }
      if (!ok) fail("type", "expected type " + rule.dump() + ", found " + value.dump());
    } else if (key == "const") {
      if (value != rule) fail("const", "expected " + rule.dump() + ", found " + value.dump());
    } else if (key == "minimum" && value.is_number() && rule.is_number()) {
      if (number(value) < number(rule)) fail("minimum", "below " + rule.dump());
    } else if (key == "maximum" && value.is_number() && rule.is_number()) {
      if (number(value) > number(rule)) fail("maximum", "above " + rule.dump());
    } else if (key == "minLength" && value.is_string() && rule.is_number_unsigned()) {
      if (code_points(value.get_ref<const std::string&>()) < rule.get<std::size_t>()) {
        fail("minLength", "shorter than " + rule.dump());
      }
    } else if (key == "pattern" && value.is_string() && rule.is_string()) {
      if (!std::regex_search(value.get_ref<const std::string&>(), regex_for(rule.get<std::string>()))) {
        fail("pattern", value.dump() + " does not match " + rule.dump());
      }
    } else if (key == "required" && value.is_object() && rule.is_array()) {
      for (const json& name : rule) {
        if (name.is_string() && !value.contains(name.get<std::string>())) {
          fail("required", "missing " + name.dump());
        }
      }
    } else if (key == "properties" && value.is_object() && rule.is_object()) {
      for (const auto& [name, sub] : rule.items()) {
        const auto it = value.find(name);
        if (it != value.end()) check(sub, *it, path + "/" + escape_token(name), out);
      }
    } else if (key == "items" && value.is_array() && rule.is_object()) {
      for (std::size_t i = 0; i < value.size(); ++i)
        check(rule, value[i], path + "/" + std::to_string(i), out);
    } else if (key == "uniqueItems" && value.is_array() && rule.is_boolean() && rule.get<bool>()) {
      for (std::size_t i = 0; i < value.size(); ++i) {
        for (std::size_t j = 0; j < i; ++j) {
          if (value[i] == value[j])
            fail("uniqueItems", "items " + std::to_string(j) + " and " + std::to_string(i) + " are equal");
        }
      }
    } else if (key == "oneOf" && rule.is_array()) {
      int passing = 0;
      for (const json& option : rule) {
        std::vector<SchemaViolation> ignored;
        check(option, value, path, ignored);
        passing += ignored.empty() ? 1 : 0;
      }
      if (passing != 1)
        fail("oneOf", std::to_string(passing) + " of " + std::to_string(rule.size()) + " alternatives match");
    }
  }
}

}  // namespace slotfit_test
