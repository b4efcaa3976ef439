#pragma once
// Every parse of JSON text by slotfit's readers (the streaming payload reader, the input scan, the document
// builder): nlohmann's SAX parse over a text position of slotfit's own type. That type gives the readers' lexer an
// instantiation nobody else makes, so its one printf call can be replaced: the token text an error message quotes
// ("last read: '\"a<U+0001>'") comes from get_token_string below, byte for byte as nlohmann writes it, and printf
// (about 8 KB of the wasm module) is no longer linked.
#include <cstddef>
#include <iterator>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace slotfit::json_parse {

// A position in the text, read forward one byte at a time (what nlohmann's iterator input asks of it).
struct TextPosition {
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  const char* at;

  reference operator*() const { return *at; }
  TextPosition& operator++() {
    ++at;
    return *this;
  }
  friend bool operator==(TextPosition, TextPosition) = default;
};

}  // namespace slotfit::json_parse

// Declared before anything parses through TextPosition, as an explicit specialization must be.
NLOHMANN_JSON_NAMESPACE_BEGIN
namespace detail {

// The last token read, for an error message: control characters as <U+XXXX>, every other byte as it is.
template <>
inline std::string
lexer<nlohmann::json, iterator_input_adapter<slotfit::json_parse::TextPosition>>::get_token_string() const {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string result;
  for (const char c : token_string) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x1F) {
      result += "<U+00";
      result += kHex[byte >> 4];
      result += kHex[byte & 15];
      result += '>';
    } else {
      result += c;
    }
  }
  return result;
}

}  // namespace detail
NLOHMANN_JSON_NAMESPACE_END

namespace slotfit::json_parse {

// Json::sax_parse over `text`: true when the whole text is one JSON value and `sax` accepted every event.
template <class Sax>
bool sax_parse(std::string_view text, Sax* sax) {
  return nlohmann::json::sax_parse(TextPosition{text.data()}, TextPosition{text.data() + text.size()}, sax);
}

}  // namespace slotfit::json_parse
