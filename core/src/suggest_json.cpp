// Repair suggestions as JSON, for the command-line tool and the wasm module: times in minutes, as conflict maps.
// Written by hand: the answer is a few integers and ids, and building it as a JSON DOM first cost the wasm module
// about 2.5 KB (gzip) more.
#include <string>
#include <string_view>

#include "slotfit/suggest.hpp"

namespace slotfit {
namespace {

// A JSON string literal; the core has refused invalid UTF-8 already, so only quotes, backslashes and control
// characters need escaping.
void append_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20) {
      out += "\\u00";
      out += kHex[u >> 4];
      out += kHex[u & 15];
    } else {
      out += c;
    }
  }
  out += '"';
}

class Writer {
 public:
  explicit Writer(int indent) : indent_(indent) {}
  std::string text;

  void open(char bracket) {
    text += bracket;
    ++depth_;
    first_ = true;
  }
  void close(char bracket) {
    --depth_;
    if (!first_) newline();
    text += bracket;
    first_ = false;
  }
  // Starts the next member of the open object (or element, with an empty key).
  void key(std::string_view name) {
    if (!first_) text += ',';
    first_ = false;
    newline();
    if (name.empty()) return;
    append_string(text, name);
    text += indent_ >= 0 ? ": " : ":";
  }
  void number(std::string_view name, long long value) {
    key(name);
    text += std::to_string(value);
  }

 private:
  void newline() {
    if (indent_ < 0) return;
    text += '\n';
    text.append(static_cast<std::size_t>(depth_ * indent_), ' ');
  }
  int indent_;
  int depth_ = 0;
  bool first_ = true;
};

}  // namespace

std::string suggestions_json(const SuggestResult& result, int indent) {
  Writer w(indent);
  w.open('{');
  w.number("candidates_evaluated", result.candidates_evaluated);
  w.key("errors");
  w.open('[');
  for (const Error& e : result.errors) {
    w.key("");
    w.open('{');
    w.key("code");
    append_string(w.text, e.code);
    w.key("path");
    append_string(w.text, e.path);
    w.key("message");
    append_string(w.text, e.message);
    w.close('}');
  }
  w.close(']');
  w.key("suggestions");
  w.open('[');
  for (const Suggestion& s : result.suggestions) {
    w.key("");
    w.open('{');
    w.number("day", s.day);
    w.number("end", s.end);
    w.key("moves");
    w.open('[');
    for (const SuggestMove& m : s.moves) {
      w.key("");
      w.open('{');
      w.number("day", m.day);
      w.number("end", m.end);
      w.number("placement", m.placement);
      w.key("session_id");
      if (m.session_id) {
        append_string(w.text, *m.session_id);
      } else {
        w.text += "null";
      }
      w.number("start", m.start);
      w.close('}');
    }
    w.close(']');
    w.number("start", s.start);
    w.close('}');
  }
  w.close(']');
  w.close('}');
  return std::move(w.text);
}

}  // namespace slotfit
