#pragma once
/// The one way sd writes a file (sd-slo(1) --output): never through a path a
/// second time, so a symlink or file planted in the directory cannot redirect
/// the write or its permissions.
#include <sys/types.h>

#include <memory>
#include <string>
#include <string_view>

namespace sd::cli {

/// Replaces `path` with `text`, atomically: a new temporary file made with
/// mkstemp(3) in the same directory (`.NAME.tmp.XXXXXX`, created O_EXCL, so
/// it is never an existing file or link), its mode set to `mode` on the
/// descriptor (fchmod, not through the path), written, fsync'd, closed, then
/// renamed over `path`, and the directory fsync'd. A symlink at `path` is
/// replaced, never followed. On any error the temporary is removed, `path`
/// is left as it was, and an Error naming `path` is thrown: Exit::cant_create
/// (73) when no file can be created in the directory, Exit::io (74) when
/// writing, syncing or renaming fails.
void write_file_atomically(const std::string& path, std::string_view text, mode_t mode);

class TempFile;

/// The same, written as it comes (sd export -o): the temporary file is
/// made at once, written in blocks of 64 KiB, and renamed over `path` by
/// commit(). Destroyed without commit() (an error on the way), it is
/// removed and `path` is left as it was. Errors as above.
class AtomicFile {
 public:
  AtomicFile(const std::string& path, mode_t mode);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  void write(std::string_view text);
  /// Writes what is held, syncs, and renames the file into place.
  void commit();

 private:
  static constexpr std::size_t kBlock = 64 * 1024;
  void flush();
  [[noreturn]] void fail(const std::string& what, int err);
  std::string path_, dir_, buf_;
  std::unique_ptr<TempFile> tmp_;
};

}  // namespace sd::cli
