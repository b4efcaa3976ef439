#include "slotfit/json_write.hpp"

#include <array>
#include <cmath>
#include <cstdint>

#include <nlohmann/json.hpp>

namespace slotfit::json_write {
namespace {

constexpr char kHex[] = "0123456789abcdef";

void append_unicode_escape(std::string& out, unsigned char c) {
  out += "\\u00";
  out += kHex[c >> 4];
  out += kHex[c & 15];
}

// The length of the well-formed UTF-8 sequence at the start of `text` (Unicode's table 3-7: no overlong forms,
// no surrogates, nothing past U+10FFFF), or minus the length of its longest valid prefix (at least 1): the bytes
// one U+FFFD stands for.
int utf8_sequence(std::string_view text) {
  const auto lead = static_cast<unsigned char>(text[0]);
  int length = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;  // the range of the second byte; later ones are always 80..BF
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return -1;  // a continuation byte, C0, C1 or F5..FF cannot start one
  }
  for (int i = 1; i < length; ++i) {
    if (static_cast<std::size_t>(i) >= text.size()) return -i;
    const auto c = static_cast<unsigned char>(text[static_cast<std::size_t>(i)]);
    if (c < (i == 1 ? low : 0x80) || c > (i == 1 ? high : 0xBF)) return -i;
  }
  return length;
}

void append_short_replacing_invalid(std::string& out, std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x80) {
      switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\t': out += "\\t"; break;
        case '\n': out += "\\n"; break;
        case '\f': out += "\\f"; break;
        case '\r': out += "\\r"; break;
        default:
          if (u < 0x20) {
            append_unicode_escape(out, u);
          } else {
            out += c;
          }
      }
      ++i;
      continue;
    }
    const int length = utf8_sequence(text.substr(i));
    if (length > 0) {
      out.append(text, i, static_cast<std::size_t>(length));
      i += static_cast<std::size_t>(length);
    } else {
      out += "\xEF\xBF\xBD";
      i += static_cast<std::size_t>(-length);
    }
  }
}

}  // namespace

void append_string(std::string& out, std::string_view text, Escapes escapes) {
  out += '"';
  if (escapes == Escapes::kShortReplacingInvalid) {
    append_short_replacing_invalid(out, text);
  } else {
    for (const char c : text) {
      const auto u = static_cast<unsigned char>(c);
      if (c == '"' || c == '\\') {
        out += '\\';
        out += c;
      } else if (u < 0x20) {
        append_unicode_escape(out, u);
      } else {
        out += c;
      }
    }
  }
  out += '"';
}

void append_number(std::string& out, double value) {
  if (!std::isfinite(value)) {
    out += "null";
    return;
  }
  // nlohmann's own shortest round-trip formatting (Grisu2), which its dump used: the same text, no printf.
  std::array<char, 64> buffer{};
  char* const first = buffer.data();
  const char* const end = nlohmann::detail::to_chars(first, first + buffer.size(), value);
  out.append(first, static_cast<std::size_t>(end - first));
}

void Writer::open(char bracket) {
  text_ += bracket;
  ++depth_;
  first_ = true;
}

void Writer::close(char bracket) {
  --depth_;
  if (!first_) newline();
  text_ += bracket;
  first_ = false;
}

void Writer::key(std::string_view name) {
  item();
  append_string(text_, name, escapes_);
  text_ += indent_ >= 0 ? ": " : ":";
}

void Writer::item() {
  if (!first_) text_ += ',';
  first_ = false;
  newline();
}

void Writer::string_or_null(const std::optional<std::string>& value) {
  if (value) {
    string(*value);
  } else {
    null();
  }
}

void Writer::strings(const std::vector<std::string>& values) {
  open('[');
  for (const std::string& value : values) {
    item();
    string(value);
  }
  close(']');
}

void Writer::integer(long long value) { text_ += std::to_string(value); }

void Writer::newline() {
  if (indent_ < 0) return;
  text_ += '\n';
  text_.append(static_cast<std::size_t>(depth_ * indent_), ' ');
}

}  // namespace slotfit::json_write
