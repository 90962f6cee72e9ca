// sd completion: shell completion generated from the CLI11 tree that parses,
// so it never drifts from the commands. The tree is walked at run time from
// the root app into a plain model (Command, Arg), which three generators turn
// into bash, zsh and fish scripts and `--json` prints as data.
#include "commands.hpp"
#include "completion.hpp"
#include "context.hpp"

#include "supportdesk/alert.hpp"
#include "supportdesk/catalog.hpp"
#include "supportdesk/error.hpp"
#include "supportdesk/incident.hpp"
#include "supportdesk/model.hpp"
#include "supportdesk/service.hpp"
#include "supportdesk/store.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace sd::cli {
namespace {

// ---------------------------------------------------------------------------
// Hints declared by command files (completion.hpp)

struct Hint {
  std::optional<Complete> what;
  std::optional<std::vector<std::string>> choices;
};

/// Keyed by the option: options live as long as the app, which outlives every
/// use of the registry.
std::map<const CLI::Option*, Hint>& hints() {
  static std::map<const CLI::Option*, Hint> registry;
  return registry;
}

const Hint* hint_for(const CLI::Option* opt) {
  auto it = hints().find(opt);
  return it == hints().end() ? nullptr : &it->second;
}

}  // namespace

void complete_with(CLI::Option* opt, Complete what) { hints()[opt].what = what; }

void complete_choices(CLI::Option* opt, std::vector<std::string> values) {
  hints()[opt].choices = std::move(values);
}

