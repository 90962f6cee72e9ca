# The quick start: `make demo` and `make test` each do the whole set-up.
# BUILD is the build directory; CMAKE_ARGS is given to cmake when BUILD is
# first configured (README.md, "Building"), e.g.
#   make test BUILD=build-cov CMAKE_ARGS=-DSD_COVERAGE=ON
BUILD ?= build
JOBS ?= 2
CMAKE_ARGS ?=
CTEST_ARGS ?=
# make test-sanitize: the whole suite again, in a build directory of its own
# built with these sanitizers (SD_SANITIZE, CMakeLists.txt).
SANITIZE_BUILD ?= build-sanitize
SANITIZE ?= address,undefined

# ccache, when installed (scripts/deps.sh installs it), keeps every object it
# compiled, so a build directory or a clone that compiles the same source with
# the same flags again (the next CI run, a second checkout) takes it from the
# cache. Paths are hashed relative to the source tree, and not the build
# directory, so that clones in different places share their objects. Expanded
# when a directory is configured, after deps has run.
CCACHE_LAUNCHER = $(if $(shell command -v ccache 2>/dev/null),-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
export CCACHE_BASEDIR ?= $(CURDIR)
export CCACHE_NOHASHDIR ?= 1

# make fuzz: the fuzz targets of fuzz/, built with clang in FUZZ_BUILD and
# each run for FUZZ_SECONDS (FUZZ_TARGETS: some of them, by name).
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?=

# make deb: the Debian package (supportdesk_VERSION_ARCH.deb) in DEB_BUILD,
# a build directory of its own configured for it: prefix /usr, no tests (so
# no doctest), no benchmarks; the program stripped by CPack.
DEB_BUILD ?= build-deb

.PHONY: all deps build demo demo-pg test test-sanitize bench bench-compare bench-stores fuzz deb clean

all: build

deps:
	@sh scripts/deps.sh

$(BUILD)/CMakeCache.txt: | deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CCACHE_LAUNCHER) $(CMAKE_ARGS) >/dev/null

build: deps $(BUILD)/CMakeCache.txt
	@cmake --build $(BUILD) -j$(JOBS) -- --no-print-directory >$(BUILD)/build.log 2>&1 || { cat $(BUILD)/build.log; exit 1; }

demo: build
	@sh scripts/demo.sh $(BUILD)/apps/sd/sd

# make demo-pg: the same session on PostgreSQL, in a throwaway cluster
# (scripts/pg-test-server.sh) started for it and stopped afterwards.
demo-pg: build
	@sh scripts/demo-pg.sh $(BUILD)/apps/sd/sd

# CTEST_ARGS: more ctest options, e.g. CTEST_ARGS="-LE pg" for SQLite only
# or "-L pg" for PostgreSQL only.
test: build
	@sh scripts/deps.sh test
	@cd $(BUILD) && ctest -j$(JOBS) --output-on-failure $(CTEST_ARGS)

# Every test (unit and end-to-end) against a build with AddressSanitizer,
# LeakSanitizer and UndefinedBehaviorSanitizer at -O1: the first finding
# stops the program with a stack trace and fails the test (tests/CMakeLists.txt
# sets ASAN_OPTIONS and UBSAN_OPTIONS for ctest).
# The PostgreSQL runs (label pg) are left out here: they run the same sd
# code over the other store, and the sanitized run of both would not fit
# CI's time on two cores; `make test` runs both backends.
test-sanitize:
	@$(MAKE) --no-print-directory test BUILD=$(SANITIZE_BUILD) \
	  CMAKE_ARGS="-DSD_SANITIZE=$(SANITIZE) $(CMAKE_ARGS)" CTEST_ARGS="-LE pg $(CTEST_ARGS)"

# The benchmarks are built only on request (SD_BUILD_BENCH): turn them on in
# BUILD, then build and run them (bench/README.md). bench-compare runs only
# the side-by-side one, which writes bench/RESULTS.md; SIZES picks the store
# sizes, e.g. make bench-compare SIZES="10000 100000" (default 10k, 100k, 1M).
# bench-stores runs only the two stores side by side (SQLite and PostgreSQL,
# default 100k and 1M), which writes bench/RESULTS-stores.md.
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

bench-stores: deps $(BUILD)/CMakeCache.txt
	@sh scripts/deps.sh bench
	@cmake -S . -B $(BUILD) -DSD_BUILD_BENCH=ON >/dev/null
	@$(MAKE) --no-print-directory build
	@sh bench/stores.sh $(BUILD) $(SIZES)

# libFuzzer needs clang: the fuzz build has a directory of its own.
fuzz:
	@sh scripts/deps.sh fuzz
	@[ -f $(FUZZ_BUILD)/CMakeCache.txt ] || CC=clang CXX=clang++ cmake -S . -B $(FUZZ_BUILD) \
	  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSD_BUILD_FUZZ=ON -DBUILD_TESTING=OFF $(CMAKE_ARGS) >/dev/null
	@cmake --build $(FUZZ_BUILD) --target fuzzers -j$(JOBS) -- --no-print-directory >$(FUZZ_BUILD)/build.log 2>&1 \
	  || { cat $(FUZZ_BUILD)/build.log; exit 1; }
	@sh fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

deb: deps
	@[ -f $(DEB_BUILD)/CMakeCache.txt ] || cmake -S . -B $(DEB_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DBUILD_TESTING=OFF -DSD_BUILD_BENCH=OFF -DCMAKE_INSTALL_PREFIX=/usr $(CCACHE_LAUNCHER) $(CMAKE_ARGS) >/dev/null
	@cmake --build $(DEB_BUILD) -j$(JOBS) -- --no-print-directory >$(DEB_BUILD)/build.log 2>&1 \
	  || { cat $(DEB_BUILD)/build.log; exit 1; }
	@cd $(DEB_BUILD) && cpack -G DEB >cpack.log 2>&1 || { cat cpack.log; exit 1; }
	@ls $(DEB_BUILD)/*.deb

clean:
	rm -rf $(BUILD) $(SANITIZE_BUILD) $(FUZZ_BUILD) $(DEB_BUILD)
