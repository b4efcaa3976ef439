#!/usr/bin/env bash
# `make fuzz`: builds the libFuzzer targets with clang 14 under ASan and UBSan (build-fuzz/), writes their seed
# corpus from the fixtures, and runs each target for FUZZ_SECONDS (default 60) at low priority. The working
# corpus grows in build-fuzz/corpus/<target>/ from run to run. Any crash, leak, sanitizer report, timeout or
# out-of-memory fails the run; the input is kept in build-fuzz/crashes/ — after the fix it goes into
# tests/fuzz/regressions/<target>/, which `make test` replays.
set -uo pipefail
cd "$(dirname "$0")/../.."
seconds=${FUZZ_SECONDS:-60}
build=${BUILD_FUZZ:-build-fuzz}
jobs=${JOBS:-$(nproc)}

command -v clang++-14 >/dev/null || { echo "fuzz: clang++-14 is missing (apt-get install clang-14 libclang-rt-14-dev)"; exit 2; }
CXX=clang++-14 cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSLOTFIT_FUZZ=ON \
  -DSLOTFIT_BUILD_TESTS=OFF -DSLOTFIT_BUILD_BENCH=OFF >/dev/null || exit 2
nice cmake --build "$build" -j"$jobs" || exit 2
rm -rf "$build/seeds" && node tests/fuzz/seeds.mjs "$build/seeds" || exit 2
mkdir -p "$build/crashes"

failed=0
summary=()
for target in ${FUZZ_TARGETS:-payload changes queries groups}; do
  corpus="$build/corpus/$target"
  mkdir -p "$corpus"
  regressions=()
  [ -d "tests/fuzz/regressions/$target" ] && regressions=("tests/fuzz/regressions/$target")
  log="$build/$target.log"
  echo "fuzz: $target for ${seconds}s (log $log)"
  # -timeout: one input longer than 10 s is a hang; -rss_limit_mb: past 2 GB (the wasm heap's ceiling) is a fault.
  nice -n 10 "$build/tests/fuzz/fuzz_$target" "$corpus" "$build/seeds/$target" "${regressions[@]}" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=131072 -print_final_stats=1 \
    -artifact_prefix="$build/crashes/$target-" >"$log" 2>&1
  status=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  summary+=("$target: ${runs:-?} executions, exit $status")
  if [ "$status" != 0 ]; then
    failed=1
    grep -m1 -E 'ERROR: |broken promise|runtime error' "$log" | sed "s/^/fuzz: $target: /"
  fi
done
printf 'fuzz: %s\n' "${summary[@]}"
if [ "$failed" != 0 ]; then
  echo "fuzz: FAILED; inputs in $build/crashes/ (fix, then add each to tests/fuzz/regressions/<target>/)"
  exit 1
fi
echo "fuzz: no crash"