namespace {

// ---------------------------------------------------------------------------
// The model the generators work from

/// An option or a positional argument of one command.
struct Arg {
  std::string name;                 ///< --long (else -s), or the positional's name
  std::vector<std::string> names;   ///< every spelling, long ones first
  bool flag = false;                ///< takes no value
  std::string value;                ///< what the value is called (PATH, KEY)
  std::string description;
  std::vector<std::string> choices; ///< the fixed set of values, if any
  Complete complete = Complete::nothing;
  bool required = false;
  bool repeatable = false;          ///< may be given more than once
  bool global = false;              ///< a root option every subcommand accepts
};

struct Command {
  std::string name;
  std::string path;                 ///< "sd request new"
  std::vector<std::string> aliases;
  std::string description;
  std::vector<Arg> options;         ///< its own; the global ones live on the root
  std::vector<Arg> arguments;       ///< positionals, in the order they are filled
  std::vector<Command> commands;
};

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

std::string strip_dashes(const std::string& s) {
  std::size_t i = s.find_first_not_of('-');
  return i == std::string::npos ? std::string() : s.substr(i);
}

/// The set of an IsMember check, read back from the validator's description
/// (`{a,b,c}`); Transformers (`{a->b}`) and ranges are not sets of words.
std::vector<std::string> ismember_choices(CLI::Option& opt) {
  for (int i = 0;; ++i) {
    CLI::Validator* v = nullptr;
    try {
      v = opt.get_validator(i);
    } catch (const CLI::OptionNotFound&) {
      break;
    }
    std::string d = v->get_description();
    if (d.size() < 3 || d.front() != '{' || d.back() != '}' || d.find("->") != std::string::npos)
      continue;
    std::vector<std::string> words;
    std::string_view body(d.data() + 1, d.size() - 2);
    for (std::size_t pos = 0; pos <= body.size();) {
      auto comma = body.find(',', pos);
      if (comma == std::string_view::npos) comma = body.size();
      if (comma > pos) words.emplace_back(body.substr(pos, comma - pos));
      pos = comma + 1;
    }
    if (!words.empty()) return words;
  }
  return {};
}

/// The guess by name described in completion.hpp. `path` is the command's
/// words, "sd" first.
Complete guess(const Arg& a, const std::vector<std::string>& path) {
  std::string value = lower(a.value);
  std::string name = lower(strip_dashes(a.name));
  std::string group = path.size() > 1 ? path[1] : "";
  if (value == "path" || value == "file" || value == "dir") return Complete::files;
  if (name == "output" || name == "file") return Complete::files;
  if (name == "tz" || name == "zone" || value == "zone") return Complete::zones;
  if (name == "customer" || value == "customer") return Complete::customers;
  if (name == "type" || value == "type") return Complete::request_types;
  if (name == "code" && group == "catalog") return Complete::request_types;
  if (name == "key" || value == "key") {
    // `sd customer add KEY` names a new customer; `sd log KEY` takes a
    // customer key or a ticket key, which starts with one.
    if (group == "customer" && path.size() > 2 && path[2] == "add") return Complete::nothing;
    if (group == "customer" || group == "contact" || group == "log") return Complete::customers;
    if (group == "request") return Complete::requests;
    if (group == "incident") return Complete::incidents;
  }
  return Complete::nothing;
}

Arg describe(CLI::Option& opt, bool positional, const std::vector<std::string>& path) {
  Arg a;
  if (positional) {
    a.name = opt.get_name(true);
    a.names = {a.name};
  } else {
    for (const auto& l : opt.get_lnames()) a.names.push_back("--" + l);
    for (const auto& s : opt.get_snames()) a.names.push_back("-" + s);
    a.name = a.names.front();
  }
  a.flag = opt.get_items_expected_max() == 0;
  if (!a.flag) {
    // get_type_name() appends each validator's description after a colon.
    std::string type = opt.get_type_name();
    a.value = type.substr(0, type.find(':'));
    if (a.value.empty()) a.value = positional ? a.name : "VALUE";
  }
  a.description = opt.get_description();
  a.required = opt.get_required();
  if (positional)
    a.repeatable = opt.get_items_expected_max() > 1;
  else
    a.repeatable = !a.flag && (opt.get_expected_max() > 1 ||
                               opt.get_multi_option_policy() == CLI::MultiOptionPolicy::TakeAll);
  if (a.flag) return a;
  const Hint* h = hint_for(&opt);
  if (h && h->choices)
    a.choices = *h->choices;
  else
    a.choices = ismember_choices(opt);
  if (h && h->what)
    a.complete = *h->what;
  else if (a.choices.empty())
    a.complete = guess(a, path);
  return a;
}

/// Adds the options of `app` and of its option groups (nameless apps, which
/// CLI11 gives a copy of the help flag that is not an option of their own).
void add_args(CLI::App& app, const std::vector<std::string>& path, Command& cmd,
              bool option_group = false) {
  for (CLI::Option* opt : app.get_options()) {
    if (opt->get_group().empty()) continue;  // hidden
    if (option_group && opt == app.get_help_ptr()) continue;
    if (opt->nonpositional()) cmd.options.push_back(describe(*opt, false, path));
    if (opt->get_positional()) cmd.arguments.push_back(describe(*opt, true, path));
  }
  for (CLI::App* group : app.get_subcommands([](CLI::App* s) { return s->get_name().empty(); }))
    add_args(*group, path, cmd, true);
}

Command walk(CLI::App& app, std::vector<std::string> path) {
  Command cmd;
  cmd.name = path.back();
  for (const auto& w : path) cmd.path += (cmd.path.empty() ? "" : " ") + w;
  cmd.aliases = app.get_aliases();
  cmd.description = app.get_description();
  add_args(app, path, cmd);
  auto subs = app.get_subcommands([](CLI::App* s) {
    return !s->get_name().empty() && !s->get_group().empty() && !s->get_disabled();
  });
  for (CLI::App* sub : subs) {
    auto sub_path = path;
    sub_path.push_back(sub->get_name());
    cmd.commands.push_back(walk(*sub, std::move(sub_path)));
  }
  return cmd;
}

/// The whole tree from the root app. Root options other than the help and
/// version flags fall through to every subcommand (main.cpp sets
/// fallthrough), so they are marked global.
Command build_tree(CLI::App& root) {
  std::string name = root.get_name().empty() ? "sd" : root.get_name();
  Command tree = walk(root, {name});
  const CLI::Option* help = root.get_help_ptr();
  std::vector<std::string> help_names;
  if (help) {
    for (const auto& l : help->get_lnames()) help_names.push_back("--" + l);
  }
  for (Arg& a : tree.options) {
    bool is_help = !help_names.empty() && a.names.front() == help_names.front();
    a.global = !is_help && a.name != "--version";
  }
  return tree;
}

void each_command(const Command& c, const std::function<void(const Command&)>& f) {
  f(c);
  for (const auto& sub : c.commands) each_command(sub, f);
}

/// The options offered at `c`: its own, then the global ones it does not
/// redefine.
std::vector<const Arg*> offered_options(const Command& c, const Command& root) {
  std::vector<const Arg*> out;
  for (const auto& a : c.options) out.push_back(&a);
  if (&c == &root) return out;
  for (const auto& g : root.options) {
    if (!g.global) continue;
    bool shadowed = std::any_of(c.options.begin(), c.options.end(), [&](const Arg& a) {
      return std::find(a.names.begin(), a.names.end(), g.name) != a.names.end();
    });
    if (!shadowed) out.push_back(&g);
  }
  return out;
}

std::string join(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += sep;
    out += v[i];
  }
  return out;
}

