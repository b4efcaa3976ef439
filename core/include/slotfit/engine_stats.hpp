#pragma once
// What Engine::stats() reports about the loaded payload and the work done on it.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace slotfit {

struct EngineStats {
  int students = 0;
  int sessions = 0;      // live templates with a day and time
  int placeholders = 0;  // live templates without
  int rows_indexed = 0;  // constraint rows turned into lookup maps
  double load_ms = 0;    // parse + index of the last successful load
  std::int64_t checks = 0;
  std::int64_t candidates_evaluated = 0;
  std::optional<std::string> data_version;
  std::vector<std::string> incomplete;  // tables the payload's producer could not read
};

}  // namespace slotfit
