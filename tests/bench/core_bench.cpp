// Native benchmarks of the core against the budgets in the README. Payloads come from the fixture generator:
//   SLOTFIT_BENCH_200=… SLOTFIT_BENCH_2000=… slotfit_bench   (make bench writes both and sets them)
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "slotfit/changes.hpp"
#include "slotfit/engine.hpp"

namespace {

std::string read_file(const char* env, const char* fallback) {
  const char* path = std::getenv(env);
  std::ifstream in(path ? path : fallback, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "slotfit_bench: cannot read %s (set %s)\n", path ? path : fallback, env);
    std::exit(2);
  }
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const std::string& payload_200() {
  static const std::string text = read_file("SLOTFIT_BENCH_200", "build/bench/payload-200.json");
  return text;
}
const std::string& payload_2000() {
  static const std::string text = read_file("SLOTFIT_BENCH_2000", "build/bench/payload-2000.json");
  return text;
}

const std::string& payload_40() {
  static const std::string text = read_file("SLOTFIT_BENCH_40", "build/bench/payload-40.json");
  return text;
}

const slotfit::Engine& engine_200() {
  static slotfit::Engine engine = [] {
    slotfit::Engine e;
    if (!e.load(payload_200()).empty()) std::exit(3);
    return e;
  }();
  return engine;
}

struct Probe {
  int student, day, start;
};

// Grid starts spread over the caseload and the week, in a fixed shuffled order (no branch-predictor luck).
const std::vector<Probe>& probes() {
  static const std::vector<Probe> list = [] {
    std::vector<Probe> out;
    const auto& e = engine_200();
    const int students = e.stats().students;
    std::mt19937 rng(42);
    for (int i = 0; i < 4096; ++i)
      out.push_back(Probe{static_cast<int>(rng() % static_cast<unsigned>(students)), 1 + static_cast<int>(rng() % 5),
                          8 * 60 + 5 * static_cast<int>(rng() % 78)});
    return out;
  }();
  return list;
}

void BM_ParseNlohmannOnly_2000(benchmark::State& state) {
  const std::string& text = payload_2000();
  for (auto _ : state) {
    auto doc = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
    benchmark::DoNotOptimize(doc);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}

void BM_Load_2000(benchmark::State& state) {
  const std::string& text = payload_2000();
  for (auto _ : state) {
    slotfit::Engine engine;
    auto errors = engine.load(text);
    benchmark::DoNotOptimize(errors);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}

void BM_Check(benchmark::State& state) {
  const auto& e = engine_200();
  const auto& list = probes();
  std::size_t i = 0;
  for (auto _ : state) {
    const Probe& p = list[i++ & 4095];
    benchmark::DoNotOptimize(e.evaluate(p.student, p.day, p.start, 30));
  }
}

void BM_CheckWithReasons(benchmark::State& state) {
  const auto& e = engine_200();
  const auto& list = probes();
  std::vector<slotfit::Conflict> out;
  out.reserve(16);
  std::size_t i = 0;
  for (auto _ : state) {
    const Probe& p = list[i++ & 4095];
    const bool valid = e.check(p.student, p.day, p.start, 30, -1, out).ok();
    benchmark::DoNotOptimize(valid);
    benchmark::DoNotOptimize(out.data());
  }
}

void BM_ConflictMapWeek(benchmark::State& state) {
  const auto& e = engine_200();
  const int students = e.stats().students;
  int s = 0;
  for (auto _ : state) {
    auto grid = e.conflict_map(s, 30);
    benchmark::DoNotOptimize(grid.value().kinds.data());
    s = (s + 7) % students;
  }
}

// The 200-student caseload with five 30-minute sessions of five students made one group (Tuesday 10:00), so that
// a group's map and one member's own map are measured on the same week.
struct GroupWeek {
  slotfit::Engine engine;
  int member = -1;  // a session of the group
};

const GroupWeek& group_week() {
  static GroupWeek week = [] {
    GroupWeek w;
    if (!w.engine.load(payload_200()).empty()) std::exit(3);
    const slotfit::Payload& p = *w.engine.payload();
    std::vector<slotfit::SessionChange> moves;
    std::vector<std::string> students;
    for (const slotfit::SessionRow& row : p.sessions) {
      if (moves.size() == 5) break;
      if (row.is_placeholder() || *row.end_time - *row.start_time != 30) continue;
      if (std::find(students.begin(), students.end(), row.student_id) != students.end()) continue;
      students.push_back(row.student_id);
      slotfit::SessionChange c;
      c.row = row;
      c.row.day_of_week = 2;
      c.row.start_time = 10 * 60;
      c.row.end_time = 10 * 60 + 30;
      moves.push_back(c);
    }
    if (moves.size() != 5 || !w.engine.apply_changes(moves).empty()) std::exit(3);
    w.member = *w.engine.session_index(moves.front().row.id);
    if (!w.engine.conflict_map_group(w.member).ok()) std::exit(3);
    return w;
  }();
  return week;
}

void BM_ConflictMapMember(benchmark::State& state) {
  const GroupWeek& w = group_week();
  for (auto _ : state) {
    auto grid = w.engine.conflict_map_for_session(w.member);
    benchmark::DoNotOptimize(grid.value().kinds.data());
  }
}

void BM_ConflictMapGroupOf5(benchmark::State& state) {
  const GroupWeek& w = group_week();
  for (auto _ : state) {
    auto grid = w.engine.conflict_map_group(w.member);
    benchmark::DoNotOptimize(grid.value().kinds.data());
  }
}

void auto_schedule_bench(benchmark::State& state, const slotfit::Engine& e, slotfit::Effort effort) {
  slotfit::ScheduleOptions options;
  options.effort = effort;
  int placed = 0, bound = 0;
  for (auto _ : state) {
    auto result = e.auto_schedule(options);
    placed = result.stats.sessions_placed;
    bound = result.stats.upper_bound.value_or(-1);
    benchmark::DoNotOptimize(result.placements.data());
  }
  state.counters["placed"] = placed;
  state.counters["bound"] = bound;
}

void BM_AutoSchedule_200_Fast(benchmark::State& state) {
  auto_schedule_bench(state, engine_200(), slotfit::Effort::kFast);
}
void BM_AutoSchedule_200(benchmark::State& state) {
  auto_schedule_bench(state, engine_200(), slotfit::Effort::kDefault);
}
void BM_AutoSchedule_200_Thorough(benchmark::State& state) {
  auto_schedule_bench(state, engine_200(), slotfit::Effort::kThorough);
}

// A caseload where everything fits: the bound proves the first schedule optimal, so no search runs.
void BM_AutoSchedule_40_Fits(benchmark::State& state) {
  static slotfit::Engine engine = [] {
    slotfit::Engine e;
    if (!e.load(payload_40()).empty()) std::exit(3);
    return e;
  }();
  auto_schedule_bench(state, engine, slotfit::Effort::kDefault);
}

BENCHMARK(BM_ParseNlohmannOnly_2000)->Unit(benchmark::kMillisecond)->Repetitions(5)->ReportAggregatesOnly(true);
BENCHMARK(BM_Load_2000)->Unit(benchmark::kMillisecond)->Repetitions(5)->ReportAggregatesOnly(true);
BENCHMARK(BM_Check)->Unit(benchmark::kNanosecond)->Repetitions(5)->ReportAggregatesOnly(true);
BENCHMARK(BM_CheckWithReasons)->Unit(benchmark::kNanosecond)->Repetitions(5)->ReportAggregatesOnly(true);
BENCHMARK(BM_ConflictMapWeek)->Unit(benchmark::kMicrosecond)->Repetitions(5)->ReportAggregatesOnly(true);
BENCHMARK(BM_ConflictMapMember)->Unit(benchmark::kMicrosecond)->Repetitions(5)->ReportAggregatesOnly(true);
BENCHMARK(BM_ConflictMapGroupOf5)->Unit(benchmark::kMicrosecond)->Repetitions(5)->ReportAggregatesOnly(true);
BENCHMARK(BM_AutoSchedule_200_Fast)->Unit(benchmark::kMillisecond)->Repetitions(5)->ReportAggregatesOnly(true);
BENCHMARK(BM_AutoSchedule_200)->Unit(benchmark::kMillisecond)->Repetitions(5)->ReportAggregatesOnly(true);
BENCHMARK(BM_AutoSchedule_200_Thorough)->Unit(benchmark::kMillisecond)->Repetitions(3)->ReportAggregatesOnly(true);
BENCHMARK(BM_AutoSchedule_40_Fits)->Unit(benchmark::kMicrosecond)->Repetitions(5)->ReportAggregatesOnly(true);

// Keeps the median of every benchmark so that the budgets and ratios can be printed after the table.
class BudgetReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& run : runs)
      if (run.aggregate_name == "median") {
        std::string name = run.benchmark_name();
        name = name.substr(0, name.find('/'));
        medians[name] = run.GetAdjustedRealTime();
      }
  }
  std::map<std::string, double> medians;  // in each benchmark's own unit
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  BudgetReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  auto& m = reporter.medians;
  auto line = [](const char* what, double value, const char* unit, double budget) {
    std::printf("%-44s %10.3f %-3s budget %8.1f %-3s %s\n", what, value, unit, budget, unit,
                value <= budget ? "ok" : "OVER BUDGET");
  };
  std::printf("\nslotfit core budgets (median of 5 repetitions, this machine)\n");
  if (m.count("BM_Check")) line("check, one candidate (evaluate)", m["BM_Check"], "ns", 100);
  if (m.count("BM_ConflictMapWeek")) line("conflict_map, whole week, 30 min", m["BM_ConflictMapWeek"], "us", 20);
  if (m.count("BM_ConflictMapGroupOf5") && m.count("BM_ConflictMapMember"))
    line("conflict_map of a group of 5 / a member's", m["BM_ConflictMapGroupOf5"] / m["BM_ConflictMapMember"], "x", 2);
  if (m.count("BM_Suggest_200")) line("suggest, 200 students, short ones, mean", m["BM_Suggest_200"], "ms", 20);
  if (m.count("BM_Load_2000")) line("load 2,000-student payload", m["BM_Load_2000"], "ms", 30);
  if (m.count("BM_Load_2000") && m.count("BM_ParseNlohmannOnly_2000"))
    line("load / nlohmann parse alone (ratio)", m["BM_Load_2000"] / m["BM_ParseNlohmannOnly_2000"], "x", 1.5);
  if (m.count("BM_AutoSchedule_200_Fast")) {
    line("auto-schedule 200-student caseload, 'fast'", m["BM_AutoSchedule_200_Fast"], "ms", 20);
    std::printf("%-44s %10.0f x  (TypeScript scheduler: 8-12 s for the same work)\n", "speed-up over 8 s",
                8000.0 / m["BM_AutoSchedule_200_Fast"]);
  }
  if (m.count("BM_AutoSchedule_200")) line("auto-schedule 200 students, 'default'", m["BM_AutoSchedule_200"], "ms", 150);
  if (m.count("BM_AutoSchedule_40_Fits")) line("auto-schedule 40 students that fit", m["BM_AutoSchedule_40_Fits"], "us", 2000);
  benchmark::Shutdown();
  return 0;
}
