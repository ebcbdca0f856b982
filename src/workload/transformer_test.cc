#include "workload/transformer.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace gigasim::workload {
namespace {

Training training(hw::Precision p, int64_t global_batch, int64_t micro_batch, bool flash = true) {
  Training t;
  t.precision = p;
  t.global_batch = global_batch;
  t.micro_batch = micro_batch;
  t.flash_attention = flash;
  return t;
}

ModelSpec gpt3() {
  ModelSpec m;
  m.layers = 96; m.hidden = 12288; m.heads = 96; m.kv_heads = 96; m.head_dim = 128;
  m.ffn_hidden = 4 * 12288; m.vocab = 50257; m.seq_len = 2048;
  return m;
}

TEST(Transformer, Gpt3Has175BParameters) {
  // 12 l h^2 (1 + 13/(12h)) + V h = 174.6e9 (Narayanan et al. SC21 eq. 2 family).
  ModelWork w = build_work(gpt3(), Parallelism{}, training(hw::Precision::kBf16, 1536, 1));
  EXPECT_NEAR(w.params_total / 1e9, 175.0, 1.0);
  // Model FLOPs per token ~ 6N + attention: 6 * 174.6e9 + 6 * l * s * h (causal) = 1.12e12.
  EXPECT_NEAR(w.model_flops_per_token, 6 * (w.params_active) + 6.0 * 96 * 2048 * 12288, 1e9);
}

TEST(Transformer, Llama3With405BParameters) {
  ModelSpec m;
  m.layers = 126; m.hidden = 16384; m.heads = 128; m.kv_heads = 8; m.head_dim = 128;
  m.ffn_hidden = 53248; m.ffn = Ffn::kSwiglu; m.vocab = 128256; m.seq_len = 8192;
  ModelWork w = build_work(m, Parallelism{}, training(hw::Precision::kBf16, 1, 1));
  EXPECT_NEAR(w.params_total / 1e9, 405.0, 3.0);  // Llama 3 paper: 405B
}

// Nemotron 3 Nano 30B-A3B, a hybrid of 23 Mamba-2, 23 MoE and 6 attention layers (shape from
// Megatron-Bridge recipes/nemotronh/h100/nemotron_3_nano.py): NVIDIA's model card gives 31.6B
// parameters, 3.2B active per token (the output layer included; 3.6B with the input embedding).
ModelSpec nemotron3_nano() {
  ModelSpec m;
  m.layers = 52; m.hidden = 2688; m.heads = 32; m.kv_heads = 2; m.head_dim = 128;
  m.ffn_hidden = 1856; m.ffn = Ffn::kGelu; m.vocab = 131072; m.seq_len = 8192;
  m.moe = MoeSpec{128, 6, 2, 1856, 0, 1.0};
  m.hybrid_pattern = "MEMEM*EMEMEM*EMEMEM*EMEMEM*EMEMEM*EMEMEMEM*EMEMEMEME";
  m.mamba = MambaSpec{64, 64, 128, 8, 4, 128};
  return m;
}

TEST(Transformer, HybridNemotron3NanoHas31_6BParameters) {
  const ModelSpec m = nemotron3_nano();
  ModelWork w = build_work(m, Parallelism{}, training(hw::Precision::kBf16, 1, 1));
  EXPECT_NEAR(w.params_total / 1e9, 31.6, 0.1);
  EXPECT_NEAR(w.params_active / 1e9, 3.2, 0.1);
  const auto kinds = m.layer_kinds();
  EXPECT_EQ(std::count(kinds.begin(), kinds.end(), LayerKind::kMamba), 23);
  EXPECT_EQ(std::count(kinds.begin(), kinds.end(), LayerKind::kAttention), 6);
  // A Mamba-2 layer: in_proj h -> 2 d_inner + 2 G N + H, out_proj d_inner -> h, and no attention.
  const double di = 64 * 64, in_n = 2 * di + 2 * 8 * 128 + 64;
  ASSERT_EQ(w.mamba.gemms.size(), 2u);
  EXPECT_DOUBLE_EQ(w.mamba.gemm_flops(), 2.0 * 8192 * 2688 * (in_n + di));
  EXPECT_EQ(w.mamba.attn_flops, 0);
  // Attention FLOPs come from the six attention layers only.
  const double attn_per_token = 4.0 * 8192 * 32 * 128 * 0.5;
  EXPECT_NEAR(w.model_flops_per_token, 6 * w.params_active + 3 * 6 * attn_per_token, 1e3);
  // Tensor parallelism splits the mixer's heads and groups.
  Parallelism tp2;
  tp2.tp = 2;
  ModelWork w2 = build_work(m, tp2, training(hw::Precision::kBf16, 1, 1));
  EXPECT_NEAR(w2.mamba.gemm_flops(), w.mamba.gemm_flops() / 2, 1e-9 * w.mamba.gemm_flops());
  EXPECT_EQ(w2.mamba.tp_collectives, 2);
}

// Nemotron 3 Super 120B-A12B: 40 Mamba-2, 40 latent-MoE and 8 attention layers (Megatron-Bridge
// Nemotron3SuperProvider, commit b0edeb77b; moe_latent_size 1024). With its one MTP block of an
// attention and a MoE layer, Megatron-Bridge's verification card counts 123,611,033,088 parameters.
TEST(Transformer, LatentMoeNemotron3SuperHas123_6BParameters) {
  ModelSpec m;
  m.layers = 88; m.hidden = 4096; m.heads = 32; m.kv_heads = 2; m.head_dim = 128;
  m.ffn_hidden = 2688; m.ffn = Ffn::kGelu; m.vocab = 131072; m.seq_len = 8192;
  m.moe = MoeSpec{512, 22, 2, 2688, 0, 1.0};
  m.moe->latent_size = 1024;
  m.hybrid_pattern = "MEMEMEM*EMEMEMEM*EMEMEMEM*EMEMEMEMEM*EMEMEMEMEM*EMEMEMEMEM*EMEMEMEMEM*EMEMEMEM*EMEMEMEME";
  m.mamba = MambaSpec{128, 64, 128, 8, 4, 128};
  m.mtp_depth = 1;
  Parallelism ep8;
  ep8.ep = 8;
  const ModelWork w = build_work(m, ep8, training(hw::Precision::kBf16, 1, 1));
  EXPECT_NEAR(w.params_total / 1e9, 123.6, 0.15);
  // The routed experts read and write the latent: fc1 1024 -> 2688, fc2 2688 -> 1024, on the 22
  // pairs of each of the 8192 tokens; the two projections (hidden <-> latent) run once per token.
  const double T = 8192, h = 4096, L = 1024, f = 2688, pairs = T * 22;
  double expert = 0, projections = 0;
  for (const auto& g : w.moe_ffn.gemms) {
    if (g.expert) expert += g.flops();
    else if ((g.n == L && g.k == h) || (g.n == h && g.k == L)) projections += g.flops();
  }
  EXPECT_NEAR(expert, 2 * pairs * (L * f + f * L), 1e-6 * expert);
  EXPECT_NEAR(projections, 2 * T * (2 * h * L), 1e-6 * projections);
  // Dispatch moves the latent, a quarter of the hidden vector.
  m.moe->latent_size = 0;
  const ModelWork full = build_work(m, ep8, training(hw::Precision::kBf16, 1, 1));
  EXPECT_DOUBLE_EQ(w.moe_ffn.ep_dispatch_bytes, full.moe_ffn.ep_dispatch_bytes * L / h);
  EXPECT_DOUBLE_EQ(w.moe_ffn.ep_combine_bytes, full.moe_ffn.ep_combine_bytes * L / h);
}

// Eager PyTorch element-wise ops (torchtitan without compile) on a Llama layer stream more bytes
// than fused kernels: +32 per hidden element and RMSNorm, +16 per q and k element (fp32 rotary),
// +4 per f element (silu, then mul); autograd keeps the norms' fp32 inputs and the SiLU output.
// A GeLU / LayerNorm layer runs single ATen kernels either way.
TEST(Transformer, EagerElementwiseOpsStreamMoreBytes) {
  ModelSpec m;
  m.layers = 32; m.hidden = 4096; m.heads = 32; m.kv_heads = 8; m.head_dim = 128;
  m.ffn_hidden = 14336; m.ffn = Ffn::kSwiglu; m.vocab = 128256; m.seq_len = 8192;
  Training fused = training(hw::Precision::kBf16, 8, 1), eager = fused;
  eager.elementwise = Training::Elementwise::kEager;
  const ModelWork a = build_work(m, Parallelism{}, fused), b = build_work(m, Parallelism{}, eager);
  const double T = 8192, h = 4096, qk = (32 + 8) * 128.0, f = 14336;
  EXPECT_NEAR(b.dense.mem_bytes - a.dense.mem_bytes, T * (2 * 32 * h + 16 * qk + 4 * f), 1.0);
  EXPECT_NEAR(b.dense.act_none - a.dense.act_none, T * (2 * 2 * h + 2 * f), 1.0);
  EXPECT_DOUBLE_EQ(b.dense.gemm_flops(), a.dense.gemm_flops());
  m.ffn = Ffn::kGelu;
  EXPECT_DOUBLE_EQ(build_work(m, Parallelism{}, eager).dense.mem_bytes, build_work(m, Parallelism{}, fused).dense.mem_bytes);
}

TEST(Transformer, DeepSeekV3Shape) {
  ModelSpec m;
  m.layers = 61; m.hidden = 7168; m.heads = 128; m.kv_heads = 128; m.head_dim = 56;
  m.ffn_hidden = 18432; m.ffn = Ffn::kSwiglu; m.vocab = 129280; m.seq_len = 4096;
  m.attention = AttentionType::kMla;
  m.mla = {1536, 512, 64, 128, 128};
  m.moe = MoeSpec{256, 8, 1, 2048, 3, 1.0};
  m.mtp_depth = 1;
  ModelWork w = build_work(m, Parallelism{}, training(hw::Precision::kFp8, 1, 1));
  // DeepSeek-V3 report: 671B total (+14B MTP module), 37B activated per token.
  EXPECT_NEAR(w.params_total / 1e9, 685.0, 10.0);
  EXPECT_NEAR(w.params_active / 1e9, 37.0 + 14.0 * 0 + 3.5, 6.0);
}

TEST(Transformer, TensorParallelSplitsTheLayer) {
  Parallelism p;
  p.tp = 8;
  p.sequence_parallel = true;
  Training t = training(hw::Precision::kBf16, 8, 1, false);
  ModelWork one = build_work(gpt3(), Parallelism{}, t);
  ModelWork eight = build_work(gpt3(), p, t);
  EXPECT_NEAR(eight.dense.gemm_flops() * 8, one.dense.gemm_flops(), one.dense.gemm_flops() * 1e-9);
  // Korthikanti et al.: with TP and SP, activations per layer are divided by t.
  EXPECT_NEAR(eight.dense.act_selective * 8, one.dense.act_selective, one.dense.act_selective * 0.01);
  // Without recomputation: s b h (34 + 5 a s / h) bytes (Korthikanti eq. 1), b = 1.
  const double s = 2048, h = 12288, a = 96;
  EXPECT_NEAR(one.dense.act_none, s * h * (34 + 5 * a * s / h), s * h * 1.0);
}

// FP8 and FP4 GEMMs whose input is not a norm's output cast it first: read bf16, write a row-wise
// and a column-wise low-precision copy. Per token of a dense GPT layer: the attention output (h) and
// the down-projection input (4h), at 2 + 2 x 1 bytes in FP8 and 2 + 2 x 0.5 in FP4.
TEST(Transformer, LowPrecisionGemmsPayTheirInputCasts) {
  const double s = 2048, h = 12288;
  const double bf16 = build_work(gpt3(), Parallelism{}, training(hw::Precision::kBf16, 8, 1)).dense.cast_bytes;
  const double fp8 = build_work(gpt3(), Parallelism{}, training(hw::Precision::kFp8, 8, 1)).dense.cast_bytes;
  const double fp4 = build_work(gpt3(), Parallelism{}, training(hw::Precision::kFp4, 8, 1)).dense.cast_bytes;
  EXPECT_NEAR(fp8 - bf16, s * (h + 4 * h) * 4, 1);
  EXPECT_NEAR(fp4 - bf16, s * (h + 4 * h) * 3, 1);
}


// Packed documents (SFT sequence packing): a 4096-token sequence of 16 documents of 256 tokens
// attends within each, 16 x 256^2 / 2 causal pairs of the 4096^2 / 2 (1/16); with a window of
// 128 each document's windowed layers keep 2 x 128/256 - (128/256)^2 = 3/4 of its pairs.
// Everything else of the layer (GEMMs, parameters) is the same.
TEST(Transformer, PackedDocumentsAttendWithinThemselves) {
  ModelSpec m = gpt3();
  m.seq_len = 4096;
  Training t = training(hw::Precision::kBf16, 8, 1);  // exact pairs (attention_tile_tokens 0); tiles below
  const ModelWork one = build_work(m, Parallelism{}, t);
  t.document_tokens = 256;
  const ModelWork packed = build_work(m, Parallelism{}, t);
  EXPECT_NEAR(packed.dense.attn_flops, one.dense.attn_flops / 16, 1);
  EXPECT_DOUBLE_EQ(packed.dense.gemm_flops(), one.dense.gemm_flops());
  EXPECT_DOUBLE_EQ(attention_pair_share(m, 4096, 4096), 1.0);  // one document filling the sequence
  m.window = 128;
  EXPECT_NEAR(attention_pair_share(m, 4096, 256), 256.0 / 4096 * 0.75, 1e-12);
  // In tiles of 128: a 256-token document computes 3 tiles (2 on the diagonal), 3 x 128^2 against
  // 256^2 / 2 pairs (1.5x); the 4,096-token sequence 528 tiles against 4096^2 / 2 (1.03x).
  m.window = 0;
  const double tiles = (3.0 * 128 * 128 / (256.0 * 256 / 2)) / (528.0 * 128 * 128 / (4096.0 * 4096 / 2));
  EXPECT_NEAR(attention_pair_share(m, 4096, 256, 128), 256.0 / 4096 * tiles, 1e-12);
  EXPECT_DOUBLE_EQ(attention_pair_share(m, 4096, 0, 128), 1.0);  // one document: as calibrated
}

// Sliding-window attention: a windowed layer of a 4096-token sequence with a 128-token window sees
// sum_i min(i, 128) = 4096 x 128 - 128^2 / 2 pairs of the 4096^2 / 2 causal ones (6.2%); GPT-OSS
// alternates windowed and full layers, so its attention FLOPs are (0.062 + 1) / 2 of full ones.
// Without a fused kernel the window is a mask on full score matrices and saves nothing.
TEST(Transformer, SlidingWindowLayersAttendToTheirWindowOnly) {
  ModelSpec m = gpt3();
  m.seq_len = 4096;
  const double full = build_work(m, Parallelism{}, training(hw::Precision::kBf16, 8, 1)).dense.attn_flops;
  m.window = 128;
  const double share = (2.0 * 128 / 4096 - (128.0 / 4096) * (128.0 / 4096));
  EXPECT_NEAR(attention_pair_share(m, 4096), share, 1e-12);
  EXPECT_NEAR(build_work(m, Parallelism{}, training(hw::Precision::kBf16, 8, 1)).dense.attn_flops, full * share, 1);
  m.global_every = 2;
  const double mean_share = (48 * share + 48) / 96;
  EXPECT_NEAR(attention_pair_share(m, 4096), mean_share, 1e-12);
  // The contract's model FLOPs count 3 x (forward attention 4 s a d / 2 per token) per layer:
  // the window removes (1 - mean share) of it.
  ModelSpec full_model = m;
  full_model.window = full_model.global_every = 0;
  const double full_flops = build_work(full_model, Parallelism{}, training(hw::Precision::kBf16, 8, 1)).model_flops_per_token;
  const double window_flops = build_work(m, Parallelism{}, training(hw::Precision::kBf16, 8, 1)).model_flops_per_token;
  EXPECT_NEAR(full_flops - window_flops, 3 * 96 * (2.0 * 4096 * 96 * 128) * (1 - mean_share), 1e3);
  EXPECT_EQ(attention_pair_share(m, 128), 1.0);  // a sequence no longer than the window: full causal
  const auto unfused = [&](const ModelSpec& x) {
    return build_work(x, Parallelism{}, training(hw::Precision::kBf16, 8, 1, false)).dense.gemm_flops();
  };
  ModelSpec no_window = m;
  no_window.window = 0;
  EXPECT_DOUBLE_EQ(unfused(m), unfused(no_window));
}

// Node-deduplicated dispatch: with E = 128 experts over N = 2 domains and k = 8, a token misses a
// given remote domain's 64 experts with probability C(64, 8) / C(128, 8) = prod_j (64 - j) / (128 - j),
// about 0.0033, so it crosses once (q ~ 0.997) instead of k / 2 = 4 times: a share of 2 q / 8.
// One domain sends nothing across; top-1 routing has nothing to deduplicate.
TEST(Transformer, DeduplicatedDispatchSendsATokenOncePerRemoteDomain) {
  double miss = 1;
  for (int j = 0; j < 8; ++j) miss *= (64.0 - j) / (128.0 - j);
  EXPECT_NEAR(ep_dedup_cross_domain_share(128, 8, 2), 2 * (1 - miss) / 8, 1e-12);
  EXPECT_NEAR(ep_dedup_cross_domain_share(128, 8, 2), 0.249, 1e-3);
  EXPECT_EQ(ep_dedup_cross_domain_share(128, 8, 1), 1.0);
  EXPECT_NEAR(ep_dedup_cross_domain_share(64, 1, 8), 1.0, 1e-12);
  // Many domains with few experts each: a token rarely hits one domain twice, little to save.
  EXPECT_GT(ep_dedup_cross_domain_share(256, 8, 32), 0.8);
  EXPECT_LT(ep_dedup_cross_domain_share(256, 8, 32), 1.0);
}

}  // namespace
}  // namespace gigasim::workload
