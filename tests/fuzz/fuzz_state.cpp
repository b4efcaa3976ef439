#include "fuzz_state.hpp"

#include <array>
#include <tuple>

#include "fuzz_support.hpp"
#include "slotfit/time.hpp"

namespace slotfit_fuzz {
namespace {

auto fields(const slotfit::SessionRow& r) {
  return std::tie(r.id, r.student_id, r.day_of_week, r.start_time, r.end_time, r.service_type, r.delivered_by,
                  r.assigned_to_sea_id, r.assigned_to_specialist_id, r.status);
}

std::string text_or_null(const std::optional<std::string>& text) { return text ? "\"" + *text + "\"" : "null"; }

std::string group_line(const slotfit::SessionGroup& g) {
  std::string out = std::to_string(g.id) + " " + std::to_string(g.day) + " " + std::to_string(g.start) + "-" +
                    std::to_string(g.end) + " " + text_or_null(g.group_ref) + ":";
  for (std::size_t i = 0; i < g.session_ids.size(); ++i) out += " " + g.session_ids[i] + "/" + g.student_ids[i];
  return out;
}

std::string row_line(const std::string& student, const slotfit::BindingRow& r) {
  return student + " " + std::string(slotfit::kind_name(r.kind)) + " " + std::to_string(r.day) + " " +
         std::to_string(r.start) + "-" + std::to_string(r.end) + " " + text_or_null(r.id) + " " + r.label + " | " +
         r.reason;
}

// A school day's spread: the mornings, midday and afternoons where the fixtures put their rows.
// A refused evaluate_group(), told apart from every mask (the kinds use the low bits only).
constexpr std::uint32_t kRefused = 0x80000000u;
constexpr std::array<int, 7> kStarts = {8 * 60, 9 * 60 + 15, 10 * 60 + 30, 11 * 60 + 45, 13 * 60, 14 * 60 + 15, 15 * 60};

}  // namespace

LiveSessions live_sessions(const slotfit::Engine& engine) {
  LiveSessions out;
  if (!engine.loaded()) return out;
  const auto& rows = engine.payload()->sessions;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto index = engine.session_index(rows[i].id);
    if (index && *index == static_cast<int>(i)) out.emplace(rows[i].id, rows[i]);
  }
  return out;
}

slotfit::Payload live_payload(const slotfit::Engine& engine) {
  slotfit::Payload p = *engine.payload();
  std::vector<slotfit::SessionRow> live;
  for (std::size_t i = 0; i < p.sessions.size(); ++i) {
    const auto index = engine.session_index(p.sessions[i].id);
    if (index && *index == static_cast<int>(i)) live.push_back(p.sessions[i]);
  }
  p.sessions = std::move(live);
  return p;
}

void require_same_sessions(const LiveSessions& expected, const LiveSessions& actual, const std::string& when,
                           bool with_labels) {
  SLOTFIT_FUZZ_REQUIRE(expected.size() == actual.size(), when + ": " + std::to_string(expected.size()) +
                                                             " sessions expected, " + std::to_string(actual.size()) +
                                                             " live");
  for (const auto& [id, row] : expected) {
    const auto it = actual.find(id);
    SLOTFIT_FUZZ_REQUIRE(it != actual.end(), when + ": session " + id + " is not live");
    SLOTFIT_FUZZ_REQUIRE(fields(it->second) == fields(row), when + ": session " + id + " differs");
    if (with_labels)
      SLOTFIT_FUZZ_REQUIRE(it->second.group_ref == row.group_ref,
                           when + ": session " + id + " labelled " + text_or_null(it->second.group_ref) + ", expected " +
                               text_or_null(row.group_ref));
  }
}

Answers answers_of(const slotfit::Engine& engine, std::size_t budget) {
  Answers out;
  out.sessions = live_sessions(engine);
  if (!engine.loaded()) return out;
  for (const slotfit::SessionGroup& g : engine.groups()) out.groups.push_back(group_line(g));
  const slotfit::Payload& p = *engine.payload();
  for (std::size_t s = 0; s < p.students.size() && s < budget; ++s) {
    const int student = static_cast<int>(s);
    if (const auto rows = engine.rows_for(student); rows.ok())
      for (const slotfit::BindingRow& r : *rows) out.rows.push_back(row_line(p.students[s].id, r));
    for (int day = slotfit::kFirstDay; day <= 5; ++day)
      for (int start : kStarts) out.masks.push_back(engine.evaluate(student, day, start, 30));
  }
  std::size_t asked = 0;
  for (const auto& [id, row] : out.sessions) {
    if (asked++ >= budget) break;
    const int session = *engine.session_index(id);
    for (int day = slotfit::kFirstDay; day <= 5; ++day)
      for (int start : kStarts) {
        const auto mask = engine.evaluate_group(session, day, start);
        out.masks.push_back(mask.ok() ? *mask : kRefused);
      }
  }
  return out;
}

void require_same_answers(const Answers& expected, const Answers& actual, const std::string& when) {
  require_same_sessions(expected.sessions, actual.sessions, when);
  SLOTFIT_FUZZ_REQUIRE(expected.groups == actual.groups,
                       when + ": the groups differ (" + std::to_string(expected.groups.size()) + " expected, " +
                           std::to_string(actual.groups.size()) + ")");
  SLOTFIT_FUZZ_REQUIRE(expected.rows == actual.rows, when + ": the binding rows differ");
  SLOTFIT_FUZZ_REQUIRE(expected.masks == actual.masks, when + ": evaluate() or evaluate_group() answers differ");
}

}  // namespace slotfit_fuzz
