// slotfit_json_parse.hpp: the readers' lexer writes the token text of a parse error itself (without printf). It
// must be nlohmann's text byte for byte: compared here with nlohmann's own lexer over the same input, for a token
// ending in every byte value, and seen through a refused text's message.
#include <gtest/gtest.h>

#include <string>

#include "input_limits.hpp"
#include "slotfit_json_parse.hpp"

namespace slotfit {
namespace {

using nlohmann::json;
using nlohmann::detail::iterator_input_adapter;
using nlohmann::detail::lexer;

// The token text a lexer over `text` holds after its first token that is not a valid one (or its last token).
template <class Position>
std::string token_text_after_error(Position first, Position last) {
  lexer<json, iterator_input_adapter<Position>> scanner(iterator_input_adapter<Position>(first, last), false);
  for (int i = 0; i < 8; ++i) {
    const auto token = scanner.scan();
    if (token == decltype(token)::parse_error || token == decltype(token)::end_of_input) break;
  }
  return scanner.get_token_string();
}

TEST(JsonParseTokenText, IsNlohmannsForEveryByte) {
  for (int b = 0; b < 256; ++b) {
    const std::string text = std::string("\"x") + static_cast<char>(b) + "y";
    const char* const data = text.data();
    const std::string ours =
        token_text_after_error(json_parse::TextPosition{data}, json_parse::TextPosition{data + text.size()});
    const std::string nlohmanns = token_text_after_error(data, data + text.size());
    EXPECT_EQ(ours, nlohmanns) << "byte " << b;
  }
  const std::string control = "\"a\x01\x1F";
  const char* const data = control.data();
  EXPECT_EQ(token_text_after_error(json_parse::TextPosition{data}, json_parse::TextPosition{data + control.size()}),
            "\"a<U+0001>");
}

TEST(JsonParseTokenText, QuotedInARefusedTextsMessage) {
  const std::string text = std::string("{\"students\": [\"a") + '\x1F' + "\"]}";
  const auto error = json_input::scan_text(text);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->code, "invalid-json");
  EXPECT_NE(error->message.find("last read: '\"a<U+001F>'"), std::string::npos) << error->message;
}

}  // namespace
}  // namespace slotfit
