#pragma once
// The exact 0/1 model of one week: which of the caseload's missing sessions can be placed at once, with every
// payload template kept where it is. Legality of one start against everything fixed comes from the reference
// checker (tests/cpp/support/reference_rules.*), never from the engine; the couplings between new placements
// (per-student count, a student's own rules among its sessions of a day, the provider's capacity per minute)
// are the model's rows.
//
// The different-days preference is not in the model: it never changes the optimum count. Take a legal
// schedule where a student's day d holds a new session and a second one while a free work day d' has a legal
// start for it once everything else is in place (the rule break rules.md describes). Move a new session of d
// that ends a chain of touching sessions on d (with at most one template per student and day, every chain
// with a new session has one at an end, or is that session alone) to that start on d': its old neighbour now
// has a gap of at least 30 minutes on that side, chains only shrink, capacity on d only drops, and d' is legal
// by assumption. The count stays and the student has one free day less, so repeating ends in a schedule that
// keeps the rule and places as many sessions. build_week_model refuses a payload where a student who needs
// sessions has two templates on one day, as the argument needs.
#include <iosfwd>
#include <string>
#include <vector>

#include "slotfit/payload.hpp"
#include "slotfit/policy.hpp"

namespace slotfit::exact {

// One 0/1 variable: a new session of `student` (index into payload.students) at [start, end) on `day`.
struct Candidate {
  int student = 0;
  int day = 0;
  int start = 0;
  int end = 0;
};

struct Term {
  int var = 0;
  int coef = 1;
};

// sum(coef * x[var]) <= rhs
struct Row {
  std::string name;
  std::vector<Term> terms;
  int rhs = 0;
};

struct WeekModel {
  std::vector<Candidate> vars;
  std::vector<Row> rows;
  std::vector<int> needed;  // per student: max(0, sessions_per_week - its placed templates); 0 when not configured
  int needed_total = 0;
  std::string problem;      // non-empty when the payload breaks an assumption of the model (see build_week_model)
};

// Builds the model. It assumes the payload's own templates of each student are legal among themselves (no
// overlap, short break or over-long chain between two templates of one student), and that a student who
// needs sessions has at most one template a day (see above); `problem` says which student breaks that, and
// the model is then not to be trusted.
WeekModel build_week_model(const Payload& payload, const Policy& policy);

// The rows a schedule (one entry per new session, as the model's variables) breaks, by name; a schedule with a
// session that has no variable is reported as "no variable for ...". A schedule the reference judge accepts
// must break none, or the model is stricter than the rules.
std::vector<std::string> rows_broken(const WeekModel& model, const std::vector<Candidate>& schedule);

// "x_s<student>_d<day>_t<start>", the name in the LP file; parse_variable_name reads it back.
std::string variable_name(const Candidate& c);
bool parse_variable_name(const std::string& name, int& student, int& day, int& start);

// CPLEX LP format, which glpsol (--lp) and cbc both read.
void write_lp(const WeekModel& model, std::ostream& out);

}  // namespace slotfit::exact
