// The scenario: the contract's sections (schema 1, ../docs/scenario.md), parsed, validated and
// resolved against the catalog into plain structs.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/status.h"
#include "hw/catalog.h"
#include "hw/cluster.h"
#include "net/fabric_config.h"
#include "power/config.h"
#include "reliability/config.h"
#include "workload/model_spec.h"
#include "workload/plan.h"

namespace gigasim::scenario {

// Caps on the work one scenario can ask for (the `limits:` section, docs/scenario.md).
struct Limits {
  int64_t pipeline_ops = int64_t{1} << 22;  // micro-batches x pipeline chunks of one simulated step
  double reliability_events = 1e9;          // failure events of the reliability Monte Carlo
  double power_samples = 5e7;               // samples of the power model's fine trace
  int64_t search_plans = 4000000;           // plans `gigasim search` may screen (~70 bytes and ~5 us each)
  int64_t sweep_points = 10000;             // points of `gigasim sweep`'s grid (one job each; read by src/sweep)
};

struct Scenario {
  int schema = 1;
  std::string name;
  std::string file;                   // where it was read from
  workload::ModelSpec model;
  hw::ClusterSpec cluster;
  workload::Training training;
  workload::Parallelism parallelism;
  std::set<std::string> parallelism_given;  // keys written in the file or --set (search constraints)
  net::FabricConfig fabric;
  std::optional<reliability::Config> reliability;
  std::optional<power::Config> power;
  Limits limits;
  std::vector<std::string> warnings;  // resolved defaults worth telling the user about
};

struct LoadOptions {
  std::vector<std::string> overrides;  // "a.b=value", applied in order before validation
  // When false, the parallelism plan is checked only for what the model needs (search fills it).
  bool require_plan = true;
};

// Reads, validates and resolves a scenario file. Errors are kBadInput with file, line and key.
Result<Scenario> load_scenario(const std::string& path, const hw::Catalog& catalog, const LoadOptions& opts = {});
Result<Scenario> load_scenario_text(const std::string& text, const std::string& name, const hw::Catalog& catalog,
                                    const LoadOptions& opts = {});

// The plan rules of workload/plan_rules.h applied to the scenario's plan (the search applies the
// same rules to each candidate). The message names the key at fault.
Status check_plan(const Scenario& s);

}  // namespace gigasim::scenario
