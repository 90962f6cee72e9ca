# The quick start: `make demo` and `make test` each do the whole set-up.
# BUILD is the build directory; CMAKE_ARGS is given to cmake when BUILD is
# first configured (README.md, "Building"), e.g.
#   make test BUILD=build-asan CMAKE_ARGS=-DSD_SANITIZE=address,undefined
BUILD ?= build
JOBS ?= 2
CMAKE_ARGS ?=

.PHONY: all deps build demo test bench bench-compare clean

all: build

deps:
	@sh scripts/deps.sh

$(BUILD)/CMakeCache.txt: | deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_ARGS) >/dev/null

build: deps $(BUILD)/CMakeCache.txt
	@cmake --build $(BUILD) -j$(JOBS) -- --no-print-directory >$(BUILD)/build.log 2>&1 || { cat $(BUILD)/build.log; exit 1; }

demo: build
	@sh scripts/demo.sh $(BUILD)/apps/sd/sd

test: build
	@cd $(BUILD) && ctest -j$(JOBS) --output-on-failure

# The benchmarks are built only on request (SD_BUILD_BENCH): turn them on in
# BUILD, then build and run them (bench/README.md). bench-compare runs only
# the side-by-side one, which writes bench/RESULTS.md; SIZES picks the store
# sizes, e.g. make bench-compare SIZES="10000 100000" (default 10k, 100k, 1M).
bench: deps $(BUILD)/CMakeCache.txt
	@sh scripts/deps.sh bench
	@cmake -S . -B $(BUILD) -DSD_BUILD_BENCH=ON >/dev/null
	@$(MAKE) --no-print-directory build
	@sh bench/run.sh $(BUILD)

bench-compare: deps $(BUILD)/CMakeCache.txt
	@sh scripts/deps.sh bench
	@cmake -S . -B $(BUILD) -DSD_BUILD_BENCH=ON >/dev/null
	@$(MAKE) --no-print-directory build
	@sh bench/compare.sh $(BUILD) $(SIZES)

clean:
	rm -rf $(BUILD)
