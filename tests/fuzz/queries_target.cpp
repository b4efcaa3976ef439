// Fuzz target: the check and map entry points. The bytes choose a fixture (minimal, sample-school,
// sample-tight), maybe a policy (through set_policy, the validated door), then a list of queries, each
// argument either raw (any int: negative, huge, overflowing) or plausible (near the caseload and the day).
// Promises beyond no crash or undefined behaviour: check() and evaluate() agree, a conflict map's cells are
// evaluate()'s answers, the group entry points refuse exactly what they should and agree with each other, and
// auto-schedule hands out only placements inside the week. With bit 6 of the first byte set, the queries are the
// group entry points' and rows_for's with raw integers instead (fuzz_groups.hpp).
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <variant>

#include "fuzz_groups.hpp"
#include "fuzz_support.hpp"
#include "slotfit/engine.hpp"
#include "slotfit/parse.hpp"
#include "slotfit/time.hpp"

namespace {

constexpr std::array<const char*, 3> kFixtures = {"minimal.json", "sample-school.json", "sample-tight.json"};
constexpr int kMaxQueries = 48;

// The bytes as a stream of values; zeros once they run out.
class Bytes {
 public:
  Bytes(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  bool empty() const { return at_ >= size_; }
  std::uint8_t u8() { return at_ < size_ ? data_[at_++] : 0; }
  std::uint16_t u16() { return static_cast<std::uint16_t>(u8() | (u8() << 8)); }
  std::int32_t i32() {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= static_cast<std::uint32_t>(u8()) << (8 * i);
    std::int32_t out;
    std::memcpy(&out, &v, sizeof out);
    return out;
  }
  std::string text(std::size_t max_length) {
    const std::size_t length = u8() % (max_length + 1);
    std::string out;
    for (std::size_t i = 0; i < length && !empty(); ++i) out += static_cast<char>(u8());
    return out;
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t at_ = 0;
};

const slotfit::Payload& fixture_payload(std::size_t which) {
  static const std::array<slotfit::Payload, kFixtures.size()> payloads = [] {
    std::array<slotfit::Payload, kFixtures.size()> out;
    for (std::size_t i = 0; i < kFixtures.size(); ++i) {
      auto parsed = slotfit::parse_payload(slotfit_fuzz::fixture_text(kFixtures[i]));
      if (!std::holds_alternative<slotfit::Payload>(parsed)) slotfit_fuzz::broken("the fixture parses", kFixtures[i]);
      out[i] = std::get<slotfit::Payload>(std::move(parsed));
    }
    return out;
  }();
  return payloads[which];
}

// Engines with the default policy, loaded once: queries do not change them.
const slotfit::Engine& default_engine(std::size_t which) {
  static std::array<std::unique_ptr<slotfit::Engine>, kFixtures.size()> engines;
  if (!engines[which]) {
    engines[which] = std::make_unique<slotfit::Engine>();
    SLOTFIT_FUZZ_REQUIRE(engines[which]->load(fixture_payload(which)).empty(), kFixtures[which]);
  }
  return *engines[which];
}

slotfit::Policy fuzzed_policy(Bytes& in) {
  slotfit::Policy p;
  p.capacity = static_cast<std::int8_t>(in.u8());
  p.capacity_ladder.clear();
  for (int steps = in.u8() % 4; steps > 0; --steps) p.capacity_ladder.push_back(static_cast<std::int8_t>(in.u8()));
  p.consecutive_limit = static_cast<std::int16_t>(in.u16());
  p.min_break = static_cast<std::int16_t>(in.u16());
  p.grid_step = static_cast<std::int8_t>(in.u8());
  p.default_window_start = static_cast<std::int16_t>(in.u16());
  p.default_window_end = static_cast<std::int16_t>(in.u16());
  p.class_period_pattern = in.text(12);
  return p;
}

// The group of `session` moved to (day, start): refused exactly when the session is no live, placed one or the
// move leaves the week's days or the day, always as invalid-argument; otherwise check_group's kinds are
// evaluate_group's mask, and the group's map agrees at that cell.
void require_group_agreement(const slotfit::Engine& engine, int session, int day, int start) {
  const slotfit::Payload& payload = *engine.payload();
  const bool placed = session >= 0 && session < static_cast<int>(payload.sessions.size()) &&
                      engine.session_index(payload.sessions[static_cast<std::size_t>(session)].id) == session &&
                      !payload.sessions[static_cast<std::size_t>(session)].is_placeholder();
  const auto map = engine.conflict_map_group(session);
  SLOTFIT_FUZZ_REQUIRE(map.ok() == placed, "conflict_map_group refuses exactly a session that is not placed");
  const auto mask = engine.evaluate_group(session, day, start);
  const auto conflicts = engine.check_group(session, day, start);
  SLOTFIT_FUZZ_REQUIRE(mask.ok() == conflicts.ok(), "evaluate_group and check_group refuse alike");
  if (!mask.ok()) {
    SLOTFIT_FUZZ_REQUIRE(mask.errors().front().code == "invalid-argument", "group move: invalid-argument");
    SLOTFIT_FUZZ_REQUIRE(mask.errors().front().message == conflicts.errors().front().message, "the same refusal");
    if (placed)
      SLOTFIT_FUZZ_REQUIRE(mask.errors().front().path == "/day" || mask.errors().front().path == "/start",
                           "a placed session's move is refused for its day or start");
    return;
  }
  SLOTFIT_FUZZ_REQUIRE(placed && day >= slotfit::kFirstDay && day <= slotfit::kLastDay && start >= 0,
                       "a group move answered only for a placed session inside the week");
  slotfit::ConflictMask described = 0;
  for (const slotfit::MemberConflict& c : conflicts.value()) described |= slotfit::bit(c.conflict.kind);
  SLOTFIT_FUZZ_REQUIRE(described == mask.value(), "check_group's kinds == evaluate_group");
  const slotfit::ConflictGrid& grid = map.value();
  for (std::size_t d = 0; d < grid.days.size(); ++d)
    for (std::size_t i = 0; i < grid.starts.size(); ++i)
      if (grid.days[d] == day && grid.starts[i] == start)
        SLOTFIT_FUZZ_REQUIRE(grid.at(d, i) == mask.value(), "group map cell == evaluate_group");
}

void run_queries(const slotfit::Engine& engine, Bytes& in) {
  const int students = static_cast<int>(engine.payload()->students.size());
  const int sessions = static_cast<int>(engine.payload()->sessions.size());
  bool scheduled = false;
  for (int q = 0; q < kMaxQueries && !in.empty(); ++q) {
    // The low three bits pick the query; each higher bit makes one argument raw.
    const std::uint8_t op = in.u8();
    const auto raw = [op](int bit) { return (op & (0x08 << bit)) != 0; };
    const int student = raw(0) ? in.i32() : in.u8() % (students + 2) - 1;
    const int day = raw(1) ? in.i32() : in.u8() % 9;
    const int start = raw(2) ? in.i32() : in.u16() % 1500 - 20;
    const int minutes = raw(3) ? in.i32() : in.u8() % 250 - 5;
    const int ignore = raw(4) ? in.i32() : in.u8() % (sessions + 2) - 1;
    switch ((op & 0x07) % 5) {
      case 0:
        slotfit_fuzz::require_agreement(engine, student, day, start, minutes, ignore);
        break;
      case 1: {
        const auto map = engine.conflict_map(student, minutes, ignore);
        const bool valid = student >= 0 && student < students && minutes > 0 && minutes <= slotfit::kMinutesPerDay &&
                           ignore >= -1 && ignore < sessions;
        SLOTFIT_FUZZ_REQUIRE(map.ok() == valid, "conflict_map refuses exactly the invalid arguments");
        if (!map.ok()) {
          SLOTFIT_FUZZ_REQUIRE(map.errors().front().code == "invalid-argument", "conflict_map: invalid-argument");
          break;
        }
        const slotfit::ConflictGrid& grid = map.value();
        SLOTFIT_FUZZ_REQUIRE(grid.kinds.size() == grid.days.size() * grid.starts.size(), "grid shape");
        for (std::size_t d = 0; d < grid.days.size(); ++d)
          for (std::size_t i = 0; i < grid.starts.size(); ++i)
            SLOTFIT_FUZZ_REQUIRE(grid.at(d, i) == engine.evaluate(student, grid.days[d], grid.starts[i], minutes, ignore),
                                 "map cell == evaluate");
        break;
      }
      case 2: {
        const auto map = engine.conflict_map_for_session(ignore);
        if (map.ok())
          SLOTFIT_FUZZ_REQUIRE(map->kinds.size() == map->days.size() * map->starts.size(), "session grid shape");
        else
          SLOTFIT_FUZZ_REQUIRE(map.errors().front().code == "invalid-argument", "conflict_map_for_session: invalid-argument");
        require_group_agreement(engine, ignore, day, start);
        SLOTFIT_FUZZ_REQUIRE(engine.rows_for(student).ok() == (student >= 0 && student < students),
                             "rows_for refuses exactly a student outside the caseload");
        break;
      }
      case 3: {
        const std::string id = in.text(24);
        const auto s = engine.student_index(id);
        SLOTFIT_FUZZ_REQUIRE(!s || (*s >= 0 && *s < students), "student index in range");
        const auto t = engine.session_index(id);
        SLOTFIT_FUZZ_REQUIRE(!t || (*t >= 0 && *t < sessions), "session index in range");
        break;
      }
      default: {
        if (scheduled) break;  // one auto-schedule per input keeps executions short
        scheduled = true;
        slotfit::ScheduleOptions options;
        options.strategy = static_cast<slotfit::Strategy>(in.u8() % slotfit::kStrategyNames.size());
        options.allow_incomplete = raw(0);
        if (raw(1)) options.student_ids.push_back(in.text(24));
        const slotfit::ScheduleResult result = engine.auto_schedule(options);
        slotfit_fuzz::require_well_formed(result.errors, "auto_schedule");
        for (const slotfit::Placement& p : result.placements) {
          SLOTFIT_FUZZ_REQUIRE(p.day_of_week >= slotfit::kFirstDay && p.day_of_week <= slotfit::kLastDay, "placed day");
          SLOTFIT_FUZZ_REQUIRE(p.start_time >= 0 && p.start_time < p.end_time && p.end_time <= slotfit::kMinutesPerDay,
                               "placed times");
        }
      }
    }
  }
}

// check_group, evaluate_group, conflict_map_group and rows_for with the same kinds of arguments: op bit 0 picks
// the query, the higher bits make arguments raw.
void run_group_queries(const slotfit::Engine& engine, Bytes& in) {
  const int students = static_cast<int>(engine.payload()->students.size());
  const int sessions = static_cast<int>(engine.payload()->sessions.size());
  for (int q = 0; q < kMaxQueries && !in.empty(); ++q) {
    const std::uint8_t op = in.u8();
    const auto raw = [op](int bit) { return (op & (0x02 << bit)) != 0; };
    if ((op & 0x01) == 0) {
      const int session = raw(0) ? in.i32() : in.u8() % (sessions + 2) - 1;
      const int day = raw(1) ? in.i32() : in.u8() % 9;
      const int start = raw(2) ? in.i32() : in.u16() % 1500 - 20;
      slotfit_fuzz::require_group_query(engine, session, day, start);
    } else {
      slotfit_fuzz::require_rows_bind(engine, raw(0) ? in.i32() : in.u8() % (students + 2) - 1);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Bytes in(data, size);
  const std::uint8_t head = in.u8();
  const std::size_t which = head % kFixtures.size();
  if ((head & 0x80) == 0) {
    if (head & 0x40) {
      slotfit_fuzz::require_groups_consistent(default_engine(which), 4);
      run_group_queries(default_engine(which), in);
    } else {
      run_queries(default_engine(which), in);
    }
    return 0;
  }
  slotfit::Engine engine;
  SLOTFIT_FUZZ_REQUIRE(engine.load(fixture_payload(which)).empty(), kFixtures[which]);
  const slotfit::Policy policy = fuzzed_policy(in);
  const slotfit::Result<void> set = engine.set_policy(policy);
  SLOTFIT_FUZZ_REQUIRE(set.ok() == slotfit::validate_policy(policy).empty(), "set_policy refuses invalid");
  if (head & 0x40) {
    run_group_queries(engine, in);
  } else {
    run_queries(engine, in);
  }
  return 0;
}
