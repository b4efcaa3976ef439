// The exact reference's command-line tool (tests only; `make quality-exact` drives it).
//
//   slotfit_exact_model PAYLOAD.json > week.lp
//       writes the week's 0/1 model in CPLEX LP format; stderr gets one JSON line:
//       {"needed": N, "variables": V, "rows": R}
//   slotfit_exact_model PAYLOAD.json --check CHOSEN.txt
//       CHOSEN.txt holds a schedule as variable names, one a line (a solver's, or an engine's schedule
//       written that way). Judges it with the reference judge (every hard rule of every new session in the
//       final schedule) and against the model's rows; prints {"placed": N, "breaks": B, "rows_broken": R}.
//       Exit 1 when a rule breaks (a solver's schedule: the model let through what it must not), 3 when the
//       judge accepts it but the model does not (the model is stricter than the rules).
//   slotfit_exact_model --tight-seed N [--check CHOSEN.txt]
//       the same for the small tight week N of the exhaustive quality test (tests/cpp/quality_test.cpp), with
//       its own policy: the exhaustive search and this model must agree on its optimum.
#include <fstream>
#include <optional>
#include <iostream>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "slotfit/parse.hpp"
#include "support/final_schedule_judge.hpp"
#include "support/random_payload.hpp"
#include "week_model.hpp"

namespace {

int usage() {
  std::cerr << "usage: slotfit_exact_model PAYLOAD.json|--tight-seed N [--check CHOSEN.txt]\n";
  return 2;
}

struct Week {
  slotfit::Payload payload;
  slotfit::Policy policy;  // the default policy for a payload file
};

std::optional<Week> read_week(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::cerr << "cannot read " << file << "\n";
    return std::nullopt;
  }
  std::stringstream text;
  text << in.rdbuf();
  auto parsed = slotfit::parse_payload(text.str());
  if (auto* errors = std::get_if<slotfit::Errors>(&parsed)) {
    std::cerr << file << ": not a valid payload: " << (errors->empty() ? "" : errors->front().message) << "\n";
    return std::nullopt;
  }
  return Week{std::move(std::get<slotfit::Payload>(parsed)), slotfit::Policy{}};
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  const bool tight = !args.empty() && args[0] == "--tight-seed";
  const std::size_t week_args = tight ? 2 : 1;
  if (args.size() != week_args && args.size() != week_args + 2) return usage();
  if (args.size() == week_args + 2 && args[week_args] != "--check") return usage();
  std::optional<Week> week;
  if (tight) {
    if (args.size() < 2 || args[1].empty() || args[1].find_first_not_of("0123456789") != std::string::npos) return usage();
    slotfit::testing::RandomInstance instance =
        slotfit::testing::random_tight_instance(static_cast<std::uint32_t>(std::stoul(args[1])));
    week = Week{std::move(instance.payload), std::move(instance.policy)};
  } else {
    week = read_week(args[0]);
  }
  if (!week) return 2;
  const slotfit::Payload& payload = week->payload;
  const slotfit::Policy& policy = week->policy;
  const slotfit::exact::WeekModel model = slotfit::exact::build_week_model(payload, policy);
  if (!model.problem.empty()) {
    std::cerr << args[week_args - 1] << ": " << model.problem << "\n";
    return 2;
  }

  if (args.size() == week_args) {
    slotfit::exact::write_lp(model, std::cout);
    std::cerr << "{\"needed\": " << model.needed_total << ", \"variables\": " << model.vars.size()
              << ", \"rows\": " << model.rows.size() << "}\n";
    return std::cout.good() ? 0 : 2;
  }

  const std::string& chosen_file = args[week_args + 1];
  std::ifstream chosen(chosen_file);
  if (!chosen) {
    std::cerr << "cannot read " << chosen_file << "\n";
    return 2;
  }
  std::vector<slotfit::Placement> placements;
  std::vector<slotfit::exact::Candidate> schedule;
  for (std::string name; std::getline(chosen, name);) {
    if (name.empty()) continue;
    int s = 0, day = 0, start = 0;
    if (!slotfit::exact::parse_variable_name(name, s, day, start) || s < 0 ||
        static_cast<std::size_t>(s) >= payload.students.size()) {
      std::cerr << chosen_file << ": not a variable of the model: " << name << "\n";
      return 2;
    }
    const slotfit::StudentRow& st = payload.students[static_cast<std::size_t>(s)];
    slotfit::Placement pl;
    pl.student_id = st.id;
    pl.day_of_week = day;
    pl.start_time = start;
    pl.end_time = start + st.minutes_per_session.value_or(0);
    placements.push_back(pl);
    schedule.push_back(slotfit::exact::Candidate{s, day, pl.start_time, pl.end_time});
  }
  const auto breaks =
      slotfit::testing::judge_final_schedule(payload, policy, placements, {/*different_days=*/false});
  const std::vector<std::string> rows = slotfit::exact::rows_broken(model, schedule);
  for (const auto& b : breaks) std::cerr << slotfit::testing::describe(b) << "\n";
  if (breaks.empty()) {
    for (const auto& r : rows) std::cerr << "legal, yet breaks the model's row " << r << "\n";
  }
  std::cout << "{\"placed\": " << placements.size() << ", \"breaks\": " << breaks.size()
            << ", \"rows_broken\": " << rows.size() << "}\n";
  if (!breaks.empty()) return 1;
  return rows.empty() ? 0 : 3;
}
