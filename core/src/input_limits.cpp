#include "input_limits.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "json_reader.hpp"
#include "slotfit_json_parse.hpp"
#include "slotfit/parse.hpp"

namespace slotfit::json_input {

bool InputLimits::value() {
  if (in_array() && ++open_.back() > kMaxArrayItems) {
    exceeded_ = Exceeded::kItems;
    return false;
  }
  if (++values_ > kMaxValues) {
    exceeded_ = Exceeded::kValues;
    return false;
  }
  return true;
}

bool InputLimits::text(std::size_t bytes) {
  if (bytes <= kMaxStringBytes) return true;
  string_bytes_ = bytes;
  exceeded_ = Exceeded::kString;
  return false;
}

bool InputLimits::open(std::uint32_t kind) {
  if (!value()) return false;
  open_.push_back(kind);
  return true;
}

long InputLimits::index() const {
  return in_array() ? static_cast<long>(open_.back()) - 1 : -1;
}

std::string InputLimits::problem() const {
  switch (exceeded_) {
    case Exceeded::kString:
      return "a string of " + std::to_string(string_bytes_) + " bytes; at most " + std::to_string(kMaxStringBytes) +
             " are read";
    case Exceeded::kItems:
      return "an array of more than " + std::to_string(kMaxArrayItems) + " items";
    case Exceeded::kValues:
      return "more than " + std::to_string(kMaxValues) + " values in the text";
    case Exceeded::kNothing:
      break;
  }
  return "no limit exceeded";
}

namespace {

using Json = nlohmann::json;

// nlohmann's message starts with "[json.exception.parse_error.101] " and echoes the offending bytes, which
// may be anything; the message travels on to JS, so keep it short and ASCII.
std::string clean_parser_message(const std::string& raw) {
  constexpr std::size_t kMaxLength = 240;
  std::string_view text = raw;
  if (const auto end_of_tag = text.find("] ");
      !text.empty() && text.front() == '[' && end_of_tag != std::string_view::npos) {
    text.remove_prefix(end_of_tag + 2);
  }
  std::string out;
  out.reserve(std::min(text.size(), kMaxLength) + 3);
  for (const char c : text) {
    if (out.size() >= kMaxLength) {
      out += "...";
      break;
    }
    const auto byte = static_cast<unsigned char>(c);
    out += (byte < 0x20 || byte >= 0x7f) ? '?' : c;
  }
  return out;
}

// One pass over the text that builds nothing: it keeps the JSON pointer of where it stands (only this error
// path pays for that) and stops at the first syntax error or value past a limit.
class TextScanner final : public nlohmann::json_sax<Json> {
 public:
  bool null() override { return scalar(); }
  bool boolean(bool /*value*/) override { return scalar(); }
  bool number_integer(number_integer_t /*value*/) override { return scalar(); }
  bool number_unsigned(number_unsigned_t /*value*/) override { return scalar(); }
  bool number_float(number_float_t /*value*/, const string_t& /*text*/) override { return scalar(); }
  bool string(string_t& value) override { return scalar() && (limits_.text(value.size()) || too_large()); }
  bool binary(binary_t& /*value*/) override { return scalar(); }
  bool key(string_t& name) override {
    if (!limits_.text(name.size())) {
      open_.back().key = std::string(utf8_prefix(name, 40)) + "...";  // the path names the key, shortened
      return too_large();
    }
    open_.back().key = std::move(name);
    return true;
  }
  bool start_object(std::size_t /*size*/) override { return open(false); }
  bool start_array(std::size_t /*size*/) override { return open(true); }
  bool end_object() override {
    limits_.close();
    open_.pop_back();
    return true;
  }
  bool end_array() override { return end_object(); }

  bool parse_error(std::size_t position, const std::string& /*last_token*/,
                   const nlohmann::detail::exception& error) override {
    // 406: a number past a double's range (1e400): valid JSON syntax, but a value too large to hold. It was
    // never counted, so its place in an array is the next index.
    if (error.id == 406) {
      error_ = Error{std::string(kTooLarge), pointer(limits_.in_array() ? limits_.index() + 1 : -1),
                     "a number beyond the range of a double (" + clean_parser_message(error.what()) + ")"};
      return false;
    }
    // nlohmann counts the offending character as read (1-based); callers index bytes from 0.
    const std::size_t offset = position > 0 ? position - 1 : 0;
    error_ = Error{std::string(kInvalidJson), "",
                   "invalid JSON at byte offset " + std::to_string(offset) + ": " + clean_parser_message(error.what())};
    return false;
  }

  std::optional<Error> take_error() { return std::move(error_); }

 private:
  struct Container {
    std::string segment;  // its own pointer segment in its parent ("" for the root)
    std::string key;      // an object's current key
  };

  bool scalar() { return limits_.value() || too_large(); }

  bool open(bool array) {
    Container container;
    // Its place in its parent, taken before the limits count it as the parent's next item.
    if (!open_.empty()) container.segment = current_segment(limits_.in_array() ? limits_.index() + 1 : -1);
    if (!(array ? limits_.open_array() : limits_.open_object())) return too_large();
    open_.push_back(std::move(container));
    return true;
  }

  // The segment of the value met in the innermost container: its array index, else its object key.
  std::string current_segment(long index) const {
    if (index >= 0) return std::to_string(index);
    std::string out;
    append_pointer_key(out, open_.back().key);
    return out;
  }

  // The pointer of the value met now (`index` as current_segment's; "" at the root).
  std::string pointer(long index) const {
    if (open_.empty()) return "";
    std::string out;
    for (std::size_t i = 1; i < open_.size(); ++i) {
      out += '/';
      out += open_[i].segment;
    }
    out += '/';
    out += current_segment(index);
    return out;
  }

  bool too_large() {
    error_ = Error{std::string(kTooLarge), pointer(limits_.index()), limits_.problem()};
    return false;
  }

  InputLimits limits_;
  std::vector<Container> open_;
  std::optional<Error> error_;
};

}  // namespace

std::optional<Error> scan_text(std::string_view text) {
  if (text.size() > kMaxInputBytes) {
    return Error{std::string(kTooLarge), "",
                 "a text of " + std::to_string(text.size()) + " bytes; at most " + std::to_string(kMaxInputBytes) +
                     " are read"};
  }
  TextScanner scanner;
  // Through the abstract interface: the parse loop json_dom::parse instantiates, not one more (slotfit_json_dom.hpp).
  nlohmann::json_sax<Json>* const sax = &scanner;
  if (json_parse::sax_parse(text, sax)) return std::nullopt;
  if (std::optional<Error> error = scanner.take_error()) return error;
  return Error{std::string(kInvalidJson), "", "invalid JSON"};  // sax_parse gave up without saying where
}

}  // namespace slotfit::json_input
