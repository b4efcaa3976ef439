#pragma once
// A JSON Schema (draft-07) validator for exactly the keywords core/schema/payload-v1.schema.json uses, so the
// C++ tests can hold the parser and the schema to each other. A keyword it does not know is listed by
// unsupported() instead of being skipped: the schema cannot outgrow the checker unnoticed.
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

namespace slotfit_test {

struct SchemaViolation {
  std::string path;     // JSON pointer into the instance
  std::string keyword;  // the schema keyword that failed ("required", "type", …)
  std::string message;
};

class JsonSchema {
 public:
  explicit JsonSchema(nlohmann::json schema);

  // "<schema pointer>: <keyword>" for every keyword (or keyword form) the validator cannot check.
  const std::vector<std::string>& unsupported() const { return unsupported_; }

  std::vector<SchemaViolation> validate(const nlohmann::json& instance) const;
  bool accepts(const nlohmann::json& instance) const { return validate(instance).empty(); }

  const nlohmann::json& root() const { return schema_; }
  // The subschema a "#/definitions/…" reference names, or nullptr.
  const nlohmann::json* resolve(const std::string& ref) const;

 private:
  void scan(const nlohmann::json& node, const std::string& where);
  void check(const nlohmann::json& node, const nlohmann::json& value, const std::string& path,
             std::vector<SchemaViolation>& out) const;
  const std::regex& regex_for(const std::string& pattern) const;

  nlohmann::json schema_;
  std::vector<std::string> unsupported_;
  mutable std::map<std::string, std::regex> regexes_;
};

}  // namespace slotfit_test
