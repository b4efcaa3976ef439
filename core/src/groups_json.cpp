#include "slotfit/groups.hpp"
#include "slotfit/json_write.hpp"

namespace slotfit {

// Keys sorted and strings escaped as the report writers do (report.cpp).
std::string groups_json(const std::vector<SessionGroup>& groups, int indent) {
  json_write::Writer w(indent, json_write::Escapes::kShortReplacingInvalid);
  w.open('[');
  for (const SessionGroup& g : groups) {
    w.item();
    w.open('{');
    w.key("day");
    w.integer(g.day);
    w.key("end");
    w.integer(g.end);
    w.key("group_ref");
    w.string_or_null(g.group_ref);
    w.key("id");
    w.integer(g.id);
    w.key("session_ids");
    w.strings(g.session_ids);
    w.key("start");
    w.integer(g.start);
    w.key("student_ids");
    w.strings(g.student_ids);
    w.close('}');
  }
  w.close(']');
  return w.take();
}

}  // namespace slotfit
