#include "apps/gigasim/output.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace gigasim::app {

namespace {

Error cannot_write(const std::string& path, const std::string& why) {
  return bad_input(fmt::format("cannot write {}: {}", path, why), {path, 0, 0, "--out", ""});
}

Status write_whole(const std::filesystem::path& path, const std::string& content) {
  const std::string final_name = path.string();
  if (std::filesystem::is_directory(path)) return cannot_write(final_name, "it is a folder");
  const std::string tmp = final_name + ".tmp-" + std::to_string(::getpid());
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (f == nullptr) return cannot_write(final_name, std::strerror(errno));
  const size_t written = std::fwrite(content.data(), 1, content.size(), f);
  const bool flushed = std::fflush(f) == 0 && ::fsync(::fileno(f)) == 0;
  const int err = errno;
  const bool closed = std::fclose(f) == 0;
  if (written != content.size() || !flushed || !closed) {
    std::remove(tmp.c_str());
    return cannot_write(final_name, std::strerror(err != 0 ? err : EIO));
  }
  if (std::rename(tmp.c_str(), final_name.c_str()) != 0) {
    const int e = errno;
    std::remove(tmp.c_str());
    return cannot_write(final_name, std::strerror(e));
  }
  return {};
}

}  // namespace

Status write_output(const std::string& dir, const std::vector<report::OutputFile>& files) {
  if (dir.empty()) return bad_input("--out needs a folder name", {"", 0, 0, "--out", ""});
  std::error_code ec;
  if (std::filesystem::exists(dir, ec) && !std::filesystem::is_directory(dir, ec)) return cannot_write(dir, "it is not a folder");
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir)) return cannot_write(dir, ec ? ec.message() : std::string("it is not a folder"));
  for (const auto& f : files)
    if (Status st = write_whole(std::filesystem::path(dir) / f.name, f.content); !st.ok()) return st;
  return {};
}

}  // namespace gigasim::app
