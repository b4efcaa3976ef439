#include "error_sink.hpp"

#include <utility>

#include "slotfit/parse.hpp"

namespace slotfit {

ErrorSink::Scope ErrorSink::enter(std::string_view key) {
  path_.push_back(Segment{key, 0, false});
  return Scope(*this);
}

ErrorSink::Scope ErrorSink::enter(std::size_t index) {
  path_.push_back(Segment{{}, index, true});
  return Scope(*this);
}

std::string ErrorSink::path() const {
  std::string out;
  out.reserve(48);
  for (const Segment& segment : path_) {
    out += '/';
    if (segment.is_index) {
      out += std::to_string(segment.index);
    } else {
      append_pointer_key(out, segment.key);
    }
  }
  return out;
}

std::string ErrorSink::path(std::string_view key) const {
  std::string out = path();
  if (!key.empty()) {
    out += '/';
    append_pointer_key(out, key);
  }
  return out;
}

bool ErrorSink::full() const {
  return errors_.size() >= kMaxReportedErrors;
}

void ErrorSink::fail(std::string_view code, std::string message) {
  fail_at({}, code, std::move(message));
}

void ErrorSink::fail_at(std::string_view key, std::string_view code, std::string message) {
  if (full()) return;
  errors_.push_back(Error{std::string(code), path(key), std::move(message)});
}

void append_pointer_key(std::string& out, std::string_view key) {
  for (const char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
}

std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

std::string quote_text(std::string_view text) {
  constexpr std::size_t kMaxShown = 40;
  const std::string_view shown = utf8_prefix(text, kMaxShown);
  std::string out;
  out.reserve(shown.size() + 8);
  out += '"';
  for (const char c : shown) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += '?';
    } else {
      out += c;
    }
  }
  if (shown.size() < text.size()) out += "...";
  out += '"';
  return out;
}

}  // namespace slotfit
