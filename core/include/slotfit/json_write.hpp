#pragma once
// Writing JSON text: the one string escaper and number format of every answer the core and the wasm module write
// (the report writers, suggestions, the wire's answers), and a writer that indents as the command-line tool prints.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace slotfit::json_write {

// How a string literal treats what is not plain text. Each answer keeps the bytes it has always carried.
enum class Escapes {
  // The wire's answers and suggestions: every control character as \u00XX, every other byte as it is (the core
  // refuses invalid UTF-8 on input).
  kUnicode,
  // The report writers (errors, conflicts, schedules, stats, groups, rows; once nlohmann's dump): \b \t \n \f \r
  // in their short forms, other control characters as \u00XX, and each ill-formed UTF-8 sequence (a valid
  // sequence's longest prefix, or one byte) as U+FFFD: an error message may quote the bytes a parser stopped at.
  kShortReplacingInvalid,
};

// `text` as a JSON string literal.
void append_string(std::string& out, std::string_view text, Escapes escapes = Escapes::kUnicode);

// The shortest text that reads back as `value` (30.5, 1.0, 1e+21), as nlohmann's dump writes a double; null for
// NaN and the infinities, which JSON cannot hold.
void append_number(std::string& out, double value);

// Objects and arrays, compact (indent < 0) or with `indent` spaces a level: `{"a":1}` or `{\n  "a": 1\n}`, empty
// containers as `{}` and `[]`. The caller writes an object's keys in the order it wants them (the answers sort
// them, as the command-line tool's tests expect).
class Writer {
 public:
  Writer(int indent, Escapes escapes) : indent_(indent), escapes_(escapes) {}

  void open(char bracket);   // '{' or '['
  void close(char bracket);  // '}' or ']'
  void key(std::string_view name);  // starts the next member of the open object
  void item();                      // starts the next element of the open array

  void string(std::string_view value) { append_string(text_, value, escapes_); }
  void string_or_null(const std::optional<std::string>& value);
  void strings(const std::vector<std::string>& values);  // an array of strings
  void integer(long long value);
  void number(double value) { append_number(text_, value); }
  void boolean(bool value) { text_ += value ? "true" : "false"; }
  void null() { text_ += "null"; }

  std::string take() { return std::move(text_); }

 private:
  void newline();

  std::string text_;
  int indent_;
  Escapes escapes_;
  int depth_ = 0;
  bool first_ = true;
};

}  // namespace slotfit::json_write