/// The word a script passes to `sd completion --values`.
std::string_view kind_word(Complete c) {
  switch (c) {
    case Complete::nothing: return "";
    case Complete::files: return "files";
    case Complete::customers: return "customers";
    case Complete::request_types: return "types";
    case Complete::requests: return "requests";
    case Complete::incidents: return "incidents";
    case Complete::zones: return "zones";
  }
  return "";
}

bool asks_sd(Complete c) {
  return c == Complete::customers || c == Complete::request_types || c == Complete::requests ||
         c == Complete::incidents || c == Complete::zones;
}

/// One line of text: tabs and line breaks would break the scripts' formats.
std::string one_line(std::string s) {
  for (char& c : s)
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  return s;
}

// ---------------------------------------------------------------------------
// --json: the tree as data

Json arg_json(const Arg& a, bool option) {
  Json j;
  j["name"] = a.name;
  if (option) j["names"] = a.names;
  j["value"] = a.flag ? Json(nullptr) : Json(a.value);
  j["description"] = a.description;
  j["required"] = a.required;
  j["repeatable"] = a.repeatable;
  if (option) j["global"] = a.global;
  j["choices"] = a.choices;
  auto kind = kind_word(a.complete);
  j["complete"] = kind.empty() ? Json(nullptr) : Json(std::string(kind));
  return j;
}

Json command_json(const Command& c) {
  Json j;
  j["name"] = c.name;
  j["path"] = c.path;
  j["aliases"] = c.aliases;
  j["description"] = c.description;
  j["options"] = Json::array();
  for (const auto& a : c.options) j["options"].push_back(arg_json(a, true));
  j["arguments"] = Json::array();
  for (const auto& a : c.arguments) j["arguments"].push_back(arg_json(a, false));
  j["commands"] = Json::array();
  for (const auto& sub : c.commands) j["commands"].push_back(command_json(sub));
  return j;
}

// ---------------------------------------------------------------------------
// bash

/// Single-quoted for bash and zsh: 'it'\''s'.
std::string sq(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

/// What completes a value, as bash statements on _sd_r and _sd_k.
std::string bash_value_body(const Arg& a) {
  if (!a.choices.empty()) return "_sd_r=" + sq(join(a.choices, " "));
  if (a.complete != Complete::nothing) return "_sd_k=" + std::string(kind_word(a.complete));
  return ":";
}

void write_bash(std::ostream& os, const Command& root) {
  os << R"(# bash completion for sd(1).
# Generated by `sd completion bash` from the command tree sd parses with: do
# not edit; run scripts/gen-completions.sh BUILD_DIR after changing commands.
# Install: copy to ~/.local/share/bash-completion/completions/sd, or put
#   source <(sd completion bash)
# in ~/.bashrc. Customer keys, request types, ticket keys and time zones are
# asked of sd itself (`sd completion --values KIND`), of the store that
# --db, --config and --pg-schema typed earlier on the line name, else of the
# store sd would use ($SD_DB, the config).

# _sd_subcommand PATH WORD: when WORD names a subcommand of the command PATH
# (or an alias of one), sets _sd_r to the subcommand's path.
_sd_subcommand() {
    case "$1 $2" in
)";
  each_command(root, [&](const Command& c) {
    for (const auto& sub : c.commands) {
      std::vector<std::string> pats{sq(sub.path)};
      for (const auto& al : sub.aliases) pats.push_back(sq(c.path + " " + al));
      os << "        " << join(pats, "|") << ") _sd_r=" << sq(sub.path) << " ;;\n";
    }
  });
  os << R"(        *) return 1 ;;
    esac
}

# _sd_commands PATH: sets _sd_r to the subcommands of PATH.
_sd_commands() {
    case $1 in
)";
  each_command(root, [&](const Command& c) {
    if (c.commands.empty()) return;
    std::vector<std::string> names;
    for (const auto& sub : c.commands) names.push_back(sub.name);
    os << "        " << sq(c.path) << ") _sd_r=" << sq(join(names, " ")) << " ;;\n";
  });
  os << R"(        *) _sd_r='' ;;
    esac
}

# _sd_options PATH: sets _sd_r to the options of PATH, the global ones included.
_sd_options() {
    case $1 in
)";
  each_command(root, [&](const Command& c) {
    std::vector<std::string> names;
    for (const Arg* a : offered_options(c, root))
      for (const auto& n : a->names) names.push_back(n);
    os << "        " << sq(c.path) << ") _sd_r=" << sq(join(names, " ")) << " ;;\n";
  });
  os << R"(        *) _sd_r='' ;;
    esac
}

