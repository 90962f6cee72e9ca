#include "supportdesk/error.hpp"
#include "supportdesk/hooks.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace sd;
namespace fs = std::filesystem;

namespace {

/// A temporary directory, removed with everything in it.
struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "sd-hooks-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    path = tmpl;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

void write_file(const fs::path& p, const std::string& text, bool executable) {
  fs::create_directories(p.parent_path());
  {
    std::ofstream out(p, std::ios::binary);
    out << text;
  }
  REQUIRE(::chmod(p.c_str(), executable ? 0755 : 0644) == 0);
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// Sends fd 1 and fd 2 to files while alive, so a test sees where hook
/// output goes.
struct CaptureFds {
  int saved_out, saved_err;
  CaptureFds(const fs::path& out, const fs::path& err) {
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
    saved_out = ::dup(1);
    saved_err = ::dup(2);
    int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(o, 1);
    ::dup2(e, 2);
    ::close(o);
    ::close(e);
  }
  CaptureFds(const CaptureFds&) = delete;
  CaptureFds& operator=(const CaptureFds&) = delete;
  ~CaptureFds() {
    std::fflush(nullptr);
    ::dup2(saved_out, 1);
    ::dup2(saved_err, 2);
    ::close(saved_out);
    ::close(saved_err);
  }
};

}  // namespace

TEST_CASE("hooks get the event JSON on stdin and SD_EVENT in the environment") {
  TempDir tmp;
  fs::path out = tmp.path / "out";
  ::setenv("SD_EVENT", "stale", 1);  // replaced, not duplicated
  ::setenv("SD_HOOK_TEST_INHERITED", "yes", 1);
  write_file(tmp.path / "incident.opened.d" / "10-copy",
             "#!/bin/sh\ncat > '" + out.string() + ".json'\n"
             "printf '%s|%s' \"$SD_EVENT\" \"$SD_HOOK_TEST_INHERITED\" > '" + out.string() + ".env'\n",
             true);
  HookRunner runner(tmp.path.string());
  CHECK(runner.dir() == tmp.path.string());
  const std::string json = "{\"event\": \"incident.opened\", \"title\": \"ディスク使用率 95%\\n\"}\n";
  auto results = runner.run("incident.opened", json);
  ::unsetenv("SD_EVENT");
  ::unsetenv("SD_HOOK_TEST_INHERITED");
  REQUIRE(results.size() == 1);
  CHECK(results[0].ok());
  CHECK(results[0].exit_code == 0);
  CHECK(results[0].path == (tmp.path / "incident.opened.d" / "10-copy").string());
  CHECK(read_file(out.string() + ".json") == json);
  CHECK(read_file(out.string() + ".env") == "incident.opened|yes");

  // Other events have their own directories.
  CHECK(runner.run("incident.closed", json).empty());
}

TEST_CASE("hooks run in name order; a failing hook is reported and the next still runs") {
  TempDir tmp;
  fs::path log = tmp.path / "log";
  fs::path d = tmp.path / "alert.received.d";
  auto hook = [&](const char* name, const std::string& body) {
    write_file(d / name, "#!/bin/sh\necho " + std::string(name) + " >> '" + log.string() + "'\n" + body, true);
  };
  hook("20-fails", "exit 3\n");
  hook("30-last", "");
  hook("10-first", "");
  hook("25-signal", "kill -TERM $$\n");
  // Skipped: not executable, an editor backup, a dotfile, a directory.
  write_file(d / "15-not-executable", "#!/bin/sh\necho skipped >> '" + log.string() + "'\n", false);
  write_file(d / "30-last~", "#!/bin/sh\necho backup >> '" + log.string() + "'\n", true);
  write_file(d / ".hidden", "#!/bin/sh\necho hidden >> '" + log.string() + "'\n", true);
  fs::create_directories(d / "40-subdir");
  REQUIRE(::chmod((d / "40-subdir").c_str(), 0755) == 0);

  auto results = HookRunner(tmp.path.string()).run("alert.received", "{}");
  REQUIRE(results.size() == 4);
  CHECK(read_file(log) == "10-first\n20-fails\n25-signal\n30-last\n");
  CHECK(results[0].ok());
  CHECK(results[1].path == (d / "20-fails").string());
  CHECK(results[1].exit_code == 3);
  CHECK(results[1].error == "exited 3");
  CHECK_FALSE(results[1].ok());
  CHECK(results[2].error == "killed by signal 15");
  CHECK(results[2].exit_code == 128 + 15);
  CHECK(results[3].ok());
}

TEST_CASE("a hook that cannot start is reported with -1") {
  TempDir tmp;
  write_file(tmp.path / "incident.closed.d" / "garbage", "this is not a program\n", true);
  write_file(tmp.path / "incident.closed.d" / "ok", "#!/bin/sh\nexit 0\n", true);
  auto results = HookRunner(tmp.path.string()).run("incident.closed", "{}");
  REQUIRE(results.size() == 2);
  CHECK(results[0].exit_code == -1);
  CHECK(results[0].error.rfind("could not start: ", 0) == 0);
  CHECK(results[1].ok());
}

TEST_CASE("a hook that outlives the timeout is killed with its process group") {
  TempDir tmp;
  fs::path marker = tmp.path / "survived";
  // The background sleeper shares the hook's process group and dies with it.
  write_file(tmp.path / "obligation.missed.d" / "slow",
             "#!/bin/sh\n(sleep 2; touch '" + marker.string() + "') &\nsleep 30\n", true);
  write_file(tmp.path / "obligation.missed.d" / "zz-after", "#!/bin/sh\nexit 0\n", true);
  auto start = std::chrono::steady_clock::now();
  auto results = HookRunner(tmp.path.string(), std::chrono::seconds{1}).run("obligation.missed", "{}");
  auto took = std::chrono::steady_clock::now() - start;
  REQUIRE(results.size() == 2);
  CHECK(results[0].exit_code == -2);
  CHECK(results[0].error == "timed out after 1s");
  CHECK(results[1].ok());
  CHECK(took >= std::chrono::milliseconds{900});
  CHECK(took < std::chrono::seconds{5});
  ::sleep(2);
  CHECK_FALSE(fs::exists(marker));
}

TEST_CASE("a hook that does not read a large payload neither kills sd nor blocks it") {
  TempDir tmp;
  const std::string big(1 << 20, 'x');
  struct sigaction before {};
  ::sigaction(SIGPIPE, nullptr, &before);
  write_file(tmp.path / "incident.updated.d" / "10-ignores-stdin", "#!/bin/sh\nexit 0\n", true);
  write_file(tmp.path / "incident.updated.d" / "20-reads-some", "#!/bin/sh\nhead -c 10 >/dev/null\n", true);
  auto results = HookRunner(tmp.path.string()).run("incident.updated", big);
  REQUIRE(results.size() == 2);
  CHECK(results[0].ok());
  CHECK(results[1].ok());
  // sd's own SIGPIPE disposition is back as it was.
  struct sigaction now {};
  ::sigaction(SIGPIPE, nullptr, &now);
  CHECK((now.sa_handler == before.sa_handler));

  // A hook that neither reads nor exits still meets its timeout, also when
  // it reads a little first (sd must never block in write()).
  TempDir tmp2;
  write_file(tmp2.path / "incident.updated.d" / "stuck", "#!/bin/sh\nsleep 30\n", true);
  write_file(tmp2.path / "incident.updated.d" / "stuck-after-some",
             "#!/bin/sh\nhead -c 10000 >/dev/null\nsleep 30\n", true);
  auto start = std::chrono::steady_clock::now();
  auto stuck = HookRunner(tmp2.path.string(), std::chrono::seconds{1}).run("incident.updated", big);
  REQUIRE(stuck.size() == 2);
  CHECK(stuck[0].exit_code == -2);
  CHECK(stuck[1].exit_code == -2);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds{6});
}

