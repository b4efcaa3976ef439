#pragma once
// The answer of a public entry point that can refuse its arguments: a value, or the Errors that say why there
// is none. One type for every such entry point, so that "refused" never reads as an empty answer ("free", an
// empty grid). C++20 has no std::expected; this is the small part of it the core needs. Nothing here throws:
// value() on a refusal is a programming error, caught by assert in debug builds; a release build then answers
// an empty T rather than read what is not there.
#include <cassert>
#include <utility>
#include <variant>

#include "slotfit/error.hpp"

namespace slotfit {

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}   // NOLINT: implicit, as std::expected
  Result(Errors errors) : state_(std::in_place_index<1>, std::move(errors)) {  // NOLINT
    assert(!std::get<1>(state_).empty() && "a refusal carries at least one error");
  }

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  const T& value() const& {
    assert(ok());
    const T* value = std::get_if<0>(&state_);
    return value != nullptr ? *value : none();
  }
  // By value: a reference into a temporary Result would dangle in `for (auto& c : engine.check(...).value())`.
  T value() && {
    assert(ok());
    T* value = std::get_if<0>(&state_);
    return value != nullptr ? std::move(*value) : T{};
  }
  const T& operator*() const& { return value(); }
  const T* operator->() const { return &value(); }

  // Empty when ok().
  const Errors& errors() const {
    static const Errors kNone;
    const Errors* errors = std::get_if<1>(&state_);
    return errors != nullptr ? *errors : kNone;
  }

 private:
  static const T& none() {
    static const T kNone{};
    return kNone;
  }

  std::variant<T, Errors> state_;
};

// No value, only the verdict: ok, or the errors. Holding an empty vector costs no allocation, so the hot path
// (Engine::check with an out-parameter) may return it.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Errors errors) : errors_(std::move(errors)) {}  // NOLINT: implicit, as std::expected's unexpected

  bool ok() const { return errors_.empty(); }
  explicit operator bool() const { return ok(); }
  const Errors& errors() const { return errors_; }

 private:
  Errors errors_;
};

}  // namespace slotfit
