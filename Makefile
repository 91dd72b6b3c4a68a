# Gazette's front door. `make run` and `make test` work on a fresh Debian 12 machine.
PRESET ?= release
BUILD_DIR := build/$(PRESET)
DATA ?= ./data
LISTEN ?= 127.0.0.1:8080
JOBS ?= $(shell nproc)

.PHONY: all deps configure build run test test-asan test-browser bench screenshots format clean

all: build

deps:
	@./scripts/install-deps.sh

$(BUILD_DIR)/build.ninja:
	cmake --preset $(PRESET) >/dev/null

configure: deps $(BUILD_DIR)/build.ninja

build: configure
	cmake --build --preset $(PRESET) -j $(JOBS)

run: build
	@if [ ! -f $(DATA)/gazette.db ]; then $(BUILD_DIR)/gazette init --data $(DATA) --demo; fi
	$(BUILD_DIR)/gazette serve --data $(DATA) --listen $(LISTEN)

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j 2

# Unit and integration tests under AddressSanitizer + UndefinedBehaviorSanitizer.
test-asan: deps
	cmake --preset asan >/dev/null
	cmake --build --preset asan -j $(JOBS)
	cd build/asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		ctest --output-on-failure -j 2 --label-exclude browser

test-browser: build
	./tests/browser/run.sh $(BUILD_DIR)/gazette

bench: build
	./bench/run.sh $(BUILD_DIR)/gazette
	./bench/comments.sh $(BUILD_DIR)/gazette
	cmake --build --preset $(PRESET) --target chat_load
	./bench/chat.sh $(BUILD_DIR)/gazette $(BUILD_DIR)/chat_load
	cmake --build --preset $(PRESET) --target live_load
	./bench/live.sh $(BUILD_DIR)/gazette $(BUILD_DIR)/live_load
	./bench/import.sh $(BUILD_DIR)/gazette

screenshots: build
	./tests/browser/run.sh $(BUILD_DIR)/gazette --screenshots

format:
	find src tests -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i

clean:
	rm -rf build
