#pragma once
// Asks an engine about one candidate by ids and "HH:MM", and cross-checks evaluate() against check().
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "slotfit/engine.hpp"
#include "support/payload_builder.hpp"

namespace slotfit::testing {

inline Engine loaded(const PayloadBuilder& builder, Policy policy = {}) {
  Engine engine(std::move(policy));
  const Errors errors = engine.load(builder.build());
  EXPECT_TRUE(errors.empty());
  return engine;
}

// The kinds check() reports, in its order; fails the test when evaluate() disagrees.
inline std::vector<std::string> kinds(const Engine& engine, const std::string& student, int day,
                                      std::string_view start, int minutes, const std::string& ignore = "") {
  const auto s = engine.student_index(student);
  EXPECT_TRUE(s.has_value()) << "no student " << student;
  int ignored = -1;
  if (!ignore.empty()) {
    const auto i = engine.session_index(ignore);
    EXPECT_TRUE(i.has_value()) << "no session " << ignore;
    ignored = i.value_or(-1);
  }
  const auto conflicts = engine.check(s.value_or(0), day, at(start), minutes, ignored).value();
  std::vector<std::string> out;
  ConflictMask from_check = 0;
  for (const Conflict& c : conflicts) {
    out.emplace_back(kind_name(c.kind));
    from_check |= bit(c.kind);
  }
  EXPECT_EQ(engine.evaluate(s.value_or(0), day, at(start), minutes, ignored), from_check)
      << "evaluate and check disagree at day " << day << " " << start;
  return out;
}

inline std::vector<std::string> none() { return {}; }

}  // namespace slotfit::testing
