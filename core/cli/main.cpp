// slotfit: the scheduling core on the command line. Reads a payload v1 file ("-" for standard input).
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "slotfit/engine.hpp"
#include "slotfit/report.hpp"
#include "slotfit/suggest.hpp"
#include "slotfit/time.hpp"

namespace {

constexpr int kOk = 0;
constexpr int kFailed = 1;
constexpr int kUsage = 2;

const char* const kUsageText =
    "usage:\n"
    "  slotfit validate PAYLOAD.json\n"
    "  slotfit schedule PAYLOAD.json [--strategy balanced|grade-grouped|teacher-grouped|morning-first]\n"
    "                   [--students ID,ID,...] [--allow-incomplete]\n"
    "                   [--effort fast|default|thorough] [--time-limit-ms MS]\n"
    "  slotfit check PAYLOAD.json STUDENT_ID DAY HH:MM MINUTES [--ignore SESSION_ID]\n"
    "  slotfit check-group PAYLOAD.json SESSION_ID DAY HH:MM\n"
    "  slotfit rows PAYLOAD.json STUDENT_ID\n"
    "  slotfit stats PAYLOAD.json\n"
    "  slotfit groups PAYLOAD.json\n"
    "  slotfit suggest PAYLOAD.json STUDENT_ID [--max-moves 0|1|2] [--limit N] [--strategy NAME]\n"
    "                  [--after-schedule] [--allow-incomplete]\n"
    "PAYLOAD.json may be - for standard input. DAY is 1-7 (Monday = 1).\n";

int usage(const std::string& problem) {
  if (!problem.empty()) std::cerr << "slotfit: " << problem << "\n";
  std::cerr << kUsageText;
  return kUsage;
}

bool read_all(const std::string& path, std::string& out) {
  if (path == "-") {
    out.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    return true;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  out = buffer.str();
  return true;
}

// Loads the payload or prints why not; the errors go to stdout as JSON so scripts can read them.
bool load(slotfit::Engine& engine, const std::string& path) {
  std::string text;
  if (!read_all(path, text)) {
    std::cerr << "slotfit: cannot read " << path << ": " << std::strerror(errno) << "\n";
    return false;
  }
  slotfit::Errors errors = engine.load(text);
  if (errors.empty()) return true;
  std::cout << slotfit::errors_json(errors, 2) << "\n";
  std::cerr << "slotfit: " << path << ": " << errors.size() << " error(s); first: " << errors.front().path << ": "
            << errors.front().message << "\n";
  return false;
}

// A refusal of the core's: the errors as JSON on stdout (as a refused load), the first one on stderr.
int refused(const char* what, const slotfit::Errors& errors) {
  std::cerr << "slotfit: " << what << ": " << errors.front().path << ": " << errors.front().message << "\n";
  std::cout << slotfit::errors_json(errors, 2) << "\n";
  return kFailed;
}

std::vector<std::string> split(const std::string& list) {
  std::vector<std::string> out;
  std::size_t from = 0;
  while (from <= list.size()) {
    std::size_t comma = list.find(',', from);
    if (comma == std::string::npos) comma = list.size();
    if (comma > from) out.push_back(list.substr(from, comma - from));
    from = comma + 1;
  }
  return out;
}

bool parse_int(const std::string& text, int& out) {
  if (text.empty() || text.size() > 9) return false;
  out = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  return true;
}

// DAY and HH:MM of a candidate, as check and check-group take them: false after the usage message naming the one
// that is wrong (the day first).
bool parse_day_and_start(const std::string& day_text, const std::string& start_text, int& day, int& start) {
  if (!parse_int(day_text, day) || day < 1 || day > 7) {
    usage("DAY must be 1-7");
    return false;
  }
  const auto minute = slotfit::parse_time(start_text);
  if (!minute) {
    usage("start must be HH:MM");
    return false;
  }
  start = *minute;
  return true;
}

// The dense index of a student of the loaded payload, or nothing after saying on stderr that none has that id.
std::optional<int> known_student(const slotfit::Engine& engine, const std::string& id) {
  const auto student = engine.student_index(id);
  if (!student) std::cerr << "slotfit: no student has id " << id << "\n";
  return student;
}

// The dense index of a live session of the loaded payload, or nothing after saying on stderr that none has that id.
std::optional<int> live_session(const slotfit::Engine& engine, const std::string& id) {
  const auto session = engine.session_index(id);
  if (!session) std::cerr << "slotfit: no live session has id " << id << "\n";
  return session;
}

int cmd_validate(const std::vector<std::string>& args) {
  if (args.size() != 1) return usage("validate takes one payload");
  slotfit::Engine engine;
  if (!load(engine, args[0])) return kFailed;
  std::cout << slotfit::stats_json(engine.stats(), 2) << "\n";
  return kOk;
}

int cmd_stats(const std::vector<std::string>& args) { return cmd_validate(args); }

// The groups of two or more sessions (same day, start, end and deliverer), times in minutes since midnight.
int cmd_groups(const std::vector<std::string>& args) {
  if (args.size() != 1) return usage("groups takes one payload");
  slotfit::Engine engine;
  if (!load(engine, args[0])) return kFailed;
  std::cout << slotfit::groups_json(engine.groups(), 2) << "\n";
  return kOk;
}

int cmd_schedule(const std::vector<std::string>& args) {
  if (args.empty()) return usage("schedule needs a payload");
  slotfit::ScheduleOptions options;
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--strategy" && i + 1 < args.size()) {
      auto strategy = slotfit::strategy_from_name(args[++i]);
      if (!strategy) return usage("unknown strategy " + args[i]);
      options.strategy = *strategy;
    } else if (args[i] == "--students" && i + 1 < args.size()) {
      options.student_ids = split(args[++i]);
    } else if (args[i] == "--effort" && i + 1 < args.size()) {
      auto effort = slotfit::effort_from_name(args[++i]);
      if (!effort) return usage("unknown effort " + args[i] + " (fast, default or thorough)");
      options.effort = *effort;
    } else if (args[i] == "--time-limit-ms" && i + 1 < args.size()) {
      int limit = 0;
      if (!parse_int(args[++i], limit) || limit < 1) return usage("--time-limit-ms needs a positive whole number");
      options.time_limit_ms = limit;
    } else if (args[i] == "--allow-incomplete") {
      options.allow_incomplete = true;
    } else {
      return usage("unknown option " + args[i]);
    }
  }
  slotfit::Engine engine;
  if (!load(engine, args[0])) return kFailed;
  const slotfit::ScheduleResult result = engine.auto_schedule(options);
  std::cout << slotfit::schedule_json(result, 2) << "\n";
  if (result.stats.upper_bound)
    std::cerr << "slotfit: placed " << result.stats.sessions_placed << " of " << result.stats.sessions_needed
              << "; keeping today's sessions where they are, no schedule places more than "
              << *result.stats.upper_bound << (*result.stats.optimal ? " (optimal)" : "") << "\n";
  return result.errors.empty() ? kOk : kFailed;
}

