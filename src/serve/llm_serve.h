// Language-model serving on one layout: the replica model plus the request simulation, with the
// MLPerf semantics (offline = highest throughput; server = highest Poisson rate meeting the P99
// SLO). Internal to src/serve (serve.cc composes it into fleet results).
#pragma once

#include <algorithm>
#include <optional>
#include <string>

#include "serve/serve.h"

namespace gigasim::serve {

struct LayoutEval {
  SimResult sim;                 // the run at `rate` (per replica, or per fleet when disaggregated)
  double rate = 0;               // requests per second of this unit (a replica or the whole pool pair)
  bool slo_met = true;
  std::string binding;           // "ttft_slo" / "tpot_slo" when an SLO sets the rate
  LatencyStats latency;
};

// One aggregated replica layout or a disaggregated prefill/decode pair, ready to simulate.
class LlmLayout {
 public:
  static Result<LlmLayout> make(const ServeScenario& s, const hw::Catalog& hw, const ServeCatalog& cat,
                                const Replica& replica, const std::optional<Disaggregated>& disagg, int64_t requests);

  // Simulates `rate` requests per second offered to one unit (0 = offline: all queued at t = 0).
  LayoutEval run(double rate) const;
  // The highest rate per unit whose P99s meet the SLO (the offline throughput when there is none).
  // nullopt when even a trickle misses the SLO; `best` then holds that trickle's run.
  std::optional<LayoutEval> max_rate(LayoutEval* best = nullptr) const;

  int64_t gpus_per_unit() const;   // replica GPUs, or prefill + decode GPUs of the pair
  // Units of the fleet that share its arrival stream (round-robin dispatch deals it over them):
  // cluster.gpus / gpus_per_unit() for a fixed fleet, kSizingUnits while `gpus: auto` is sized.
  int64_t units() const { return units_; }
  void set_units(int64_t u) { units_ = std::max<int64_t>(1, u); }
  static constexpr int64_t kSizingUnits = 64;
  const LlmModel& model() const { return disagg_ ? *decode_ : *model_; }
  const LlmModel* prefill_model() const { return disagg_ ? &*model_ : nullptr; }
  bool fits() const;
  std::string fit_error() const;
  int64_t max_batch() const;       // sequences that fit at the mean lengths (and the batch limit)
  double kv_transfer_s() const { return transfer_s_; }
  std::vector<StepSample> step_samples() const;
  const std::optional<Disaggregated>& disaggregated() const { return disagg_; }

 private:
  LayoutEval finish(SimResult r, double rate) const;
  // Replicas whose arrivals one simulated replica's are dealt from (1 = a Poisson stream of its own).
  int64_t dealt_from(int64_t replicas_per_unit) const;
  // Micro-batches a replica keeps in flight: its pipeline stages (one for disaggregated pools).
  int lanes(const LlmModel& m) const;
  SimLimits limits(const LlmModel& m) const;

  const ServeScenario* s_ = nullptr;
  const ServeCatalog* cat_ = nullptr;
  std::optional<LlmModel> model_;   // aggregated replica, or the prefill replica
  std::optional<LlmModel> decode_;  // disaggregated decode replica
  std::optional<Disaggregated> disagg_;
  int64_t requests_ = 3000;
  int64_t units_ = 1;
  double mean_in_ = 0, mean_out_ = 0;
  int64_t longest_ = 0;
  double transfer_s_ = 0;
};

}  // namespace gigasim::serve