TEST_CASE("hook output goes to sd's stderr, never its stdout") {
  TempDir tmp;
  write_file(tmp.path / "incident.judged.d" / "chatty", "#!/bin/sh\necho to-stdout\necho to-stderr >&2\n", true);
  std::vector<HookResult> results;
  {
    CaptureFds capture(tmp.path / "fd1", tmp.path / "fd2");
    results = HookRunner(tmp.path.string()).run("incident.judged", "{}");
  }
  REQUIRE(results.size() == 1);
  CHECK(results[0].ok());
  CHECK(read_file(tmp.path / "fd1").empty());
  CHECK(read_file(tmp.path / "fd2") == "to-stdout\nto-stderr\n");
}

TEST_CASE("a missing hook directory means no hooks") {
  TempDir tmp;
  CHECK(HookRunner((tmp.path / "nope").string()).run("incident.opened", "{}").empty());
  CHECK(HookRunner(tmp.path.string()).run("incident.opened", "{}").empty());
  write_file(tmp.path / "incident.opened.d", "a file, not a directory", false);
  CHECK(HookRunner(tmp.path.string()).run("incident.opened", "{}").empty());
}

// ---------------------------------------------------------------------------

TEST_CASE("render_template fills placeholders and sections") {
  const std::vector<std::pair<std::string, std::string>> vars = {
      {"name", "Acme"}, {"empty", ""}, {"host", "web-1"}, {"name", "second"}};
  CHECK(render_template("Hello {{name}}!", vars, "t") == "Hello Acme!");
  CHECK(render_template("{{ name }}/{{\thost }}", vars, "t") == "Acme/web-1");
  CHECK(render_template("a{{#host}}[{{host}}]{{/host}}b", vars, "t") == "a[web-1]b");
  CHECK(render_template("a{{#empty}}[{{empty}}]{{/empty}}b", vars, "t") == "ab");
  CHECK(render_template("a{{# host }}x{{/ host }}b", vars, "t") == "axb");
  CHECK(render_template("{{^empty}}none{{/empty}}{{^host}}none{{/host}}", vars, "t") == "none");
  CHECK(render_template("{{#host}}{{#name}}{{name}}@{{host}}{{/name}}{{/host}}", vars, "t") == "Acme@web-1");
  CHECK(render_template("no placeholders } { }}", vars, "t") == "no placeholders } { }}");
  CHECK(render_template("", vars, "t").empty());
  // A section tag alone on its line takes the line with it.
  CHECK(render_template("A\n{{#empty}}\nB\n{{/empty}}\nC\n", vars, "t") == "A\nC\n");
  CHECK(render_template("A\n  {{#host}}  \nB\n{{/host}}\nC", vars, "t") == "A\nB\nC");
  CHECK(render_template("A {{#host}}\nB\n{{/host}}", vars, "t") == "A \nB\n");
}

