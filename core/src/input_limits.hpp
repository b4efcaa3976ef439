#pragma once
// Whether a text can be read at all: its syntax and its sizes (the limits in slotfit/parse.hpp). The fast path
// counts with InputLimits as it streams; every other reader runs scan_text() before it builds a document. So
// both paths refuse the same texts, and a refused text never costs a document.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "slotfit/error.hpp"

namespace slotfit::json_input {

// Counts one text's values, strings and array items as a SAX reader meets them. Each call returns false when
// that value takes the text past a limit.
class InputLimits {
 public:
  InputLimits() { open_.reserve(8); }

  bool value();                  // any value: a scalar, or a container as it opens (open_array/open_object)
  bool text(std::size_t bytes);  // a string value or a key; a string value calls value() too
  bool open_array() { return open(kArray); }
  bool open_object() { return open(kObject); }
  void close() {
    if (!open_.empty()) open_.pop_back();
  }

  bool in_array() const { return !open_.empty() && open_.back() != kObject; }
  // The 0-based index of the value just counted in the innermost open array; -1 inside an object or none.
  long index() const;
  // When a call returned false, what for a person: "an array of more than 200000 items".
  std::string problem() const;

 private:
  enum class Exceeded : std::uint8_t { kNothing, kString, kItems, kValues };
  static constexpr std::uint32_t kObject = UINT32_MAX;
  static constexpr std::uint32_t kArray = 0;
  bool open(std::uint32_t kind);

  std::vector<std::uint32_t> open_;  // per open container: the items met so far, or kObject
  std::size_t values_ = 0;
  std::size_t string_bytes_ = 0;  // of the string that was too long
  Exceeded exceeded_ = Exceeded::kNothing;
};

// The first problem of the text, in text order: invalid-json (path "", the byte offset in the message), or
// too-large (the JSON pointer of the value past a limit; "" for the text's own size). Nothing when the text is
// JSON within every limit.
std::optional<Error> scan_text(std::string_view text);

}  // namespace slotfit::json_input