int cmd_check(const std::vector<std::string>& args) {
  if (args.size() != 5 && args.size() != 7) return usage("check takes PAYLOAD STUDENT_ID DAY HH:MM MINUTES");
  int day = 0, start = 0, minutes = 0;
  if (!parse_day_and_start(args[2], args[3], day, start)) return kUsage;
  if (!parse_int(args[4], minutes) || minutes < 1) return usage("MINUTES must be a positive whole number");
  if (args.size() == 7 && args[5] != "--ignore") return usage("unknown option " + args[5]);
  slotfit::Engine engine;
  if (!load(engine, args[0])) return kFailed;
  const auto student = known_student(engine, args[1]);
  if (!student) return kFailed;
  int ignore = -1;
  if (args.size() == 7) {
    const auto session = live_session(engine, args[6]);
    if (!session) return kFailed;
    ignore = *session;
  }
  const auto conflicts = engine.check(*student, day, start, minutes, ignore);
  // Not "free": a candidate that is no start of the day (23:50 for 30 minutes) is refused, not answered.
  if (!conflicts.ok()) return refused("invalid candidate", conflicts.errors());
  std::cout << slotfit::conflicts_json(conflicts.value(), 2) << "\n";
  return kOk;
}

// The group of SESSION_ID (the session alone when it has none) moved together to DAY HH:MM: every conflict, each
// naming the member it is for (student_id null for off-day and capacity).
int cmd_check_group(const std::vector<std::string>& args) {
  if (args.size() != 4) return usage("check-group takes PAYLOAD SESSION_ID DAY HH:MM");
  int day = 0, start = 0;
  if (!parse_day_and_start(args[2], args[3], day, start)) return kUsage;
  slotfit::Engine engine;
  if (!load(engine, args[0])) return kFailed;
  const auto session = live_session(engine, args[1]);
  if (!session) return kFailed;
  // Not "free": a placeholder, or a start where the group would end after midnight, is refused.
  const auto conflicts = engine.check_group(*session, day, start);
  if (!conflicts.ok()) return refused("invalid group move", conflicts.errors());
  std::cout << slotfit::member_conflicts_json(conflicts.value(), 2) << "\n";
  return kOk;
}