TEST_CASE("render_template errors name the source and the placeholder") {
  const std::vector<std::pair<std::string, std::string>> vars = {{"a", "1"}, {"b", ""}, {"c", "3"}, {"a", "x"}};
  auto fails = [&](const char* text, const char* message) {
    CAPTURE(text);
    try {
      render_template(text, vars, "first.ja.txt");
      FAIL("expected an error");
    } catch (const Error& e) {
      CHECK(e.code() == Exit::config);
      CHECK(std::string(e.what()) == message);
    }
  };
  fails("x {{nope}}", "first.ja.txt: unknown placeholder {{nope}}; known: a, b, c");
  fails("{{#b}}{{nope}}{{/b}}", "first.ja.txt: unknown placeholder {{nope}}; known: a, b, c");
  fails("{{#nope}}x{{/nope}}", "first.ja.txt: unknown placeholder {{nope}}; known: a, b, c");
  fails("line\n{{a", "first.ja.txt:2: unclosed {{ (no matching }})");
  fails("{{#a}}\nx", "first.ja.txt:1: unclosed section {{#a}}; end it with {{/a}}");
  fails("x\n{{/a}}", "first.ja.txt:2: {{/a}} closes no section");
  fails("{{#a}}{{/c}}", "first.ja.txt:1: {{/c}} closes {{#a}} (opened on line 1)");
  fails("{{ }}", "first.ja.txt:1: malformed placeholder {{ }}");
  fails("{{a b}}", "first.ja.txt:1: malformed placeholder {{a b}}");
}

