#include "json_reader.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "input_limits.hpp"
#include "slotfit_json_dom.hpp"
#include "slotfit/json_write.hpp"
#include "slotfit/parse.hpp"
#include "slotfit/time.hpp"

namespace slotfit::json_input {
namespace {

std::string quoted_key(std::string_view key) {
  std::string out;
  out.reserve(key.size() + 2);
  out += '"';
  out += key;
  out += '"';
  return out;
}

}  // namespace

bool parse_document(std::string_view text, Json& doc, Error& error) {
  if (std::optional<Error> problem = scan_text(text)) {
    error = std::move(*problem);
    return false;
  }
  doc = json_dom::parse(text);
  if (!doc.is_discarded()) return true;
  error = Error{std::string(kInvalidJson), "", "invalid JSON"};  // the scan passed it: not expected
  return false;
}

std::string describe(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return *value.get_ptr<const Json::boolean_t*>() ? "true" : "false";
    case Json::value_t::number_integer:
      return std::to_string(*value.get_ptr<const Json::number_integer_t*>());
    case Json::value_t::number_unsigned:
      return std::to_string(*value.get_ptr<const Json::number_unsigned_t*>());
    case Json::value_t::number_float: {
      std::string out;  // 30.5, 1.0: as written
      json_write::append_number(out, *value.get_ptr<const Json::number_float_t*>());
      return out;
    }
    case Json::value_t::string:
      return quote_text(*value.get_ptr<const Json::string_t*>());
    case Json::value_t::array:
      return "an array";
    case Json::value_t::object:
      return "an object";
    case Json::value_t::binary:
    case Json::value_t::discarded:
      break;
  }
  return "an unreadable value";
}

std::optional<std::int64_t> integer_value(const Json& value) {
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  constexpr auto kMin = std::numeric_limits<std::int64_t>::min();
  switch (value.type()) {
    case Json::value_t::number_integer:
      return *value.get_ptr<const Json::number_integer_t*>();
    case Json::value_t::number_unsigned: {
      const auto u = *value.get_ptr<const Json::number_unsigned_t*>();
      return u > static_cast<std::uint64_t>(kMax) ? kMax : static_cast<std::int64_t>(u);
    }
    case Json::value_t::number_float: {
      const double d = *value.get_ptr<const Json::number_float_t*>();
      if (!std::isfinite(d) || std::trunc(d) != d) return std::nullopt;
      if (d >= 9.0e18) return kMax;
      if (d <= -9.0e18) return kMin;
      return static_cast<std::int64_t>(d);
    }
    default:
      return std::nullopt;
  }
}








Json* JsonReader::find(Object& object, std::string_view key, Presence presence) {
  const auto it = object.find(key);
  if (it != object.end()) return &it->second;
  if (presence == Presence::kRequired) {
    fail_at(key, kMissingKey, "missing required key " + quoted_key(key));
  }
  return nullptr;
}

bool JsonReader::read_string(Object& object, std::string_view key, std::string& out, Presence presence) {
  Json* value = find(object, key, presence);
  if (value == nullptr) return presence == Presence::kOmittable;
  if (auto* text = value->get_ptr<Json::string_t*>()) {
    out = std::move(*text);
    return true;
  }
  fail_at(key, kWrongType, "expected a string, found " + describe(*value));
  return false;
}

bool JsonReader::read_id(Object& object, std::string_view key, std::string& out) {
  Json* value = find(object, key, Presence::kRequired);
  if (value == nullptr) return false;
  auto* text = value->get_ptr<Json::string_t*>();
  if (text == nullptr) {
    fail_at(key, kWrongType, "expected an id (a non-empty string), found " + describe(*value));
    return false;
  }
  if (!payload_rules::check_id(*this, key, *text)) return false;
  out = std::move(*text);
  return true;
}

bool JsonReader::read_optional_string(Object& object, std::string_view key, OptString& out,
                                      Presence presence) {
  Json* value = find(object, key, presence);
  if (value == nullptr) {
    if (presence == Presence::kRequired) return false;
    out.reset();
    return true;
  }
  if (value->is_null()) {
    out.reset();
    return true;
  }
  if (auto* text = value->get_ptr<Json::string_t*>()) {
    out = std::move(*text);
    return true;
  }
  fail_at(key, kWrongType, "expected a string or null, found " + describe(*value));
  return false;
}

