#pragma once
/// What every fuzz target shares: a check that stops the run with a message
/// (libFuzzer then keeps the input; the replay test fails), and a guard
/// that lets only sd's own errors through, as `main` expects of the library.
#include "supportdesk/error.hpp"

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>
#include <string>
#include <typeinfo>

namespace sd::fuzz {

/// Stops the run: a property that must hold did not.
[[noreturn]] inline void fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "fuzz: property failed: %s: %s\n", what, detail.c_str());
  std::abort();
}

/// Runs `f`. sd's Error is what the library may throw: it is returned, for
/// the caller to check its exit code. Anything else is a bug (it would
/// reach the user as "internal error", exit 70): the run stops.
template <class F>
std::optional<Error> only_sd_errors(const char* step, F&& f) {
  try {
    f();
    return std::nullopt;
  } catch (const Error& e) {
    return e;
  } catch (const std::exception& e) {
    fail(step, std::string("threw ") + typeid(e).name() + ": " + e.what());
  } catch (...) {
    fail(step, "threw something that is not a std::exception");
  }
}

inline const char* exit_name(Exit e) {
  switch (e) {
    case Exit::ok: return "ok";
    case Exit::usage: return "usage (64)";
    case Exit::data: return "data (65)";
    case Exit::no_input: return "no_input (66)";
    case Exit::software: return "software (70)";
    case Exit::cant_create: return "cant_create (73)";
    case Exit::io: return "io (74)";
    case Exit::busy: return "busy (75)";
    case Exit::config: return "config (78)";
  }
  return "?";
}

/// An error of `step` must carry `want`: a parser's bad input is one kind
/// of error, never another.
inline void expect_code(const char* step, const Error& e, Exit want) {
  if (e.code() != want)
    fail(step, std::string("exit ") + exit_name(e.code()) + " where " + exit_name(want) +
                   " was expected: " + e.what());
}

}  // namespace sd::fuzz

/// Checks a property; stops the run with the condition and `detail` when
/// it does not hold.
#define SD_FUZZ_CHECK(cond, detail)                          \
  do {                                                       \
    if (!(cond)) ::sd::fuzz::fail(#cond, std::string(detail)); \
  } while (0)
