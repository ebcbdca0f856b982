#include "scenario/step_input.h"

namespace gigasim::scenario {

Result<step::StepInput> make_step_input(const Scenario& s, const hw::Catalog& catalog) {
  step::StepInput in;
  in.model = s.model;
  in.cluster = s.cluster;
  in.training = s.training;
  in.parallelism = s.parallelism;
  auto gpu = catalog.gpu(s.cluster.gpu);
  if (!gpu) return gpu.error();
  in.gpu = *gpu;
  auto eff = catalog.efficiency(in.gpu->architecture);
  if (!eff) return eff.error();
  in.efficiency = *eff;
  auto reserved = catalog.software("runtime_reserved_memory", core::dim::kBytes);
  if (!reserved) return reserved.error();
  in.runtime_reserved = Bytes(reserved->value);
  auto frag = catalog.software("allocator_fragmentation", core::dim::kNone);
  if (!frag) return frag.error();
  in.fragmentation = frag->value;
  auto opt = catalog.software("optimizer_bytes_per_param_traffic", core::dim::kNone);
  if (!opt) return opt.error();
  in.optimizer_bytes_per_param = opt->value;
  auto state = catalog.software("optimizer_state_bytes_per_param", core::dim::kNone);
  if (!state) return state.error();
  in.optimizer_state_bytes_per_param = state->value;
  auto opt16 = catalog.software("optimizer_bytes_per_param_traffic_bf16", core::dim::kNone);
  if (!opt16) return opt16.error();
  in.optimizer_bytes_per_param_bf16 = opt16->value;
  auto state16 = catalog.software("optimizer_state_bytes_per_param_bf16", core::dim::kNone);
  if (!state16) return state16.error();
  in.optimizer_state_bytes_per_param_bf16 = state16->value;
  auto lo = catalog.software("layer_launch_overhead", core::dim::kTime);
  if (!lo) return lo.error();
  in.layer_overhead = Seconds(lo->value);
  auto copy = catalog.software("list_collective_copy", core::dim::kTime);
  if (!copy) return copy.error();
  in.list_collective_copy = Seconds(copy->value);
  auto slow = catalog.software("overlap_compute_slowdown", core::dim::kNone);
  if (!slow) return slow.error();
  in.overlap_slowdown = slow->value;
  auto bucket = catalog.software("dp_bucket_params", core::dim::kNone);
  if (!bucket) return bucket.error();
  in.dp_bucket_params = bucket->value;
  auto moe_lo = catalog.software("moe_layer_overhead", core::dim::kTime);
  if (!moe_lo) return moe_lo.error();
  in.moe_layer_overhead = Seconds(moe_lo->value);
  auto expert_lo = catalog.software("moe_expert_launch_overhead", core::dim::kTime);
  if (!expert_lo) return expert_lo.error();
  in.moe_expert_launch = Seconds(expert_lo->value);
  auto scan = catalog.software("mamba_scan_memory_share", core::dim::kNone);
  if (!scan) return scan.error();
  in.scan_memory_share = scan->value;
  auto streams = catalog.software("grouped_gemm_streams", core::dim::kNone);
  if (!streams) return streams.error();
  in.grouped_gemm_streams = streams->value;
  return in;
}

}  // namespace gigasim::scenario
