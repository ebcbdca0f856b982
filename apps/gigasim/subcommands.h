// One function per subcommand; each parses nothing itself, calls one library job and hands its
// result to a reporter, and returns the exit status of the contract.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "hw/catalog.h"
#include "scenario/scenario.h"

namespace gigasim::app {

struct Options {
  std::string path;
  std::vector<std::string> sets;
  std::string format = "text";
  std::string out_dir;
  bool out_given = false;   // --out was on the command line (an empty DIR is an error)
  std::string name;
  int top = 5;
  int threads = 0;
  bool quiet = false;
  std::vector<std::string> over;  // sweep: --over KEY=V1,V2,... (repeatable)
  std::string job;                // sweep: --job
  int64_t max_points = 0;         // sweep: --max-points (0 = limits.sweep_points)
  std::string path_b;      // diff: the second scenario (diff's --job: step, the default, or run)
  std::string export_to;   // step, search: --export megatron|nemo|torchtitan ("" = none)
};

// The built-in catalog (an internal error when the embedded data is broken).
Result<const hw::Catalog*> catalog();

// Loads the scenario named by `o` with its --set overrides and prints its warnings to stderr. With
// require_plan false the plan is not checked (search fills it).
Result<scenario::Scenario> load(const Options& o, bool require_plan = true);

// Prints the error to stderr and returns its exit status. An error a model found with a key but no
// place (past the loader) is placed in `file`, the scenario's path.
int report_error(const Error& e, const std::string& file = "");

// Progress lines and bars go to stderr only when it is a terminal and --quiet is not given.
bool show_progress(const Options& o);

int cmd_step(const Options& o);
int cmd_run(const Options& o);
int cmd_search(const Options& o);
int cmd_plan(const Options& o);
int cmd_serve(const Options& o);
int cmd_validate(const Options& o);
int cmd_catalog(const Options& o);
int cmd_validate_model(const Options& o);
int cmd_keys(const Options& o);  // the key reference (scenario/keys.h)
int cmd_sweep(const Options& o);
int cmd_diff(const Options& o);

}  // namespace gigasim::app
