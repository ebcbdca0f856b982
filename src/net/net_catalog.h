// The network part of the data catalog (data/catalog/network.yaml): switches, cable media, the
// constants of NCCL's tuning model, and floor-plan defaults; and the bring-up figures
// (data/catalog/bringup.yaml). Loaded once, immutable, shareable
// between threads.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/status.h"
#include "hw/catalog.h"
#include "hw/catalog_file.h"
#include "net/bringup.h"

namespace gigasim::net {

struct SwitchSpec {
  std::string name;
  std::vector<std::string> aliases;
  std::string description;
  hw::Figure ports;           // count at port_speed
  hw::Figure port_speed;      // B/s
  hw::Figure min_port_speed;  // B/s, the finest breakout
  hw::Figure power;           // W, without optics
  hw::Figure latency;         // s, port to port
  hw::Figure rack_units;
  bool in_network_reduction = false;
};

enum class MediaKind { kCopper, kActiveCopper, kMultimode, kSinglemode };
const char* to_string(MediaKind k);

struct Medium {
  std::string name;
  MediaKind kind = MediaKind::kCopper;
  hw::Figure reach;                 // m
  hw::Figure power;                 // W per transceiver at module_speed
  hw::Figure module_speed;          // B/s
  hw::Figure transceivers_per_end;  // 0 for copper
  hw::Figure strands;               // fiber strands per lane (lane_rate)
};

// NCCL's tuning constants (src/graph/tuning.cc), seconds and dimensionless factors.
// Index [algorithm][protocol]: algorithm 0 tree, 1 ring; protocol 0 LL, 1 LL128, 2 Simple.
struct NcclModel {
  double base[2][3] = {};
  double nvlink[2][3] = {};
  double net[2][3] = {};
  double collnet_latency = 0;
  double ll_factor = 0, ll128_factor = 0, tree_factor = 0, tree_ll_factor = 0, collnet_factor = 0;
  double ll_factor_single_node = 0;        // LL bus-bandwidth factor when the ring stays in one node
  double ll_intra_latency_multi_node = 1;  // LL intra-node latency multiplier on multi-node rings
  double ring_plateau = 1, p2p_latency = 0, qps_per_connection = 1;
  double ring_plateau_bytes = 0;           // bytes per 16 ranks from which ring_plateau applies
};

struct FloorDefaults {
  double gpus_per_rack_small_domain = 0, gpus_per_hall = 0, racks_per_row = 0;
  double rack_pitch = 0, row_pitch = 0, tray_overhead = 0, slack = 0, hall_gap = 0;
  double switches_per_network_rack = 0;
  double cross_aisle = 0, hall_aspect = 1, network_room_run = 0, in_rack_run = 0, building_distance = 0;
  double mpo_fibers = 12, trunk_fibers = 144, jumper_length = 0;
};

class NetCatalog {
 public:
  // The network figures of `catalog` (its network.yaml and bringup.yaml), derived once per catalog
  // and kept for the life of the process. Thread-safe.
  static Result<const NetCatalog*> of(const hw::Catalog& catalog);
  // The figures of the built-in catalog (tests and benchmarks).
  static Result<const NetCatalog*> builtin();

  // Case-insensitive by name or alias; unknown names get a "did you mean".
  Result<const SwitchSpec*> switch_spec(const std::string& name) const;
  const std::vector<SwitchSpec>& switches() const { return switches_; }
  // The switch of a fabric whose scenario names none (network.yaml default_switch).
  const std::string& default_switch() const { return default_switch_; }
  const std::vector<Medium>& media() const { return media_; }
  double lane_rate() const { return lane_rate_; }  // B/s
  const NcclModel& nccl() const { return nccl_; }
  const FloorDefaults& floor() const { return floor_; }
  const BringupRates& bringup() const { return bringup_; }  // data/catalog/bringup.yaml
  // NVLS algorithm-bandwidth fraction for an architecture; 0 when it has none.
  double nvls_efficiency(const std::string& architecture) const;
  double adaptive_efficiency() const { return adaptive_efficiency_; }

 private:
  static Result<NetCatalog> load(const hw::Catalog& catalog);
  std::vector<SwitchSpec> switches_;
  std::string default_switch_;
  std::vector<Medium> media_;
  double lane_rate_ = 0;
  NcclModel nccl_;
  FloorDefaults floor_;
  BringupRates bringup_;
  std::map<std::string, double> nvls_;
  double adaptive_efficiency_ = 1;
};

}  // namespace gigasim::net
