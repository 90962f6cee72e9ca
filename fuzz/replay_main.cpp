// Replays inputs through one fuzz target without libFuzzer, so that the
// seed corpus and every input that once crashed run in `make test` with
// the ordinary compiler.
// usage: fuzz_replay_TARGET CORPUS_DIR [DIR_OR_FILE...]
// Every file of each directory is given to LLVMFuzzerTestOneInput, in
// name order. The first directory must hold at least one file (a corpus
// that went missing would otherwise pass); the others may be absent or
// empty (regressions/TARGET/ exists once a crash has been kept).
#include <algorithm>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

/// The input being replayed, named when a check aborts.
std::string g_current;

extern "C" void on_abort(int) {
  const char msg[] = "fuzz replay: the input that stopped it: ";
  (void)!::fwrite(msg, 1, sizeof msg - 1, stderr);
  (void)!::fwrite(g_current.data(), 1, g_current.size(), stderr);
  (void)!::fwrite("\n", 1, 1, stderr);
  std::signal(SIGABRT, SIG_DFL);
  std::raise(SIGABRT);
}

std::vector<std::filesystem::path> files_of(const std::filesystem::path& p) {
  std::vector<std::filesystem::path> out;
  std::error_code ec;
  if (std::filesystem::is_regular_file(p, ec)) return {p};
  if (!std::filesystem::is_directory(p, ec)) return out;
  for (const auto& e : std::filesystem::directory_iterator(p))
    if (e.is_regular_file()) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR [DIR_OR_FILE...]\n", argv[0]);
    return 64;
  }
  std::signal(SIGABRT, on_abort);
  std::size_t count = 0;
  for (int i = 1; i < argc; ++i) {
    auto files = files_of(argv[i]);
    if (i == 1 && files.empty()) {
      std::fprintf(stderr, "fuzz replay: no inputs in %s\n", argv[i]);
      return 66;
    }
    for (const auto& f : files) {
      g_current = f.string();
      std::ifstream in(f, std::ios::binary);
      std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      if (!in.good() && !in.eof()) {
        std::fprintf(stderr, "fuzz replay: cannot read %s\n", g_current.c_str());
        return 66;
      }
      LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
      ++count;
    }
  }
  std::printf("%zu inputs replayed\n", count);
  return 0;
}
