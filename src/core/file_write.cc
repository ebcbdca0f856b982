#include "core/file_write.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace gigasim::core {

namespace {

Error file_error(const std::string& path, const std::string& what, int err) {
  return bad_input(fmt::format("{}: {}", what, std::strerror(err)), {path, 0, 0, "", ""});
}

// A name beside `path` that no other writer (thread or process) uses at the same time.
std::string temporary_name(const std::string& path) {
  static std::atomic<unsigned> counter{0};
  return fmt::format("{}.tmp-{}-{}", path, static_cast<long>(::getpid()), counter.fetch_add(1));
}

}  // namespace

Status write_file_atomic(const std::string& path, std::string_view bytes) {
  if (path.empty()) return bad_input("the output file name is empty");
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
    return bad_input("is a folder; cannot write the result over it", {path, 0, 0, "", ""});
  const std::string tmp = temporary_name(path);
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return file_error(path, "cannot create the file", errno);
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int err = n < 0 ? errno : EIO;
      ::close(fd);
      ::unlink(tmp.c_str());
      return file_error(path, "cannot write the file", err);
    }
    done += static_cast<size_t>(n);
  }
  // fsync reports the deferred errors of some file systems (NFS, a full disk with delayed
  // allocation), which a plain close would lose.
  if (::fsync(fd) != 0 && errno != EINVAL && errno != EROFS) {
    const int err = errno;
    ::close(fd);
    ::unlink(tmp.c_str());
    return file_error(path, "cannot write the file", err);
  }
  if (::close(fd) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    return file_error(path, "cannot write the file", err);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    return file_error(path, "cannot replace the file", err);
  }
  return {};
}

Status make_output_dir(const std::string& dir) {
  if (dir.empty()) return bad_input("needs a folder name; it is empty", {"--out", 0, 0, "", ""});
  std::error_code ec;
  const auto status = std::filesystem::status(dir, ec);
  if (std::filesystem::exists(status)) {
    if (!std::filesystem::is_directory(status))
      return bad_input("exists and is not a folder", {dir, 0, 0, "", ""});
  } else {
    std::filesystem::create_directories(dir, ec);
    if (ec) return bad_input(fmt::format("cannot create the folder: {}", ec.message()), {dir, 0, 0, "", ""});
  }
  // access(W_OK) says yes to root on a read-only mount or /proc: create and remove a probe instead.
  const std::string probe = temporary_name((std::filesystem::path(dir) / ".gigasim-probe").string());
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return file_error(dir, "cannot write in the folder", errno);
  ::close(fd);
  ::unlink(probe.c_str());
  return {};
}

}  // namespace gigasim::core
