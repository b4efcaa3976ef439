# slotfit: build, test and run entry points. `bash .ci/setup.sh` installs what these need (Debian 12).
SHELL := /bin/bash
JOBS ?= $(shell nproc)
BUILD ?= build
BUILD_WASM ?= build-wasm
BUILD_SANITIZE ?= build-sanitize
BUILD_FUZZ ?= build-fuzz
FUZZ_SECONDS ?= 60
SAMPLE ?= demo/sample-school.json
PORT ?= 8080
# A test that never settles fails after 2 minutes, and a handle left open (an aborted worker) cannot keep the
# runner alive after the last test.
NODE_TEST = --test --test-timeout=120000 --test-force-exit

.PHONY: all native wasm wasm-module test test-native test-wasm test-js test-sql test-browser test-consumers bench bench-js bench-sql bench-demo demo clean quality-exact crowded-weeks

all: native

native:
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

WASM_CONFIGURE = NODE_PATH=/usr/share/nodejs emcmake cmake -S . -B $(BUILD_WASM) -DCMAKE_BUILD_TYPE=Release \
	  -DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node -DSLOTFIT_BUILD_BENCH=OFF >/dev/null

# The module and the wasm GoogleTest suite.
wasm:
	@$(WASM_CONFIGURE)
	@cmake --build $(BUILD_WASM) -j$(JOBS)

# Only the module the page and the package load.
wasm-module:
	@$(WASM_CONFIGURE)
	@cmake --build $(BUILD_WASM) -j$(JOBS) --target slotfit_wasm

# The same GoogleTest suite, built with g++ and with emscripten (run under node).
test-native: native
	@ctest --test-dir $(BUILD) --output-on-failure -j$(JOBS)

test-wasm: wasm
	@ctest --test-dir $(BUILD_WASM) --output-on-failure -j$(JOBS)

# The package against the built wasm, its .d.ts checked with tsc; the data-layer tests need a PostgreSQL.
test-js: native wasm
	@npx tsc -p tests/types
	@bash -c 'source tests/sql/pg-cluster.sh && SLOTFIT_CLI=$(BUILD)/core/slotfit node $(NODE_TEST) tests/js/'

# A throwaway PostgreSQL 15 cluster; the contract and end-to-end tests run the native CLI.
test-sql: native
	@SLOTFIT_CLI=$(BUILD)/core/slotfit SLOTFIT_REQUIRE_CLI=1 bash tests/sql/run.sh

# The demo page in headless Chromium (Debian's), driven by playwright-core; the live-data tests need a PostgreSQL.
test-browser: wasm-module
	@bash -c 'source tests/sql/pg-cluster.sh && node $(NODE_TEST) tests/browser/'

# The packed tarball installed offline into scratch apps under build/consumers/ (Node ESM and require, workers, the
# migrations bin, tsc, Vite, webpack, esbuild, Rollup, Next.js), bundlers taken from the repository's node_modules.
test-consumers: wasm-module
	@node tests/consumers/pack.mjs >/dev/null
	@SLOTFIT_TARBALL=$(CURDIR)/build/consumers/slotfit.tgz node --test --test-timeout=300000 --test-force-exit tests/consumers/

test: test-native test-wasm test-js test-sql test-browser test-consumers
	@echo "make test: every suite passed"

# Not part of `make test` (too long for CI): test-sanitize and fuzz.
.PHONY: test-sanitize fuzz

# The C++ suite (GoogleTest, the CLI, the fuzz regressions) built with
# g++ under AddressSanitizer and UndefinedBehaviorSanitizer; any finding fails.
test-sanitize:
	@cmake -S . -B $(BUILD_SANITIZE) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSLOTFIT_SANITIZE=ON -DSLOTFIT_BUILD_BENCH=OFF >/dev/null
	@cmake --build $(BUILD_SANITIZE) -j$(JOBS)
	@ctest --test-dir $(BUILD_SANITIZE) --output-on-failure -j$(JOBS)

# Not part of `make test`: each libFuzzer target (tests/fuzz; FUZZ_TARGETS="groups queries" picks some) for
# FUZZ_SECONDS, with clang 14; fails on a crash.
fuzz:
	@FUZZ_SECONDS=$(FUZZ_SECONDS) BUILD_FUZZ=$(BUILD_FUZZ) JOBS=$(JOBS) bash tests/fuzz/run.sh

BENCH_DIR := $(BUILD)/bench
$(BENCH_DIR)/payload-%.json: tests/fixtures/generate-payload.mjs
	@mkdir -p $(BENCH_DIR)
	@node tests/fixtures/generate-payload.mjs --students $* --seed 7 > $@

bench: native $(BENCH_DIR)/payload-40.json $(BENCH_DIR)/payload-200.json $(BENCH_DIR)/payload-2000.json
	@SLOTFIT_BENCH_40=$(BENCH_DIR)/payload-40.json SLOTFIT_BENCH_200=$(BENCH_DIR)/payload-200.json \
	  SLOTFIT_BENCH_2000=$(BENCH_DIR)/payload-2000.json \
	  $(BUILD)/tests/bench/slotfit_bench

bench-js: native wasm $(BENCH_DIR)/payload-40.json $(BENCH_DIR)/payload-200.json $(BENCH_DIR)/payload-2000.json
	@SLOTFIT_BENCH_40=$(BENCH_DIR)/payload-40.json SLOTFIT_BENCH_200=$(BENCH_DIR)/payload-200.json \
	  SLOTFIT_BENCH_2000=$(BENCH_DIR)/payload-2000.json \
	  node tests/bench/js-bench.mjs --native $(BUILD)/tests/bench/slotfit_bench

bench-sql:
	@bash tests/sql/bench.sh

bench-demo: wasm-module
	@node tests/bench/demo-bench.mjs

# The main job: the browser demo on the embedded sample school, served on 127.0.0.1:$(PORT).
demo: wasm-module
	@node demo/serve.mjs $(PORT)

# The core's command-line tool on the sample school: the rows it would write and what it could not place.
schedule-sample: native
	@$(BUILD)/core/slotfit schedule $(SAMPLE)

# The crowded weeks of the exact reference (tests/fixtures/crowded/), regenerated and validated by the CLI.
crowded-weeks: native
	@node tests/fixtures/generate-crowded.mjs --cli $(BUILD)/core/slotfit

# The exact reference: recomputes every crowded week's optimum with a 0/1 solver (SOLVER=cbc or glpsol, at most
# EXACT_TIME_LIMIT seconds a week) into tests/fixtures/crowded/optima.json, judges each solver schedule with the
# reference judge, checks the engine's legal schedules against the model, and the model against the exhaustive
# search of tests/cpp/quality_test.cpp on its 120 small weeks. Minutes: not part of `make test`.
SOLVER ?= cbc
EXACT_TIME_LIMIT ?= 300
quality-exact: crowded-weeks
	@bash .ci/setup.sh --exact
	@node tests/exact/solve-crowded.mjs --model $(BUILD)/tests/exact/slotfit_exact_model --cli $(BUILD)/core/slotfit \
	  --tests $(BUILD)/tests/cpp/slotfit_tests --solver $(SOLVER) --time-limit $(EXACT_TIME_LIMIT) --compare

clean:
	rm -rf $(BUILD) $(BUILD_WASM) $(BUILD_SANITIZE) $(BUILD_FUZZ)
