// Request-level discrete-event simulation of one replica: arrivals (Poisson, constant, offline),
// continuous (in-flight) batching with chunked prefill, KV-cache admission, speculative decoding,
// and per-request TTFT / TPOT / end-to-end latency. Deterministic for a seed (own generator, no
// library distributions). See docs/serving.md "Request simulation".
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "core/units.h"
#include "serve/config.h"
#include "serve/llm_model.h"

namespace gigasim::serve {

struct Percentiles {
  double p50 = 0, p90 = 0, p99 = 0, mean = 0;
};
Percentiles percentiles(std::vector<double> v);

struct RequestSpec {
  double arrival = 0;  // s
  int64_t input = 0;   // prompt tokens
  int64_t output = 0;  // tokens to generate (>= 1)
  double cached = 0;   // prompt tokens already in the KV cache (prefix hits)
};

// Requests of a workload: `n` of them, arrival at `rate` per second (offline: all at 0). With
// `dealt_from` = R > 1, Poisson arrivals are those one replica sees when a Poisson stream of
// R x rate is dealt round-robin over R replicas: gaps of Gamma(R, R x rate) (Erlang-R), mean
// 1 / rate, coefficient of variation 1 / sqrt(R).
std::vector<RequestSpec> make_requests(const Workload& w, int64_t n, double rate, uint64_t seed,
                                       int64_t dealt_from = 1);
// The mean length a Lengths draws (for fixed lengths: the value; log-normal: the clipped mean).
double mean_length(const Lengths& l);

struct SimLimits {
  int64_t max_batch = 0;        // running sequences at most
  double kv_tokens = 0;         // KV capacity of the replica in tokens
  int64_t chunk = 2048;         // prefill tokens per iteration; 0 = whole prompts, prefill first
  int64_t max_num_tokens = 8192;
  // Disaggregated decode: prefill is done elsewhere; requests arrive at decode with their KV.
  bool decode_only = false;
  bool prefill_only = false;
  // Scheduler::kMaxUtilization: KV taken as sequences grow, the newest paused when it is full.
  bool on_demand_kv = false;
};

struct SimResult {
  std::vector<double> ttft, tpot, e2e;   // per completed request after the warm-up (see below)
  // End-to-end time of every request: its mean, and its 99th percentile, the warm-up left out
  // above. An arrival process started on an empty replica holds rate x E[min(life, t)] requests
  // at time t, its steady occupancy (Little's law: rate x E[life]) only once t passes the longest
  // lives: with long-tailed outputs (reasoning traces of 20,000 tokens against a mean of 3,900)
  // one mean lifetime fills it to two thirds, the 99th percentile to all but a few percent.
  double mean_life = 0;
  double fill_life = 0;
  std::vector<double> first_token, finish;  // per request (input order), absolute times
  double output_tokens_per_s = 0;        // steady state (between 10% and 90% of completions)
  double input_tokens_per_s = 0;
  double requests_per_s = 0;
  double makespan = 0;
  double busy_time = 0;
  double energy_share_prefill = 0;       // time-weighted compute share of the busy iterations
  double comm_share = 0;                 // time-weighted collective share of the busy iterations
  double mean_batch = 0;
  int64_t iterations = 0;
  int64_t peak_batch = 0;
  bool kv_bound = false;                 // admission was stopped by KV memory at some point
  int64_t paused = 0;                    // on-demand KV: requests paused and recomputed
};

// The requests [first, last) whose latencies are the steady state's: those arriving in the first
// and the last `life` seconds of `reqs` (sorted by arrival) left out, the first 5% always, the
// middle tenth always kept. Offline runs (every arrival at 0) keep all but the first 5%.
struct SteadyWindow {
  size_t first = 0, last = 0;
};
SteadyWindow steady_window(const std::vector<RequestSpec>& reqs, double life);

// `step` prices one iteration (normally LlmModel::step).
using StepFn = std::function<StepBreakdown(const StepLoad&)>;
SimResult simulate(const std::vector<RequestSpec>& reqs, const StepFn& step, const SimLimits& lim,
                   double tokens_per_iteration, int verify_tokens);

}  // namespace gigasim::serve
