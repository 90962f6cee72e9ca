#pragma once
/// The shape every command follows, and what commands share to follow it:
/// per subcommand an options struct, a register_ function that binds it to
/// the CLI11 tree, and a run_ function that takes the options and the
/// Context. Options with a fixed set of values are declared with
/// add_choice(), which parses the word into the domain's enum at the edge
/// and tells completion the words; lists print through stream_list() (or
/// print_list() for a vector); the Nagios checks through print_nagios().
#include "completion.hpp"
#include "context.hpp"
#include "list_out.hpp"
#include "table.hpp"

#include "supportdesk/compliance.hpp"
#include "supportdesk/request.hpp"
#include "supportdesk/error.hpp"

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <type_traits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sd::cli {

/// The words an option takes and the values they stand for.
template <class E>
using Choices = std::vector<std::pair<std::string, E>>;

/// The choices spelled by the domain's to_string().
template <class E>
Choices<E> choices_of(std::initializer_list<E> values) {
  Choices<E> out;
  for (E v : values) out.emplace_back(std::string(to_string(v)), v);
  return out;
}

/// "a, b or c".
std::string words_or(const std::vector<std::string>& words);
/// The option's long name ("--priority" of "-p,--priority").
std::string flag_name(const std::string& names);

template <class E>
E pick(const Choices<E>& choices, const std::string& flag, const std::string& word) {
  for (const auto& [w, v] : choices)
    if (w == word) return v;
  std::vector<std::string> words;
  for (const auto& c : choices) words.push_back(c.first);
  throw data_error(flag + ": '" + word + "' is not allowed; use " + words_or(words));
}

namespace detail {
/// One word into the enum, or into an optional of it.
template <class T, class E>
struct ChoiceTarget {
  using Value = std::string;
  static void set(T& t, const Choices<E>& c, const std::string& f, const std::string& w) { t = pick(c, f, w); }
};
/// Repeated words into a vector.
template <class E>
struct ChoiceTarget<std::vector<E>, E> {
  using Value = std::vector<std::string>;
  static void set(std::vector<E>& t, const Choices<E>& c, const std::string& f, const Value& ws) {
    t.clear();
    for (const auto& w : ws) t.push_back(pick(c, f, w));
  }
};
}  // namespace detail

/// An option whose value is one of `choices`, parsed into `target` (the
/// enum, an optional or a vector of it) as the command line is read. Another
/// word is a data Error naming the option and the words allowed (exit 65),
/// and nothing runs. Completion offers the words.
template <class T, class E>
CLI::Option* add_choice(CLI::App* app, const std::string& names, T& target, Choices<E> choices,
                        const std::string& description) {
  using Target = detail::ChoiceTarget<T, E>;
  std::string flag = flag_name(names);
  std::vector<std::string> words;
  for (const auto& c : choices) words.push_back(c.first);
  auto* opt = app->add_option_function<typename Target::Value>(
      names,
      [&target, choices, flag](const typename Target::Value& v) { Target::set(target, choices, flag, v); },
      description);
  complete_choices(opt, words);
  return opt;
}

/// --fields and --sort on a list command (sd(1), OUTPUT, Lists), into
/// ctx.opts.shape; stream_list() and print_list() shape the list by them.
void add_list_options(CLI::App* list, Context& ctx);

/// An option taking a whole number of at least `least`, into `target`. A word
/// that is no whole number is a usage error (CLI11's, exit 64); a number below
/// `least` (a negative one always) is a data Error naming the option (exit 65),
/// and nothing runs. Without the option, `target` keeps its value.
CLI::Option* add_count(CLI::App* app, const std::string& names, std::size_t& target, std::size_t least,
                       const std::string& description);

/// An option taking a time (ISO 8601, a local time, a date or `now`), read
/// later by instant_arg(). Given empty (`--desired ""`) it is a data Error
/// naming the option (exit 65), as any other text that is not a time:
/// never the same as leaving the option out.
CLI::Option* add_time(CLI::App* app, const std::string& name, std::string& target, const std::string& description);

/// An option whose absence differs from an empty value: `target` is set
/// only when the option is given, to what was given, empty included (the
/// library then says what is allowed).
CLI::Option* add_optional_text(CLI::App* app, const std::string& name, std::optional<std::string>& target,
                               const std::string& description);

/// A check for a number option (hours, days): a finite decimal number no
/// larger than `most`. `nan`, `inf` and numbers past `most` (1e300) are usage
/// errors naming the option, before anything runs: no instant or duration is
/// ever computed from them.
CLI::Validator finite_number(double most);

/// Prints a list as its items come: `each(visit)` calls visit(item) for
/// every item, in order (a service's streaming read, or a loop). With
/// --json one JSON array of `json(item)`, with --jsonl one `json(item)` a
/// line (or, where `json(out, item)` takes a JsonOut, what it writes), else a table of `headers` with one `row(item)` per item (see
/// StreamTable). Memory stays flat whatever the number of items.
template <class Each, class J, class R>
void stream_list(Context& ctx, Each&& each, J&& json, std::vector<std::string> headers, R&& row,
                 std::vector<std::size_t> right = {}) {
  ListPrinter out(ctx, std::move(headers), std::move(right));
  // An item's JSON, built: for a table sorted by its keys (--sort).
  auto built = [&](const auto& item) {
    if constexpr (std::is_invocable_v<J&, JsonOut&, decltype(item)>) {
      std::string text;
      JsonOut o(text);
      json(o, item);
      return Json::parse(text);
    } else {
      return Json(json(item));
    }
  };
  each([&](const auto& item) {
    if (!out.json() && out.sorting()) out.add(row(item), built(item));
    else if (!out.json()) out.add(row(item));
    else if constexpr (std::is_invocable_v<J&, JsonOut&, decltype(item)>)
      out.add_written([&](JsonOut& o) { json(o, item); });
    else out.add(json(item));
  });
  out.finish();
}

/// stream_list() over the items of a vector.
template <class T, class J, class R>
void print_list(Context& ctx, const std::vector<T>& items, J&& json, std::vector<std::string> headers,
                R&& row, std::vector<std::size_t> right = {}) {
  stream_list(
      ctx, [&](auto&& visit) { for (const auto& item : items) visit(item); }, std::forward<J>(json),
      std::move(headers), std::forward<R>(row), std::move(right));
}

/// The Nagios state word of an urgency (OK, WARNING, CRITICAL).
const char* nagios_word(Urgency u);

/// A Nagios check's answer: the status line `SERVICE STATE - summary` and one
/// line per item, or with --json {"status": STATE, ...counts, list_name: [...]};
/// the exit status is the worst state.
struct NagiosResult {
  std::string service;                          ///< "SD INCIDENT"
  Urgency worst = Urgency::ok;
  std::string summary;                          ///< after the dash
  std::vector<std::string> lines;               ///< each item, text
  Json counts = Json::object();                 ///< e.g. {"missed": 1, "due_soon": 0}
  std::string list_name;                        ///< "obligations"
  Json items = Json::array();
  /// Performance data after `|` on the status line, for graphs: each count
  /// with the thresholds at which the check warns or is critical.
  struct Perf {
    std::string label;
    std::int64_t value = 0;
    std::optional<std::int64_t> warn, crit;
  };
  std::vector<Perf> perf;
};
void print_nagios(Context& ctx, const NagiosResult& r);

/// The items of a check counted by state, and the worst of them.
struct Tally {
  Urgency worst = Urgency::ok;
  int due_soon = 0, missed = 0;
};
template <class T>
Tally tally(const std::vector<T>& items) {
  Tally t;
  for (const auto& it : items) {
    if (static_cast<int>(it.state) > static_cast<int>(t.worst)) t.worst = it.state;
    t.due_soon += it.state == Urgency::due_soon;
    t.missed += it.state == Urgency::missed;
  }
  return t;
}

/// The colour of a row or line in the state the library judged it:
/// missed (overdue, CRITICAL) red, due soon (WARNING) yellow.
constexpr Tone tone_of(Urgency u) {
  return u == Urgency::missed ? Tone::alarm : u == Urgency::due_soon ? Tone::warn : Tone::plain;
}
/// A request as a list colours it, from its clock's standing (the JSON's
/// slo.standing): missed when it is late (overdue, or resolved late); due
/// soon when open, running and its due time within kRequestDueSoon
/// (urgency()); else ok.
Urgency request_urgency(Context& ctx, const Request& r, const SloClock& c);
/// An incident as a list colours it: missed when a notice was given after
/// its SLO; else urgency() of the soonest obligation it still owes, with
/// kIncidentDueSoon; ok when it owes none.
Urgency incident_urgency(const IncidentClock& c, Instant now);
/// `text` in the tone's colour when standard output is coloured.
std::string paint(Context& ctx, Tone tone, const std::string& text);

/// "" → nullopt.
inline std::optional<std::string> given(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

}  // namespace sd::cli
