#include "core/file_write.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace gigasim::core {
namespace {

namespace fs = std::filesystem;

fs::path scratch(const std::string& name) {
  fs::path d = fs::temp_directory_path() / ("gigasim-file-write-" + std::to_string(::getpid()) + "-" + name);
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(FileWrite, WritesAndReplacesWholeLeavingNoTemporary) {
  const fs::path d = scratch("replace");
  const std::string f = (d / "result.json").string();
  ASSERT_TRUE(write_file_atomic(f, "first").ok());
  ASSERT_TRUE(write_file_atomic(f, "second, longer").ok());
  EXPECT_EQ(read(f), "second, longer");
  EXPECT_EQ(std::distance(fs::directory_iterator(d), fs::directory_iterator{}), 1);  // no *.tmp-* left
  fs::remove_all(d);
}

TEST(FileWrite, AFolderInTheWayIsAnErrorNamingThePath) {
  const fs::path d = scratch("folder");
  fs::create_directories(d / "result.json");
  Status st = write_file_atomic((d / "result.json").string(), "x");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(st.error().where.file, (d / "result.json").string());
  EXPECT_EQ(st.error().message, "is a folder; cannot write the result over it");
  fs::remove_all(d);
}

TEST(FileWrite, AnUnwritablePlaceIsAnErrorWithTheSystemsReason) {
  Status st = write_file_atomic("/proc/gigasim-result.json", "x");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(st.error().where.file, "/proc/gigasim-result.json");
  EXPECT_EQ(st.error().message.rfind("cannot create the file: ", 0), 0u) << st.error().message;
  Status missing = write_file_atomic("/nonexistent-gigasim/result.json", "x");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().format(), "/nonexistent-gigasim/result.json: cannot create the file: No such file or directory");
}

TEST(FileWrite, OutputFolderChecks) {
  EXPECT_EQ(make_output_dir("").error().format(), "--out: needs a folder name; it is empty");
  const fs::path d = scratch("outdir");
  EXPECT_TRUE(make_output_dir((d / "a" / "b").string()).ok());
  EXPECT_TRUE(fs::is_directory(d / "a" / "b"));
  { std::ofstream(d / "file") << "x"; }
  Status st = make_output_dir((d / "file").string());
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().message, "exists and is not a folder");
  EXPECT_FALSE(make_output_dir("/proc/gigasim-out").ok());
  fs::remove_all(d);
}

}  // namespace
}  // namespace gigasim::core
