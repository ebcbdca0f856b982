#include "scenario/scenario.h"

#include <gtest/gtest.h>

namespace gigasim::scenario {
namespace {

const hw::Catalog& catalog() { return **hw::Catalog::builtin(); }

const char* kSmall = R"(schema: 1
name: small
model:
  layers: 24
  hidden: 2048
  heads: 16
  vocab: 50000
  seq_len: 2048
cluster:
  gpu: H100-SXM
  gpus: 64
training:
  global_batch: 256
parallelism:
  tp: 2
  pp: 2
)";

TEST(Scenario, DefaultsAreResolved) {
  auto s = load_scenario_text(kSmall, "small.yaml", catalog());
  ASSERT_TRUE(s.ok()) << s.error().format();
  EXPECT_EQ(s->model.kv_heads, 16);
  EXPECT_EQ(s->model.head_dim, 128);
  EXPECT_EQ(s->model.ffn_hidden, 8192);
  EXPECT_EQ(s->parallelism.dp, 16);
  EXPECT_TRUE(s->parallelism.sequence_parallel);
  EXPECT_EQ(s->cluster.scale_up_size, 8);
  EXPECT_DOUBLE_EQ(s->cluster.scale_out_bandwidth.value(), 50e9);
  EXPECT_EQ(s->parallelism_given, (std::set<std::string>{"tp", "pp"}));
}

Error load_error(const std::string& text, std::vector<std::string> sets = {}) {
  LoadOptions o;
  o.overrides = std::move(sets);
  auto s = load_scenario_text(text, "x.yaml", catalog(), o);
  EXPECT_FALSE(s.ok());
  return s.ok() ? Error{} : s.error();
}

// kSmall with `sets` fails naming `key`, its message containing `fragment` ("" = any message).
void expect_key_error(std::vector<std::string> sets, const std::string& key, const std::string& fragment = "") {
  const Error e = load_error(kSmall, std::move(sets));
  EXPECT_EQ(e.where.key, key);
  EXPECT_NE(e.message.find(fragment), std::string::npos) << e.message;
}

TEST(Scenario, SlidingWindowAttention) {
  auto s = load_scenario_text(kSmall, "small.yaml", catalog(),
                              LoadOptions{.overrides = {"model.attention.window=128", "model.attention.global_every=2"}});
  ASSERT_TRUE(s.ok()) << s.error().format();
  EXPECT_EQ(s->model.window, 128);
  EXPECT_EQ(s->model.global_every, 2);
  expect_key_error({"model.attention.global_every=2"}, "model.attention.global_every", "needs attention.window");
  expect_key_error({"model.attention.window=0"}, "model.attention.window");
}

TEST(Scenario, MisspelledKeySuggestsAndPointsAtTheLine) {
  Error e = load_error("schema: 1\nmodel: {layers: 2, hiden: 128}\n");
  EXPECT_EQ(e.code, ErrorCode::kBadInput);
  EXPECT_EQ(e.where.key, "model.hiden");
  EXPECT_EQ(e.where.line, 2);
  EXPECT_NE(e.message.find("did you mean 'hidden'"), std::string::npos) << e.message;
  EXPECT_NE(e.format().find("x.yaml:2:"), std::string::npos) << e.format();
}

TEST(Scenario, WrongUnitIsAnError) {
  std::string text = std::string(kSmall) + "";
  Error e = load_error(text, {"cluster.scale_out.bandwidth=400 W"});
  EXPECT_EQ(e.where.file, "--set");
  EXPECT_NE(e.message.find("power"), std::string::npos) << e.message;
}

TEST(Scenario, PlanMustDivideTheGpus) {
  Error e = load_error(kSmall, {"parallelism.pp=3"});
  EXPECT_NE(e.message.find("does not divide the 64 GPUs"), std::string::npos) << e.message;
}

TEST(Scenario, MicroBatchMustDivideTheBatch) {
  Error e = load_error(kSmall, {"training.micro_batch=3"});
  EXPECT_EQ(e.where.key, "training.micro_batch");
  EXPECT_NE(e.message.find("does not divide"), std::string::npos) << e.message;
}

TEST(Scenario, InconsistentDpIsAnError) {
  Error e = load_error(kSmall, {"parallelism.dp=8"});
  EXPECT_EQ(e.where.key, "parallelism.dp");
}

TEST(Scenario, UnknownGpuAndEnum) {
  Error e = load_error(kSmall, {"cluster.gpu=H100-SMX"});
  EXPECT_NE(e.message.find("H100-SXM"), std::string::npos);
  e = load_error(kSmall, {"parallelism.recompute=selectiv"});
  EXPECT_NE(e.message.find("did you mean 'selective'"), std::string::npos) << e.message;
  e = load_error(kSmall, {"parallelism.ep_dispatcher=hybrid-ep"});
  EXPECT_EQ(e.where.key, "parallelism.ep_dispatcher");
  EXPECT_NE(e.message.find("did you mean 'hybridep'"), std::string::npos) << e.message;
}

// Syncing ZeRO-3 once per step is an FSDP mode; other stages reduce once per step already.
TEST(Scenario, Zero3CollectivesNeedZero3) {
  Error e = load_error(kSmall, {"parallelism.zero=1", "parallelism.zero3_collectives=tensor"});
  EXPECT_EQ(e.where.key, "parallelism.zero3_collectives");
  EXPECT_NE(e.message.find("needs zero: 3"), std::string::npos) << e.message;
  e = load_error(kSmall, {"parallelism.zero=3", "parallelism.zero3_collectives=tensors"});
  EXPECT_NE(e.message.find("did you mean 'tensor'"), std::string::npos) << e.message;
}

TEST(Scenario, DpSyncStepNeedsZero3) {
  Error e = load_error(kSmall, {"parallelism.zero=1", "parallelism.dp_sync=step"});
  EXPECT_EQ(e.where.key, "parallelism.dp_sync");
  EXPECT_NE(e.message.find("needs zero: 3"), std::string::npos) << e.message;
  LoadOptions o;
  o.overrides = {"parallelism.zero=3", "parallelism.dp_sync=step"};
  auto s = load_scenario_text(kSmall, "x.yaml", catalog(), o);
  ASSERT_TRUE(s.ok()) << s.error().format();
  EXPECT_EQ(s->parallelism.dp_sync, workload::Parallelism::DpSync::kStep);
}

// A hybrid pattern has one letter per layer, each M, *, - or E; its Mamba-2 heads and groups split
// over tp; Mamba layers take no context parallelism.
TEST(Scenario, HybridPatternKeys) {
  Error e = load_error(kSmall, {"model.hybrid_pattern=M*M"});
  EXPECT_EQ(e.where.key, "model.hybrid_pattern");
  EXPECT_NE(e.message.find("the pattern has 3 layers, model.layers is 24"), std::string::npos) << e.message;
  const std::string p24 = "M*M-M*M-M*M-M*M-M*M-M*M-";
  e = load_error(kSmall, {"model.hybrid_pattern=" + p24.substr(0, 23) + "x"});
  EXPECT_NE(e.message.find("layer 23 is 'x'"), std::string::npos) << e.message;
  e = load_error(kSmall, {"model.hybrid_pattern=" + p24.substr(0, 23) + "E"});
  EXPECT_NE(e.message.find("no moe: section"), std::string::npos) << e.message;
  e = load_error(kSmall, {"model.mamba={heads: 32}"});
  EXPECT_EQ(e.where.key, "model.mamba");
  e = load_error(kSmall, {"model.hybrid_pattern=" + p24, "model.mamba={heads: 30, groups: 8}"});
  EXPECT_EQ(e.where.key, "model.mamba.groups");
  e = load_error(kSmall, {"model.hybrid_pattern=" + p24, "model.mamba={heads: 32, groups: 1}"});
  EXPECT_EQ(e.where.key, "parallelism.tp");
  EXPECT_NE(e.message.find("Mamba-2"), std::string::npos) << e.message;
  e = load_error(kSmall, {"model.hybrid_pattern=" + p24, "parallelism.cp=2", "parallelism.dp=8"});
  EXPECT_EQ(e.where.key, "parallelism.cp");
  LoadOptions o;
  o.overrides = {"model.hybrid_pattern=" + p24};
  auto s = load_scenario_text(kSmall, "x.yaml", catalog(), o);
  ASSERT_TRUE(s.ok()) << s.error().format();
  ASSERT_TRUE(s->model.mamba.has_value());
  EXPECT_EQ(s->model.mamba->heads, 2 * 2048 / 64);  // expand 2, head_dim 64
}

// training.fp8_recipe takes Megatron-Core's --fp8-recipe names, needs precision fp8, and on a GPU
// without block-scaled tensor cores an MXFP8 run is priced per tensor, with a warning.
TEST(Scenario, Fp8RecipeKey) {
  Error e = load_error(kSmall, {"training.fp8_recipe=mxfp8"});
  EXPECT_EQ(e.where.key, "training.fp8_recipe");
  EXPECT_NE(e.message.find("needs precision: fp8 (precision is bf16)"), std::string::npos) << e.message;
  e = load_error(kSmall, {"training.precision=fp8", "training.fp8_recipe=mxpf8"});
  EXPECT_EQ(e.where.key, "training.fp8_recipe");
  EXPECT_NE(e.message.find("did you mean 'mxfp8'"), std::string::npos) << e.message;
  LoadOptions o;
  o.overrides = {"training.precision=fp8", "training.fp8_recipe=mxfp8"};
  auto s = load_scenario_text(kSmall, "x.yaml", catalog(), o);
  ASSERT_TRUE(s.ok()) << s.error().format();
  EXPECT_EQ(s->training.fp8_recipe, workload::Training::Fp8Recipe::kMxfp8);
  ASSERT_EQ(s->warnings.size(), 1u);
  EXPECT_EQ(s->warnings[0], "H100-SXM has no MXFP8 block-scaled tensor cores; its FP8 GEMMs are priced per tensor");
  o.overrides.push_back("cluster.gpu=B200");
  s = load_scenario_text(kSmall, "x.yaml", catalog(), o);
  ASSERT_TRUE(s.ok()) << s.error().format();
  EXPECT_TRUE(s->warnings.empty());
}

// Packed documents: a token count shorter than the sequence, or a dataset the catalog knows.
TEST(Scenario, PackedDocuments) {
  LoadOptions o;
  o.overrides = {"training.packed_documents=300"};
  auto s = load_scenario_text(kSmall, "t.yaml", **hw::Catalog::builtin(), o);
  ASSERT_TRUE(s.ok()) << s.error().format();
  EXPECT_EQ(s->training.document_tokens, 300);
  o.overrides = {"training.packed_documents=squad-v1.1"};
  s = load_scenario_text(kSmall, "t.yaml", **hw::Catalog::builtin(), o);
  ASSERT_TRUE(s.ok()) << s.error().format();
  EXPECT_GT(s->training.document_tokens, 100);
  expect_key_error({"training.packed_documents=squad-v11"}, "training.packed_documents", "did you mean 'squad-v1.1'");
  expect_key_error({"training.packed_documents=2048"}, "training.packed_documents", "model.seq_len is 2048");
  expect_key_error({"training.packed_documents=-300"}, "training.packed_documents", "neither a token count");
  expect_key_error({"training.packed_documents=" + std::string(400, '9')}, "training.packed_documents", "beyond any sequence");
}

// LoRA: the adapted layers are named as Megatron-Core names them; the adapter keys need peft: lora.
TEST(Scenario, LoraKeys) {
  Error e = load_error(kSmall, {"training.lora_rank=16"});
  EXPECT_EQ(e.where.key, "training.lora_rank");
  EXPECT_NE(e.message.find("needs peft: lora"), std::string::npos) << e.message;
  e = load_error(kSmall, {"training.peft=lora", "training.lora_modules=linear_qvk"});
  EXPECT_EQ(e.where.key, "training.lora_modules");
  EXPECT_NE(e.message.find("did you mean 'linear_qkv'"), std::string::npos) << e.message;
  e = load_error(kSmall, {"training.peft=lora", "training.lora_rank=0"});
  EXPECT_EQ(e.where.key, "training.lora_rank");
  LoadOptions o;
  o.overrides = {"training.peft=lora", "training.lora_modules=linear_qkv,linear_fc2"};
  auto s = load_scenario_text(kSmall, "x.yaml", catalog(), o);
  ASSERT_TRUE(s.ok()) << s.error().format();
  EXPECT_EQ(s->training.peft, workload::Training::Peft::kLora);
  EXPECT_EQ(s->training.lora_rank, 32);
  EXPECT_EQ(s->training.lora_modules, workload::kLoraQkv | workload::kLoraFc2);
}

// torchtitan's preset keeps FSDP2's weights gathered and syncs once per step when pipelined.
TEST(Scenario, TorchtitanPresetSyncsOncePerStepWithPipelining) {
  for (const char* pp : {"1", "2"}) {
    LoadOptions o;
    o.overrides = {"training.framework=torchtitan", std::string("parallelism.pp=") + pp, "parallelism.dp=" + std::string(pp[0] == '1' ? "32" : "16")};
    auto s = load_scenario_text(kSmall, "x.yaml", catalog(), o);
    ASSERT_TRUE(s.ok()) << s.error().format();
    const bool pipelined = pp[0] == '2';
    EXPECT_EQ(s->parallelism.dp_sync == workload::Parallelism::DpSync::kStep, pipelined);
    EXPECT_EQ(s->parallelism.reshard_after_forward, !pipelined);
  }
}

TEST(Scenario, SetOverridesAValue) {
  LoadOptions o;
  o.overrides = {"parallelism.tp=4", "cluster.scale_out.bandwidth=800 Gb/s"};
  auto s = load_scenario_text(kSmall, "x.yaml", catalog(), o);
  ASSERT_TRUE(s.ok()) << s.error().format();
  EXPECT_EQ(s->parallelism.tp, 4);
  EXPECT_EQ(s->parallelism.dp, 8);
  EXPECT_DOUBLE_EQ(s->cluster.scale_out_bandwidth.value(), 100e9);
}

TEST(Scenario, TheSharedExamplesLoad) {
  for (const char* f : {"colossus-100k-h100.yaml", "gpt-145b-a100.yaml", "million-gb300.yaml", "moe-671b-gb300.yaml"}) {
    auto s = load_scenario(std::string(GIGASIM_SOURCE_DIR) + "/examples/" + f, catalog());
    EXPECT_TRUE(s.ok()) << f << ": " << (s.ok() ? "" : s.error().format());
  }
}

}  // namespace
}  // namespace gigasim::scenario
