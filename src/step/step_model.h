// One training step: compute and communication of every pipeline chunk, the pipeline schedule
// simulated as events, data-parallel synchronisation and the optimizer, memory per GPU, and the
// breakdown of the critical path. The equations and their sources are in docs/step-model.md.
//
// Symmetry: every data-parallel replica and tensor/context/expert-parallel peer does the same work,
// so one pipeline of p ranks is simulated whatever the GPU count; cost grows with p, v and the
// number of micro-batches, never with the number of GPUs.
#pragma once

#include <array>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "hw/cluster.h"
#include "hw/gpu.h"
#include "net/collective.h"
#include "step/pipeline.h"
#include "step/timeline.h"
#include "workload/model_spec.h"
#include "workload/plan.h"
#include "workload/transformer.h"

namespace gigasim::step {

struct StepInput {
  workload::ModelSpec model;
  hw::ClusterSpec cluster;
  workload::Training training;
  workload::Parallelism parallelism;
  const hw::GpuSpec* gpu = nullptr;
  const hw::Efficiency* efficiency = nullptr;
  Bytes runtime_reserved;          // CUDA context, NCCL and library workspaces (catalog: software)
  double fragmentation = 0;        // allocator overhead as a share of allocated memory (catalog)
  double optimizer_bytes_per_param = 32;  // HBM traffic of one Adam update per parameter (catalog)
  double optimizer_state_bytes_per_param = 12;  // fp32 master weights and two Adam moments (catalog)
  // The same two figures when training.optimizer_precision is bf16: no master copy, bf16 moments.
  double optimizer_bytes_per_param_bf16 = 14;
  double optimizer_state_bytes_per_param_bf16 = 4;
  Seconds layer_overhead;          // host-side launch cost per layer per forward pass (catalog)
  // Host cost of copying one rank's slice in or out of a list collective's flat buffer (catalog:
  // software list_collective_copy); priced with Parallelism::Zero3Collectives::kTensor.
  Seconds list_collective_copy;
  // Share of the communication time hidden behind compute that the compute loses to the
  // communication kernels' SMs and memory traffic (catalog: software overlap_compute_slowdown).
  double overlap_slowdown = 0;
  Seconds moe_layer_overhead;      // host sync of a dropless MoE layer per forward (catalog)
  // Host time per local expert of an MoE layer per forward: its GEMM launches and input casts,
  // issued one expert at a time outside any layer-scoped CUDA graph (catalog:
  // moe_expert_launch_overhead). A backward issues twice as many.
  Seconds moe_expert_launch;
  // Expert GEMMs of one grouped call that run at once: Transformer Engine's grouped GEMM issues one
  // cuBLAS GEMM per local expert over a fixed pool of streams (catalog: software grouped_gemm_streams).
  double grouped_gemm_streams = 4;
  double dp_bucket_params = 40e6;  // gradient bucket of the data-parallel reduce-scatter (catalog)
  // Share of the element-wise memory rate that mamba_ssm's chunked-scan Triton kernels reach
  // (catalog: software mamba_scan_memory_share; calibrated). 1: as fast as element-wise kernels.
  double scan_memory_share = 1;
  // Optional: the work of this model under this plan, computed by the caller (the search caches
  // it across plans). REQUIRES: equal to workload::build_work(model, parallelism, training).
  const workload::ModelWork* work = nullptr;
  // Optional: the time of one call of every collective the step prices (tp, cp, ep, pp, dp),
  // replacing net::collective_time on the two-level network; the Collective carries its dim, op,
  // group and bytes (count_per_step 1). Set by the step job (jobs/step_job.h) when
  // cluster.scale_out.congestion is true, from the plan's own collectives (net/congestion.h).
  // REQUIRES: an all-gather and a reduce-scatter of equal bytes on one group cost the same (as in
  // the two-level formula); the step prices one of them for both.
  std::function<Seconds(const net::Collective&)> collective_cost;
};

struct StepOptions {
  bool timeline = true;       // build the representative GPU's phases and the pipeline events
  bool memory_only = false;   // stop after the memory estimate (search pruning)
  bool estimate = false;      // closed-form pipeline instead of the event simulation (search screening)

  // The step's time, memory and collectives without the timeline (search, validation, tests).
  static StepOptions untimed() {
    StepOptions o;
    o.timeline = false;
    return o;
  }
};

struct Breakdown {
  Seconds compute, tp_comm, cp_comm, ep_comm, pp_comm, pp_bubble, dp_comm, optimizer;
  // Extension: the GPU waiting on the host (StepInput's launch costs: the per-layer launches
  // outside CUDA graphs, the MoE layer's sync and per-expert launches); not part of compute.
  Seconds host_launch;
  // Every part by its name in the results (breakdown_s), in report order.
  std::array<std::pair<const char*, Seconds>, 9> named() const {
    return {{{"compute", compute}, {"tp_comm", tp_comm}, {"cp_comm", cp_comm}, {"ep_comm", ep_comm},
             {"pp_comm", pp_comm}, {"pp_bubble", pp_bubble}, {"dp_comm", dp_comm}, {"optimizer", optimizer},
             {"host_launch", host_launch}}};
  }
};

struct MemoryBreakdown {
  Bytes weights, gradients, optimizer, activations, other;
  Bytes total() const { return weights + gradients + optimizer + activations + other; }
};

struct CollectiveUse {
  net::Collective collective;
  Seconds time;              // one call: two-level network, or StepInput::collective_cost
};

struct StepResult {
  Seconds step_time;
  double tokens_per_step = 0;
  double tokens_per_s = 0;
  double tokens_per_s_per_gpu = 0;
  double model_flops_per_token = 0;
  double model_tflops_per_gpu = 0;
  double hardware_tflops_per_gpu = 0;
  double mfu = 0;
  Breakdown breakdown;
  std::string bottleneck;
  // Memory of the most loaded GPU.
  Bytes memory_per_gpu, memory_capacity;
  Bytes memory_allocated;    // the same rank's tensors only (no runtime reserve, no fragmentation)
  bool fits = false;
  int memory_rank = 0;       // the pipeline rank with the most memory
  MemoryBreakdown memory;
  double params_total = 0, params_active = 0;
  int64_t microbatches = 0;
  hw::Precision precision_used = hw::Precision::kBf16;
  Timeline timeline;         // the critical rank, when StepOptions::timeline
  std::vector<OpEvent> events;
  std::vector<CollectiveUse> collectives;
  std::vector<std::string> layers_per_stage;  // "10,10,11,...": layers of each model chunk
};

Result<StepResult> simulate_step(const StepInput& in, const StepOptions& opt = {});

// The split of `layers` over `chunks` pipeline chunks: as even as possible, with the extra layers
// given to the middle chunks so the first and last (embedding, output head) carry fewer, as
// Megatron-LM's uneven split does (decoder_first/last_pipeline_num_layers).
std::vector<int> split_layers(int layers, int chunks);

}  // namespace gigasim::step
