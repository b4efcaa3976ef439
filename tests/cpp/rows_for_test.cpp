// Engine::rows_for against tests/fixtures/rows-for.json (shared with tests/js/rows-for.test.mjs and the CLI test):
// the rows that bind each student, and check()'s reasons for the same rows.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "slotfit/engine.hpp"
#include "slotfit/report.hpp"
#include "support/fixtures.hpp"

namespace slotfit {
namespace {

struct RowsForFixture {
  nlohmann::json doc;
  Engine engine;
};

RowsForFixture load_fixture() {
  RowsForFixture f{slotfit_test::parse_json(slotfit_test::read_fixture("rows-for.json")), Engine{}};
  EXPECT_TRUE(f.doc.is_object()) << "rows-for.json does not parse";
  if (f.doc.is_object()) {
    EXPECT_TRUE(f.engine.load(f.doc["payload"].dump()).empty());
  }
  return f;
}

TEST(RowsFor, EachStudentGetsTheRowsThatBindItInKindThenDayOrder) {
  RowsForFixture f = load_fixture();
  ASSERT_TRUE(f.doc.is_object());
  for (const auto& [student_id, expected] : f.doc["expected"].items()) {
    const auto student = f.engine.student_index(student_id);
    ASSERT_TRUE(student.has_value()) << student_id;
    const auto rows = f.engine.rows_for(*student);
    ASSERT_TRUE(rows.has_value()) << student_id;
    EXPECT_EQ(slotfit_test::parse_json(binding_rows_json(*rows)), expected) << student_id;
  }
}

TEST(RowsFor, EveryRowIsWhatCheckReportsForASessionOverlappingIt) {
  RowsForFixture f = load_fixture();
  ASSERT_TRUE(f.doc.is_object());
  int rows_seen = 0;
  for (const auto& [student_id, expected] : f.doc["expected"].items()) {
    const int student = *f.engine.student_index(student_id);
    const auto rows = f.engine.rows_for(student);
    ASSERT_TRUE(rows.has_value()) << student_id;
    for (const BindingRow& row : *rows) {
      ++rows_seen;
      const std::vector<Conflict> conflicts = f.engine.check(student, row.day, row.start, row.end - row.start);
      bool found = false;
      for (const Conflict& c : conflicts) found |= c.kind == row.kind && c.message == row.reason && c.ref_id == row.id;
      EXPECT_TRUE(found) << student_id << ": check does not report " << row.reason;
    }
  }
  EXPECT_EQ(rows_seen, 16);
}

TEST(RowsFor, NothingForAStudentOutsideTheCaseloadOrBeforeALoad) {
  RowsForFixture f = load_fixture();
  EXPECT_FALSE(f.engine.rows_for(-1).has_value());
  EXPECT_FALSE(f.engine.rows_for(3).has_value());
  EXPECT_FALSE(Engine{}.rows_for(0).has_value());
}

}  // namespace
}  // namespace slotfit
