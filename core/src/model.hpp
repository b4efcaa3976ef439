#pragma once
// The loaded payload turned into flat lookup maps, built once per load (and again when the policy changes).
#include <array>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "day_bits.hpp"
#include "occupancy.hpp"
#include "rules/school_days.hpp"
#include "rules/static_rows.hpp"
#include "slotfit/payload.hpp"
#include "slotfit/policy.hpp"

namespace slotfit {

// Lets the id maps answer a std::string_view without building a std::string.
struct IdHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view id) const { return std::hash<std::string_view>{}(id); }
};
using IdMap = std::unordered_map<std::string, int, IdHash, std::equal_to<>>;

class Model {
 public:
  Model(Payload payload, const Policy& policy);

  Payload payload;
  Policy policy;
  std::vector<char> session_alive;  // sessions removed by a change stay in place, dead, so indices are stable
  IdMap student_by_id;
  IdMap session_by_id;
  std::vector<StudentKeys> student_keys;
  std::vector<std::string> grade_names;  // by grade key, normalised
  // By teacher key: the (trimmed id, normalised name) pair the rules match activities against.
  std::vector<std::pair<std::string, std::string>> teacher_pairs;

  // The rows of each row kind (rules/static_rows.hpp) by (key, day), in kRowKinds' order.
  std::array<BitsetTable, kRowKindCount> row_index;
  SchoolDays school;  // work days and school windows (rules/school_days.hpp)
  std::vector<int> grid_days;
  int grid_first = 0;  // earliest window start of the caseload
  int grid_end = 0;    // latest window end
  Occupancy occupancy;
  // Reasons of the row kinds, by kind and row, made the first time a check hits the row: a drag asks about the same
  // rows over and over.
  mutable std::array<std::vector<std::string>, kRowKindCount> row_messages;
  int live_sessions = 0;
  int placeholders = 0;

  // The grid starts of a conflict map and of auto-schedule for a session of `minutes`, the same every day.
  std::vector<int> grid_starts(int minutes) const;

  std::string school_name() const;
  std::size_t rows_indexed() const;

  // Keeps the session lists in step with payload.sessions[session]; the row must be valid.
  void place_session(int session);
  void unplace_session(int session);

 private:
  void index_students();
  void index_grid();
  void index_sessions();
};

}  // namespace slotfit