# _sd_value PATH OPTION: fails unless OPTION of PATH takes a value; sets what
# completes the value: words in _sd_r, or a kind in _sd_k (files, customers,
# types, requests).
_sd_value() {
    _sd_r='' _sd_k=''
    case "$1 $2" in
)";
  each_command(root, [&](const Command& c) {
    for (const auto& a : c.options) {
      if (a.flag || a.global) continue;
      std::vector<std::string> pats;
      for (const auto& n : a.names) pats.push_back(sq(c.path + " " + n));
      os << "        " << join(pats, "|") << ") " << bash_value_body(a) << " ;;\n";
    }
  });
  os << R"(        *)
            case $2 in
)";
  for (const auto& a : root.options) {
    if (a.flag || !a.global) continue;
    std::vector<std::string> pats;
    for (const auto& n : a.names) pats.push_back(sq(n));
    os << "                " << join(pats, "|") << ") " << bash_value_body(a) << " ;;\n";
  }
  os << R"(                *) return 1 ;;
            esac ;;
    esac
}

# _sd_argument PATH N: sets what completes positional argument N (from 0) of
# PATH, as _sd_value does.
_sd_argument() {
    _sd_r='' _sd_k=''
    case $1 in
)";
  each_command(root, [&](const Command& c) {
    std::vector<std::string> branches;
    for (std::size_t i = 0; i < c.arguments.size(); ++i) {
      const Arg& a = c.arguments[i];
      if (a.choices.empty() && a.complete == Complete::nothing) continue;
      std::string test = a.repeatable ? " >= " : " == ";
      branches.push_back("(( $2" + test + std::to_string(i) + " )); then " + bash_value_body(a));
    }
    if (branches.empty()) return;
    os << "        " << sq(c.path) << ")\n            if " << branches.front() << '\n';
    for (std::size_t i = 1; i < branches.size(); ++i) os << "            elif " << branches[i] << '\n';
    os << "            fi ;;\n";
  });
  os << R"(    esac
}

# _sd_reply CUR: fills COMPREPLY with the words in _sd_r and the values of
# the kind in _sd_k that start with CUR.
_sd_reply() {
    local word line
    local -a words
    COMPREPLY=()
    read -r -a words <<<"$_sd_r"
    case $_sd_k in
        files)
            compopt -o filenames 2>/dev/null
            mapfile -t COMPREPLY < <(compgen -f -- "$1")
            return 0 ;;
        ?*)
            while IFS= read -r line; do
                words+=("${line%%$'\t'*}")
            done < <("$_sd_cmd" "${_sd_store[@]}" completion --values "$_sd_k" 2>/dev/null) ;;
    esac
    for word in "${words[@]}"; do
        [[ -n $word && $word == "$1"* ]] && COMPREPLY+=("$word")
    done
    return 0
}

_sd() {
    local cur=${COMP_WORDS[COMP_CWORD]} path=sd word opt='' i n=0 rest=0
    local _sd_r _sd_k _sd_cmd=${COMP_WORDS[0]}
    # The store options typed so far: keys are asked of that store.
    local -a _sd_store=()
    # Walk the words before the cursor: subcommands move down the tree,
    # options that take a value skip it, the rest are positional arguments.
    for (( i = 1; i < COMP_CWORD; i++ )); do
        word=${COMP_WORDS[i]}
        if [[ -n $opt ]]; then
            # `--db=PATH` arrives as three words when '=' breaks words.
            [[ $word == = ]] && continue
            case $opt in
                --db | --config | --pg-schema) _sd_store+=("$opt=${word/#\~\//$HOME/}") ;;
            esac
            opt=''
            continue
        fi
        if (( rest == 0 )); then
            case $word in
                --) rest=1; continue ;;
                --db=?* | --config=?* | --pg-schema=?*)
                    _sd_store+=("${word%%=*}=${word#*=}"); continue ;;
                --*=*) continue ;;
                -?*) _sd_value "$path" "$word" && opt=$word; continue ;;
            esac
        fi
        if (( rest == 0 )) && _sd_subcommand "$path" "$word"; then
            path=$_sd_r
            n=0
        else
            n=$((n + 1))
        fi
    done
    [[ $cur == = ]] && cur=''
    if [[ -n $opt ]]; then
        _sd_value "$path" "$opt"
        _sd_reply "$cur"
    elif (( rest == 0 )) && [[ $cur == --*=* ]]; then
        _sd_value "$path" "${cur%%=*}" || return 0
        _sd_reply "${cur#*=}"
        COMPREPLY=("${COMPREPLY[@]/#/${cur%%=*}=}")
    elif (( rest == 0 )) && [[ $cur == -* ]]; then
        _sd_options "$path"
        _sd_k=''
        _sd_reply "$cur"
    else
        _sd_commands "$path"
        word=$_sd_r
        _sd_argument "$path" "$n"
        _sd_r="$word $_sd_r"
        _sd_reply "$cur"
    fi
    return 0
}

