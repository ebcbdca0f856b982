// Accelerator types of the data catalog (data/catalog/gpus.yaml) and the achievable-efficiency
// constants of their architectures (data/catalog/efficiency.yaml).
#pragma once

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/units.h"
#include "hw/catalog_file.h"

namespace gigasim::hw {

enum class Precision { kBf16, kFp8, kFp4 };
const char* to_string(Precision p);

struct GpuSpec {
  std::string name;          // catalog name, e.g. "H100-SXM"
  std::string vendor;
  std::string architecture;  // selects an Efficiency entry, e.g. "hopper"
  std::string description;
  std::map<Precision, Figure> peak_dense;  // dense (no sparsity) peak, FLOP/s
  Figure hbm_capacity;        // bytes usable by applications
  Figure hbm_bandwidth;       // B/s
  Figure scale_up_bandwidth;  // B/s per GPU per direction (NVLink, xGMI, ICI)
  Figure scale_up_domain;     // GPUs in one scale-up domain by default
  Figure nic_bandwidth;       // B/s per GPU per direction on the scale-out network
  Figure tdp;                 // W
  // Optional (value 0 when absent): the board power the peak_dense figures hold at, when the part
  // runs below it (a power-limited SKU); its sustained clock then scales as
  // (tdp / peak_power)^(1 / Efficiency::power_clock_exponent).
  Figure peak_power;
  // Optional (value 0 when absent, read as 1): the part's sustained large-GEMM rate relative to
  // the part its architecture's efficiency shares describe, as one microbenchmark suite measured
  // both (the same cuBLASLt sweeps on each); a power or clock difference the peak figures omit.
  Figure gemm_rate_scale;
  // Optional (value 0 when absent, read as 1): the part's softmax exponential (MUFU.EX2) throughput
  // relative to the part its architecture's attention figures were measured on (Blackwell Ultra
  // doubles Blackwell's). It divides the attention head-dimension half-rate (Efficiency::
  // attention_head_dim_half), the exponential share of an attention kernel's time.
  Figure exp_rate_scale;
  Figure gpus_per_node;       // GPUs per host (node, compute tray): the unit a host failure takes out

  // Dense peak at `p`; a precision the chip lacks falls back to the fastest it has that is wider
  // (fp4 -> fp8 -> bf16), as frameworks do. Returns the precision used in `used` when not null.
  FlopsPerSecond peak(Precision p, Precision* used = nullptr) const;
  Bytes hbm() const { return Bytes(hbm_capacity.value); }
  // gemm_rate_scale, 1 where the catalog measures none.
  double gemm_scale() const { return gemm_rate_scale.value > 0 ? gemm_rate_scale.value : 1.0; }
  // exp_rate_scale, 1 where the catalog states none.
  double exp_scale() const { return exp_rate_scale.value > 0 ? exp_rate_scale.value : 1.0; }
};

// Achievable fractions of peak, per architecture, measured by public microbenchmarks
// (sources in efficiency.yaml). These are the step model's only tuned constants.
struct Efficiency {
  std::string architecture;
  Figure gemm_max;            // fraction of dense peak reached by large GEMMs
  Figure gemm_microbenchmark; // the same in a GEMM microbenchmark (gemm_max / this = in-training share)
  Figure gemm_half_flops;     // FLOP of one GEMM at which it reaches half of gemm_max's gain
  Figure attention_fwd;       // fraction of dense peak reached by fused attention, forward
  Figure attention_bwd;       // same, backward
  Figure attention_fwd_fa2;   // the same two with FlashAttention-2 kernels (training.attention_kernel fa2)
  Figure attention_bwd_fa2;
  Figure attention_head_dim_half;  // head dimension at which attention reaches half its large-d rate
  Figure attention_reference_head_dim;  // head dimension the attention figures are quoted at
  Figure power_clock_exponent;     // n in power ~ clock^n over the DVFS range (GpuSpec::peak_power)
  Figure memory;              // fraction of HBM bandwidth reached by element-wise kernels
  Figure scale_up_bus;        // bus bandwidth / link bandwidth reached by NCCL in the domain
  Figure scale_out_bus;       // bus bandwidth / NIC bandwidth reached across domains
  Figure scale_up_latency;    // s, per algorithm step inside the domain
  Figure scale_out_latency;   // s, per algorithm step across domains
  Figure fp8_gemm_speedup;    // achieved FP8 GEMM rate over BF16 (a fraction of the 2x peak)
  Figure fp4_gemm_speedup_over_fp8;  // achieved FP4 GEMM rate over FP8; 1 where the chip has no FP4 path
  // Optional (value 0 when absent: no block-scaled MMA): an MXFP8 GEMM's rate over a per-tensor
  // FP8 GEMM's (training.fp8_recipe mxfp8).
  Figure mxfp8_gemm_rate;
  // Optional (value 0 when absent: priced per tensor): a row-wise-scaled FP8 GEMM's rate over a
  // per-tensor FP8 GEMM's (training.fp8_recipe rowwise).
  Figure rowwise_gemm_rate;

  // Share of its benchmark rate a tensor-core kernel sustains through a long compute-bound run
  // (a training step, a denoising loop): gemm_max / gemm_microbenchmark, at most 1; 1 when the
  // microbenchmark figure is absent.
  double sustained_share() const {
    return gemm_microbenchmark.value > 0 ? std::min(1.0, gemm_max.value / gemm_microbenchmark.value) : 1.0;
  }
};

}  // namespace gigasim::hw
