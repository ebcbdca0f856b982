#include "serve/llm_model.h"

#include <gtest/gtest.h>

#include "hw/catalog.h"

namespace gigasim::serve {
namespace {

workload::ModelSpec llama70b() {
  workload::ModelSpec m;
  m.layers = 80;
  m.hidden = 8192;
  m.heads = 64;
  m.kv_heads = 8;
  m.head_dim = 128;
  m.ffn_hidden = 28672;
  m.ffn = workload::Ffn::kSwiglu;
  m.vocab = 32000;
  return m;
}

struct Fixture {
  const hw::Catalog* hw = *hw::Catalog::builtin();
  const ServeCatalog* cat = *ServeCatalog::builtin();
  workload::ModelSpec model = llama70b();
  hw::ClusterSpec cluster;
  std::vector<int64_t> graphs;  // serving.cuda_graph_batch_sizes
  int ep = 1;
  LlmModel make(const char* gpu, int tp, hw::Precision p = hw::Precision::kFp8, bool tp_overlap = false) {
    const hw::GpuSpec* g = *hw->gpu(gpu);
    cluster.gpu = g->name;
    cluster.gpus = tp;
    cluster.scale_up_size = 8;
    cluster.scale_up_bandwidth = BytesPerSecond(g->scale_up_bandwidth.value);
    cluster.scale_out_bandwidth = BytesPerSecond(g->nic_bandwidth.value);
    LlmModel::Inputs in;
    in.model = &model;
    in.gpu = g;
    in.eff = *hw->efficiency(g->architecture);
    in.cluster = &cluster;
    in.catalog = cat;
    in.precision = p;
    in.kv_precision = p;
    in.replica.tp = tp;
    in.tp_overlap = tp_overlap;
    in.replica.ep = ep;
    in.graph_batch_sizes = graphs;
    in.runtime_reserved = Bytes(3 * kGiB);
    return *LlmModel::build(in);
  }
};

// Fused into the row-parallel GEMMs (serving.tp_overlap), the TP all-reduces cost only what
// outlasts those GEMMs: on Llama-2-70B at TP 8 a 4,096-token chunk's output and down projections
// (~0.05 and ~0.17 ms per GPU) hide about a third of its all-reduces (~0.33 ms each); the saving
// is exactly the communication hidden, and without TP nothing changes.
TEST(ServeLlmModel, FusedAllReducesHideBehindTheirGemms) {
  Fixture f;
  StepLoad prefill;
  prefill.prefill_tokens = 4096;
  prefill.prefill_pairs = 4096.0 * 4096 / 2;
  prefill.prefill_seqs = 1;
  const StepBreakdown plain = f.make("H100-SXM", 8).step(prefill);
  const StepBreakdown fused = f.make("H100-SXM", 8, hw::Precision::kFp8, true).step(prefill);
  ASSERT_GT(plain.comm.value(), 0);
  EXPECT_LT(fused.comm.value(), 0.8 * plain.comm.value());
  EXPECT_GT(fused.comm.value(), 0.5 * plain.comm.value());
  EXPECT_NEAR(plain.total.value() - fused.total.value(), plain.comm.value() - fused.comm.value(), 1e-12);
  EXPECT_DOUBLE_EQ(f.make("H100-SXM", 1, hw::Precision::kFp8, true).step(prefill).total.value(),
                   f.make("H100-SXM", 1).step(prefill).total.value());
}

// A decode-only iteration replays the CUDA graph of the smallest captured batch size not below
// its batch: 150 sequences run the GEMMs and collectives of 256 (attention on the 150 real
// contexts); above the largest size, and in iterations with a prompt chunk, nothing is padded.
// An attention-data-parallel replica (ep > 1) pads per GPU: 1,200 sequences over 8 GPUs are 150
// per rank, each rank runs 256, 2,048 in all.
TEST(ServeLlmModel, CudaGraphsPadDecodeBatches) {
  Fixture f;
  StepLoad d;
  d.decode_seqs = 150;
  d.decode_context = 150 * 2000.0;
  const LlmModel plain = f.make("H100-SXM", 1);
  f.graphs = {64, 128, 256};
  const LlmModel graphs = f.make("H100-SXM", 1);
  EXPECT_DOUBLE_EQ(graphs.padded_decode_seqs(150), 256);
  EXPECT_DOUBLE_EQ(graphs.padded_decode_seqs(300), 300);
  EXPECT_DOUBLE_EQ(plain.padded_decode_seqs(150), 150);
  StepLoad as256 = d;
  as256.decode_seqs = 256;
  EXPECT_DOUBLE_EQ(graphs.step(d).gemm.value(), plain.step(as256).gemm.value());
  EXPECT_DOUBLE_EQ(graphs.step(d).attention.value(), plain.step(d).attention.value());
  EXPECT_GT(graphs.step(d).total.value(), plain.step(d).total.value());
  StepLoad mixed = d;
  mixed.prefill_tokens = 512;
  mixed.prefill_pairs = 512.0 * 256;
  mixed.prefill_seqs = 1;
  EXPECT_DOUBLE_EQ(graphs.step(mixed).total.value(), plain.step(mixed).total.value());
  f.model.moe = workload::MoeSpec{};
  f.model.moe->experts = 8;
  f.model.moe->top_k = 2;
  f.ep = 8;
  const LlmModel adp = f.make("H100-SXM", 8);
  EXPECT_DOUBLE_EQ(adp.padded_decode_seqs(1200), 2048);
}

// A layer's fixed cost per iteration is the dense reference layer's (framework.layer_overhead)
// in proportion to the kernels it launches (framework.kernels): a Mixtral-style MoE layer's 15
// against the dense layer's 9, and 6 more for the expert-parallel dispatch and combine. The
// difference shows in an iteration's overhead and nothing else.
TEST(ServeLlmModel, FixedCostFollowsTheLayersKernels) {
  Fixture f;
  StepLoad d;
  d.decode_seqs = 8;
  d.decode_context = 8 * 1000.0;
  const double lo = f.cat->layer_overhead.value();
  const double dense = f.make("H100-SXM", 8).step(d).overhead.value();
  f.model.moe = workload::MoeSpec{};
  f.model.moe->experts = 8;
  f.model.moe->top_k = 2;
  const double moe = f.make("H100-SXM", 8).step(d).overhead.value();
  f.ep = 8;
  const double ep = f.make("H100-SXM", 8).step(d).overhead.value();
  const auto& k = f.cat->kernels;
  EXPECT_NEAR(moe - dense, 80 * lo * (k.moe_ffn - k.dense_ffn) / k.reference_layer, 1e-12);
  EXPECT_NEAR(ep - moe, 80 * lo * k.expert_parallel / k.reference_layer, 1e-12);
  EXPECT_DOUBLE_EQ(k.gqa_attention + k.norms + k.dense_ffn, k.reference_layer);
}

TEST(ServeLlmModel, KvCachePerTokenGqa) {
  Fixture f;
  // Llama-2-70B: 80 layers x 2 (K, V) x 8 KV heads x 128 dims x 1 byte (fp8) = 160 KiB per token.
  const LlmModel m = f.make("H100-SXM", 8);
  EXPECT_DOUBLE_EQ(m.kv_bytes_per_token().value(), 80.0 * 2 * 8 * 128);
  // TP 16 would replicate each KV head on two GPUs; TP 8 holds one head per GPU.
  EXPECT_GT(m.kv_capacity_tokens(), 100000);
}

TEST(ServeLlmModel, WeightsPerGpu) {
  Fixture f;
  const LlmModel m = f.make("H100-SXM", 8);
  // ~69B parameters in fp8 over 8 GPUs: ~8 GiB each (embeddings in bf16).
  EXPECT_NEAR(to_gib(m.memory().weights), 8.1, 0.5);
  EXPECT_NEAR(m.params_total() / 1e9, 69.0, 1.0);
}

TEST(ServeLlmModel, DecodeIsMemoryBoundAndGrowsWithBatch) {
  Fixture f;
  const LlmModel m = f.make("H100-SXM", 8);
  StepLoad one;
  one.decode_seqs = 1;
  one.decode_context = 1024;
  StepLoad many = one;
  many.decode_seqs = 256;
  many.decode_context = 256 * 1024;
  const auto a = m.step(one), b = m.step(many);
  // Batch 1 reads the weights once (~8 GiB / 2.7 TB/s ~ 3 ms, plus 160 all-reduces) and pays
  // 80 layers x 90 us = 7.2 ms of fixed cost: memory- and overhead-bound.
  EXPECT_GT(a.total.value(), 7.2e-3 + 3e-3);
  EXPECT_LT(a.total.value(), 7.2e-3 + 6e-3);
  EXPECT_LT(a.compute_share, 0.2);
  // 256 sequences cost more, but far less than 256x.
  EXPECT_GT(b.total.value(), a.total.value());
  EXPECT_LT(b.total.value(), 10 * a.total.value());
}

TEST(ServeLlmModel, PrefillIsComputeBound) {
  Fixture f;
  const LlmModel m = f.make("H100-SXM", 8);
  StepLoad p;
  p.prefill_tokens = 2048;
  p.prefill_pairs = 2048.0 * 1024;
  p.prefill_seqs = 1;
  const auto b = m.step(p);
  // 2 x 69e9 x 2048 FLOP over 8 GPUs at ~1.15 PFLOP/s each (0.70 of the FP8 peak at the sustained
  // share 0.82): ~31 ms of GEMMs, plus 160 TP all-reduces of 32 MiB at ~360 GB/s bus bandwidth
  // (~27 ms, not overlapped) and 80 layers' fixed cost (6 ms).
  EXPECT_GT(b.compute_share, 0.4);
  EXPECT_NEAR(b.total.value(), 0.066, 0.01);
}

// A GEMM of M rows runs at gemm_efficiency * M / (M + gemm_half_rows) (DeepGEMM's tables):
// a 512-token prefill on one H100 is compute-bound, so its GEMMs take (512 + 128) / 512 = 1.25x
// the time they take with the small-M term switched off, less the share of the output head
// (weight-bound at one logit token, the same in both).
TEST(ServeLlmModel, SmallGemmRowsLowerEfficiency) {
  Fixture f;
  ServeCatalog flat = *f.cat;
  flat.gemm_half_rows = 0;
  StepLoad p;
  p.prefill_tokens = 512;
  p.prefill_pairs = 512.0 * 256;
  p.prefill_seqs = 1;
  const double with = f.make("H100-SXM", 1).step(p).gemm.value();
  f.cat = &flat;
  const double without = f.make("H100-SXM", 1).step(p).gemm.value();
  EXPECT_GT(with / without, 1.24);
  EXPECT_LE(with / without, 1.25);
}

// Every layer pays layer_overhead per iteration whatever the batch: 80 layers x 75 us = 6 ms.
TEST(ServeLlmModel, LayerOverheadPerIteration) {
  Fixture f;
  const double per_layer = f.cat->layer_overhead.value();
  ServeCatalog none = *f.cat;
  none.layer_overhead = Seconds(0);
  StepLoad d;
  d.decode_seqs = 1;
  d.decode_context = 1024;
  const auto a = f.make("H100-SXM", 8).step(d);
  f.cat = &none;
  const auto b = f.make("H100-SXM", 8).step(d);
  EXPECT_NEAR(a.total.value() - b.total.value(), 80 * per_layer, 1e-12);
  EXPECT_NEAR(a.overhead.value() - b.overhead.value(), 80 * per_layer, 1e-12);
}

// With expert parallelism each MoE layer's dispatch and combine pay a2a_latency (20 us) on top
// of their bytes: 32 MoE layers x 2 x 20 us = 1.28 ms of a Mixtral iteration on TP8 / EP8.
TEST(ServeLlmModel, ExpertParallelAllToAllLatency) {
  Fixture f;
  f.model.moe = workload::MoeSpec{};
  f.model.moe->experts = 8;
  f.model.moe->top_k = 2;
  f.model.moe->expert_ffn_hidden = f.model.ffn_hidden;
  f.model.layers = 32;
  f.model.hidden = 4096;
  f.model.heads = 32;
  f.model.ffn_hidden = 14336;
  f.model.moe->expert_ffn_hidden = 14336;
  ServeCatalog none = *f.cat;
  none.a2a_latency = Seconds(0);
  auto make = [&](const ServeCatalog* c) {
    f.cat = c;
    const hw::GpuSpec* g = *f.hw->gpu("H100-SXM");
    f.cluster.gpu = g->name;
    f.cluster.gpus = 8;
    f.cluster.scale_up_size = 8;
    f.cluster.scale_up_bandwidth = BytesPerSecond(g->scale_up_bandwidth.value);
    f.cluster.scale_out_bandwidth = BytesPerSecond(g->nic_bandwidth.value);
    LlmModel::Inputs in;
    in.model = &f.model;
    in.gpu = g;
    in.eff = *f.hw->efficiency(g->architecture);
    in.cluster = &f.cluster;
    in.catalog = c;
    in.precision = hw::Precision::kFp8;
    in.kv_precision = hw::Precision::kFp8;
    in.replica.tp = 8;
    in.replica.ep = 8;
    return *LlmModel::build(in);
  };
  StepLoad d;
  d.decode_seqs = 64;
  d.decode_context = 64 * 1024;
  const ServeCatalog* builtin = f.cat;
  const double with = make(builtin).step(d).comm.value();
  const double without = make(&none).step(d).comm.value();
  EXPECT_NEAR(with - without, 32 * 2 * 20e-6, 1e-12);
}

TEST(ServeLlmModel, SpeculativeAcceptedTokens) {
  Fixture f;
  workload::ModelSpec m = llama70b();
  (void)m;
  LlmModel::Inputs in;
  const hw::GpuSpec* g = *f.hw->gpu("H100-SXM");
  f.cluster.gpu = g->name;
  f.cluster.scale_up_size = 8;
  f.cluster.scale_up_bandwidth = BytesPerSecond(g->scale_up_bandwidth.value);
  f.cluster.scale_out_bandwidth = BytesPerSecond(g->nic_bandwidth.value);
  in.model = &f.model;
  in.gpu = g;
  in.eff = *f.hw->efficiency(g->architecture);
  in.cluster = &f.cluster;
  in.catalog = f.cat;
  in.replica.tp = 8;
  in.speculative.draft_tokens = 3;
  in.speculative.acceptance = 0.7;
  const LlmModel x = *LlmModel::build(in);
  // (1 - 0.7^4) / (1 - 0.7) = 2.533
  EXPECT_NEAR(x.tokens_per_iteration(), 2.533, 1e-3);
  EXPECT_EQ(x.verify_tokens(), 4);
}

TEST(ServeLlmModel, ReplicaMustDivideHeads) {
  Fixture f;
  LlmModel::Inputs in;
  const hw::GpuSpec* g = *f.hw->gpu("H100-SXM");
  in.model = &f.model;
  in.gpu = g;
  in.eff = *f.hw->efficiency(g->architecture);
  in.cluster = &f.cluster;
  in.catalog = f.cat;
  in.replica.tp = 3;
  auto r = LlmModel::build(in);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
}


// A sliding window caps what a windowed layer reads and computes at decode: with every layer
// windowed at 1024 tokens, 64 sequences at 32k tokens of context cost what they cost at 1k.
TEST(ServeLlmModel, WindowedLayersReadOnlyTheirWindow) {
  Fixture f;
  StepLoad at_1k, at_32k;
  at_1k.decode_seqs = at_32k.decode_seqs = 64;
  at_1k.decode_context = 64 * 1024.0;
  at_32k.decode_context = 64 * 32768.0;
  const LlmModel full = f.make("H100-SXM", 8);
  EXPECT_GT(full.step(at_32k).attention.value(), 10 * full.step(at_1k).attention.value());
  f.model.window = 1024;
  const LlmModel windowed = f.make("H100-SXM", 8);
  EXPECT_DOUBLE_EQ(windowed.step(at_32k).attention.value(), windowed.step(at_1k).attention.value());
  EXPECT_DOUBLE_EQ(windowed.step(at_1k).attention.value(), full.step(at_1k).attention.value());
  f.model.global_every = 2;  // half the layers full again
  const LlmModel half = f.make("H100-SXM", 8);
  EXPECT_NEAR(half.step(at_32k).attention.value(),
              (full.step(at_32k).attention.value() + windowed.step(at_32k).attention.value()) / 2, 1e-9);
}

}  // namespace
}  // namespace gigasim::serve