complete -F _sd sd
)";
}

// ---------------------------------------------------------------------------
// zsh

std::string zsh_function(const Command& c) {
  std::string f = "_";
  for (char ch : c.path) f += ch == ' ' ? '_' : ch;
  return f;
}

/// Text inside an _arguments [explanation].
std::string zsh_explanation(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '[' || c == ']') out += '\\';
    out += c;
  }
  return out;
}

/// An _arguments message (shown above the matches; prompt-expanded).
std::string zsh_message(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == ':') out += '\\';
    if (c == '%') out += '%';
    out += c;
  }
  return out;
}

std::string zsh_word(std::string_view s) {
  std::string out;
  for (char c : s) {
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 std::string_view("_-.+@/=,").find(c) != std::string_view::npos ||
                 static_cast<unsigned char>(c) >= 0x80;
    if (!plain) out += '\\';
    out += c;
  }
  return out;
}

std::string zsh_action(const Arg& a) {
  if (!a.choices.empty()) {
    std::vector<std::string> words;
    for (const auto& w : a.choices) words.push_back(zsh_word(w));
    return "(" + join(words, " ") + ")";
  }
  if (a.complete == Complete::files) return "_files";
  if (asks_sd(a.complete)) return "_sd_values " + std::string(kind_word(a.complete));
  return " ";
}

/// What zsh shows above an option's values: the value's name, unless it is
/// one of CLI11's generic ones (TEXT, INT), then the option's.
std::string zsh_value_message(const Arg& a) {
  static const std::vector<std::string> kGeneric{"TEXT", "INT", "UINT", "FLOAT", "NUMBER",
                                                 "BOOLEAN", "VALUE", "ENUM"};
  if (std::find(kGeneric.begin(), kGeneric.end(), a.value) == kGeneric.end()) return a.value;
  return strip_dashes(a.name);
}

std::vector<std::string> zsh_option_specs(const Arg& a) {
  std::vector<std::string> specs;
  std::string prefix;
  if (a.repeatable) prefix = "*";
  else if (a.names.size() > 1) prefix = "(" + join(a.names, " ") + ")";
  for (const auto& n : a.names) {
    std::string spec = prefix + n;
    if (!a.flag) spec += n.rfind("--", 0) == 0 ? "=" : "+";
    spec += "[" + zsh_explanation(one_line(a.description)) + "]";
    if (!a.flag) spec += ":" + zsh_message(zsh_value_message(a)) + ":" + zsh_action(a);
    specs.push_back(sq(spec));
  }
  return specs;
}

std::string zsh_argument_spec(const Arg& a, std::size_t index) {
  std::string spec = a.repeatable ? "*" : std::to_string(index + 1);
  spec += a.required || a.repeatable ? ":" : "::";
  std::string message = a.description.empty() ? a.name : one_line(a.description);
  spec += zsh_message(message) + ":" + zsh_action(a);
  return sq(spec);
}

void write_zsh_command(std::ostream& os, const Command& c, const Command& root) {
  std::vector<std::string> specs;
  for (const Arg* a : offered_options(c, root))
    for (auto& s : zsh_option_specs(*a)) specs.push_back(std::move(s));
  os << zsh_function(c) << "() {\n";
  if (c.commands.empty()) {
    for (std::size_t i = 0; i < c.arguments.size(); ++i)
      specs.push_back(zsh_argument_spec(c.arguments[i], i));
    os << "    _arguments -s -S";
    for (const auto& s : specs) os << " \\\n        " << s;
    os << "\n}\n\n";
    return;
  }
  os << "    local curcontext=$curcontext state state_descr line ret=1\n"
     << "    typeset -A opt_args\n";
  // The whole line, before _arguments shifts words for the subcommands.
  if (&c == &root) os << "    local _sd_cmd=${words[1]}\n    local -a _sd_line=(\"${(@)words}\")\n";
  os << "    _arguments -C -s -S";
  for (const auto& s : specs) os << " \\\n        " << s;
  os << " \\\n        '1: :->command' \\\n        '*:: :->argument' && ret=0\n"
     << "    case $state in\n"
     << "        command)\n"
     << "            local -a commands=(\n";
  for (const auto& sub : c.commands) {
    std::string name;
    for (char ch : sub.name) {
      if (ch == ':') name += '\\';
      name += ch;
    }
    os << "                " << sq(name + ":" + one_line(sub.description)) << '\n';
  }
  std::string context = c.path;
  std::replace(context.begin(), context.end(), ' ', '-');
  os << "            )\n"
     << "            _describe -t commands " << sq(c.path + " command") << " commands && ret=0 ;;\n"
     << "        argument)\n"
     << "            curcontext=${curcontext%:*:*}:" << context << "-$words[1]:\n"
     << "            case $words[1] in\n";
  for (const auto& sub : c.commands) {
    std::vector<std::string> pats{sq(sub.name)};
    for (const auto& al : sub.aliases) pats.push_back(sq(al));
    os << "                " << join(pats, "|") << ") " << zsh_function(sub) << " && ret=0 ;;\n";
  }
  os << "                *) _message \"unknown command: $words[1]\" ;;\n"
     << "            esac ;;\n"
     << "    esac\n"
     << "    return ret\n"
     << "}\n\n";
}

