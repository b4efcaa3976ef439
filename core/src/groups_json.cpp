#include <nlohmann/json.hpp>

#include "slotfit/groups.hpp"

namespace slotfit {

std::string groups_json(const std::vector<SessionGroup>& groups, int indent) {
  nlohmann::json out = nlohmann::json::array();
  for (const SessionGroup& g : groups)
    out.push_back({{"id", g.id},
                   {"day", g.day},
                   {"start", g.start},
                   {"end", g.end},
                   {"session_ids", g.session_ids},
                   {"student_ids", g.student_ids},
                   {"group_ref", g.group_ref ? nlohmann::json(*g.group_ref) : nlohmann::json(nullptr)}});
  return out.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace slotfit
