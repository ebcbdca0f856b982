// The cost of one layer-like unit (a dense or MoE layer, the embedding, the output head, the MTP
// block) for one micro-batch, and how n copies of it add to a pipeline chunk. Internal to the step
// model (step_model.cc); the equations and their sources are in docs/step-model.md.
//
// A unit's collectives are described once, as UnitCalls: each is priced once, the unit's
// communication time of every pass is summed from them, and the step's list of collectives
// (StepResult::collectives, which the network section and the congestion analysis read) is counted
// from the same calls as add_unit places copies of the unit in chunks.
#pragma once

#include <array>
#include <cstddef>
#include <functional>

#include "net/collective.h"
#include "net/two_level.h"
#include "step/pipeline.h"
#include "workload/plan.h"
#include "workload/transformer.h"

namespace gigasim::step::detail {

// Compute rates of the GPU for this step's precision.
struct Rates {
  double bf16_peak = 0;   // FLOP/s, dense BF16
  double gemm_max = 0;    // GEMM efficiency of an infinitely large GEMM
  double gemm_half = 0;   // FLOPs per kernel at which a BF16 GEMM reaches half of gemm_max
  double expert_streams = 1;  // expert GEMMs of one grouped call that run concurrently
  double attn_fwd = 0, attn_bwd = 0;  // attention kernel efficiency, forward and backward, at attn_d_ref
  double attn_d_half = 0;  // head dimension at which attention reaches half its large-d rate
  double attn_d_ref = 0;   // head dimension attn_fwd/bwd are quoted at
  double exp_scale = 1;    // the part's exponential throughput over the reference part's (GpuSpec::exp_rate_scale)

  // Attention rate at head dimension d relative to attn_d_ref on the reference part:
  // d/(d + d_half / exp_scale) over ref/(ref + d_half), d capped at ref (1 there on the reference part).
  double attention_head_factor(double d) const;
  double hbm = 0;         // B/s achieved
  double scan_hbm = 0;    // B/s the Mamba-2 chunked-scan kernels achieve (hbm x scan_memory_share)
  double gemm_speedup = 1;  // low-precision GEMM speed over BF16 (1 for BF16)
  // The same for a GEMM kept in BF16 (the part's GEMM rate scale alone) and, under FP4, for one kept
  // in FP8 (at the MXFP8 rate where the part has one): workload::Gemm::precision.
  double gemm_speedup_bf16 = 1, gemm_speedup_fp8 = 1;
  bool casts = true;  // the GEMM inputs' FP8 / FP4 casts run (false: a layer kept in BF16)

  // Seconds of one GEMM (`count` times). Its efficiency follows the work in flight:
  // gemm_max * w / (w + gemm_half * gemm_speedup), w the FLOPs of one kernel, or of the expert GEMMs
  // that run at once for a grouped expert GEMM (min(count, expert_streams) of them). The
  // half-saturation work scales with the precision's speed-up: a GEMM that fills the GPU poorly
  // (too few tiles for the SMs, launch and tail latency) loses the same time whatever its
  // precision, which is a larger share of a faster kernel.
  double gemm_time(const workload::Gemm& g) const;
};

// Prices one call of a collective: the two-level formula, or StepInput::collective_cost when set.
struct Pricer {
  const net::TwoLevel& nt;
  const std::function<Seconds(const net::Collective&)>& custom;
  double list_copy = 0;  // seconds per rank slice of a list collective (ZeRO-3 per-tensor calls)
  double operator()(const char* dim, net::CollectiveOp op, const net::GroupPlacement& g, double bytes,
                    double cross_domain_share = 1.0) const;
};

// One kind of collective a unit issues, priced once. Written whole when issued (no defaults, so
// the unused slots of UnitTimes::calls cost nothing in the search's inner loop).
struct UnitCall {
  const char* name;        // "tp all-gather", ...
  const char* dim;         // tp, cp, ep, dp
  net::CollectiveOp op;
  net::GroupPlacement group;
  double bytes;            // nccl-tests size of one call
  double each;             // seconds of one call
  double fwd, bwd;         // calls in one forward / one backward of the unit
  double replay;           // calls in the selective recomputation of the forward
  double cross_share;      // all-to-all: share of the cross-domain bytes sent (net::Collective)
};

// Communication seconds of one pass of a unit, by dimension, before any overlap.
struct PassComm {
  double tp = 0, cp = 0, ep = 0, dp = 0;
};

// tp all-gather and reduce-scatter, cp ring, ep dispatch and combine, and ZeRO-3's gather and
// reduce-scatter of dense and expert parameters.
inline constexpr size_t kMaxUnitCalls = 9;

struct UnitTimes {
  double gemm = 0, attn_f = 0, attn_b = 0, mem = 0;  // seconds of one forward (attn_b: backward)
  double wgrad = 0;      // seconds of the weight-gradient GEMMs of one backward (frozen weights have none)
  double launch = 0;     // host launch latency per forward; backward issues twice the kernels
  double recompute = 0;  // forward compute rerun by selective recomputation
  double shared = 0;     // seconds of the shared experts' GEMMs in one forward (part of gemm)
  std::array<UnitCall, kMaxUnitCalls> calls;  // the first ncalls are set
  size_t ncalls = 0;
  PassComm fwd, bwd, replay;  // summed from calls
};

// A unit and the calls its copies issue per micro-batch, summed over every chunk it is placed in.
struct UnitUse {
  UnitTimes t;
  std::array<double, kMaxUnitCalls> issued{};
};

// Data-parallel groups of dense and expert parameters (ZeRO-3 gathers over them per layer).
struct Groups {
  net::GroupPlacement dp, edp;
};

UnitTimes unit_times(const workload::LayerWork& w, const Rates& r, const Pricer& price, const workload::Parallelism& p,
                     double launch_overhead, const Groups& g, double grad_bytes);

// How the copies of a unit are recomputed in backward.
enum class Mode { kNone, kSelective, kFull };

// What add_unit needs of the plan beyond the parallelism.
struct Placement {
  bool split_w = false;  // zero-bubble: the weight gradient is its own operation
  double slowdown = 0;   // compute lost per second of hidden communication (catalog)
  bool count_calls = true;  // count the calls in UnitUse::issued (not needed by an estimate)
  // dualpipe: the weight gradient is priced apart too, so that the schedule may defer it, but the
  // backward's overlap windows still include it (the backward runs it unless deferred).
  bool separate_w = false;
};

// Adds `n` copies of a unit to a chunk's forward, backward and weight-gradient parts, and counts
// their calls in u.issued when pl.count_calls.
void add_unit(ChunkCost& c, UnitUse& u, double n, const workload::Parallelism& p, const Placement& pl, Mode mode);

// Activation bytes of `n` layers of one chunk: the first `full_left` of them fully recomputed (only
// their input kept), `offload_left` of the rest kept in host memory, the others as the mode keeps
// them. Both budgets are decremented by what these layers use.
double chunk_activation(const workload::LayerWork& w, const workload::Parallelism& p, int n, int& full_left,
                        int& offload_left);

}  // namespace gigasim::step::detail
