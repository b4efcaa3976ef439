#include "argument_errors.hpp"

#include <utility>

#include "model.hpp"
#include "slotfit/time.hpp"

namespace slotfit {

Errors not_loaded() { return {Error{"not-loaded", "", "no payload is loaded"}}; }

Errors invalid_argument(const char* name, std::string message) {
  return {Error{"invalid-argument", std::string("/") + name, std::move(message)}};
}

Errors day_errors(int day) {
  if (day >= kFirstDay && day <= kLastDay) return {};
  return invalid_argument("day", "expected a day of week 1-7 (Monday = 1), found " + std::to_string(day));
}

Errors start_errors(int start) {
  if (start >= 0 && start < kMinutesPerDay) return {};
  return invalid_argument("start", "expected a start 0-1439 minutes since midnight, found " + std::to_string(start));
}

Errors student_errors(const Model& m, int student) {
  const auto students = static_cast<int>(m.payload.students.size());
  if (student >= 0 && student < students) return {};
  return invalid_argument("student", "expected a student index 0-" + std::to_string(students - 1) + ", found " +
                                         std::to_string(student));
}

Errors unplaced_session_errors(const Model& m, int session, const char* what) {
  const auto sessions = static_cast<int>(m.payload.sessions.size());
  if (session < 0 || session >= sessions)
    return invalid_argument("session", "expected a session index 0-" + std::to_string(sessions - 1) + ", found " +
                                           std::to_string(session));
  const SessionRow& row = m.payload.sessions[static_cast<std::size_t>(session)];
  const std::string named = "session " + std::to_string(session) + (row.id.empty() ? "" : " (" + row.id + ")");
  if (!m.session_alive[static_cast<std::size_t>(session)])
    return invalid_argument("session", named + " was removed; " + what + " needs a live session");
  if (row.is_placeholder())
    return invalid_argument("session", named + " is a placeholder with no day or time; " + what +
                                           " needs a placed session");
  return {};
}

}  // namespace slotfit
