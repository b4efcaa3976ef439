#include "slotfit/report.hpp"

#include <nlohmann/json.hpp>

#include "slotfit/time.hpp"

namespace slotfit {
namespace {

using nlohmann::json;

template <typename T>
json opt(const std::optional<T>& value) { return value ? json(*value) : json(nullptr); }

// Invalid UTF-8 would make dump() fail (and the core has no exceptions): replace it instead.
std::string text(const json& j, int indent) { return j.dump(indent, ' ', false, json::error_handler_t::replace); }

json errors_array(const Errors& errors) {
  json out = json::array();
  for (const Error& e : errors) out.push_back({{"code", e.code}, {"path", e.path}, {"message", e.message}});
  return out;
}

}  // namespace

std::string errors_json(const Errors& errors, int indent) { return text(errors_array(errors), indent); }

std::string conflicts_json(const std::vector<Conflict>& conflicts, int indent) {
  json out = json::array();
  for (const Conflict& c : conflicts)
    out.push_back({{"kind", kind_name(c.kind)}, {"message", c.message}, {"ref_id", opt(c.ref_id)}});
  return text(out, indent);
}

std::string member_conflicts_json(const std::vector<MemberConflict>& conflicts, int indent) {
  json out = json::array();
  for (const MemberConflict& m : conflicts)
    out.push_back({{"kind", kind_name(m.conflict.kind)},
                   {"message", m.conflict.message},
                   {"ref_id", opt(m.conflict.ref_id)},
                   {"student_id", opt(m.student_id)}});
  return text(out, indent);
}

std::string binding_rows_json(const std::vector<BindingRow>& rows, int indent) {
  json out = json::array();
  for (const BindingRow& r : rows)
    out.push_back({{"kind", kind_name(r.kind)}, {"day", r.day},          {"start", r.start},  {"end", r.end},
                   {"id", opt(r.id)},           {"label", r.label},      {"reason", r.reason}});
  return text(out, indent);
}

std::string schedule_json(const ScheduleResult& r, int indent) {
  json placements = json::array();
  for (const Placement& p : r.placements) {
    json row = json::object();
    if (p.id) row["id"] = *p.id;
    row["student_id"] = p.student_id;
    row["day_of_week"] = p.day_of_week;
    row["start_time"] = format_hhmmss(p.start_time);
    row["end_time"] = format_hhmmss(p.end_time);
    row["service_type"] = p.service_type;
    row["delivered_by"] = p.delivered_by;
    row["assigned_to_sea_id"] = opt(p.assigned_to_sea_id);
    row["status"] = p.status;
    row["group_ref"] = opt(p.group_ref);
    placements.push_back(std::move(row));
  }
  json groups = json::array();
  for (const ScheduledGroup& g : r.groups)
    groups.push_back({{"day", g.day},
                      {"start", g.start},
                      {"end", g.end},
                      {"placements", g.placements},
                      {"session_ids", g.session_ids},
                      {"group_ref", g.group_ref},
                      {"key", opt(g.key)}});
  json unplaced = json::array();
  for (const UnplacedStudent& u : r.unplaced) {
    json ruled_out = json::object();
    for (int k = 0; k < kConflictKindCount; ++k)
      if (u.ruled_out[static_cast<std::size_t>(k)] > 0)
        ruled_out[std::string(kConflictKindNames[static_cast<std::size_t>(k)])] = u.ruled_out[static_cast<std::size_t>(k)];
    unplaced.push_back({{"student_id", u.student_id},
                        {"needed", u.needed},
                        {"placed", u.placed},
                        {"candidates", u.candidates},
                        {"ruled_out", std::move(ruled_out)}});
  }
  json not_configured = json::array();
  for (const NotConfiguredStudent& n : r.not_configured)
    not_configured.push_back({{"student_id", n.student_id}, {"reason", n.reason}});
  json out = {{"placements", std::move(placements)},
              {"unplaced", std::move(unplaced)},
              {"not_configured", std::move(not_configured)},
              {"groups", std::move(groups)},
              {"errors", errors_array(r.errors)},
              {"stats",
               {{"candidates_evaluated", r.stats.candidates_evaluated},
                {"sessions_needed", r.stats.sessions_needed},
                {"sessions_placed", r.stats.sessions_placed},
                {"placeholders_filled", r.stats.placeholders_filled},
                {"elapsed_ms", r.stats.elapsed_ms},
                {"upper_bound", opt(r.stats.upper_bound)},
                {"optimal", opt(r.stats.optimal)},
                {"stopped_by", r.stats.stopped_by.empty() ? json(nullptr) : json(r.stats.stopped_by)},
                {"search_work", r.stats.search_work}}}};
  return text(out, indent);
}

std::string stats_json(const EngineStats& s, int indent) {
  json out = {{"students", s.students},         {"sessions", s.sessions},
              {"placeholders", s.placeholders}, {"rows_indexed", s.rows_indexed},
              {"load_ms", s.load_ms},           {"checks", s.checks},
              {"candidates_evaluated", s.candidates_evaluated}, {"data_version", opt(s.data_version)},
              {"incomplete", s.incomplete}};
  return text(out, indent);
}

}  // namespace slotfit
