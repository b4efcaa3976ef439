#pragma once
// The domain rules of payload v1 on typed rows: what a Payload must hold before the engine indexes it, however
// it was made (parse_payload, or built in C++ and handed to Engine::load). Codes and order are parse_payload's
// (slotfit/parse.hpp): every key and value (top-level keys and row keys in the schema's order, rows by index),
// then the referential checks (duplicate ids, unknown students) table by table in the same order.
#include "slotfit/error.hpp"
#include "slotfit/payload.hpp"

namespace slotfit {

// Empty when the payload is valid, else every error found (at most kMaxReportedErrors of slotfit/parse.hpp),
// each naming its JSON path: bad-value, bad-day, bad-time, end-not-after-start, placeholder-mix, duplicate-day,
// duplicate-id, unknown-student; unsupported-schema-version (alone) when schema_version is not 1.
Errors validate(const Payload& payload);

}  // namespace slotfit
