// Training settings and the parallelism plan (scenario sections `training:` and `parallelism:`).
#pragma once

#include <cstdint>

#include "hw/gpu.h"

namespace gigasim::workload {

enum class Schedule { k1F1B, kInterleaved, kDualPipe, kZeroBubble };
enum class Recompute { kNone, kSelective, kFull };
const char* to_string(Schedule s);
const char* to_string(Recompute r);

struct Training {
  hw::Precision precision = hw::Precision::kBf16;
  int64_t global_batch = 0;   // sequences per optimizer step
  int64_t micro_batch = 1;    // sequences per micro-batch
  // Extension: fused attention that never materialises the s x s scores (FlashAttention; every
  // current framework). false models 2021-era Megatron: scores, softmax and dropout in HBM.
  bool flash_attention = true;
  // Extension: gradients are accumulated and reduced in bf16 (Megatron-Core DDP default,
  // grad_reduce_in_fp32 = false) or in fp32. Sets gradient memory (2 or 4 bytes per parameter)
  // and the data-parallel reduce-scatter volume.
  bool fp32_gradients = false;
};

struct Parallelism {
  int tp = 1;
  int pp = 1;
  int64_t dp = 1;             // derived as gpus / (tp * pp * cp) when absent
  int cp = 1;
  int ep = 1;
  int etp = 1;
  int vp = 1;
  Schedule schedule = Schedule::k1F1B;
  bool sequence_parallel = false;   // default true when tp > 1
  int zero = 1;                     // 0..3
  Recompute recompute = Recompute::kNone;
  // Extensions of the contract (gigasim docs/scenario.md):
  bool dp_overlap = true;           // overlap DP reduce-scatter/all-gather with backward/forward
  bool tp_overlap = true;           // overlap TP collectives with GEMMs (Megatron-Core tp_comm_overlap)
};

}  // namespace gigasim::workload
