# The quick start: `make demo` and `make test` each do the whole set-up.
# BUILD is the build directory; CMAKE_ARGS is given to cmake when BUILD is
# first configured (README.md, "Building"), e.g.
#   make test BUILD=build-asan CMAKE_ARGS=-DSD_SANITIZE=address,undefined
BUILD ?= build
JOBS ?= 2
CMAKE_ARGS ?=

# make fuzz: the fuzz targets of fuzz/, built with clang in FUZZ_BUILD and
# each run for FUZZ_SECONDS (FUZZ_TARGETS: some of them, by name).
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?=

.PHONY: all deps build demo test bench fuzz clean

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
# BUILD, then build and run them.
bench: deps $(BUILD)/CMakeCache.txt
	@sh scripts/deps.sh bench
	@cmake -S . -B $(BUILD) -DSD_BUILD_BENCH=ON >/dev/null
	@$(MAKE) --no-print-directory build
	@sh bench/run.sh $(BUILD)

# libFuzzer needs clang: the fuzz build has a directory of its own.
fuzz:
	@sh scripts/deps.sh fuzz
	@[ -f $(FUZZ_BUILD)/CMakeCache.txt ] || CC=clang CXX=clang++ cmake -S . -B $(FUZZ_BUILD) \
	  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSD_BUILD_FUZZ=ON -DBUILD_TESTING=OFF $(CMAKE_ARGS) >/dev/null
	@cmake --build $(FUZZ_BUILD) --target fuzzers -j$(JOBS) -- --no-print-directory >$(FUZZ_BUILD)/build.log 2>&1 \
	  || { cat $(FUZZ_BUILD)/build.log; exit 1; }
	@sh fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

clean:
	rm -rf $(BUILD)