TEST_CASE("every shipped incident template renders with and without the optional values") {
  const std::vector<std::string> optional = {"detected_at", "business_impact", "details",
                                             "status_note", "next_report_at", "recovered_at",
                                             "recovery_action", "escalated_to"};
  auto vars_with = [&](bool full) {
    std::vector<std::pair<std::string, std::string>> v = {
        {"customer_name", "Acme 株式会社"}, {"customer_key", "ACME"}, {"key", "ACME-43"},
        {"title", "web-1 応答なし"}, {"host", "web-1"}, {"impact", "サービス影響あり"},
        {"impact_en", "service affected"}, {"received_at", "2026-11-30 10:02"},
        {"desk_name", "cloudpack サポートデスク"}, {"now", "2026-11-30 10:15"}};
    for (const auto& name : optional) v.emplace_back(name, full ? "<" + name + ">" : "");
    return v;
  };
  int rendered = 0;
  for (const char* kind : {"first", "interim", "recovery"}) {
    for (const char* lang : {"ja", "en"}) {
      std::string file = std::string("incident-") + kind + "." + lang + ".txt";
      CAPTURE(file);
      std::string text = read_file(fs::path(SD_SHARE_DIR) / "templates" / file);
      REQUIRE_FALSE(text.empty());
      std::string full = render_template(text, vars_with(true), file);
      std::string bare = render_template(text, vars_with(false), file);
      for (const std::string* out : {&full, &bare}) {
        CHECK(out->find("{{") == std::string::npos);
        CHECK(out->find("}}") == std::string::npos);
        CHECK(out->find("\n\n\n") == std::string::npos);  // dropped sections leave no gaps
        CHECK(out->find("ACME-43") != std::string::npos);
        CHECK(out->find("Acme 株式会社") != std::string::npos);
        CHECK(out->find("cloudpack サポートデスク") != std::string::npos);
        CHECK(out->back() == '\n');
      }
      CHECK(full.find(lang == std::string("ja") ? "サービス影響あり" : "service affected") != std::string::npos);
      for (const auto& name : optional) {
        CAPTURE(name);
        bool used = text.find("{{" + name + "}}") != std::string::npos;
        CHECK((full.find("<" + name + ">") != std::string::npos) == used);
        CHECK(bare.find("<" + name + ">") == std::string::npos);
      }
      // With the optional values empty no label is left dangling.
      std::istringstream lines(bare);
      for (std::string line; std::getline(lines, line);) {
        CAPTURE(line);
        CHECK_FALSE((line.size() >= 1 && line.back() == ' '));
        CHECK_FALSE((line.size() >= 2 && line.compare(line.size() - 2, 2, ": ") == 0));
      }
      ++rendered;
    }
  }
  CHECK(rendered == 6);
}

TEST_CASE("hooks: one writable by group or others is skipped, the rest run") {
  TempDir t;
  auto dir = t.path / "hooks" / "incident.opened.d";
  auto log = t.path / "ran";
  write_file(dir / "10-mine", "#!/bin/sh\necho mine >> " + log.string() + "\n", true);
  write_file(dir / "20-group", "#!/bin/sh\necho group >> " + log.string() + "\n", true);
  write_file(dir / "30-others", "#!/bin/sh\necho others >> " + log.string() + "\n", true);
  REQUIRE(::chmod((dir / "20-group").c_str(), 0775) == 0);
  REQUIRE(::chmod((dir / "30-others").c_str(), 0757) == 0);
  auto results = HookRunner((t.path / "hooks").string()).run("incident.opened", "{}");
  REQUIRE(results.size() == 3);
  CHECK(results[0].ok());
  CHECK_FALSE(results[0].skipped);
  for (int i : {1, 2}) {
    CHECK(results[static_cast<std::size_t>(i)].skipped);
    CHECK(results[static_cast<std::size_t>(i)].error == "writable by group or others (chmod go-w to run it)");
  }
  CHECK(read_file(log) == "mine\n");
}
