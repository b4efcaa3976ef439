#include "week_model.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <ostream>

#include "support/reference_rules.hpp"

namespace slotfit::exact {
namespace {

using testing::reference_grid_starts;
using testing::reference_mask;
using testing::reference_work_days;

// One of a student's sessions on one day: a payload template (always there) or a candidate variable.
struct Own {
  int start = 0;
  int end = 0;
  int var = -1;  // -1: a template
  bool fixed() const { return var < 0; }
};

bool configured(const StudentRow& s) {
  return s.sessions_per_week.value_or(0) > 0 && s.minutes_per_session.value_or(0) > 0;
}

class Builder {
 public:
  Builder(const Payload& payload, const Policy& policy) : p_(payload), policy_(policy) {}

  WeekModel build() {
    days_ = reference_work_days(p_);
    templates_.resize(p_.students.size());
    std::map<std::string, int> index;
    for (std::size_t s = 0; s < p_.students.size(); ++s) index.emplace(p_.students[s].id, static_cast<int>(s));
    for (const SessionRow& row : p_.sessions) {
      if (row.is_placeholder()) continue;
      auto it = index.find(row.student_id);
      if (it != index.end()) templates_[static_cast<std::size_t>(it->second)].push_back(row);
    }
    model_.needed.assign(p_.students.size(), 0);
    for (std::size_t s = 0; s < p_.students.size(); ++s) add_student(static_cast<int>(s));
    for (int day : days_) add_capacity(day);
    return std::move(model_);
  }

 private:
  void add_student(int s) {
    const StudentRow& st = p_.students[static_cast<std::size_t>(s)];
    if (!configured(st)) return;
    const int have = static_cast<int>(templates_[static_cast<std::size_t>(s)].size());
    const int needed = std::max(0, *st.sessions_per_week - have);
    model_.needed[static_cast<std::size_t>(s)] = needed;
    model_.needed_total += needed;
    if (needed == 0) return;
    const int minutes = *st.minutes_per_session;
    auto cached = starts_.find(minutes);
    if (cached == starts_.end()) cached = starts_.emplace(minutes, reference_grid_starts(p_, policy_, minutes)).first;

    // A short break to a template is the one rule another new session can lift (a session that exactly fills
    // the gap makes a chain instead), so with two or more sessions to place it is a row, not a filter. Every
    // other kind only gets worse as sessions are added, so a start it rules out now stays ruled out.
    const ConflictMask waived = needed >= 2 ? bit(ConflictKind::kShortBreak) : 0;
    std::vector<int> mine;
    for (int day : days_) {
      std::vector<Own> own;
      for (const SessionRow& t : templates_[static_cast<std::size_t>(s)]) {
        if (*t.day_of_week == day) own.push_back(Own{*t.start_time, *t.end_time, -1});
      }
      if (own.size() >= 2 && model_.problem.empty()) {
        model_.problem = "student " + st.id + " has two templates on day " + std::to_string(day) +
                         ": leaving out the different-days rule is only proven with at most one";
      }
      for (int start : cached->second) {
        if ((reference_mask(p_, policy_, s, day, start, minutes) & ~waived) != 0) continue;
        const int var = static_cast<int>(model_.vars.size());
        model_.vars.push_back(Candidate{s, day, start, start + minutes});
        mine.push_back(var);
        own.push_back(Own{start, start + minutes, var});
      }
      // With one session to place, the reference checker has judged it against everything it can meet.
      if (needed >= 2) add_own_rules(s, day, own);
    }
    if (static_cast<int>(mine.size()) > needed) {
      Row row{"need_s" + std::to_string(s), {}, needed};
      for (int v : mine) row.terms.push_back(Term{v, 1});
      model_.rows.push_back(std::move(row));
    }
  }

