#pragma once
// Where the readers and the validator record errors: each error names the JSON pointer of what it is about,
// built from the scopes entered so far. Segments are rendered only when an error is recorded, which keeps the
// happy path free of string building.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "slotfit/error.hpp"

namespace slotfit {

class ErrorSink {
 public:
  explicit ErrorSink(Errors& errors) : errors_(errors) { path_.reserve(8); }
  ErrorSink(const ErrorSink&) = delete;
  ErrorSink& operator=(const ErrorSink&) = delete;

  // While a Scope lives, the sink's path has one more segment.
  class [[nodiscard]] Scope {
   public:
    explicit Scope(ErrorSink& sink) : sink_(sink) {}
    ~Scope() { sink_.path_.pop_back(); }
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    ErrorSink& sink_;
  };
  Scope enter(std::string_view key);  // the key must outlive the scope
  Scope enter(std::size_t index);

  std::string path() const;
  std::string path(std::string_view key) const;  // path() + "/" + key

  // Once kMaxReportedErrors are recorded, further errors are dropped and callers may stop walking.
  bool full() const;
  void fail(std::string_view code, std::string message);  // at path()
  // At path(key); an empty key means path().
  void fail_at(std::string_view key, std::string_view code, std::string message);
  std::size_t error_count() const { return errors_.size(); }

 private:
  struct Segment {
    std::string_view key;
    std::size_t index = 0;
    bool is_index = false;
  };

  Errors& errors_;
  std::vector<Segment> path_;
};

// A key as a JSON pointer segment (RFC 6901): "~" -> "~0", "/" -> "~1".
void append_pointer_key(std::string& out, std::string_view key);
// At most max_bytes of text, cut at a UTF-8 character boundary so a shortened string stays valid text.
std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes);
// A string as an error message shows it: quoted, shortened at a character boundary.
std::string quote_text(std::string_view text);

}  // namespace slotfit
