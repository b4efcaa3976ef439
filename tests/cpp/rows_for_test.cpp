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
    ASSERT_TRUE(rows.ok()) << student_id;
    EXPECT_EQ(slotfit_test::parse_json(binding_rows_json(rows.value())), expected) << student_id;
  }
}

TEST(RowsFor, EveryRowIsWhatCheckReportsForASessionOverlappingIt) {
  RowsForFixture f = load_fixture();
  ASSERT_TRUE(f.doc.is_object());
  int rows_seen = 0;
  for (const auto& [student_id, expected] : f.doc["expected"].items()) {
    const int student = *f.engine.student_index(student_id);
    const auto rows = f.engine.rows_for(student);
    ASSERT_TRUE(rows.ok()) << student_id;
    for (const BindingRow& row : rows.value()) {
      ++rows_seen;
      const std::vector<Conflict> conflicts = f.engine.check(student, row.day, row.start, row.end - row.start).value();
      bool found = false;
      for (const Conflict& c : conflicts) found |= c.kind == row.kind && c.message == row.reason && c.ref_id == row.id;
      EXPECT_TRUE(found) << student_id << ": check does not report " << row.reason;
    }
  }
  EXPECT_EQ(rows_seen, 16);
}

TEST(RowsFor, AStudentOutsideTheCaseloadOrNoPayloadIsRefused) {
  RowsForFixture f = load_fixture();
  for (int student : {-1, 3}) {
    const auto rows = f.engine.rows_for(student);
    ASSERT_FALSE(rows.ok()) << student;
    ASSERT_EQ(rows.errors().size(), 1u);
    EXPECT_EQ(rows.errors()[0].code, "invalid-argument");
    EXPECT_EQ(rows.errors()[0].path, "/student");
    EXPECT_EQ(rows.errors()[0].message, "expected a student index 0-2, found " + std::to_string(student));
  }
  EXPECT_EQ(Engine{}.rows_for(0).errors()[0].code, "not-loaded");
}

}  // namespace
}  // namespace slotfit
