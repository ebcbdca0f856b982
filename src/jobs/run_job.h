// The `run` job: the step, then every section the scenario enables (network, reliability, power),
// each model fed by the one before it, into one result value. Reporters (report/run_report.h) turn
// it into text, JSON, CSV and HTML; nothing here prints or writes a file.
//
//   scenario --run_step--> step (timeline, collectives)
//            --net::build_fabric (once)--> fabric --net::analyze(step collectives)--> network
//            --reliability::simulate(step time, tokens, GPUs per node)--> reliability
//            --power::simulate(step timeline, reliability's run trace)--> power
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "core/status.h"
#include "hw/catalog.h"
#include "jobs/step_job.h"
#include "net/analyze.h"
#include "power/simulate.h"
#include "reliability/result.h"
#include "scenario/scenario.h"

namespace gigasim::jobs {

struct RunOptions {
  int threads = 0;  // reliability Monte Carlo workers; 0 = all cores (results do not depend on it)
  // Told the name of each section as it starts ("reliability", "power"); may be empty.
  std::function<void(const std::string&)> on_section;
};

struct RunResult {
  StepJob step;
  net::NetworkResult network;
  std::optional<reliability::Result> reliability;  // when the scenario has `reliability:`
  std::optional<power::Result> power;              // when the scenario has `power:` and it is feasible
  std::optional<std::string> power_infeasible;     // why the site cannot carry the load, when it cannot
  // Valid and feasible: the step fits and the site's power works. False maps to exit status 1.
  bool feasible() const { return step.result.fits && !power_infeasible; }
};

// REQUIRES: `s` loaded with its plan checked (scenario::load_scenario).
Result<RunResult> run(const scenario::Scenario& s, const hw::Catalog& catalog, const RunOptions& opt);

// What `run` would refuse before its work starts, without the Monte Carlo or the power trace: the
// step (untimed), the reliability model's inputs and work cap, the power window's sample cap.
// `gigasim validate` calls it, so a scenario it accepts is one `run` accepts. kInfeasible when the
// reliability run cannot make progress.
Status check_run(const scenario::Scenario& s, const hw::Catalog& catalog);

}  // namespace gigasim::jobs
