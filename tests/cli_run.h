// Runs the gigasim binary for the end-to-end tests (cli_test.cc, sweep_cli_test.cc,
// diff_export_cli_test.cc): its exit status and what it printed.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace gigasim::testing {

struct CmdResult {
  int code;
  std::string out;
};

// `gigasim ARGS`; standard error joins standard output unless ARGS redirects it (run_stderr).
inline CmdResult run(const std::string& args) {
  std::string cmd = std::string(GIGASIM_BINARY) + " " + args + (args.find("2>") == std::string::npos ? " 2>&1" : "");
  std::array<char, 4096> buf{};
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  while (p && fgets(buf.data(), buf.size(), p)) out += buf.data();
  int status = p ? pclose(p) : -1;
  return {WEXITSTATUS(status), out};
}

// Standard error only.
inline CmdResult run_stderr(const std::string& args) { return run(args + " 2>&1 >/dev/null"); }

inline std::string example(const char* name) { return std::string(GIGASIM_SOURCE_DIR) + "/examples/" + name; }

}  // namespace gigasim::testing
