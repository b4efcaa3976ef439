#pragma once
// Test inputs read from the source tree at run time (node's fs under wasm), and the bad-payload cases built
// from them. The same case file drives the JS tests, so building a case here must stay plain RFC 6902.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace slotfit_test {

std::string fixture_path(std::string_view name);
std::optional<std::string> read_file(const std::string& path);
// The fixture's text; an empty string (and a test failure) when it cannot be read.
std::string read_fixture(std::string_view name);
// Names of the files in the fixtures folder ending in `extension`, sorted.
std::vector<std::string> fixture_names(std::string_view extension);
std::string read_schema_text();

struct PayloadFixture {
  std::string name;
  std::string text;
};
// Every fixture file that is a payload (a JSON object with "schema_version"), by name.
std::vector<PayloadFixture> payload_fixtures();

// Parses without exceptions (tests share the core's JSON_NOEXCEPTION); a discarded value on a syntax error.
nlohmann::json parse_json(std::string_view text);

// RFC 6902 add / remove / replace only. Returns what went wrong, or nullopt when every op applied.
std::optional<std::string> apply_patch(nlohmann::json& document, const nlohmann::json& patch);

struct BadPayloadCase {
  std::string name;
  std::string text;  // the input, raw or the patched base dumped
  std::string code;  // the first error expected
  std::string path;
  std::string problem;   // non-empty when the case itself is malformed
  bool patched = false;  // built from a base + patch (a document the schema can judge)
};
// Every case of bad-payloads.json, in file order; `problem` is set (and nothing else) if the file is
// unusable.
std::vector<BadPayloadCase> load_bad_payload_cases(std::string* problem = nullptr);

}  // namespace slotfit_test
