#include "report/plan_export.h"

#include <gtest/gtest.h>

#include "hw/catalog.h"
#include "report/scenario_json.h"

namespace gigasim::report {
namespace {

// 64 H100 = tp 4 x pp 2 x dp 8 (cp 1), two virtual stages per rank: 8 layers = 4 chunks of 2.
const char* kTiny =
    "schema: 1\nname: tiny\n"
    "model: {layers: 8, hidden: 1024, heads: 16, kv_heads: 4, seq_len: 2048, vocab: 32000, ffn: swiglu, "
    "ffn_hidden: 2816}\n"
    "cluster: {gpu: H100-SXM, gpus: 64}\n"
    "training: {global_batch: 256, micro_batch: 2}\n"
    "parallelism: {tp: 4, pp: 2, vp: 2, schedule: interleaved, zero: 1, recompute: selective}\n";

scenario::Scenario tiny(const std::vector<std::string>& sets = {}) {
  scenario::LoadOptions o;
  o.overrides = sets;
  auto s = scenario::load_scenario_text(kTiny, "tiny.yaml", **hw::Catalog::builtin(), o);
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().format());
  return *s;
}

std::string exported(Launcher l, const std::vector<std::string>& sets = {}) {
  const auto s = tiny(sets);
  return export_plan(s, s.parallelism, s.training.micro_batch, l);
}

bool has_line(const std::string& text, const std::string& line) {
  return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
}

TEST(PlanExport, MegatronFlagsOfTheTinyPlan) {
  EXPECT_EQ(exported(Launcher::kMegatron),
            "# Megatron-LM arguments (pretrain_gpt.py) for tiny: 64 GPUs = tp 4 x pp 2 x cp 1 x dp 8, schedule "
            "interleaved\n"
            "# the vocabulary (32000 tokens) comes from the tokenizer flags, not exported\n"
            "--tensor-model-parallel-size 4 \\\n"
            "--pipeline-model-parallel-size 2 \\\n"
            "--num-virtual-stages-per-pipeline-rank 2 \\\n"
            "--context-parallel-size 1 \\\n"
            "--sequence-parallel \\\n"
            "--micro-batch-size 2 \\\n"
            "--global-batch-size 256 \\\n"
            "--recompute-granularity selective \\\n"
            "--recompute-modules core_attn \\\n"
            "--use-distributed-optimizer \\\n"
            "--overlap-grad-reduce \\\n"
            "--overlap-param-gather \\\n"
            "--tp-comm-overlap \\\n"
            "--bf16 \\\n"
            "--num-layers 8 \\\n"
            "--hidden-size 1024 \\\n"
            "--num-attention-heads 16 \\\n"
            "--group-query-attention --num-query-groups 4 \\\n"
            "--ffn-hidden-size 2816 \\\n"
            "--swiglu \\\n"
            "--seq-length 2048 \\\n"
            "--max-position-embeddings 2048 \\\n"
            "--untie-embeddings-and-output-weights\n");
}

TEST(PlanExport, MegatronShardingRecomputeAndSchedulesWithoutAFlag) {
  const std::string z3 = exported(Launcher::kMegatron, {"parallelism.zero=3", "parallelism.recompute=full",
                                                        "parallelism.recompute_layers=2", "parallelism.vp=1",
                                                        "parallelism.schedule=dualpipe"});
  EXPECT_TRUE(has_line(z3, "--use-megatron-fsdp --data-parallel-sharding-strategy optim_grads_params \\")) << z3;
  EXPECT_TRUE(has_line(z3, "--recompute-method block --recompute-num-layers 2 \\")) << z3;
  EXPECT_TRUE(has_line(z3, "# schedule dualpipe: Megatron-LM has no such schedule flag; exported as (interleaved) 1F1B"));
  EXPECT_EQ(z3.find("--use-distributed-optimizer"), std::string::npos);
  const std::string z0 = exported(Launcher::kMegatron, {"parallelism.zero=0", "parallelism.recompute=full"});
  EXPECT_TRUE(has_line(z0, "--recompute-method uniform --recompute-num-layers 1 \\")) << z0;
  EXPECT_TRUE(has_line(z0, "--overlap-grad-reduce \\"));
  EXPECT_EQ(z0.find("--overlap-param-gather"), std::string::npos);  // no sharded parameters to gather
  EXPECT_EQ(z0.find("optimizer"), std::string::npos);
  // 8 layers over pp 2 x vp 3 = 6 chunks do not split evenly: said, not guessed.
  const std::string uneven = exported(Launcher::kMegatron, {"parallelism.vp=3", "model.layers=9"});
  EXPECT_NE(uneven.find("# 9 layers do not split evenly over 6 pipeline chunks"), std::string::npos) << uneven;
}

TEST(PlanExport, NemoRecipeOverrides) {
  const std::string t = exported(Launcher::kNemo);
  for (const char* line : {"trainer.strategy.tensor_model_parallel_size=4", "trainer.strategy.pipeline_model_parallel_size=2",
                           "trainer.strategy.virtual_pipeline_model_parallel_size=2",
                           "trainer.strategy.context_parallel_size=1", "trainer.strategy.sequence_parallel=true",
                           "trainer.strategy.ddp.overlap_param_gather=true", "optim.config.use_distributed_optimizer=true",
                           "data.micro_batch_size=2", "data.global_batch_size=256", "data.seq_length=2048",
                           "model.config.recompute_granularity=selective", "model.config.recompute_modules=[core_attn]",
                           "model.config.num_query_groups=4"})
    EXPECT_TRUE(has_line(t, line)) << line << "\n" << t;
  const std::string z3 = exported(Launcher::kNemo, {"parallelism.zero=3"});
  EXPECT_TRUE(has_line(z3, "trainer.strategy.fsdp=megatron"));
  EXPECT_TRUE(has_line(z3, "trainer.strategy.ddp.data_parallel_sharding_strategy=optim_grads_params"));
  EXPECT_TRUE(has_line(z3, "optim.config.use_distributed_optimizer=false"));
}

TEST(PlanExport, CudaGraphSettings) {
  const std::string layers = exported(Launcher::kMegatron, {"training.cuda_graphs=layers"});
  EXPECT_TRUE(has_line(layers, "--cuda-graph-impl transformer_engine --cuda-graph-modules attn mlp \\")) << layers;
  const std::string it = exported(Launcher::kMegatron, {"training.cuda_graphs=iteration"});
  EXPECT_TRUE(has_line(it, "--cuda-graph-impl full_iteration --no-check-for-nan-in-loss-and-grad \\")) << it;
  EXPECT_EQ(exported(Launcher::kMegatron).find("cuda-graph"), std::string::npos);
  const std::string nemo = exported(Launcher::kNemo, {"training.cuda_graphs=iteration"});
  EXPECT_TRUE(has_line(nemo, "model.config.cuda_graph_impl=full_iteration")) << nemo;
  EXPECT_TRUE(has_line(nemo, "model.config.cuda_graph_scope=[]")) << nemo;
}

// A model with a shared expert overlapped with its dispatch: Megatron's flag and NeMo's override.
TEST(PlanExport, SharedExpertOverlap) {
  const std::vector<std::string> moe = {"model.moe.experts=8", "model.moe.top_k=2", "model.moe.shared_experts=1",
                                        "model.moe.expert_ffn_hidden=1024", "parallelism.ep=2",
                                        "parallelism.shared_expert_overlap=true"};
  EXPECT_TRUE(has_line(exported(Launcher::kMegatron, moe), "--moe-shared-expert-overlap \\"));
  EXPECT_TRUE(has_line(exported(Launcher::kNemo, moe), "model.config.moe_shared_expert_overlap=true"));
  EXPECT_EQ(exported(Launcher::kMegatron).find("shared-expert-overlap"), std::string::npos);
}

TEST(PlanExport, LatentMoe) {
  const std::vector<std::string> moe = {"model.moe.experts=8", "model.moe.top_k=2", "model.moe.expert_ffn_hidden=1024",
                                        "model.moe.latent_size=512", "parallelism.ep=2"};
  EXPECT_TRUE(has_line(exported(Launcher::kMegatron, moe), "--moe-latent-size 512")) << exported(Launcher::kMegatron, moe);
  EXPECT_TRUE(has_line(exported(Launcher::kNemo, moe), "model.config.moe_latent_size=512"));
  EXPECT_EQ(exported(Launcher::kMegatron).find("latent"), std::string::npos);
}

TEST(PlanExport, PaddedExperts) {
  const std::vector<std::string> moe = {"model.moe.experts=8", "model.moe.top_k=2", "model.moe.pad_to_capacity=true",
                                        "parallelism.ep=2"};
  EXPECT_TRUE(has_line(exported(Launcher::kMegatron, moe), "--moe-expert-capacity-factor 1 \\")) << exported(Launcher::kMegatron, moe);
  EXPECT_NE(exported(Launcher::kMegatron, moe).find("\n--moe-pad-expert-input-to-capacity"), std::string::npos);
  EXPECT_TRUE(has_line(exported(Launcher::kNemo, moe), "model.config.moe_pad_expert_input_to_capacity=true"));
  EXPECT_TRUE(has_line(exported(Launcher::kNemo, moe), "model.config.moe_expert_capacity_factor=1"));
  EXPECT_EQ(exported(Launcher::kMegatron).find("capacity"), std::string::npos);
  EXPECT_EQ(scenario_to_json(tiny(moe))["model"]["moe"]["pad_to_capacity"], true);
  EXPECT_FALSE(scenario_to_json(tiny({"model.moe.experts=8", "parallelism.ep=2"}))["model"]["moe"].contains("pad_to_capacity"));
}

TEST(PlanExport, Bf16LayersAndModules) {
  const std::vector<std::string> sets = {"training.precision=fp8", "training.bf16_layers_at_end=2",
                                         "training.bf16_modules=linear_qkv"};
  const std::string m = exported(Launcher::kMegatron, sets);
  EXPECT_TRUE(has_line(m, "--first-last-layers-bf16 --num-layers-at-start-in-bf16 0 --num-layers-at-end-in-bf16 2 \\")) << m;
  EXPECT_NE(m.find("# bf16_modules [linear_qkv], fp8_modules []: a Transformer Engine quantization recipe"), std::string::npos) << m;
  EXPECT_EQ(exported(Launcher::kMegatron).find("first-last-layers-bf16"), std::string::npos);
}

// torchtitan converts the output layer too unless filter_fqns names it; Megatron never does.
TEST(PlanExport, Bf16OutputLayerInTorchtitan) {
  const std::string t = exported(Launcher::kTorchtitan, {"training.precision=fp8", "training.low_precision_output_layer=false"});
  EXPECT_TRUE(has_line(t, "filter_fqns = [\"output\"]")) << t;
  EXPECT_EQ(exported(Launcher::kTorchtitan, {"training.precision=fp8"}).find("filter_fqns"), std::string::npos);
}

TEST(PlanExport, TorchtitanToml) {
  const std::string t = exported(Launcher::kTorchtitan);
  // With pipelining the local batch is the DP rank's share of the step: 256 / 8 = 32 sequences,
  // cut into micro-batches of 2.
  for (const char* line : {"[training]", "local_batch_size = 32", "global_batch_size = 256", "seq_len = 2048",
                           "data_parallel_shard_degree = 8", "fsdp_reshard_after_forward = \"never\"",
                           "tensor_parallel_degree = 4", "pipeline_parallel_degree = 2",
                           "pipeline_parallel_schedule = \"Interleaved1F1B\"", "pipeline_parallel_microbatch_size = 2",
                           "pipeline_parallel_layers_per_stage = 2", "mode = \"selective\""})
    EXPECT_TRUE(has_line(t, line)) << line << "\n" << t;
  EXPECT_NE(t.find("# zero 1: torchtitan shards with FSDP2 only"), std::string::npos);
  // Without pipelining the local batch is the micro-batch; ZeRO 0 is plain replication (DDP).
  const std::string z0 = exported(Launcher::kTorchtitan, {"parallelism.zero=0", "parallelism.pp=1", "parallelism.vp=1",
                                                          "parallelism.schedule=1f1b", "parallelism.recompute=none"});
  for (const char* line : {"local_batch_size = 2", "data_parallel_replicate_degree = 16", "data_parallel_shard_degree = 1",
                           "mode = \"none\""})
    EXPECT_TRUE(has_line(z0, line)) << line << "\n" << z0;
  EXPECT_EQ(z0.find("pipeline_parallel_schedule"), std::string::npos);
}

TEST(PlanExport, UnknownLauncherSuggestsTheClosest) {
  EXPECT_EQ(parse_launcher("torchtitan").value(), Launcher::kTorchtitan);
  auto r = parse_launcher("megatronlm");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(r.error().message,
            "--export: unknown launcher 'megatronlm' (did you mean 'megatron'?); choose megatron, nemo or torchtitan");
}

}  // namespace
}  // namespace gigasim::report
