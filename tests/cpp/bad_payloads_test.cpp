// Every case of tests/fixtures/bad-payloads.json (shared with the JS tests): the parser's FIRST error must
// have the expected code and path.
#include <gtest/gtest.h>

#include <cctype>
#include <ostream>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "slotfit/parse.hpp"
#include "support/fixtures.hpp"

namespace slotfit_test {
// gtest would otherwise print each case as a hex dump of its bytes.
void PrintTo(const BadPayloadCase& c, std::ostream* os) {
  *os << c.name;
}
}  // namespace slotfit_test

namespace {

using slotfit_test::BadPayloadCase;

constexpr std::size_t kMinimumCases = 35;

TEST(BadPayloadCases, FileHoldsEnoughWellFormedCases) {
  std::string problem;
  const auto cases = slotfit_test::load_bad_payload_cases(&problem);
  ASSERT_EQ(problem, "");
  EXPECT_GE(cases.size(), kMinimumCases);
  std::set<std::string> names;
  for (const BadPayloadCase& c : cases) {
    EXPECT_EQ(c.problem, "") << c.name;
    EXPECT_TRUE(names.insert(c.name).second) << "duplicate case name " << c.name;
  }
}

class BadPayload : public testing::TestWithParam<BadPayloadCase> {};

TEST_P(BadPayload, FirstErrorHasTheExpectedCodeAndPath) {
  const BadPayloadCase& c = GetParam();
  ASSERT_EQ(c.problem, "") << "malformed case " << c.name;
  const auto result = slotfit::parse_payload(c.text);
  const auto* errors = std::get_if<slotfit::Errors>(&result);
  ASSERT_NE(errors, nullptr) << c.name << ": the payload was accepted";
  ASSERT_FALSE(errors->empty());
  const slotfit::Error& first = errors->front();
  EXPECT_EQ(first.code, c.code) << c.name << ": " << first.path << " " << first.message;
  EXPECT_EQ(first.path, c.path) << c.name << ": " << first.code << " " << first.message;
  EXPECT_FALSE(first.message.empty());
}

std::string test_name(const testing::TestParamInfo<BadPayloadCase>& info) {
  std::string name;
  for (const char c : info.param.name) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name.empty() ? "case_" + std::to_string(info.index) : name + "_" + std::to_string(info.index);
}

INSTANTIATE_TEST_SUITE_P(Fixture, BadPayload, testing::ValuesIn(slotfit_test::load_bad_payload_cases()),
                         test_name);

}  // namespace
