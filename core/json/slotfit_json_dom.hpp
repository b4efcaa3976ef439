#pragma once
// JSON text into a document, through nlohmann's SAX interface instead of json::parse. Every parse loop nlohmann
// instantiates costs the wasm module several KB: json::parse brings two (one per DOM builder) beside the loops the
// streaming readers already have. Sent through the abstract json_sax, every reader of a document shares one
// loop, at a virtual call per value: the documents read here are small (options, changes) or refused payloads.
#include <string>
#include <string_view>

#include "slotfit_json_parse.hpp"

namespace slotfit::json_dom {

using Json = nlohmann::json;

// nlohmann's own DOM builder behind the virtual interface.
class Builder final : public nlohmann::json_sax<Json> {
 public:
  explicit Builder(Json& root) : dom_(root, /*allow_exceptions=*/false) {}

  bool null() override { return dom_.null(); }
  bool boolean(bool value) override { return dom_.boolean(value); }
  bool number_integer(number_integer_t value) override { return dom_.number_integer(value); }
  bool number_unsigned(number_unsigned_t value) override { return dom_.number_unsigned(value); }
  bool number_float(number_float_t value, const string_t& text) override { return dom_.number_float(value, text); }
  bool string(string_t& value) override { return dom_.string(value); }
  // JSON text has no binary values (only CBOR and the like do): never called, and nothing of them is linked.
  bool binary(binary_t& /*value*/) override { return false; }
  bool start_object(std::size_t count) override { return dom_.start_object(count); }
  bool key(string_t& value) override { return dom_.key(value); }
  bool end_object() override { return dom_.end_object(); }
  bool start_array(std::size_t count) override { return dom_.start_array(count); }
  bool end_array() override { return dom_.end_array(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

 private:
  nlohmann::detail::json_sax_dom_parser<Json> dom_;
};

// The document `text` holds, or a discarded value when it is not one JSON value (json::parse without exceptions
// answers the same).
inline Json parse(std::string_view text) {
  Json doc;
  Builder builder(doc);
  nlohmann::json_sax<Json>* const sax = &builder;
  if (!json_parse::sax_parse(text, sax)) doc = Json(Json::value_t::discarded);
  return doc;
}

}  // namespace slotfit::json_dom
