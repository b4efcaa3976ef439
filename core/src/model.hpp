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
#include "slotfit/payload.hpp"
#include "slotfit/policy.hpp"

namespace slotfit {

// Lets the id maps answer a std::string_view without building a std::string.
struct IdHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view id) const { return std::hash<std::string_view>{}(id); }
};
using IdMap = std::unordered_map<std::string, int, IdHash, std::equal_to<>>;

struct Window {
  int start = 0;
  int end = 0;
  bool contains(int s, int e) const { return s >= start && e <= end; }
};

struct StudentKeys {
  int grade = -1;    // dense grade key (the normalised grade, "" when none)
  int teacher = -1;  // dense key of the (teacher id, teacher name) pair; -1 when the student has neither
};

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

  BitsetTable bell;       // key: grade
  BitsetTable activity;   // key: teacher pair
  BitsetTable protect;    // key: student
  BitsetTable other;      // key: student
  BitsetTable busy;       // key: 0
  std::array<char, 8> work_day{};
  bool work_days_missing = false;  // multi-school provider without work days here: fail closed
  std::vector<int> grid_days;
  int grid_first = 0;  // earliest window start of the caseload
  int grid_end = 0;    // latest window end
  Occupancy occupancy;
  // Reasons of the row kinds, by table (bell, activity, protected, other provider, busy) and row, made the
  // first time a check hits the row: a drag asks about the same rows over and over.
  enum RowTable : std::size_t { kBellRows, kActivityRows, kProtectedRows, kOtherRows, kBusyRows, kRowTables };
  mutable std::array<std::vector<std::string>, kRowTables> row_messages;
  int live_sessions = 0;
  int placeholders = 0;

  // The grid starts of a conflict map and of auto-schedule for a session of `minutes`, the same every day.
  std::vector<int> grid_starts(int minutes) const;

  // The school window that applies to a start (K/TK: by morning or afternoon).
  Window window(int student, int day, int start) const;
  std::string school_name() const;
  bool is_kinder_grade(int grade_key) const { return kinder_[static_cast<std::size_t>(grade_key)] != 0; }
  std::size_t rows_indexed() const;

  // Keeps the session lists in step with payload.sessions[session]; the row must be valid.
  void place_session(int session);
  void unplace_session(int session);

 private:
  void index_students();
  void index_school_hours();
  void index_bell_schedules();
  void index_special_activities();
  void index_protected_times();
  void index_other_rows();
  void index_work_days_and_grid();
  void index_sessions();

  std::vector<char> kinder_;                       // by grade key
  std::vector<std::array<Window, 2>> windows_;     // by grade key * 8 + day: [before noon, from noon]
};

}  // namespace slotfit
