// Repair suggestions as JSON, for the command-line tool and the wasm module: times in minutes, as conflict maps.
#include <nlohmann/json.hpp>

#include "slotfit/suggest.hpp"

namespace slotfit {

std::string suggestions_json(const SuggestResult& result, int indent) {
  using nlohmann::json;
  json suggestions = json::array();
  for (const Suggestion& s : result.suggestions) {
    json moves = json::array();
    for (const SuggestMove& m : s.moves) {
      moves.push_back({{"session_id", m.session_id ? json(*m.session_id) : json(nullptr)},
                       {"placement", m.placement},
                       {"day", m.day},
                       {"start", m.start},
                       {"end", m.end}});
    }
    suggestions.push_back({{"day", s.day}, {"start", s.start}, {"end", s.end}, {"moves", std::move(moves)}});
  }
  json errors = json::array();
  for (const Error& e : result.errors) errors.push_back({{"code", e.code}, {"path", e.path}, {"message", e.message}});
  json doc = {{"errors", std::move(errors)},
              {"suggestions", std::move(suggestions)},
              {"candidates_evaluated", result.candidates_evaluated}};
  return doc.dump(indent, ' ', false, json::error_handler_t::replace);
}

}  // namespace slotfit