void write_zsh(std::ostream& os, const Command& root) {
  os << R"(#compdef sd
# zsh completion for sd(1).
# Generated by `sd completion zsh` from the command tree sd parses with: do
# not edit; run scripts/gen-completions.sh BUILD_DIR after changing commands.
# Install: copy to a directory in $fpath as _sd (e.g. ~/.zfunc/_sd with
# fpath=(~/.zfunc $fpath) before compinit), or put
#   source <(sd completion zsh)
# in ~/.zshrc after compinit. Customer keys, request types, ticket keys and time
# zones are asked of sd itself (`sd completion --values KIND`), of the store
# that --db, --config and --pg-schema typed earlier on the line name, else of
# the store sd would use ($SD_DB, the config).

# _sd_values KIND: customer keys, request types, ticket keys or zones, from sd.
# As an _arguments action it gets compadd options first: KIND is the last word.
_sd_values() {
    local kind=$argv[-1] line label=$argv[-1]
    local -a values
    case $kind in
        customers) label='customer key' ;;
        types) label='request type' ;;
        requests) label='request' ;;
        incidents) label='incident' ;;
        zones) label='time zone' ;;
    esac
    # The store options on the line: keys are asked of that store.
    local -a store
    local i
    for (( i = 2; i < $#_sd_line; i++ )); do
        case $_sd_line[i] in
            --db | --config | --pg-schema) store+=("$_sd_line[i]=${_sd_line[i+1]/#\~\//$HOME/}") ;;
            --db=?* | --config=?* | --pg-schema=?*) store+=("$_sd_line[i]") ;;
        esac
    done
    for line in "${(@f)$(_call_program sd-$kind ${(q)_sd_cmd:-sd} ${(q)store} completion --values $kind 2>/dev/null)}"; do
        [[ -n $line ]] && values+=("${${line%%$'\t'*}//:/\\:}:${line#*$'\t'}")
    done
    _describe -t $kind $label values
}

)";
  // Children first, so that every function is defined before it is called
  // (zsh would find them anyway; this keeps the file easy to read bottom-up).
  std::function<void(const Command&)> emit = [&](const Command& c) {
    for (const auto& sub : c.commands) emit(sub);
    write_zsh_command(os, c, root);
  };
  emit(root);
  os << R"(if [[ $funcstack[1] == _sd ]]; then
    _sd "$@"
else
    compdef _sd sd
fi
)";
}

// ---------------------------------------------------------------------------
// fish

/// Single-quoted for fish: 'it\'s'.
std::string fsq(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\\' || c == '\'') out += '\\';
    out += c;
  }
  return out + "'";
}

/// `-l name` / `-s n` for each spelling of an option.
std::string fish_names(const Arg& a) {
  std::string out;
  for (const auto& n : a.names) {
    if (n.rfind("--", 0) == 0) out += " -l " + fsq(n.substr(2));
    else if (n.size() == 2) out += " -s " + fsq(n.substr(1));
    else out += " -o " + fsq(n.substr(1));
  }
  return out;
}

/// How the value completes: choices, files or what sd says.
std::string fish_values(const Arg& a) {
  if (!a.choices.empty()) return " -x -a " + fsq(join(a.choices, " "));
  if (a.complete == Complete::files) return " -r -F";
  if (asks_sd(a.complete))
    return " -x -a " + fsq("(__sd_values " + std::string(kind_word(a.complete)) + ")");
  return " -x";
}

std::string fish_condition(const std::string& path, const std::string& arg = "") {
  std::string cond = "__sd_is " + sq(path);
  if (!arg.empty()) cond += " " + arg;
  return " -n " + fsq(cond);
}

