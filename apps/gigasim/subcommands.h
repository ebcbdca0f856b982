// One function per subcommand; each returns the exit status of the contract.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "scenario/scenario.h"
#include "step/step_model.h"

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

struct Loaded {
  scenario::Scenario scenario;
  step::StepInput input;
};

// Loads the scenario named by `o` with its --set overrides, prints its warnings to stderr and
// resolves the step model's input. With require_plan false the plan is not checked (search).
Result<Loaded> load(const Options& o, bool require_plan = true);

// When the step does not fit in memory, says so on stderr and returns 1 (infeasible); else 0.
int report_fit(const scenario::Scenario& s, const step::StepResult& r);

// Prints the error to stderr and returns its exit status.
int report_error(const Error& e);

int cmd_step(const Options& o);
int cmd_run(const Options& o);
int cmd_search(const Options& o);
int cmd_plan(const Options& o);
int cmd_serve(const Options& o);
int cmd_validate(const Options& o);
int cmd_catalog(const Options& o);

}  // namespace gigasim::app
