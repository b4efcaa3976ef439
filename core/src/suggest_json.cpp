// Repair suggestions as JSON, for the command-line tool and the wasm module: times in minutes, as conflict maps.
// Written straight (json_write), not through a JSON DOM, which cost the wasm module about 2.5 KB (gzip) more.
#include <string>
#include <string_view>

#include "slotfit/json_write.hpp"
#include "slotfit/suggest.hpp"

namespace slotfit {
namespace {

using json_write::Writer;

void member(Writer& w, std::string_view name, long long value) {
  w.key(name);
  w.integer(value);
}

}  // namespace

std::string suggestions_json(const SuggestResult& result, int indent) {
  Writer w(indent, json_write::Escapes::kUnicode);
  w.open('{');
  member(w, "candidates_evaluated", result.candidates_evaluated);
  w.key("errors");
  w.open('[');
  for (const Error& e : result.errors) {
    w.item();
    w.open('{');
    w.key("code");
    w.string(e.code);
    w.key("path");
    w.string(e.path);
    w.key("message");
    w.string(e.message);
    w.close('}');
  }
  w.close(']');
  w.key("suggestions");
  w.open('[');
  for (const Suggestion& s : result.suggestions) {
    w.item();
    w.open('{');
    member(w, "day", s.day);
    member(w, "end", s.end);
    w.key("moves");
    w.open('[');
    for (const SuggestMove& m : s.moves) {
      w.item();
      w.open('{');
      member(w, "day", m.day);
      member(w, "end", m.end);
      member(w, "placement", m.placement);
      w.key("session_id");
      w.string_or_null(m.session_id);
      member(w, "start", m.start);
      w.close('}');
    }
    w.close(']');
    member(w, "start", s.start);
    w.close('}');
  }
  w.close(']');
  w.close('}');
  return w.take();
}

}  // namespace slotfit
