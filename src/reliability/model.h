// The reliability model resolved for one job: the scenario's `reliability:` section merged with
// the catalog defaults (data/catalog/reliability.yaml) and scaled to the job's size. Plain data;
// reliability::simulate() and the replica engine read it. See docs/reliability.md for the maths.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "core/status.h"
#include "core/units.h"
#include "hw/catalog_file.h"
#include "reliability/config.h"

namespace gigasim::reliability {

// The job as the core step model sees it. REQUIRES: gpus >= 1, gpus_per_node >= 1,
// step_time > 0; tokens_per_step > 0 when the run length is given in tokens.
struct JobShape {
  int64_t gpus = 0;
  int gpus_per_node = 8;
  Seconds step_time;
  double tokens_per_step = 0;
};

struct CauseModel {
  double devices = 0;        // devices of the cause's basis in the job (GPUs, nodes, switches, racks)
  double rate_per_s = 0;     // per device-second (fleet average, lemons included)
  bool hardware = false;     // takes nodes out of service until repaired
  bool lemon_prone = false;  // node-local hardware: scaled by the lemons in the job
  int64_t nodes_lost = 0;    // per event: 1, or the nodes under a switch or rack; 0 for software
  Seconds detection;         // failure to job stopped
  double eta_s = 0;          // Weibull scale per device, so that the mean lifetime is 1/rate
  std::string source;
  double job_rate() const { return devices * rate_per_s; }  // events per second at the start
};

struct Model {
  int64_t gpus = 0;
  int64_t nodes = 0;
  Seconds step_time;
  double tokens_per_step = 0;

  std::array<CauseModel, kCauseCount> causes{};
  Lifetime lifetime = Lifetime::kExponential;
  double weibull_shape = 1.0;

  std::optional<Seconds> interval;  // compute between checkpoints; empty = search
  Seconds write_time;               // full write to storage
  Seconds blocking;                 // training stall per checkpoint (write, or snapshot if async)
  bool async = false;
  Seconds restore;
  Seconds relaunch;
  Seconds init;

  std::optional<int64_t> spare_nodes;  // empty = unlimited
  Seconds repair_time;
  std::optional<Seconds> maintenance_interval;  // empty = none
  Seconds maintenance_duration;

  int64_t lemon_nodes = 0;       // lemons in the job at the start
  double lemon_multiplier = 1;   // a lemon's node-failure rate over a healthy node's
  bool quarantine_lemons = false;

  std::optional<Seconds> duration;  // wall-clock window
  std::optional<Seconds> work;      // failure-free compute time of a run given in tokens
  Seconds wall_cap;                 // simulated time never goes past this

  // Unexpected interruptions per second for the whole job at the start.
  double job_failure_rate() const;
  // Mean restart overhead u0 = rate-weighted detection + relaunch + init + restore.
  Seconds restart_overhead() const;
  // Rounds a checkpoint interval to whole steps (at least one) and, when asynchronous, to at
  // least the write time, so that writes never overlap.
  Seconds round_interval(Seconds dt) const;
};

// Merges config, catalog and job. Errors: kBadInput for inconsistent input (an interval shorter
// than the write time, a bad job shape), kInternal for a broken catalog.
// `figures` is the reliability catalog (data/catalog/reliability.yaml, hw::Catalog::file).
gigasim::Result<Model> resolve(const Config& cfg, const JobShape& job, const hw::CatalogFile& figures);

}  // namespace gigasim::reliability
