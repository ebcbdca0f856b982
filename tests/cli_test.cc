// End-to-end tests of the command line: exit codes and messages of the contract.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>

namespace {

struct CmdResult {
  int code;
  std::string out;
};

CmdResult run(const std::string& args) {
  std::string cmd = std::string(GIGASIM_BINARY) + " " + args + " 2>&1";
  std::array<char, 4096> buf{};
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  while (p && fgets(buf.data(), buf.size(), p)) out += buf.data();
  int status = p ? pclose(p) : -1;
  return {WEXITSTATUS(status), out};
}

std::string example(const char* name) { return std::string(GIGASIM_SOURCE_DIR) + "/examples/" + name; }

TEST(Cli, ValidateAcceptsTheExamples) {
  for (const char* f : {"colossus-100k-h100.yaml", "gpt-145b-a100.yaml", "million-gb300.yaml", "moe-671b-gb300.yaml"}) {
    CmdResult r = run("validate " + example(f));
    EXPECT_EQ(r.code, 0) << f << ": " << r.out;
  }
}

TEST(Cli, MisspelledKeyExitsTwoWithASuggestion) {
  std::string path = ::testing::TempDir() + "/bad.yaml";
  std::ofstream(path) << "schema: 1\nmodel: {layers: 2, hiden: 128}\n";
  CmdResult r = run("step " + path + " --format json");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("did you mean 'hidden'"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("bad.yaml:2"), std::string::npos) << r.out;
}

TEST(Cli, UnknownCommandAndMissingFile) {
  EXPECT_EQ(run("stpe x.yaml").code, 2);
  EXPECT_EQ(run("validate /nonexistent.yaml").code, 2);
}

TEST(Cli, CatalogListsAndShows) {
  CmdResult r = run("catalog");
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("GB300"), std::string::npos);
  r = run("catalog H100-SXM");
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("989"), std::string::npos);
  EXPECT_NE(r.out.find("source"), std::string::npos);
  EXPECT_EQ(run("catalog H100-SMX").code, 2);
}

}  // namespace
