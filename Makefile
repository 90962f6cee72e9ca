# The quick start: `make demo` and `make test` each do the whole set-up.
BUILD ?= build
JOBS ?= 2

.PHONY: all deps build demo test bench clean

all: build

deps:
	@sh scripts/deps.sh

$(BUILD)/CMakeCache.txt: | deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

build: deps $(BUILD)/CMakeCache.txt
	@cmake --build $(BUILD) -j$(JOBS) -- --no-print-directory >$(BUILD)/build.log 2>&1 || { cat $(BUILD)/build.log; exit 1; }

demo: build
	@sh scripts/demo.sh $(BUILD)/apps/sd/sd

test: build
	@cd $(BUILD) && ctest -j$(JOBS) --output-on-failure

bench: build
	@sh bench/run.sh $(BUILD)

clean:
	rm -rf $(BUILD)