bool JsonReader::read_bool(Object& object, std::string_view key, bool& out) {
  Json* value = find(object, key, Presence::kRequired);
  if (value == nullptr) return false;
  if (const auto* flag = value->get_ptr<const Json::boolean_t*>()) {
    out = *flag;
    return true;
  }
  fail_at(key, kWrongType, "expected true or false, found " + describe(*value));
  return false;
}

bool JsonReader::day_at(const Json& value, std::string_view key, int& out) {
  if (!value.is_number()) {
    fail_at(key, kWrongType, "expected a day of week, an integer 1-7 (Monday = 1), found " + describe(value));
    return false;
  }
  const auto day = integer_value(value);
  if (!day || !payload_rules::day_in_range(*day)) {
    payload_rules::refuse_day(*this, key, describe(value));
    return false;
  }
  out = static_cast<int>(*day);
  return true;
}

bool JsonReader::read_day(Object& object, std::string_view key, int& out) {
  const Json* value = find(object, key, Presence::kRequired);
  return value != nullptr && day_at(*value, key, out);
}

bool JsonReader::read_optional_day(Object& object, std::string_view key, std::optional<int>& out) {
  const Json* value = find(object, key, Presence::kRequired);
  if (value == nullptr) return false;
  if (value->is_null()) {
    out.reset();
    return true;
  }
  int day = 0;
  if (!day_at(*value, key, day)) return false;
  out = day;
  return true;
}

bool JsonReader::time_at(const Json& value, std::string_view key, TimeForm form, int& out) {
  if (const auto* text = value.get_ptr<const Json::string_t*>()) {
    if (const auto minute = parse_time(*text)) {
      out = *minute;
      return true;
    }
    fail_at(key, kBadTime,
            "expected a time \"HH:MM\" or \"HH:MM:SS\" from 00:00 to 24:00, found " + describe(value));
    return false;
  }
  if (form == TimeForm::kTextOrMinutes && value.is_number()) {
    const auto minute = integer_value(value);
    if (minute && payload_rules::minute_in_range(*minute)) {
      out = static_cast<int>(*minute);
      return true;
    }
    fail_at(key, kBadTime, "expected whole minutes since midnight from 0 to 1440, found " + describe(value));
    return false;
  }
  fail_at(
      key, kWrongType,
      std::string(form == TimeForm::kText ? "expected a time \"HH:MM\" or \"HH:MM:SS\", found "
                                          : "expected a time \"HH:MM\" or minutes since midnight, found ") +
          describe(value));
  return false;
}

bool JsonReader::read_time(Object& object, std::string_view key, TimeForm form, int& out) {
  const Json* value = find(object, key, Presence::kRequired);
  return value != nullptr && time_at(*value, key, form, out);
}

bool JsonReader::read_optional_time(Object& object, std::string_view key, TimeForm form,
                                    std::optional<int>& out) {
  const Json* value = find(object, key, Presence::kRequired);
  if (value == nullptr) return false;
  if (value->is_null()) {
    out.reset();
    return true;
  }
  int minute = 0;
  if (!time_at(*value, key, form, minute)) return false;
  out = minute;
  return true;
}

bool JsonReader::read_count(Object& object, std::string_view key, int max, std::optional<int>& out) {
  const Json* value = find(object, key, Presence::kRequired);
  if (value == nullptr) return false;
  if (value->is_null()) {
    out.reset();
    return true;
  }
  if (!value->is_number()) {
    fail_at(key, kWrongType, "expected null or an integer 0-" + std::to_string(max) + ", found " + describe(*value));
    return false;
  }
  const auto count = integer_value(*value);
  if (!count || !payload_rules::count_in_range(*count, max)) {
    payload_rules::refuse_count(*this, key, max, describe(*value));
    return false;
  }
  out = static_cast<int>(*count);
  return true;
}

Array* JsonReader::find_array(Object& object, std::string_view key, Presence presence) {
  Json* value = find(object, key, presence);
  if (value == nullptr) return nullptr;
  if (auto* array = value->get_ptr<Array*>()) return array;
  fail_at(key, kWrongType, "expected an array, found " + describe(*value));
  return nullptr;
}

Object* JsonReader::find_object(Object& object, std::string_view key) {
  Json* value = find(object, key, Presence::kRequired);
  if (value == nullptr) return nullptr;
  if (auto* inner = value->get_ptr<Object*>()) return inner;
  fail_at(key, kWrongType, "expected an object, found " + describe(*value));
  return nullptr;
}

}  // namespace slotfit::json_input