  // The student's own rules among its sessions of one day (rules.md: student-overlap, short-break,
  // consecutive), for every set of candidates together with the templates.
  void add_own_rules(int s, int day, std::vector<Own> own) {
    std::sort(own.begin(), own.end(), [](const Own& a, const Own& b) { return a.start < b.start; });
    const std::string tag = "_s" + std::to_string(s) + "_d" + std::to_string(day) + "_";
    check_templates_clean(s, day);

    // Overlap: the candidates covering a minute form a clique; the starts are where cliques are maximal.
    for (const Own& at : own) {
      if (at.fixed()) continue;
      Row row{"ovl" + tag + std::to_string(at.start), {}, 1};
      for (const Own& o : own) {
        if (!o.fixed() && o.start <= at.start && at.start < o.end) row.terms.push_back(Term{o.var, 1});
      }
      if (row.terms.size() >= 2) model_.rows.push_back(std::move(row));
    }

    // Short break: a session q starting 1..min_break-1 minutes after a ends is allowed only when a session
    // starts exactly at a's end (it lies between them, and its own rows judge its gaps). Candidates overlapping
    // a template are already gone, so a template is never skipped over.
    int n = 0;
    for (const Own& a : own) {
      bool touched_by_template = false;
      int touching = -1;
      for (const Own& c : own) {
        if (c.start != a.end) continue;
        if (c.fixed()) touched_by_template = true;
        else touching = c.var;
      }
      if (touched_by_template) continue;
      for (const Own& q : own) {
        const int gap = q.start - a.end;
        if (gap < 1 || gap >= policy_.min_break || (a.fixed() && q.fixed())) continue;
        Row row{"brk" + tag + std::to_string(n++), {}, -1};
        for (const Own* side : {&a, &q}) {
          if (side->fixed()) continue;
          row.terms.push_back(Term{side->var, 1});
          ++row.rhs;
        }
        if (touching >= 0) row.terms.push_back(Term{touching, -1});
        model_.rows.push_back(std::move(row));
      }
    }

    // Consecutive: every chain of exactly touching sessions with two or more members and more than
    // consecutive_limit minutes holds a candidate that must stay out. The first such prefix of every walk is
    // enough: any longer chain contains it.
    n = 0;
    std::vector<const Own*> path;
    const auto walk = [&](const auto& self, const Own& last, int minutes) -> void {
      for (const Own& next : own) {
        if (next.start != last.end) continue;
        path.push_back(&next);
        const int total = minutes + (next.end - next.start);
        int candidates = 0;
        for (const Own* o : path) candidates += o->fixed() ? 0 : 1;
        if (total > policy_.consecutive_limit && candidates > 0) {
          Row row{"chain" + tag + std::to_string(n++), {}, candidates - 1};
          for (const Own* o : path) {
            if (!o->fixed()) row.terms.push_back(Term{o->var, 1});
          }
          model_.rows.push_back(std::move(row));
        } else {
          self(self, next, total);
        }
        path.pop_back();
      }
    };
    for (const Own& first : own) {
      path.assign(1, &first);
      walk(walk, first, first.end - first.start);
    }
  }

  // The rows above treat templates like chosen candidates, which is right only if the templates of one
  // student keep the student's own rules among themselves.
  void check_templates_clean(int s, int day) {
    std::vector<SessionRow> fixed;
    for (const SessionRow& t : templates_[static_cast<std::size_t>(s)]) {
      if (*t.day_of_week == day) fixed.push_back(t);
    }
    for (const SessionRow& t : fixed) {
      const ConflictMask own_kinds =
          bit(ConflictKind::kStudentOverlap) | bit(ConflictKind::kShortBreak) | bit(ConflictKind::kConsecutive);
      const ConflictMask m =
          reference_mask(p_, policy_, s, day, *t.start_time, *t.end_time - *t.start_time, t.id) & own_kinds;
      if (m != 0 && model_.problem.empty()) {
        model_.problem = "student " + p_.students[static_cast<std::size_t>(s)].id + ": its templates on day " +
                         std::to_string(day) + " break its own rules among themselves";
      }
    }
  }