// The constraint rows that bind one student (bell, special activity, protected time, other provider, busy).
int cmd_rows(const std::vector<std::string>& args) {
  if (args.size() != 2) return usage("rows takes PAYLOAD STUDENT_ID");
  slotfit::Engine engine;
  if (!load(engine, args[0])) return kFailed;
  const auto student = known_student(engine, args[1]);
  if (!student) return kFailed;
  const auto rows = engine.rows_for(*student);
  if (!rows.ok()) return refused("no rows", rows.errors());
  std::cout << slotfit::binding_rows_json(rows.value(), 2) << "\n";
  return kOk;
}

// Where one more session of the student fits, moving at most --max-moves placed sessions. --after-schedule
// answers on top of auto-schedule's proposal (same strategy) instead of the payload as it is.
int cmd_suggest(const std::vector<std::string>& args) {
  if (args.size() < 2) return usage("suggest takes PAYLOAD STUDENT_ID");
  slotfit::SuggestOptions options;
  options.student_id = args[1];
  bool after_schedule = false;
  for (std::size_t i = 2; i < args.size(); ++i) {
    const bool has_value = i + 1 < args.size();
    if (args[i] == "--max-moves" && has_value) {
      if (!parse_int(args[++i], options.max_moves) || options.max_moves > slotfit::kMaxSuggestMoves)
        return usage("--max-moves must be 0 to " + std::to_string(slotfit::kMaxSuggestMoves));
    } else if (args[i] == "--limit" && has_value) {
      if (!parse_int(args[++i], options.limit) || options.limit < 1) return usage("--limit must be at least 1");
    } else if (args[i] == "--strategy" && has_value) {
      auto strategy = slotfit::strategy_from_name(args[++i]);
      if (!strategy) return usage("unknown strategy " + args[i]);
      options.strategy = *strategy;
    } else if (args[i] == "--after-schedule") {
      after_schedule = true;
    } else if (args[i] == "--allow-incomplete") {
      options.allow_incomplete = true;
    } else {
      return usage("unknown option " + args[i]);
    }
  }
  slotfit::Engine engine;
  if (!load(engine, args[0])) return kFailed;
  if (!known_student(engine, options.student_id)) return kFailed;
  if (after_schedule) {
    slotfit::ScheduleOptions schedule;
    schedule.strategy = options.strategy;
    schedule.allow_incomplete = options.allow_incomplete;
    slotfit::ScheduleResult proposal = engine.auto_schedule(schedule);
    if (!proposal.errors.empty()) {
      std::cout << slotfit::schedule_json(proposal, 2) << "\n";
      return kFailed;
    }
    options.placements = std::move(proposal.placements);
  }
  const slotfit::SuggestResult result = engine.suggest(options);
  std::cout << slotfit::suggestions_json(result, 2) << "\n";
  return result.errors.empty() ? kOk : kFailed;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h") return usage("");
  const std::string command = args[0];
  args.erase(args.begin());
  if (command == "validate") return cmd_validate(args);
  if (command == "schedule") return cmd_schedule(args);
  if (command == "check") return cmd_check(args);
  if (command == "check-group") return cmd_check_group(args);
  if (command == "rows") return cmd_rows(args);
  if (command == "stats") return cmd_stats(args);
  if (command == "groups") return cmd_groups(args);
  if (command == "suggest") return cmd_suggest(args);
  return usage("unknown command " + command);
}