void write_fish(std::ostream& os, const Command& root) {
  os << R"(# fish completion for sd(1).
# Generated by `sd completion fish` from the command tree sd parses with: do
# not edit; run scripts/gen-completions.sh BUILD_DIR after changing commands.
# Install: copy to ~/.config/fish/completions/sd.fish, or run
#   sd completion fish | source
# Customer keys, request types, ticket keys and time zones are asked of sd
# itself (`sd completion --values KIND`), of the store that --db, --config and
# --pg-schema typed earlier on the line name, else of the store sd would use.

function __sd_subcommand --description 'Prints the path of subcommand $argv[2] of command $argv[1]'
    switch "$argv[1] $argv[2]"
)";
  each_command(root, [&](const Command& c) {
    for (const auto& sub : c.commands) {
      std::vector<std::string> pats{fsq(sub.path)};
      for (const auto& al : sub.aliases) pats.push_back(fsq(c.path + " " + al));
      os << "        case " << join(pats, " ") << "\n            echo " << fsq(sub.path) << '\n';
    }
  });
  os << R"(    end
end

function __sd_takes_value --description 'Whether option $argv[2] of command $argv[1] takes a value'
    switch "$argv[1] $argv[2]"
)";
  {
    std::vector<std::string> pats;
    for (const auto& a : root.options)
      if (!a.flag && a.global)
        for (const auto& n : a.names) pats.push_back(fsq("* " + n));
    each_command(root, [&](const Command& c) {
      for (const auto& a : c.options)
        if (!a.flag && !a.global)
          for (const auto& n : a.names) pats.push_back(fsq(c.path + " " + n));
    });
    if (!pats.empty()) {
      os << "        case";
      for (const auto& p : pats) os << " \\\n                " << p;
      os << "\n            return 0\n";
    }
  }
  os << R"(    end
    return 1
end

function __sd_state --description 'Prints the command path of the command line, then how many arguments it has'
    set -l words (commandline -opc)
    set -e words[1]
    set -l path sd
    set -l n 0
    set -l skip 0
    set -l rest 0
    for word in $words
        if test $skip = 1
            set skip 0
            continue
        end
        if test $rest = 0
            switch "x$word"
                case x--
                    set rest 1
                    continue
                case 'x--*=*'
                    continue
                case 'x-?*'
                    __sd_takes_value "$path" "$word"; and set skip 1
                    continue
            end
        end
        set -l sub
        test $rest = 0; and set sub (__sd_subcommand "$path" "$word")
        if test -n "$sub"
            set path $sub
            set n 0
        else
            set n (math $n + 1)
        end
    end
    echo $path
    echo $n
end

function __sd_is --description 'Whether the command line is at command $argv[1]; with $argv[2], at its argument N (N+: N or later)'
    set -l line (commandline -pc)
    if not set -q __sd_line; or test "$__sd_line" != "$line"
        set -g __sd_line $line
        set -g __sd_at (__sd_state)
    end
    test "$__sd_at[1]" = "$argv[1]"; or return 1
    set -q argv[2]; or return 0
    switch $argv[2]
        case '*+'
            test $__sd_at[2] -ge (string trim -r -c + -- $argv[2])
        case '*'
            test $__sd_at[2] -eq $argv[2]
    end
end

function __sd_values --description 'Customer keys, request types, ticket keys or time zones, from sd'
    set -l words (commandline -opc)
    set -l cmd $words[1]
    # fish reports an unknown command itself, past any redirection.
    type -q -- $cmd; or return 0
    # The store options typed so far: keys are asked of that store.
    set -l store
    for i in (seq 2 (count $words))
        switch $words[$i]
            case --db --config --pg-schema
                test $i -lt (count $words); and set -a store $words[$i]=$words[(math $i + 1)]
            case '--db=?*' '--config=?*' '--pg-schema=?*'
                set -a store $words[$i]
        end
    end
    $cmd $store completion --values $argv[1] 2>/dev/null
end

