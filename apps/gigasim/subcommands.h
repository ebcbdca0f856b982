// One function per subcommand; each returns the exit status of the contract.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"

namespace gigasim::app {

struct Options {
  std::string path;
  std::vector<std::string> sets;
  std::string format = "text";
  std::string out_dir;
  std::string name;
  int top = 5;
  int threads = 0;
  bool quiet = false;
};

// Prints the error to stderr and returns its exit status.
int report_error(const Error& e);

int cmd_step(const Options& o);
int cmd_run(const Options& o);
int cmd_search(const Options& o);
int cmd_plan(const Options& o);
int cmd_validate(const Options& o);
int cmd_catalog(const Options& o);

}  // namespace gigasim::app
