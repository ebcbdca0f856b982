#include "step/step_model.h"

#include <gtest/gtest.h>

#include <cmath>

#include "scenario/scenario.h"
#include "scenario/step_input.h"
#include "step/unit_cost.h"

namespace gigasim::step {
namespace {

StepInput load(const std::string& file) {
  const hw::Catalog& cat = **hw::Catalog::builtin();
  auto s = scenario::load_scenario(std::string(GIGASIM_SOURCE_DIR) + "/examples/" + file, cat);
  EXPECT_TRUE(s.ok());
  return *scenario::make_step_input(*s, cat);
}

// One example with `sets` applied (--set's KEY=VALUE), simulated without a timeline.
StepResult simulate_example(const std::string& file, const std::vector<std::string>& sets) {
  const hw::Catalog& cat = **hw::Catalog::builtin();
  scenario::LoadOptions o;
  o.overrides = sets;
  auto s = scenario::load_scenario(std::string(GIGASIM_SOURCE_DIR) + "/examples/" + file, cat, o);
  if (!s.ok()) {
    ADD_FAILURE() << s.error().format();
    return {};
  }
  auto r = simulate_step(*scenario::make_step_input(*s, cat), StepOptions::untimed());
  EXPECT_TRUE(r.ok()) << r.error().format();
  return r.ok() ? *r : StepResult{};
}

// Seconds per step of the listed collectives of one dimension: count x time of one call.
double listed(const StepResult& r, const std::string& dim) {
  double t = 0;
  for (const auto& c : r.collectives)
    if (c.collective.dim == dim) t += static_cast<double>(c.collective.count_per_step) * c.time.value();
  return t;
}

// With one pipeline stage and no overlap, the step's exposed TP time is exactly the listed TP
// calls: the list is the calls the step was priced from, not a second derivation.
TEST(StepModel, ListedCollectivesAreTheCallsThatPricedTheStep) {
  for (auto recompute : {workload::Recompute::kNone, workload::Recompute::kFull}) {
    StepInput in = load("gpt-145b-a100.yaml");
    auto& p = in.parallelism;
    p.dp = p.dp * p.pp;
    p.pp = 1;
    p.vp = 1;
    p.schedule = workload::Schedule::k1F1B;
    p.stage_layers.clear();
    p.tp_overlap = false;
    p.recompute = recompute;
    auto r = simulate_step(in, StepOptions::untimed());
    ASSERT_TRUE(r.ok()) << r.error().message;
    ASSERT_GT(r->breakdown.tp_comm.value(), 0);
    EXPECT_NEAR(listed(*r, "tp"), r->breakdown.tp_comm.value(), 1e-9 * r->breakdown.tp_comm.value());
  }
}

// Full recomputation replays the forward's TP collectives: 3 passes instead of 2 per layer.
TEST(StepModel, FullRecomputationReplaysTheForwardCollectives) {
  StepInput in = load("gpt-145b-a100.yaml");
  in.parallelism.recompute = workload::Recompute::kNone;
  auto none = simulate_step(in, StepOptions::untimed());
  in.parallelism.recompute = workload::Recompute::kFull;
  auto full = simulate_step(in, StepOptions::untimed());
  ASSERT_TRUE(none.ok() && full.ok());
  auto calls = [](const StepResult& r, const std::string& name) {
    for (const auto& c : r.collectives)
      if (c.collective.name == name) return c.collective.count_per_step;
    return int64_t{0};
  };
  const int64_t n = calls(*none, "tp all-gather"), f = calls(*full, "tp all-gather");
  ASSERT_GT(n, 0);
  // Transformer layers go from 2 to 3 passes; the output head is not recomputed per layer but
  // replays its single all-gather too, so the ratio is exactly 3/2 of every call.
  EXPECT_EQ(2 * f, 3 * n);
}

StepInput load_text(const std::string& model, const std::string& gpu, const std::string& training,
                    const std::string& parallelism) {
  const hw::Catalog& cat = **hw::Catalog::builtin();
  const std::string yaml = "schema: 1\nname: t\nmodel: {" + model + "}\ncluster: {gpu: " + gpu +
                           ", gpus: 8}\ntraining: {global_batch: 8, micro_batch: 1" + training +
                           "}\nparallelism: {" + parallelism + "}\n";
  auto s = scenario::load_scenario_text(yaml, "t.yaml", cat);
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().format());
  return *scenario::make_step_input(*s, cat);
}

const char* kLongSeq8B =
    "layers: 4, hidden: 4096, heads: 32, kv_heads: 8, ffn_hidden: 14336, vocab: 32000, seq_len: 32768";

// FlashAttention-2 slows attention on Hopper (it cannot use its asynchronous tensor cores) and
// not on Ampere, whose best kernel it is (data/catalog/efficiency.yaml).
TEST(StepModel, FlashAttention2IsSlowerOnHopperOnly) {
  for (const char* gpu : {"H100-SXM", "A100-SXM4-80GB"}) {
    auto best = simulate_step(load_text(kLongSeq8B, gpu, "", "tp: 8"), StepOptions::untimed());
    auto fa2 = simulate_step(load_text(kLongSeq8B, gpu, ", attention_kernel: fa2", "tp: 8"), StepOptions::untimed());
    ASSERT_TRUE(best.ok() && fa2.ok());
    if (std::string(gpu) == "H100-SXM") EXPECT_GT(fa2->step_time.value(), 1.3 * best->step_time.value()) << gpu;
    else EXPECT_DOUBLE_EQ(fa2->step_time.value(), best->step_time.value()) << gpu;
  }
}

// Attention narrower than 128 per head runs at d/(d + 48) of the d = 128 rate, normalised.
TEST(StepModel, NarrowHeadsSlowAttention) {
  detail::Rates r;
  r.attn_d_half = 48;
  r.attn_d_ref = 128;
  EXPECT_DOUBLE_EQ(r.attention_head_factor(128), 1.0);
  EXPECT_DOUBLE_EQ(r.attention_head_factor(256), 1.0);
  EXPECT_NEAR(r.attention_head_factor(64), (64.0 / 112) / (128.0 / 176), 1e-12);
  // A part with twice the reference part's exponential rate (Blackwell Ultra, exp_scale) halves
  // d_half: faster at every head dimension, capped at the reference dimension's gain.
  r.exp_scale = 2;
  EXPECT_NEAR(r.attention_head_factor(128), (128.0 / 152) / (128.0 / 176), 1e-12);
  EXPECT_NEAR(r.attention_head_factor(256), r.attention_head_factor(128), 1e-12);
  EXPECT_NEAR(r.attention_head_factor(64), (64.0 / 88) / (128.0 / 176), 1e-12);
}

// Blackwell's narrow heads lose what FlashAttention-4's B200 forward measures (head dim 64 at 0.66-0.67
// of 128, efficiency.yaml), more than Hopper's FlashAttention-3 (0.78).
TEST(StepModel, BlackwellNarrowHeadsLoseMoreThanHopper) {
  auto factor = [](const char* arch) {
    auto e = (*hw::Catalog::builtin())->efficiency(arch);
    EXPECT_TRUE(e.ok()) << arch;
    detail::Rates r;
    r.attn_d_half = (*e)->attention_head_dim_half.value;
    r.attn_d_ref = (*e)->attention_reference_head_dim.value;
    return r.attention_head_factor(64);
  };
  EXPECT_NEAR(factor("blackwell"), 0.664, 0.01);
  EXPECT_NEAR(factor("hopper"), 0.786, 0.01);
}

// GEMM efficiency: a GEMM's fill follows its work in flight; the half-saturation work is quoted for
// BF16 and grows with the precision's speed-up; a grouped expert GEMM fills the GPU as the GEMMs of
// `expert_streams` experts at once, not as one kernel of all its experts.
TEST(StepModel, SmallGemmsFillLessInFp8AndExpertsRunFourAtATime) {
  detail::Rates r;
  r.bf16_peak = 1e15;
  r.gemm_max = 0.6;
  r.gemm_half = 12e9;
  r.expert_streams = 4;
  const workload::Gemm dense{2048, 1536, 2048};  // 12.9 GFLOP
  const double w = dense.flops();
  EXPECT_NEAR(r.gemm_time(dense), w / (1e15 * 0.6 * w / (w + 12e9)), 1e-12);
  r.gemm_speedup = 1.6;
  EXPECT_NEAR(r.gemm_time(dense), w / (1e15 * 0.6 * w / (w + 12e9 * 1.6) * 1.6), 1e-12);
  // 16 local experts of that shape: four run at once, so each fills the GPU as 4 w of work.
  const workload::Gemm experts{2048, 1536, 2048, 16, true, true};
  EXPECT_NEAR(r.gemm_time(experts), 16 * w / (1e15 * 0.6 * (4 * w) / (4 * w + 12e9 * 1.6) * 1.6), 1e-12);
  // Fewer experts than streams: all of them at once.
  const workload::Gemm two{2048, 1536, 2048, 2, true, true};
  EXPECT_NEAR(r.gemm_time(two), 2 * w / (1e15 * 0.6 * (2 * w) / (2 * w + 12e9 * 1.6) * 1.6), 1e-12);
  // A batched (non-expert) kernel still counts all its matrices.
  const workload::Gemm batched{2048, 1536, 2048, 16, false, true};
  EXPECT_NEAR(r.gemm_time(batched), 16 * w / (1e15 * 0.6 * (16 * w) / (16 * w + 12e9 * 1.6) * 1.6), 1e-12);
}

// A power-limited part (H100 96 GB at 500 W, peak figures quoted at 700 W) computes at
// (500/700)^(1/3) of the clock: a compute-bound step is that much longer than on the H100 SXM,
// whose peak figures are the same.
TEST(StepModel, PowerLimitedPartsRunAtALowerClock) {
  const char* model = "layers: 4, hidden: 8192, heads: 64, kv_heads: 8, ffn_hidden: 28672, vocab: 32000, seq_len: 4096";
  auto full = simulate_step(load_text(model, "H100-SXM", "", "tp: 8"), StepOptions::untimed());
  auto capped = simulate_step(load_text(model, "H100-SXM-96GB", "", "tp: 8"), StepOptions::untimed());
  ASSERT_TRUE(full.ok() && capped.ok());
  const double ratio = capped->breakdown.compute.value() / full->breakdown.compute.value();
  EXPECT_GT(ratio, 1.0 / std::cbrt(500.0 / 700.0) - 0.01);  // element-wise work also slows (HBM2e)
  EXPECT_LT(ratio, 1.25);
}

// GB300 and GB200 have the same peak figures; GB300's GEMMs measure 1.14x faster (gpus.yaml
// gemm_rate_scale) and its softmax exponentials run at twice Blackwell's rate (exp_rate_scale 2,
// which halves the exponential share of an attention kernel's time); element-wise kernels are not
// scaled. A GEMM below saturation gains less than 1.14x (gemm_half_flops grows with the rate, as for
// FP8), so the compute of a 70B-wide layer at tp 8 and 4k tokens is ~5% shorter; an attention-heavy
// one (32k) gains more, its attention ~1.3x faster.
TEST(StepModel, MeasuredGemmRateAndExponentialRateScaleTheirKernels) {
  const hw::Catalog& cat = **hw::Catalog::builtin();
  EXPECT_DOUBLE_EQ((*cat.gpu("GB300"))->gemm_scale(), 1.14);
  EXPECT_DOUBLE_EQ((*cat.gpu("GB200"))->gemm_scale(), 1.0);  // none measured: the reference part
  EXPECT_DOUBLE_EQ((*cat.gpu("GB300"))->exp_scale(), 2.0);
  EXPECT_DOUBLE_EQ((*cat.gpu("GB200"))->exp_scale(), 1.0);
  const char* dense = "layers: 4, hidden: 8192, heads: 64, kv_heads: 8, ffn_hidden: 28672, vocab: 32000, seq_len: 4096";
  auto ratio = [](const char* model) {
    auto a = simulate_step(load_text(model, "GB200", ", precision: fp8", "tp: 8"), StepOptions::untimed());
    auto b = simulate_step(load_text(model, "GB300", ", precision: fp8", "tp: 8"), StepOptions::untimed());
    EXPECT_TRUE(a.ok() && b.ok());
    if (!a.ok() || !b.ok()) return 0.0;  // fails the bounds below instead of reading an error
    return b->breakdown.compute.value() / a->breakdown.compute.value();
  };
  const double short_seq = ratio(dense), long_seq = ratio(kLongSeq8B);
  std::printf("  GB300 / GB200 compute: %.3f (4k tokens), %.3f (32k)\n", short_seq, long_seq);
  EXPECT_GT(short_seq, 1 / 1.34 - 1e-9);  // never more than the faster of the two kernels' gains
  EXPECT_LT(short_seq, 0.97);
  EXPECT_LT(long_seq, short_seq - 0.01);
  EXPECT_GT(long_seq, 1 / 1.34 - 1e-9);
}

// torchtitan's op-level checkpointing keeps less than Megatron's attention-core recomputation and
// reruns more (half the GEMMs).
TEST(StepModel, AlternateMmKeepsLessAndRerunsMore) {
  const char* model = "layers: 4, hidden: 4096, heads: 32, kv_heads: 8, ffn_hidden: 14336, vocab: 32000, seq_len: 4096";
  auto core = simulate_step(load_text(model, "H100-SXM", "", "tp: 1, recompute: selective"), StepOptions::untimed());
  auto alt = simulate_step(
      load_text(model, "H100-SXM", "", "tp: 1, recompute: selective, recompute_modules: [alternate_mm]"),
      StepOptions::untimed());
  ASSERT_TRUE(core.ok() && alt.ok());
  EXPECT_LT(alt->memory.activations.value(), 0.7 * core->memory.activations.value());
  EXPECT_GT(alt->step_time.value(), core->step_time.value());
}

// DeepEP / HybridEP send a token across the scale-out network once per remote domain: with ep 64
// over 8-GPU domains the expert all-to-alls take less time than per-pair ones. Inside one 72-GPU
// domain they send it once per rank holding any of its 8 experts: DeepSeek-V3's 256 experts on 64
// ranks (4 each) give 7.6 ranks per token on average, 0.95 of the per-pair bytes.
TEST(StepModel, DeduplicatedDispatchShortensExpertTraffic) {
  auto ep_time = [](const std::string& dispatcher, int domain) {
    return listed(simulate_example("moe-671b-gb300.yaml", {"parallelism.ep_dispatcher=" + dispatcher,
                                                          "cluster.scale_up.size=" + std::to_string(domain)}),
                  "ep");
  };
  const double per_pair = ep_time("alltoall", 8);
  EXPECT_GT(per_pair, 0);
  EXPECT_LT(ep_time("hybridep", 8), 0.8 * per_pair);
  EXPECT_DOUBLE_EQ(ep_time("deepep", 8), ep_time("hybridep", 8));
  const double in_domain = ep_time("hybridep", 72) / ep_time("alltoall", 72);
  EXPECT_LT(in_domain, 0.97);
  EXPECT_GT(in_domain, 0.9);
}

// Megatron-Core moe_shared_expert_overlap: the layer's dispatch and combine hide behind its shared
// experts' GEMMs only (forward: one pass of them; backward: input and weight gradients), slowing
// that compute by the catalog's share of the hidden time; the rest stays exposed. Full EP overlap
// (another micro-batch's compute) takes precedence.
TEST(StepModel, SharedExpertOverlapHidesDispatchBehindTheSharedGemmsOnly) {
  detail::UnitUse use;
  use.t.gemm = 10;
  use.t.shared = 2;
  use.t.fwd.ep = 3;
  use.t.bwd.ep = 6;
  detail::Placement pl;
  pl.slowdown = 0.15;
  workload::Parallelism p;
  p.shared_expert_overlap = true;
  ChunkCost c;
  detail::add_unit(c, use, 1, p, pl, detail::Mode::kNone);
  EXPECT_DOUBLE_EQ(c.fwd.ep, 1);                   // 3 - 2 hidden
  EXPECT_DOUBLE_EQ(c.fwd.compute, 10 + 2 * 0.15);  // the GEMMs slowed by the hidden part
  EXPECT_DOUBLE_EQ(c.bwd.ep, 2);                   // 6 - 2 x 2 hidden
  ChunkCost off;
  p.shared_expert_overlap = false;
  detail::add_unit(off, use, 1, p, pl, detail::Mode::kNone);
  EXPECT_DOUBLE_EQ(off.fwd.ep, 3);
  EXPECT_DOUBLE_EQ(off.bwd.ep, 6);
  ChunkCost full;
  p.shared_expert_overlap = true;
  p.ep_overlap = true;
  detail::add_unit(full, use, 1, p, pl, detail::Mode::kNone);
  EXPECT_DOUBLE_EQ(full.fwd.ep, 0);

  // The whole step: less exposed expert traffic than without, more than with full EP overlap.
  auto ep_comm = [](const std::vector<std::string>& sets) {
    return simulate_example("moe-671b-gb300.yaml", sets).breakdown.ep_comm.value();
  };
  const double none = ep_comm({"parallelism.ep_overlap=false"});
  const double shared = ep_comm({"parallelism.ep_overlap=false", "parallelism.shared_expert_overlap=true"});
  EXPECT_LT(shared, none);
  EXPECT_GT(shared, 0);
}

// A whole-iteration CUDA graph removes the MoE layer's host sync: its step is shorter than one
// with graphed scopes by that cost (layers x micro-batches x forward and backward), and graphed
// scopes remove only the launch cost.
TEST(StepModel, WholeIterationGraphsDropTheMoeLayerCost) {
  auto step = [](const std::string& graphs) {
    return simulate_example("moe-671b-gb300.yaml", {"training.cuda_graphs=" + graphs, "parallelism.recompute=none"})
        .step_time.value();
  };
  const double none = step("none"), layers = step("layers"), all = step("all"), iteration = step("iteration");
  EXPECT_LT(layers, none);
  EXPECT_DOUBLE_EQ(all, layers);
  EXPECT_LT(iteration, all);
}

// The MoE layer's host cost outside layer-scoped graphs: a launch cost per local expert (experts /
// ep), so halving ep doubles it, plus the sync on the tokens per expert, which experts padded to
// their capacity skip while their launches stay.
TEST(StepModel, MoeHostCostGrowsWithLocalExpertsAndPaddingSkipsOnlyTheSync) {
  const hw::Catalog& cat = **hw::Catalog::builtin();
  auto step = [&cat](std::vector<std::string> sets, double launch_scale) {
    sets.insert(sets.end(), {"training.cuda_graphs=layers", "parallelism.recompute=none", "parallelism.ep_overlap=false"});
    scenario::LoadOptions o;
    o.overrides = sets;
    auto s = scenario::load_scenario(std::string(GIGASIM_SOURCE_DIR) + "/examples/moe-671b-gb300.yaml", cat, o);
    EXPECT_TRUE(s.ok()) << s.error().format();
    auto in = scenario::make_step_input(*s, cat);
    EXPECT_TRUE(in.ok());
    in->moe_expert_launch = in->moe_expert_launch * launch_scale;
    auto r = simulate_step(*in, StepOptions::untimed());
    EXPECT_TRUE(r.ok());
    return r->step_time.value();
  };
  // 256 experts: 4 local at ep 64, 8 at ep 32.
  const double at64 = step({}, 1) - step({}, 0), at32 = step({"parallelism.ep=32"}, 1) - step({"parallelism.ep=32"}, 0);
  EXPECT_GT(at64, 0);
  EXPECT_NEAR(at32 / at64, 2.0, 0.2);
  const double dropless = step({}, 1), padded = step({"model.moe.pad_to_capacity=true"}, 1);
  const double padded_no_launch = step({"model.moe.pad_to_capacity=true"}, 0);
  EXPECT_LT(padded, dropless);
  EXPECT_NEAR(padded - padded_no_launch, at64, 0.05 * at64);
}

// The host's share of the step is its own breakdown part, not compute: the parts still add up to
// the step, a whole-iteration graph leaves none, and a small MoE at one sequence per micro-batch
// with 16 local experts (Qwen3-30B-A3B's shape on 8 B200) is limited by it.
TEST(StepModel, HostLaunchesAreTheirOwnPartOfTheCriticalPath) {
  const std::string qwen3_30b =
      "layers: 48, hidden: 2048, heads: 32, kv_heads: 4, ffn_hidden: 6144, ffn: swiglu, vocab: 151936, seq_len: 4096, "
      "head_dim: 128, moe: {experts: 128, top_k: 8, expert_ffn_hidden: 768}";
  auto step = [&](const std::string& graphs) {
    auto r = simulate_step(load_text(qwen3_30b, "B200", ", precision: fp8, cuda_graphs: " + graphs, "ep: 8"),
                           StepOptions::untimed());
    EXPECT_TRUE(r.ok());
    return *r;
  };
  const StepResult layers = step("layers"), iteration = step("iteration");
  const Breakdown& b = layers.breakdown;
  const Seconds sum = b.compute + b.tp_comm + b.cp_comm + b.ep_comm + b.pp_comm + b.pp_bubble + b.dp_comm + b.optimizer +
                      b.host_launch;
  EXPECT_NEAR(sum.value(), layers.step_time.value(), 1e-9 * layers.step_time.value());
  EXPECT_EQ(layers.bottleneck, "host_launch");
  EXPECT_GT(b.host_launch.value(), 0.4 * layers.step_time.value());
  EXPECT_EQ(iteration.breakdown.host_launch.value(), 0.0);
  EXPECT_NEAR(iteration.breakdown.compute.value(), b.compute.value(), 1e-9 * b.compute.value());
}

// gpt-145b-a100.yaml in FP8 with one scaling recipe on one GPU: the scenario, and its step time.
Result<scenario::Scenario> load_fp8(const std::string& gpu, const std::string& recipe) {
  scenario::LoadOptions o;
  o.overrides = {"cluster.gpu=" + gpu, "training.precision=fp8", "training.fp8_recipe=" + recipe};
  return scenario::load_scenario(std::string(GIGASIM_SOURCE_DIR) + "/examples/gpt-145b-a100.yaml",
                                 **hw::Catalog::builtin(), o);
}

double fp8_step(const std::string& gpu, const std::string& recipe) {
  auto s = load_fp8(gpu, recipe);
  EXPECT_TRUE(s.ok()) << s.error().format();
  auto r = simulate_step(*scenario::make_step_input(*s, **hw::Catalog::builtin()), StepOptions::untimed());
  EXPECT_TRUE(r.ok());
  return r->step_time.value();
}

// A recipe whose GEMMs run at `rate` of per-tensor FP8 ones makes the step slower than
// tensorwise, by less than the GEMM share alone.
void expect_gemm_share(const std::string& gpu, const std::string& recipe, double rate) {
  ASSERT_GT(rate, 0);
  ASSERT_LT(rate, 1);
  const double tensorwise = fp8_step(gpu, "tensorwise"), t = fp8_step(gpu, recipe);
  EXPECT_GT(t, tensorwise * 1.001) << recipe;
  EXPECT_LT(t, tensorwise / rate) << recipe;
}

// MXFP8 GEMMs run at the architecture's mxfp8_gemm_rate share of per-tensor FP8 ones: the step
// of an MXFP8 plan on Blackwell is slower than the same plan's with per-tensor scaling by less than
// the GEMM share alone; the per-tensor recipes price alike, and so does MXFP8 on Hopper.
TEST(StepModel, Mxfp8GemmsRunAtTheirShareOfPerTensorFp8) {
  const hw::Catalog& cat = **hw::Catalog::builtin();
  expect_gemm_share("B200", "mxfp8", (*cat.efficiency("blackwell"))->mxfp8_gemm_rate.value);
  const double tensorwise = fp8_step("B200", "tensorwise");
  EXPECT_DOUBLE_EQ(fp8_step("B200", "delayed"), tensorwise);
  EXPECT_DOUBLE_EQ(fp8_step("B200", "blockwise"), tensorwise);
  EXPECT_DOUBLE_EQ(fp8_step("H100-SXM", "mxfp8"), fp8_step("H100-SXM", "tensorwise"));
}

// torchao's rowwise recipe: its GEMMs run at the architecture's rowwise_gemm_rate share of
// per-tensor FP8 ones, so the step is slower than tensorwise by less than that share alone; an
// architecture without the figure (CDNA 3) prices rowwise as tensorwise, with a warning.
TEST(StepModel, RowwiseFp8GemmsRunAtTheirShareOfPerTensorFp8) {
  const hw::Catalog& cat = **hw::Catalog::builtin();
  expect_gemm_share("H100-SXM", "rowwise", (*cat.efficiency("hopper"))->rowwise_gemm_rate.value);
  expect_gemm_share("B200", "rowwise", (*cat.efficiency("blackwell"))->rowwise_gemm_rate.value);
  ASSERT_EQ((*cat.efficiency("cdna3"))->rowwise_gemm_rate.value, 0);
  EXPECT_DOUBLE_EQ(fp8_step("MI300X", "rowwise"), fp8_step("MI300X", "tensorwise"));
  auto mi300x = load_fp8("MI300X", "rowwise");
  ASSERT_TRUE(mi300x.ok());
  ASSERT_EQ(mi300x->warnings.size(), 1u);
  EXPECT_NE(mi300x->warnings[0].find("rowwise GEMMs are priced per tensor"), std::string::npos)
      << mi300x->warnings[0];
}

// Megatron's --first-last-layers-bf16 and a quantization recipe's BF16 modules: those GEMMs run at
// the BF16 rate, the others at the training precision's. On one pipeline stage the cost adds up
// layer by layer: half the layers in BF16 costs half of all of them, at the start or at the end.
TEST(StepModel, Bf16LayersAndModulesRunAtTheBf16Rate) {
  auto step = [](const std::string& precision, const std::string& gpu, std::vector<std::string> more) {
    std::vector<std::string> sets = {"cluster.gpu=" + gpu, "training.precision=" + precision, "parallelism.pp=1",
                                     "parallelism.tp=8", "parallelism.dp=192"};
    sets.insert(sets.end(), more.begin(), more.end());
    return simulate_example("gpt-145b-a100.yaml", sets).step_time.value();
  };
  const double fp8 = step("fp8", "H100-SXM", {}), end = step("fp8", "H100-SXM", {"training.bf16_layers_at_end=40"});
  const double both = step("fp8", "H100-SXM", {"training.bf16_layers_at_start=40", "training.bf16_layers_at_end=40"});
  EXPECT_GT(end, fp8 * 1.05);
  EXPECT_NEAR(end - fp8, (both - fp8) / 2, 0.05 * (both - fp8));
  EXPECT_NEAR(step("fp8", "H100-SXM", {"training.bf16_layers_at_start=40"}), end, 1e-6 * end);
  // Every layer in BF16: the BF16 step but for the output layer, still in FP8.
  EXPECT_LT(both, step("bf16", "H100-SXM", {}));
  EXPECT_GT(both, 0.95 * step("bf16", "H100-SXM", {}));
  // The attention projections alone in BF16: between the two.
  const double attn = step("fp8", "H100-SXM", {"training.bf16_modules=linear_qkv,linear_proj"});
  EXPECT_GT(attn, fp8 * 1.01);
  EXPECT_LT(attn, both);
  // Under FP4, a module kept in FP8 costs less than the same module in BF16.
  const double fp4 = step("fp4", "B200", {});
  const double fp8_attn = step("fp4", "B200", {"training.fp8_modules=linear_qkv,linear_proj"});
  const double bf16_attn = step("fp4", "B200", {"training.bf16_modules=linear_qkv,linear_proj"});
  EXPECT_GT(fp8_attn, fp4 * 1.001);
  EXPECT_LT(fp8_attn, bf16_attn);
  // The output layer in BF16 (Megatron-Core's ColumnParallelLinear output_layer): and with every
  // layer in BF16 too, the BF16 step.
  const double head = step("fp8", "H100-SXM", {"training.low_precision_output_layer=false"});
  EXPECT_GT(head, fp8 * 1.001);
  EXPECT_LT(head, attn);
  EXPECT_NEAR(step("fp8", "H100-SXM",
                   {"training.bf16_layers_at_start=40", "training.bf16_layers_at_end=40",
                    "training.low_precision_output_layer=false"}),
              step("bf16", "H100-SXM", {}), 1e-9 * fp8);
}

// An eager F.cross_entropy (torchtitan without compile) holds 12 bytes per logit while its
// backward runs, 8 more than the fused kernels: the difference lands on the last pipeline stage's
// memory, once, and costs no time.
TEST(StepModel, EagerCrossEntropyHoldsEightMoreBytesPerLogit) {
  const hw::Catalog& cat = **hw::Catalog::builtin();
  auto run = [&](const std::string& loss) {
    scenario::LoadOptions o;
    o.overrides = {"training.cross_entropy=" + loss, "parallelism.pp=1", "parallelism.dp=192"};  // one stage
    auto s = scenario::load_scenario(std::string(GIGASIM_SOURCE_DIR) + "/examples/gpt-145b-a100.yaml", cat, o);
    EXPECT_TRUE(s.ok()) << s.error().format();
    auto r = simulate_step(*scenario::make_step_input(*s, cat), StepOptions::untimed());
    EXPECT_TRUE(r.ok());
    const double logits = double(s->training.micro_batch) * s->model.seq_len / s->parallelism.cp * s->model.vocab /
                          s->parallelism.tp;
    return std::make_pair(*r, logits);
  };
  const auto [fused, logits] = run("fused");
  const auto eager = run("eager").first;
  EXPECT_DOUBLE_EQ(eager.step_time.value(), fused.step_time.value());
  EXPECT_NEAR(eager.memory_allocated.value() - fused.memory_allocated.value(), 8 * logits, 1e-6 * logits);
}

// Pure-bf16 training (training.optimizer_precision bf16) keeps bf16 Adam moments and no fp32
// master copy (4 bytes per parameter, not 12) and stores its gradients in bf16 even when they are
// reduced in fp32; the weights, the activations and the reduce-scatter bytes do not change, and the
// optimizer step reads and writes less.
TEST(StepModel, Bf16OptimizerKeepsAThirdOfTheStateAndBf16Gradients) {
  auto run = [](bool bf16) {
    StepInput in = load("gpt-145b-a100.yaml");
    in.training.fp32_gradients = true;
    in.training.bf16_optimizer = bf16;
    auto r = simulate_step(in, StepOptions::untimed());
    EXPECT_TRUE(r.ok());
    return *r;
  };
  const StepResult mixed = run(false), pure = run(true);
  EXPECT_NEAR(pure.memory.optimizer.value(), mixed.memory.optimizer.value() / 3, 1e-6 * mixed.memory.optimizer.value());
  EXPECT_NEAR(pure.memory.gradients.value(), mixed.memory.gradients.value() / 2, 1e-6 * mixed.memory.gradients.value());
  EXPECT_DOUBLE_EQ(pure.memory.weights.value(), mixed.memory.weights.value());
  EXPECT_DOUBLE_EQ(pure.memory.activations.value(), mixed.memory.activations.value());
  EXPECT_DOUBLE_EQ(listed(pure, "dp"), listed(mixed, "dp"));
  EXPECT_LT(pure.breakdown.optimizer.value(), mixed.breakdown.optimizer.value());
}

// ZeRO-3 synchronised once per step (FSDP2 under torch pipelining) holds whole weights and whole
// gradients, and its data-parallel collectives run once per step instead of once per layer and
// micro-batch: fewer calls, less traffic, more memory.
TEST(StepModel, Zero3SyncedOncePerStepKeepsWholeWeightsAndGradients) {
  auto run = [](workload::Parallelism::DpSync sync) {
    StepInput in = load("gpt-145b-a100.yaml");
    in.parallelism.zero = 3;
    in.parallelism.dp_sync = sync;
    auto r = simulate_step(in, StepOptions::untimed());
    EXPECT_TRUE(r.ok());
    return *r;
  };
  const StepResult each = run(workload::Parallelism::DpSync::kMicrobatch);
  const StepResult once = run(workload::Parallelism::DpSync::kStep);
  auto dp_calls = [](const StepResult& r) {
    int64_t n = 0;
    for (const auto& c : r.collectives)
      if (c.collective.dim == "dp") n += c.collective.count_per_step;
    return n;
  };
  EXPECT_GT(once.memory.weights.value(), 2 * each.memory.weights.value());
  EXPECT_GT(once.memory.gradients.value(), 2 * each.memory.gradients.value());
  EXPECT_DOUBLE_EQ(once.memory.optimizer.value(), each.memory.optimizer.value());
  EXPECT_GT(dp_calls(once), 0);
  EXPECT_LT(dp_calls(once), dp_calls(each));
  EXPECT_LT(listed(once, "dp"), listed(each, "dp"));
}

// ZeRO-3 with per-tensor list collectives (DeepSpeed v0.3): each layer's gather and reduce-scatter
// become one call per parameter tensor (12 for a GPT layer: four biased matrices and two
// LayerNorms with their biases), each carrying one slice copy per rank, so the step's DP time
// grows by at least the copies: calls x ranks x list_collective_copy.
TEST(StepModel, Zero3PerTensorListCollectivesCopyEveryRanksSlice) {
  auto run = [](workload::Parallelism::Zero3Collectives mode) {
    StepInput in = load("gpt-145b-a100.yaml");
    in.parallelism.zero = 3;
    in.parallelism.zero3_collectives = mode;
    auto r = simulate_step(in, StepOptions::untimed());
    EXPECT_TRUE(r.ok());
    return std::make_pair(*r, in.list_collective_copy.value());
  };
  const auto [layer, copy] = run(workload::Parallelism::Zero3Collectives::kLayer);
  const StepResult tensor = run(workload::Parallelism::Zero3Collectives::kTensor).first;
  ASSERT_GT(copy, 0);
  auto calls = [](const StepResult& r, const std::string& name, int64_t* ranks) {
    int64_t n = 0;
    for (const auto& c : r.collectives)
      if (c.collective.name == name && c.collective.group.size > 1) {
        n = std::max(n, c.collective.count_per_step);
        *ranks = c.collective.group.size;
      }
    return n;
  };
  int64_t ranks = 0;
  const int64_t gathers = calls(tensor, "dp all-gather", &ranks);
  EXPECT_EQ(gathers, 12 * calls(layer, "dp all-gather", &ranks));
  EXPECT_EQ(calls(tensor, "dp reduce-scatter", &ranks), 12 * calls(layer, "dp reduce-scatter", &ranks));
  const int64_t scatters = calls(tensor, "dp reduce-scatter", &ranks);
  EXPECT_GT(tensor.step_time.value() - layer.step_time.value(),
            static_cast<double>(gathers + scatters) * static_cast<double>(ranks) * copy * 0.99);
}

// A hybrid model's layers are priced by kind: at a long sequence a Mamba-2 mixer (linear in the
// sequence) is cheaper than the attention it replaces (quadratic), and the layers split over
// pipeline stages whatever their kinds.
TEST(StepModel, HybridMambaLayersScaleLinearlyWithTheSequence) {
  auto run = [](const std::string& pattern, int seq) {
    return simulate_example("gpt-145b-a100.yaml",
                            {"model.layers=8", "model.hybrid_pattern='" + pattern + "'",
                             "model.seq_len=" + std::to_string(seq), "cluster.gpus=16", "parallelism.pp=2",
                             "parallelism.tp=8", "parallelism.dp=1", "training.global_batch=8"})
        .step_time.value();
  };
  const double mamba_2k = run("M-M-M-M-", 2048), attn_2k = run("*-*-*-*-", 2048);
  const double mamba_32k = run("M-M-M-M-", 32768), attn_32k = run("*-*-*-*-", 32768);
  EXPECT_GT(mamba_32k / mamba_2k, 12.0);  // 16x the tokens
  EXPECT_LT(mamba_32k / mamba_2k, 20.0);
  EXPECT_GT(attn_32k / attn_2k, mamba_32k / mamba_2k);  // attention grows faster
  EXPECT_LT(mamba_32k, attn_32k);
}

// LoRA freezes the base weights: the backward computes input gradients only, so the GEMM time of
// a step falls by the weight-gradient third; gradients, optimizer state and data-parallel traffic
// remain only for the adapters (r (k + n) per adapted GEMM, a fraction of a percent here), and the
// FLOPs per token drop from 6 to 4 per frozen parameter.
TEST(StepModel, LoraTrainsOnlyTheAdapters) {
  auto run = [](bool lora) {
    StepInput in = load("gpt-145b-a100.yaml");
    in.parallelism.pp = 1;
    in.parallelism.dp = 192;
    if (lora) in.training.peft = workload::Training::Peft::kLora;
    auto r = simulate_step(in, StepOptions::untimed());
    EXPECT_TRUE(r.ok());
    return std::make_pair(in, *r);
  };
  const auto [in, full] = run(false);
  const auto lora = run(true).second;
  EXPECT_LT(lora.step_time.value(), full.step_time.value());
  EXPECT_GT(lora.step_time.value(), 0.6 * full.step_time.value());  // attention and element-wise stay
  EXPECT_GT(lora.memory.weights.value(), full.memory.weights.value());  // + the adapters
  EXPECT_LT(lora.memory.weights.value(), 1.01 * full.memory.weights.value());
  EXPECT_LT(lora.memory.gradients.value(), 0.01 * full.memory.gradients.value());
  EXPECT_LT(lora.memory.optimizer.value(), 0.01 * full.memory.optimizer.value());
  EXPECT_LT(listed(lora, "dp"), 0.01 * listed(full, "dp"));
  // 6 -> 4 FLOPs per frozen parameter and token (attention unchanged; the adapters add ~0.3%).
  const double attn = full.model_flops_per_token - 6 * full.params_active;
  EXPECT_NEAR(lora.model_flops_per_token - attn, 4 * full.params_active, 0.01 * 4 * full.params_active);
  // Adapters of every linear layer at rank 32: r (k + n) per GEMM, 4 GEMMs per layer.
  const auto& m = in.model;
  const double h = m.hidden, f = m.ffn_hidden, qkv = (m.heads + 2.0 * m.kv_heads) * m.head_dim;
  const double adapters = m.layers * 32 * ((h + qkv) + (h + h) + (h + f) + (f + h));
  EXPECT_NEAR(lora.params_total - full.params_total, adapters, 1e-6 * adapters);
}

// DualPipe backwards that run their weight gradient count it as compute on the timeline: the
// critical rank's receive phases add up to its pp_comm, the whole timeline to the step.
TEST(StepModel, DualPipeTimelineChargesWeightGradientsToCompute) {
  const auto r = simulate_step(load("deepseek-v3-2048-h800.yaml"), {});
  ASSERT_TRUE(r.ok());
  double receive = 0, total = 0;
  for (const auto& ph : r->timeline.phases) {
    total += ph.duration.value();
    if (ph.kind == PhaseKind::kCommWait && ph.what.find("(receive)") != std::string::npos) receive += ph.duration.value();
  }
  EXPECT_NEAR(receive, r->breakdown.pp_comm.value(), 1e-6 * r->step_time.value());
  EXPECT_NEAR(total, r->step_time.value(), 1e-6 * r->step_time.value());
}

}  // namespace
}  // namespace gigasim::step
