#pragma once
// Seeded random payloads for the property and quality tests. Native (libstdc++) and wasm (libc++) must draw
// the very same instances, so nothing here uses a standard distribution: only the raw output of std::mt19937,
// whose sequence the standard fixes.
#include <cstdint>
#include <random>

#include "slotfit/payload.hpp"
#include "slotfit/policy.hpp"

namespace slotfit::testing {

// Uniform in [lo, hi] (lo <= hi), by rejection so that no value is favoured.
int uniform(std::mt19937& rng, int lo, int hi);
// True with probability percent / 100.
bool chance(std::mt19937& rng, int percent);

struct RandomInstance {
  Payload payload;
  Policy policy;
};

// A messy school: several grades (K with K-AM/K-PM rows), class-period and nameless bell rows, activities
// with and without teacher ids, protected times by student and by child, other providers, busy times,
// existing sessions that touch, overlap or branch on purpose, placeholders, random work days, odd policies.
// About a third are crowded weeks (few days, many students, low capacity) where students stay unplaced.
RandomInstance random_instance(std::uint32_t seed);

// A small, crowded week for comparing the scheduler with an exact search: 4–7 students, 1–3 sessions
// each, few work days, a short window, capacity 1–2, grid step 15. No placeholders or existing sessions.
RandomInstance random_tight_instance(std::uint32_t seed);

}  // namespace slotfit::testing
