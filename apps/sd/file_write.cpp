// Writing a file safely: mkstemp, fchmod, write, fsync, rename, fsync the
// directory.
#include "file_write.hpp"

#include "supportdesk/error.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

namespace sd::cli {
namespace {

std::string why(int err) { return std::strerror(err); }

}  // namespace

/// Closes the descriptor and removes the temporary unless released.
class TempFile {
 public:
  TempFile(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  ~TempFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  int fd() const { return fd_; }
  const std::string& path() const { return path_; }
  /// Closes the descriptor; a failing close is a write error (NFS reports
  /// them there).
  int close() {
    int rc = ::close(fd_);
    fd_ = -1;
    return rc == 0 ? 0 : errno;
  }
  /// The file has been renamed: nothing is left to remove.
  void renamed() { path_.clear(); }

 private:
  int fd_;
  std::string path_;
};

AtomicFile::AtomicFile(const std::string& path, mode_t mode) : path_(path) {
  namespace fs = std::filesystem;
  fs::path target(path);
  auto name = target.filename().string();
  if (name.empty() || name == "." || name == "..")
    throw Error(Exit::cant_create, path + ": not a file name");
  auto dir = target.parent_path();
  dir_ = dir.empty() ? "." : dir.string();

  // A dot file that does not end like the target (a collector reading
  // *.prom never picks it up); the X's are replaced by mkstemp.
  std::string templ = (fs::path(dir_) / ("." + name + ".tmp.XXXXXX")).string();
  std::vector<char> buf(templ.begin(), templ.end());
  buf.push_back('\0');
  int fd = ::mkostemp(buf.data(), O_CLOEXEC);
  if (fd < 0) throw Error(Exit::cant_create, path + ": cannot create a file in " + dir_ + ": " + why(errno));
  tmp_ = std::make_unique<TempFile>(fd, std::string(buf.data()));
  if (::fchmod(tmp_->fd(), mode) != 0) fail("cannot set its mode", errno);
}

AtomicFile::~AtomicFile() = default;

void AtomicFile::fail(const std::string& what, int err) { throw Error(Exit::io, path_ + ": " + what + ": " + why(err)); }

void AtomicFile::write(std::string_view text) {
  buf_.append(text);
  if (buf_.size() >= kBlock) flush();
}

void AtomicFile::flush() {
  const char* p = buf_.data();
  std::size_t left = buf_.size();
  while (left > 0) {
    ssize_t n = ::write(tmp_->fd(), p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("cannot write", errno);
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  buf_.clear();
}

void AtomicFile::commit() {
  flush();
  if (::fsync(tmp_->fd()) != 0) fail("cannot write", errno);
  if (int err = tmp_->close()) fail("cannot write", err);
  if (::rename(tmp_->path().c_str(), path_.c_str()) != 0) fail("cannot replace it", errno);
  tmp_->renamed();

  // The rename itself survives a crash once the directory is on disk.
  int dfd = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) fail("written, but its directory cannot be synced", errno);
  int rc = ::fsync(dfd);
  int err = errno;
  ::close(dfd);
  // Some file systems cannot sync a directory; the file is in place.
  if (rc != 0 && err != EINVAL && err != EROFS) fail("written, but its directory cannot be synced", err);
}

void write_file_atomically(const std::string& path, std::string_view text, mode_t mode) {
  AtomicFile file(path, mode);
  file.write(text);
  file.commit();
}

}  // namespace sd::cli
