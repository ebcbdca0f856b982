// Scenario section `reliability:` (documented in docs/reliability.md), parsed by
// scenario/reliability_section.cc into this plain struct. Every optional field left empty takes
// its default from data/catalog/reliability.yaml when reliability::simulate() resolves it, so the
// parser needs no catalog and the defaults keep their sources.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/units.h"

namespace gigasim::reliability {

// Component classes of unexpected interruptions. The first ten partition the 419 unexpected
// interruptions of Llama 3 405B (arXiv:2407.21783, Table 5); the last two are correlated failures
// that take out every node under one switch or one rack power feed.
enum class Cause {
  kGpu,                 // faulty GPU, thermal interface and sensor
  kHbm,                 // GPU HBM memory
  kGpuSram,             // GPU SRAM memory
  kGpuSystemProcessor,  // GPU system processor (GSP)
  kSdc,                 // silent data corruption
  kNic,                 // network interface card
  kSwitchCable,         // network switch port, cable or transceiver (one node's link)
  kHost,                // host parts: CPU, memory, SSD, power supply, chassis, I/O board, host maintenance
  kSoftware,            // software bugs and dependencies
  kCollectiveHang,      // collective hangs (NCCL watchdog timeouts)
  kSwitch,              // a whole switch: every node under it (correlated)
  kRackPower,           // a rack power feed: every node in the rack (correlated)
};
inline constexpr int kCauseCount = 12;
inline constexpr std::array<std::string_view, kCauseCount> kCauseNames = {
    "gpu", "hbm", "gpu_sram", "gpu_system_processor", "sdc", "nic", "switch_cable",
    "host", "software", "collective_hang", "switch", "rack_power"};

enum class Lifetime { kExponential, kWeibull };

struct CheckpointConfig {
  std::optional<Seconds> interval;        // between checkpoint starts' compute; empty = auto (searched)
  std::optional<Seconds> write_time;      // blocking write; default size / storage_bandwidth, else catalog
  std::optional<Bytes> size;              // whole checkpoint, for write_time = size / storage_bandwidth
  std::optional<BytesPerSecond> storage_bandwidth;  // aggregate write bandwidth to storage
  bool async = false;                     // true: only the snapshot blocks; the write overlaps compute
  std::optional<Seconds> snapshot_time;   // blocking part of an asynchronous checkpoint; default catalog
  std::optional<Seconds> restore_time;    // read back after a restart; default = write time
};

// Each time is used as given for the simulated job; an absent one is the catalog's value at its
// reference job size scaled by (gpus / reference_gpus)^exponent.
struct RestartConfig {
  std::optional<Seconds> detection;       // failure to job stopped (health checks)
  std::optional<Seconds> hang_detection;  // collective hangs: the watchdog timeout
  std::optional<Seconds> relaunch;        // reschedule, swap nodes, start processes
  std::optional<Seconds> init;            // collective (communicator) initialisation
};

struct FailureConfig {
  Lifetime lifetime = Lifetime::kExponential;
  double weibull_shape = 1.0;                         // k; used when lifetime is Weibull
  std::array<std::optional<double>, kCauseCount> rate_per_s{};  // per device-second; empty = catalog
  std::optional<int64_t> nodes_per_switch;            // blast radius of kSwitch; default catalog
  std::optional<int64_t> nodes_per_rack;              // blast radius of kRackPower; default catalog
  std::optional<double> lemon_fraction;               // share of nodes that are lemons; default catalog
  std::optional<double> lemon_share;                  // share of node failures lemons cause; default catalog
  bool quarantine_lemons = false;                     // a lemon found failing is retired for good
};

struct Config {
  bool enabled = false;
  // Run length: exactly one of the two. `duration` is a wall-clock window (e.g. the 54 days of the
  // Llama 3 snapshot); `tokens` runs until that many tokens are trained.
  std::optional<Seconds> duration;
  std::optional<double> tokens;
  CheckpointConfig checkpoint;
  RestartConfig restart;
  std::optional<int64_t> spare_nodes;                 // hot spares; empty = unlimited
  std::optional<Seconds> repair_time;                 // failed node back in the spare pool; default catalog
  bool maintenance = true;                            // planned interruptions
  std::optional<Seconds> maintenance_interval;        // default catalog
  std::optional<Seconds> maintenance_duration;        // downtime beyond a restart; default catalog
  FailureConfig failures;
  uint64_t seed = 1;
  int64_t replicas = 1000;
  int64_t search_replicas = 64;     // replicas per candidate of the checkpoint-interval search
  double give_up_factor = 20;       // tokens mode: wall clock cap = factor x failure-free time
  // Cap on the failure events simulated (all replicas, interval search included); past it
  // simulate() refuses with the estimate (scenario key limits.reliability_events).
  double max_events = 1e9;
};

}  // namespace gigasim::reliability
