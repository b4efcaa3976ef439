#pragma once
// The C++ side of the wire between the wasm module and js/wire.js. wasm/wire.md is its specification: the
// encodings, every record, and the intern table's epoch. Nothing here knows the entry points; bindings.cpp lists them.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "slotfit/engine.hpp"
#include "slotfit/error.hpp"
#include "slotfit/schedule.hpp"

namespace slotfit::wire {

// describe()'s answer for arguments outside the caseload or the day, and its flag for a moved code buffer.
inline constexpr std::uint32_t kInvalidAnswer = 0xFFFFFFFFu;
inline constexpr std::uint32_t kCodesMoved = 1u << 30;
// describe()'s flag for a candidate that joins a group (the int32 at joinsAddress() says which): JS reads that
// int32 only when this is set, and nearly no candidate joins one.
inline constexpr std::uint32_t kJoinsGroup = 1u << 29;
// A conflict map's answer for refused arguments: this flag plus the length of the errors answer (else the grid's
// length in words).
inline constexpr std::uint32_t kRefusedGrid = 1u << 31;
// A code: number << kNumberShift | interned << 4 | kind.
inline constexpr int kNumberShift = 5;
inline constexpr std::int32_t kInternedBit = 16;
inline constexpr std::size_t kDefaultInternLimit = std::size_t{1} << 15;

// Text in: the bytes JS wrote at `address`.
inline std::string_view from_heap(std::uintptr_t address, std::uint32_t length) {
  return {reinterpret_cast<const char*>(address), length};
}

std::string errors_answer(const Errors& errors);
// [message, ref | null]
std::string conflict_text(const Conflict& conflict);
// {"errors":[],"stats":…,"students":[…],"sessions":[…|null]} of what `engine` has loaded.
std::string load_answer(const Engine& engine);
// A session whose group_ref the group label rule set to other than its row said.
struct Relabel {
  std::string id;
  std::optional<std::string> group_ref;
};
// {"errors":[],"sessions":[[id, index]…],"relabelled":[[id, group_ref | null]…]}: `indexes[i]` for `ids[i]`, -1
// when removed.
std::string applied_answer(const std::vector<std::string>& ids, const std::vector<int>& indexes,
                           const std::vector<Relabel>& relabelled = {});
// [[kind, message, ref | null, student_id | null]…]: a group's conflicts, each with its member.
std::string member_conflicts_answer(const std::vector<MemberConflict>& conflicts);

// Schedule options; `malformed` when the text is not a JSON object (a bug in js/wire.js, not user input),
// `errors` for an unknown strategy or effort.
struct ScheduleRequest {
  ScheduleOptions options;
  Errors errors;
  bool malformed = false;
};
ScheduleRequest parse_schedule_options(std::string_view text);
std::string schedule_options_text(const ScheduleOptions& options);  // the same shape back (the round-trip test)

// [dayCount, startCount, days…, starts…, kinds…] into `out`.
void pack_grid(const ConflictGrid& grid, std::vector<std::uint32_t>& out);
// A grid's joins after its kinds: one int32 per cell (as uint32), the group a drop there joins, -1 for none.
void append_joins(const std::vector<std::int32_t>& joins, std::vector<std::uint32_t>& out);

// The intern limit of every ConflictEncoder from its next answer on (the test module lowers it).
std::size_t intern_limit();
void set_intern_limit(std::size_t limit);

// The conflict answer of describe(): fill conflicts(), then encode(). Keeps the intern table and its epoch.
class ConflictEncoder {
 public:
  std::vector<Conflict>& conflicts() { return conflicts_; }
  const std::vector<Conflict>& conflicts() const { return conflicts_; }

  // The answer for conflicts(): their count (0: free), with kCodesMoved when the code buffer is not where
  // codes_address() last said.
  std::uint32_t encode();
  std::uintptr_t codes_address();
  // A new payload: its rows and texts are new. Empties the table (a new epoch).
  void reset();
  std::int32_t epoch() const { return epoch_; }

 private:
  bool number_all(bool bounded);  // false: a new text and no room left (only when bounded)
  int intern(const Conflict& c, bool bounded);  // the text's number; -1 when bounded and the table is full

  std::vector<Conflict> conflicts_;  // reused: an answer allocates only the messages
  std::vector<std::int32_t> codes_ = std::vector<std::int32_t>(256);  // [epoch, code…]; sized once, rarely moves
  const std::int32_t* reported_codes_ = nullptr;
  std::unordered_map<std::string, int> interned_;  // kind + message + ref → its number in this epoch
  std::string key_;                                // intern()'s key, reused
  std::int32_t epoch_ = 0;
};

}  // namespace slotfit::wire
