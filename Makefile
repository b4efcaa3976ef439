# slotfit: build and test entry points. `bash .ci/setup.sh` first installs what these need.
SHELL := /bin/bash
JOBS ?= $(shell nproc)
BUILD ?= build
BUILD_WASM ?= build-wasm
SAMPLE ?= tests/fixtures/sample-school.json

.PHONY: all native wasm test test-native test-wasm bench demo clean

all: native

native:
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

wasm:
	@NODE_PATH=/usr/share/nodejs emcmake cmake -S . -B $(BUILD_WASM) -DCMAKE_BUILD_TYPE=Release \
	  -DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node >/dev/null
	@cmake --build $(BUILD_WASM) -j$(JOBS)

test-native: native
	@ctest --test-dir $(BUILD) --output-on-failure -j$(JOBS)

test-wasm: wasm
	@ctest --test-dir $(BUILD_WASM) --output-on-failure -j$(JOBS)

test: test-native test-wasm

BENCH_DIR := $(BUILD)/bench
$(BENCH_DIR)/payload-%.json: tests/fixtures/generate-payload.mjs
	@mkdir -p $(BENCH_DIR)
	@node tests/fixtures/generate-payload.mjs --students $* --seed 7 > $@

bench: native $(BENCH_DIR)/payload-200.json $(BENCH_DIR)/payload-2000.json
	@SLOTFIT_BENCH_200=$(BENCH_DIR)/payload-200.json SLOTFIT_BENCH_2000=$(BENCH_DIR)/payload-2000.json \
	  $(BUILD)/tests/bench/slotfit_bench

demo: native
	@$(BUILD)/core/slotfit schedule $(SAMPLE)

clean:
	rm -rf $(BUILD) $(BUILD_WASM)