complete -c sd -f
)";
  for (const auto& a : root.options) {
    if (!a.global) continue;
    os << "complete -c sd" << fish_names(a) << (a.flag ? "" : fish_values(a)) << " -d "
       << fsq(one_line(a.description)) << '\n';
  }
  each_command(root, [&](const Command& c) {
    os << '\n';
    for (const auto& sub : c.commands)
      os << "complete -c sd" << fish_condition(c.path) << " -a " << fsq(sub.name) << " -d "
         << fsq(one_line(sub.description)) << '\n';
    for (const auto& a : c.options) {
      if (a.global) continue;
      os << "complete -c sd" << fish_condition(c.path) << fish_names(a)
         << (a.flag ? "" : fish_values(a)) << " -d " << fsq(one_line(a.description)) << '\n';
    }
    for (std::size_t i = 0; i < c.arguments.size(); ++i) {
      const Arg& a = c.arguments[i];
      if (a.choices.empty() && a.complete == Complete::nothing) continue;
      std::string at = std::to_string(i) + (a.repeatable ? "+" : "");
      std::string what;
      if (!a.choices.empty()) what = " -a " + fsq(join(a.choices, " "));
      else if (a.complete == Complete::files) what = " -F";
      else what = " -a " + fsq("(__sd_values " + std::string(kind_word(a.complete)) + ")");
      os << "complete -c sd" << fish_condition(c.path, at) << what << " -d "
         << fsq(one_line(a.description.empty() ? a.name : a.description)) << '\n';
    }
  });
}

// ---------------------------------------------------------------------------
// --values: what only the store and the catalog know

void print_values(const std::string& kind, Context& ctx) {
  if (kind == "types") {
    for (const auto& t : ctx.catalog().types())
      ctx.out << t.code << '\t' << one_line(t.name) << '\n';
    return;
  }
  if (kind == "customers") {
    Store& store = ctx.store();
    auto customers = read_transaction(store, [&] { return store.list_customers(); });
    for (const auto& c : customers) ctx.out << c.key << '\t' << one_line(c.name) << '\n';
    return;
  }
  if (kind == "requests") {
    Store& store = ctx.store();
    RequestFilter filter;
    filter.statuses = {Status::open, Status::in_progress, Status::waiting, Status::resolved};
    auto requests = read_transaction(store, [&] { return store.list_requests(filter); });
    for (const auto& r : requests) ctx.out << r.key() << '\t' << one_line(r.title) << '\n';
    return;
  }
  if (kind == "incidents") {
    Store& store = ctx.store();
    IncidentFilter filter;
    filter.statuses.assign(std::begin(kOpenIncidentStatuses), std::end(kOpenIncidentStatuses));
    auto incidents = read_transaction(store, [&] { return store.list_incidents(filter); });
    for (const auto& i : incidents) ctx.out << i.key() << '\t' << one_line(i.title) << '\n';
    return;
  }
  if (kind == "zones") {
    for (const auto& z : Zone::names()) ctx.out << z << "\t\n";
    return;
  }
  throw usage_error("completion: --values: '" + kind +
                    "' is not known; use customers, types, requests, incidents or zones");
}

// ---------------------------------------------------------------------------
// The command

struct CompletionOptions {
  std::string shell;
  std::string values;  ///< hidden: for the scripts
};

CLI::App& root_of(CLI::App& app) {
  CLI::App* a = &app;
  while (a->get_parent() != nullptr) a = a->get_parent();
  return *a;
}

void run_completion(const CompletionOptions& opts, Context& ctx, CLI::App& root) {
  if (!opts.values.empty()) {
    if (!opts.shell.empty()) throw usage_error("completion: give a SHELL or --values, not both");
    print_values(opts.values, ctx);
    return;
  }
  if (ctx.opts.json) {
    if (!opts.shell.empty())
      throw usage_error("completion: --json prints the command tree for every shell; omit SHELL");
    ctx.print_json(command_json(build_tree(root)));
    return;
  }
  if (opts.shell.empty()) throw usage_error("completion: name a shell: bash, zsh or fish");
  Command tree = build_tree(root);
  if (opts.shell == "bash") write_bash(ctx.out, tree);
  else if (opts.shell == "zsh") write_zsh(ctx.out, tree);
  else if (opts.shell == "fish") write_fish(ctx.out, tree);
  else
    throw usage_error("completion: unknown shell '" + opts.shell + "'; use bash, zsh or fish");
}

}  // namespace

void register_completion(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<CompletionOptions>();
  CLI::App* cmd = app.add_subcommand(
      "completion", "Print the completion script for a shell: bash, zsh or fish");
  CLI::Option* shell =
      cmd->add_option("SHELL", opts->shell, "The shell to complete in: bash, zsh or fish")
          ->type_name("");
  complete_choices(shell, {"bash", "zsh", "fish"});
  cmd->add_option("--values", opts->values,
                  "Print customers, types, requests, incidents or zones, one per line with a "
                  "description after a tab (what the scripts ask for)")
      ->type_name("KIND")
      ->group("");
  cmd->footer(
      "With --json, prints the command tree (commands, options, arguments) instead.\n"
      "Install: see COMPLETION in sd(1).");
  cmd->callback([opts, &ctx, cmd] { run_completion(*opts, ctx, root_of(*cmd)); });
}

}  // namespace sd::cli
