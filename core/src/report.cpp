// The report writers. Their keys come out sorted, as the nlohmann DOM these replaced wrote them (the command-line
// tool's tests read them so), and their strings escaped as it did (json_write's kShortReplacingInvalid).
#include "slotfit/report.hpp"

#include <vector>

#include "int_sort.hpp"
#include "slotfit/json_write.hpp"
#include "slotfit/time.hpp"

namespace slotfit {
namespace {

using json_write::Writer;

Writer report_writer(int indent) { return Writer(indent, json_write::Escapes::kShortReplacingInvalid); }

void write_errors(Writer& w, const Errors& errors) {
  w.open('[');
  for (const Error& e : errors) {
    w.item();
    w.open('{');
    w.key("code");
    w.string(e.code);
    w.key("message");
    w.string(e.message);
    w.key("path");
    w.string(e.path);
    w.close('}');
  }
  w.close(']');
}

// The kinds in the byte order of their names: a ruled_out object's keys.
std::vector<int> kinds_by_name() {
  std::vector<int> order;
  for (int k = 0; k < kConflictKindCount; ++k) order.push_back(k);
  sort_ints(order, [](int a, int b) {
    return kConflictKindNames[static_cast<std::size_t>(a)] < kConflictKindNames[static_cast<std::size_t>(b)];
  });
  return order;
}

// The kind, message and ref_id of a conflict (the keys that sort first in both conflict answers).
void write_conflict(Writer& w, const Conflict& c) {
  w.key("kind");
  w.string(kind_name(c.kind));
  w.key("message");
  w.string(c.message);
  w.key("ref_id");
  w.string_or_null(c.ref_id);
}

}  // namespace

std::string errors_json(const Errors& errors, int indent) {
  Writer w = report_writer(indent);
  write_errors(w, errors);
  return w.take();
}

std::string conflicts_json(const std::vector<Conflict>& conflicts, int indent) {
  Writer w = report_writer(indent);
  w.open('[');
  for (const Conflict& c : conflicts) {
    w.item();
    w.open('{');
    write_conflict(w, c);
    w.close('}');
  }
  w.close(']');
  return w.take();
}

std::string member_conflicts_json(const std::vector<MemberConflict>& conflicts, int indent) {
  Writer w = report_writer(indent);
  w.open('[');
  for (const MemberConflict& m : conflicts) {
    w.item();
    w.open('{');
    write_conflict(w, m.conflict);
    w.key("student_id");
    w.string_or_null(m.student_id);
    w.close('}');
  }
  w.close(']');
  return w.take();
}

std::string binding_rows_json(const std::vector<BindingRow>& rows, int indent) {
  Writer w = report_writer(indent);
  w.open('[');
  for (const BindingRow& r : rows) {
    w.item();
    w.open('{');
    w.key("day");
    w.integer(r.day);
    w.key("end");
    w.integer(r.end);
    w.key("id");
    w.string_or_null(r.id);
    w.key("kind");
    w.string(kind_name(r.kind));
    w.key("label");
    w.string(r.label);
    w.key("reason");
    w.string(r.reason);
    w.key("start");
    w.integer(r.start);
    w.close('}');
  }
  w.close(']');
  return w.take();
}

std::string schedule_json(const ScheduleResult& r, int indent) {
  Writer w = report_writer(indent);
  w.open('{');
  w.key("errors");
  write_errors(w, r.errors);

  w.key("groups");
  w.open('[');
  for (const ScheduledGroup& g : r.groups) {
    w.item();
    w.open('{');
    w.key("day");
    w.integer(g.day);
    w.key("end");
    w.integer(g.end);
    w.key("group_ref");
    w.string(g.group_ref);
    w.key("key");
    w.string_or_null(g.key);
    w.key("placements");
    w.open('[');
    for (const int p : g.placements) {
      w.item();
      w.integer(p);
    }
    w.close(']');
    w.key("session_ids");
    w.strings(g.session_ids);
    w.key("start");
    w.integer(g.start);
    w.close('}');
  }
  w.close(']');

  w.key("not_configured");
  w.open('[');
  for (const NotConfiguredStudent& n : r.not_configured) {
    w.item();
    w.open('{');
    w.key("reason");
    w.string(n.reason);
    w.key("student_id");
    w.string(n.student_id);
    w.close('}');
  }
  w.close(']');

  w.key("placements");
  w.open('[');
  for (const Placement& p : r.placements) {
    w.item();
    w.open('{');
    w.key("assigned_to_sea_id");
    w.string_or_null(p.assigned_to_sea_id);
    w.key("day_of_week");
    w.integer(p.day_of_week);
    w.key("delivered_by");
    w.string(p.delivered_by);
    w.key("end_time");
    w.string(format_hhmmss(p.end_time));
    w.key("group_ref");
    w.string_or_null(p.group_ref);
    if (p.id) {  // a new row has none: the key is left out, not null
      w.key("id");
      w.string(*p.id);
    }
    w.key("service_type");
    w.string(p.service_type);
    w.key("start_time");
    w.string(format_hhmmss(p.start_time));
    w.key("status");
    w.string(p.status);
    w.key("student_id");
    w.string(p.student_id);
    w.close('}');
  }
  w.close(']');

  const ScheduleStats& s = r.stats;
  w.key("stats");
  w.open('{');
  w.key("candidates_evaluated");
  w.integer(s.candidates_evaluated);
  w.key("elapsed_ms");
  w.number(s.elapsed_ms);
  w.key("optimal");
  if (s.optimal) {
    w.boolean(*s.optimal);
  } else {
    w.null();
  }
  w.key("placeholders_filled");
  w.integer(s.placeholders_filled);
  w.key("search_work");
  w.integer(s.search_work);
  w.key("sessions_needed");
  w.integer(s.sessions_needed);
  w.key("sessions_placed");
  w.integer(s.sessions_placed);
  w.key("stopped_by");
  if (s.stopped_by.empty()) {
    w.null();
  } else {
    w.string(s.stopped_by);
  }
  w.key("upper_bound");
  if (s.upper_bound) {
    w.integer(*s.upper_bound);
  } else {
    w.null();
  }
  w.close('}');

  w.key("unplaced");
  w.open('[');
  const std::vector<int> kinds = r.unplaced.empty() ? std::vector<int>{} : kinds_by_name();
  for (const UnplacedStudent& u : r.unplaced) {
    w.item();
    w.open('{');
    w.key("candidates");
    w.integer(u.candidates);
    w.key("needed");
    w.integer(u.needed);
    w.key("placed");
    w.integer(u.placed);
    w.key("ruled_out");
    w.open('{');
    for (const int k : kinds) {
      const int count = u.ruled_out[static_cast<std::size_t>(k)];
      if (count <= 0) continue;
      w.key(kConflictKindNames[static_cast<std::size_t>(k)]);
      w.integer(count);
    }
    w.close('}');
    w.key("student_id");
    w.string(u.student_id);
    w.close('}');
  }
  w.close(']');
  w.close('}');
  return w.take();
}

std::string stats_json(const EngineStats& s, int indent) {
  Writer w = report_writer(indent);
  w.open('{');
  w.key("candidates_evaluated");
  w.integer(s.candidates_evaluated);
  w.key("checks");
  w.integer(s.checks);
  w.key("data_version");
  w.string_or_null(s.data_version);
  w.key("incomplete");
  w.strings(s.incomplete);
  w.key("load_ms");
  w.number(s.load_ms);
  w.key("placeholders");
  w.integer(s.placeholders);
  w.key("rows_indexed");
  w.integer(s.rows_indexed);
  w.key("sessions");
  w.integer(s.sessions);
  w.key("students");
  w.integer(s.students);
  w.close('}');
  return w.take();
}

}  // namespace slotfit
