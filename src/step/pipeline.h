// The pipeline schedule of one training step, simulated as events on the p ranks of ONE pipeline
// (every data-parallel replica and tensor-parallel peer behaves the same, so one pipeline stands for
// all of them).
//
// Schedules:
// - 1F1B (PipeDream-Flush, Narayanan et al. SC21 sec. 2.2.1): rank r runs p-r-1 warm-up forwards,
//   then alternates one forward and one backward, then drains.
// - interleaved 1F1B (SC21 sec. 2.2.2): v model chunks per rank, Megatron-LM's order: forwards in
//   groups of p micro-batches per chunk, (p-r-1)*2 + (v-1)*p warm-up forwards.
// - zero-bubble (Qi et al., arXiv:2401.10241): backward split into input-gradient B and
//   weight-gradient W; W fills what would be bubbles; at most p-r micro-batches in flight on rank r.
// - dualpipe (DeepSeek-V3, arXiv:2412.19437 sec. 3.2.1): two pipelines fed from both ends; rank r
//   holds stage r of one and stage p-1-r of the other; half the micro-batches flow each way, in
//   the eight-step order of deepseek-ai/DualPipe (dualpipe.py DualPipe.step), some backwards
//   deferring their weight gradients.
// Fixed orders (1F1B, interleaved, dualpipe) run as written; zero-bubble, and a dualpipe step with
// an odd number of micro-batches or fewer than 2p (which plans refuse), are list-scheduled: each
// rank takes the ready operation that can start first, backward before forward before weight-gradient.
// Each operation starts when its rank is free and its input has arrived (the producing operation's
// end; the transfer time is part of the consumer's duration, as Megatron's blocking send/receive).
#pragma once

#include <cstdint>
#include <vector>

#include "core/status.h"
#include "core/units.h"
#include "workload/plan.h"

namespace gigasim::step {

// Seconds of each kind inside one operation (exposed: overlap already taken out).
struct Parts {
  double compute = 0, memory = 0, tp = 0, cp = 0, ep = 0, pp = 0;
  double dp = 0;    // ZeRO-3 per-layer parameter gathers / gradient reduce-scatters not hidden
  double host = 0;  // the GPU waiting on the host: kernel launches and syncs no CUDA graph removes
  double total() const { return compute + memory + tp + cp + ep + pp + dp + host; }
  Parts& operator+=(const Parts& o) {
    compute += o.compute; memory += o.memory; tp += o.tp; cp += o.cp; ep += o.ep; pp += o.pp; dp += o.dp;
    host += o.host;
    return *this;
  }
};

// Cost of one model chunk (a contiguous run of layers) for one micro-batch.
struct ChunkCost {
  Parts fwd;
  Parts bwd;          // input-gradient part (and the weight gradient unless split)
  Parts wgrad;        // weight-gradient part when the schedule splits it (zero-bubble) or may defer it
                      // (dualpipe: a backward not deferred runs bwd + wgrad), else empty
  double activation_bytes = 0;  // kept from forward to backward
  double p2p = 0;     // seconds to receive this chunk's input (forward) or output gradient (backward)
};

enum class OpType : uint8_t { kF, kB, kW };

struct OpEvent {
  int rank = 0;
  int chunk = 0;      // global model chunk index
  int mb = 0;
  OpType type = OpType::kF;
  double start = 0, end = 0;
  bool with_w = false;  // a backward that also ran the chunk's weight gradient (dualpipe, not deferred)
};

struct PipelineInput {
  int p = 1, v = 1;
  int64_t m = 1;                       // micro-batches per step per pipeline
  workload::Schedule schedule = workload::Schedule::k1F1B;
  std::vector<ChunkCost> chunks;       // p * v chunks in model order; chunk j sits on rank j % p
                                       // (dualpipe: p chunks, mirrored for the second direction)
  bool record_events = false;
};

struct PipelineResult {
  double makespan = 0;
  int critical_rank = 0;               // the rank whose last operation ends last
  std::vector<Parts> busy;             // per rank: time spent in operations, by kind
  std::vector<double> finish;          // per rank: end of its last operation
  std::vector<double> peak_activation; // per rank: peak activation bytes in flight
  std::vector<int> peak_in_flight;     // per rank: peak micro-batch chunks in flight
  double last_bwd = 0, first_fwd = 0;  // critical rank: one micro-batch's backward / forward time
  std::vector<OpEvent> events;         // when record_events
};

Result<PipelineResult> simulate_pipeline(const PipelineInput& in);

// Closed-form estimate of the same quantities in O(p v), for screening many plans (the search).
// With C_r = the per-micro-batch work of rank r (its chunks' forward + backward + receives):
//   makespan ~ m max_r C_r + sum_{r != critical} C_r / v   (1F1B: (m-1) C_max + sum C_r, exact for
//   uniform stages; interleaved: the SC21 bubble (p-1)/(v m)); zero-bubble leaves the weight-gradient
//   work out of the ramp terms; dualpipe halves them. Peak in-flight micro-batch chunks per rank:
//   1F1B p - r; interleaved Megatron's warm-up (p-r-1)*2 + (v-1)*p, plus one; zero-bubble p - r;
//   dualpipe p + 1. No events are recorded.
Result<PipelineResult> estimate_pipeline(const PipelineInput& in);

}  // namespace gigasim::step