  // Capacity: at every minute, the templates there plus the new sessions there stay within capacity. Loads
  // change only at session boundaries, so one row per stretch between two boundaries.
  void add_capacity(int day) {
    std::vector<int> cuts;
    std::vector<std::pair<int, int>> placed;
    for (const SessionRow& row : p_.sessions) {
      if (row.is_placeholder() || *row.day_of_week != day) continue;
      placed.emplace_back(*row.start_time, *row.end_time);
      cuts.push_back(*row.start_time);
      cuts.push_back(*row.end_time);
    }
    std::vector<int> here;
    for (std::size_t v = 0; v < model_.vars.size(); ++v) {
      if (model_.vars[v].day != day) continue;
      here.push_back(static_cast<int>(v));
      cuts.push_back(model_.vars[v].start);
      cuts.push_back(model_.vars[v].end);
    }
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    for (int minute : cuts) {
      int load = 0;
      for (const auto& [a, b] : placed) load += (a <= minute && minute < b) ? 1 : 0;
      Row row{"cap_d" + std::to_string(day) + "_t" + std::to_string(minute), {}, policy_.capacity - load};
      for (int v : here) {
        const Candidate& c = model_.vars[static_cast<std::size_t>(v)];
        if (c.start <= minute && minute < c.end) row.terms.push_back(Term{v, 1});
      }
      if (static_cast<int>(row.terms.size()) > row.rhs) model_.rows.push_back(std::move(row));
    }
  }

  const Payload& p_;
  const Policy& policy_;
  std::vector<int> days_;
  std::vector<std::vector<SessionRow>> templates_;
  std::map<int, std::vector<int>> starts_;
  WeekModel model_;
};

}  // namespace

WeekModel build_week_model(const Payload& payload, const Policy& policy) {
  return Builder(payload, policy).build();
}

std::vector<std::string> rows_broken(const WeekModel& model, const std::vector<Candidate>& schedule) {
  std::vector<std::string> out;
  std::vector<int> value(model.vars.size(), 0);
  for (const Candidate& c : schedule) {
    const auto it = std::find_if(model.vars.begin(), model.vars.end(), [&c](const Candidate& v) {
      return v.student == c.student && v.day == c.day && v.start == c.start && v.end == c.end;
    });
    if (it == model.vars.end()) {
      out.push_back("no variable for " + variable_name(c));
      continue;
    }
    ++value[static_cast<std::size_t>(it - model.vars.begin())];
  }
  for (const Row& row : model.rows) {
    int lhs = 0;
    for (const Term& t : row.terms) lhs += t.coef * value[static_cast<std::size_t>(t.var)];
    if (lhs > row.rhs) out.push_back(row.name);
  }
  return out;
}

std::string variable_name(const Candidate& c) {
  return "x_s" + std::to_string(c.student) + "_d" + std::to_string(c.day) + "_t" + std::to_string(c.start);
}

bool parse_variable_name(const std::string& name, int& student, int& day, int& start) {
  char tail = 0;
  return std::sscanf(name.c_str(), "x_s%d_d%d_t%d%c", &student, &day, &start, &tail) == 3;
}

void write_lp(const WeekModel& model, std::ostream& out) {
  // Short lines: readers of the LP format limit line length.
  const auto terms = [&out](const std::vector<Term>& list, const std::vector<Candidate>& vars) {
    int on_line = 0;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const Term& t = list[i];
      out << (t.coef < 0 ? " - " : (i == 0 ? " " : " + "));
      if (t.coef != 1 && t.coef != -1) out << (t.coef < 0 ? -t.coef : t.coef) << ' ';
      out << variable_name(vars[static_cast<std::size_t>(t.var)]);
      if (++on_line == 6 && i + 1 < list.size()) {
        out << "\n ";
        on_line = 0;
      }
    }
  };
  out << "\\ slotfit exact week model: " << model.vars.size() << " variables, " << model.rows.size()
      << " rows, " << model.needed_total << " sessions needed\n";
  out << "Maximize\n obj:";
  std::vector<Term> all;
  for (std::size_t v = 0; v < model.vars.size(); ++v) all.push_back(Term{static_cast<int>(v), 1});
  if (all.empty()) {
    out << " 0 dummy\n";
  } else {
    terms(all, model.vars);
    out << '\n';
  }
  out << "Subject To\n";
  for (const Row& row : model.rows) {
    out << ' ' << row.name << ':';
    terms(row.terms, model.vars);
    out << " <= " << row.rhs << '\n';
  }
  if (all.empty()) out << " none: dummy <= 0\n";
  out << "Binary\n";
  for (const Candidate& c : model.vars) out << ' ' << variable_name(c) << '\n';
  if (all.empty()) out << " dummy\n";
  out << "End\n";
}

}  // namespace slotfit::exact
