#include "serve/serve.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>

#include "report/serve_json.h"
#include "scenario/serving_section.h"

namespace gigasim::serve {
namespace {

const char* kLlama =
    "schema: 1\nname: t\nmodel: { layers: 80, hidden: 8192, heads: 64, kv_heads: 8, ffn_hidden: 28672, ffn: swiglu, "
    "vocab: 32000 }\ncluster: { gpu: H100-SXM, gpus: 8 }\nserving: { precision: fp8, replica: { tp: 8 }, requests: 800 }\n"
    "workload:\n  kind: llm\n  input_tokens: { mean: 500, max: 1024 }\n  output_tokens: { mean: 200, max: 1024 }\n"
    "  arrival: poisson\n  rate: max\n  slo: { ttft_p99: 2 s, tpot_p99: 200 ms }\n";

const char* kVideo =
    "schema: 1\nname: v\nmodel: { kind: dit, layers: 40, hidden: 5120, heads: 40, ffn_hidden: 13824, text: cross, "
    "patch: [1, 2, 2], vae: { temporal: 4, spatial: 8 } }\ncluster: { gpu: H100-SXM, gpus: auto }\n"
    "serving: { precision: bf16, replica: { gpus: 8 } }\n"
    "workload: { kind: video, width: 1280, height: 720, frames: 81, steps: 50, passes_per_step: 2, rate: 1M /day }\n";

Result<ServeScenario> load(const std::string& text, std::vector<std::string> sets = {}) {
  scenario::LoadOptions o;
  o.overrides = std::move(sets);
  return scenario::load_serve_scenario_text(text, "t.yaml", **hw::Catalog::builtin(), o);
}

Result<ServeResult> run(const std::string& text, std::vector<std::string> sets = {}) {
  auto s = load(text, std::move(sets));
  if (!s) return s.error();
  ServeOptions o;
  o.rate_curve = false;
  return serve(*s, **hw::Catalog::builtin(), **ServeCatalog::builtin(), o);
}

void expect_bad(const std::string& text, std::vector<std::string> sets, const std::string& key) {
  auto s = load(text, std::move(sets));
  ASSERT_FALSE(s.ok()) << key;
  EXPECT_EQ(s.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(s.error().where.key, key) << s.error().format();
}

TEST(ServeScenario, BadInputNamesTheKey) {
  expect_bad(kLlama, {"workload.kind=speech"}, "workload.kind");
  expect_bad(kLlama, {"workload.rate=-5 /s"}, "workload.rate");
  expect_bad(kLlama, {"workload.rate=5 /fortnight"}, "workload.rate");
  expect_bad(kLlama, {"serving.replica.tp=3"}, "cluster.gpus");
  expect_bad(kLlama, {"serving.precison=fp8"}, "serving.precison");
  expect_bad(kVideo, {"workload.frames=0"}, "workload.frames");
  expect_bad(kVideo, {"workload.frames=80"}, "workload.frames");
  expect_bad(kVideo, {"workload.width=1288"}, "workload.width");
  expect_bad(kVideo, {"model.patch=[1, 3, 3]"}, "workload.width");
  expect_bad(kVideo, {"model.kind=unet"}, "model.kind");
  // A training cluster's floor plan has no meaning for a fleet: refused, not read and ignored.
  expect_bad(kLlama, {"cluster.floor_plan.halls=2"}, "cluster.floor_plan");
  auto s = load(kLlama, {"serving.precison=fp8"});
  EXPECT_NE(s.error().message.find("did you mean 'precision'"), std::string::npos) << s.error().message;
  expect_bad(kLlama, {"serving.scheduler=max_util"}, "serving.scheduler");
  expect_bad(kLlama, {"serving.dispatch=round-robin"}, "serving.dispatch");
  expect_bad(kLlama, {"serving.cuda_graph_batch_sizes=[0, 8]"}, "serving.cuda_graph_batch_sizes");
  expect_bad(kLlama, {"serving.cuda_graph_batch_sizes=[8, eight]"}, "serving.cuda_graph_batch_sizes");
  expect_bad(kLlama, {"serving.cuda_graph_batch_sizes=64"}, "serving.cuda_graph_batch_sizes");
  EXPECT_TRUE(load(kLlama, {"serving.cuda_graph_batch_sizes=[64, 8, 256]"}).ok());
  auto d = load(kLlama, {"serving.dispatch=round-robin"});
  EXPECT_NE(d.error().message.find("did you mean 'round_robin'"), std::string::npos) << d.error().message;
}

// `power:` of a serving file: the fleet's draw at the meter is its GPUs plus the host power per GPU,
// times the PUE; a supply below it names power as the limit and the GPUs it can run.
TEST(ServeSite, PowerAtTheMeterAndASupplyThatIsShort) {
  const std::string site = std::string(kLlama) +
                           "power: { pue: 1.25, it: { cpu: 100 W, memory: 0 W, nic: 0 W, node_other: 0 W, switches: 0 W, "
                           "storage: 0 W }, price: 0.1 USD/kWh }\n";
  auto r = run(site, {"cluster.gpus=auto", "workload.rate=100 /s"});
  ASSERT_TRUE(r.ok()) << r.error().format();
  ASSERT_TRUE(r->site.has_value());
  const auto& p = *r->site;
  const double gpus = static_cast<double>(r->gpus);
  EXPECT_DOUBLE_EQ(p.gpu_w, r->power_w);
  EXPECT_DOUBLE_EQ(p.host_w_per_gpu, 100);
  EXPECT_NEAR(p.it_w, r->power_w + 100 * gpus, 1e-6);
  EXPECT_NEAR(p.facility_w, 1.25 * p.it_w, 1e-6);
  EXPECT_NEAR(p.energy_usd_per_hour, p.facility_w / 1e3 * 0.1, 1e-6);
  EXPECT_FALSE(p.supply_w.has_value());
  EXPECT_FALSE(r->power_short);

  // Half the draw from the grid plus one generator of a quarter: three quarters of the GPUs run.
  const double meter = p.facility_w;
  auto short_r = run(site, {"cluster.gpus=auto", "workload.rate=100 /s", fmt::format("power.grid.limit={} W", meter / 2),
                            fmt::format("power.generation=[{{unit_power: {} W, ramp: 1 MW/s}}]", meter / 4)});
  ASSERT_TRUE(short_r.ok()) << short_r.error().format();
  EXPECT_TRUE(short_r->power_short);
  EXPECT_EQ(short_r->limiting_factor, "power");
  EXPECT_NEAR(*short_r->site->supply_w, 0.75 * meter, 1e-6);
  EXPECT_EQ(short_r->site->gpus_supplied, static_cast<int64_t>(std::floor(0.75 * gpus)));
  EXPECT_NE(short_r->limiting_detail.find("it powers"), std::string::npos) << short_r->limiting_detail;

  // A training job's power-swing keys are refused by name in a serving file.
  expect_bad(site, {"power.battery={count: 2}"}, "power.battery");
  expect_bad(site, {"power.grid={limit: 1 MW, band: 2 MW}"}, "power.grid.band");
  expect_bad(site, {"power.pu=1.3"}, "power.pu");
}

TEST(ServeScenario, Rates) {
  EXPECT_NEAR(*scenario::parse_rate("75 /s", 1), 75, 1e-9);
  EXPECT_NEAR(*scenario::parse_rate("50M /day", 1), 50e6 / 86400, 1e-6);
  EXPECT_NEAR(*scenario::parse_rate("6B /month", 1), 6e9 / (365.25 / 12 * 86400), 1e-6);
  EXPECT_NEAR(*scenario::parse_rate("1B tokens/day", 500), 1e9 / 86400 / 500, 1e-6);
  EXPECT_FALSE(scenario::parse_rate("fast", 1).ok());
}

TEST(ServeLlm, ContractResult) {
  auto s = load(kLlama);
  ASSERT_TRUE(s.ok()) << s.error().format();
  auto r = run(kLlama);
  ASSERT_TRUE(r.ok()) << r.error().format();
  const auto j = report::serve_result_json(*s, *r);
  for (const char* k : {"gpus", "replicas", "rate_per_s", "throughput", "latency_s", "slo_met", "memory_per_gpu_gib",
                        "max_batch", "limiting_factor", "power_mw", "energy_j_per_output_token"})
    EXPECT_TRUE(j["serve"].contains(k)) << k;
  for (const char* k : {"output_tokens_per_s", "input_tokens_per_s", "output_tokens_per_s_per_gpu", "requests_per_s"})
    EXPECT_TRUE(j["serve"]["throughput"].contains(k)) << k;
  EXPECT_TRUE(r->slo_met);
  EXPECT_LE(r->latency.ttft.p99, 2.0);
  EXPECT_LE(r->latency.tpot.p99, 0.2);
  // An SLO, or the replica's capacity when the SLO holds up to the offline throughput.
  for (const char* f : {"ttft_slo", "tpot_slo", "compute", "hbm_bandwidth", "kv_cache_memory"})
    if (r->limiting_factor == f) return;
  ADD_FAILURE() << r->limiting_factor;
}

TEST(ServeLlm, SameScenarioSameBytes) {
  auto s = load(kLlama);
  auto a = run(kLlama), b = run(kLlama);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(report::serve_result_json(*s, *a).dump(), report::serve_result_json(*s, *b).dump());
}

TEST(ServeLlm, ModelThatDoesNotFitIsInfeasible) {
  auto r = run(kLlama, {"cluster.gpus=1", "serving.replica.tp=1", "serving.precision=bf16"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInfeasible);
  EXPECT_NE(r.error().message.find("per GPU weights"), std::string::npos) << r.error().message;
}

TEST(ServeLlm, UnreachableSloIsInfeasibleWithBestP99s) {
  auto r = run(kLlama, {"workload.slo.tpot_p99=1 ms"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInfeasible);
  EXPECT_NE(r.error().message.find("P99 TPOT"), std::string::npos) << r.error().message;
}

// A replica of pp stages keeps pp micro-batches in flight (TensorRT-LLM's in-flight batching:
// one per stage, each of up to max_batch sequences): its stages work at once, so its offline
// throughput per GPU is near that of a replica of one stage, not 1/pp of it, and it holds pp x
// max_batch sequences. A round of the pipeline lasts as long as its slowest micro-batch: requests
// of one length give every micro-batch the same iterations and no bubble; lengths that vary (the
// log-normal outputs of kLlama) leave the faster micro-batches waiting.
TEST(ServeLlm, PipelineStagesRunMicroBatchesInFlight) {
  auto per_gpu = [&](int pp, bool uniform) {
    std::vector<std::string> sets = {"workload.arrival=offline", "serving.max_batch=64",
                                     "serving.replica={tp: 2, pp: " + std::to_string(pp) + "}"};
    if (uniform) sets.insert(sets.end(), {"workload.input_tokens=500", "workload.output_tokens=200"});
    auto r = run(kLlama, sets);
    EXPECT_TRUE(r.ok()) << r.error().format();
    if (r.ok()) {
      EXPECT_EQ(r->replica.pp, pp);
    }
    return r;
  };
  auto one = per_gpu(1, false), two = per_gpu(2, false);
  auto one_u = per_gpu(1, true), two_u = per_gpu(2, true);
  ASSERT_TRUE(one.ok() && two.ok() && one_u.ok() && two_u.ok());
  EXPECT_EQ(two->max_batch, 2 * one->max_batch);
  const double uniform = two_u->output_tokens_per_s_per_gpu / one_u->output_tokens_per_s_per_gpu;
  const double varied = two->output_tokens_per_s_per_gpu / one->output_tokens_per_s_per_gpu;
  EXPECT_NEAR(uniform, 1.0, 0.03);   // 1.002
  EXPECT_LT(varied, uniform - 0.05);  // 0.845: the bubble
  EXPECT_GT(varied, 0.7);
}

// The fleet is one simulated replica times the replica count: ten times the demand takes about ten
// times the GPUs at the same cost per token.
TEST(ServeFleet, SizingBySymmetry) {
  // The small fleet is ~20 replicas, so rounding it up to whole replicas moves the ratio < 5%.
  auto small = run(kLlama, {"cluster.gpus=auto", "workload.rate=1000 /s"});
  auto big = run(kLlama, {"cluster.gpus=auto", "workload.rate=1000000 /s"});
  ASSERT_TRUE(small.ok() && big.ok()) << (small.ok() ? big.error().format() : small.error().format());
  EXPECT_NEAR(static_cast<double>(big->gpus) / static_cast<double>(small->gpus), 1000, 200);
  EXPECT_NEAR(big->usd_per_million_output_tokens / small->usd_per_million_output_tokens, 1, 0.2);
  EXPECT_TRUE(big->slo_met);
}

// Eight replicas dealt the fleet's stream round-robin each see smoother arrivals than a Poisson
// stream of their own: shorter queues, so at least the same rate within the SLO. One replica
// sees the whole stream either way.
TEST(ServeFleet, RoundRobinDispatchSmoothsAReplicasArrivals) {
  auto cap = run(kLlama, {"cluster.gpus=64", "serving.dispatch=random"});
  ASSERT_TRUE(cap.ok()) << cap.error().format();
  const std::string rate = fmt::format("workload.rate={} /s", 0.95 * cap->rate_per_s);
  auto dealt = run(kLlama, {"cluster.gpus=64", rate});
  auto random = run(kLlama, {"cluster.gpus=64", rate, "serving.dispatch=random"});
  ASSERT_TRUE(dealt.ok() && random.ok());
  EXPECT_EQ(dealt->replicas, 8);
  EXPECT_LT(dealt->latency.ttft.p99, random->latency.ttft.p99);
  auto one = run(kLlama), one_random = run(kLlama, {"serving.dispatch=random"});
  ASSERT_TRUE(one.ok() && one_random.ok());
  EXPECT_EQ(one->output_tokens_per_s, one_random->output_tokens_per_s);
}

TEST(ServeFleet, LayoutSearchPicksAFittingReplica) {
  std::string searched = kLlama;  // the same scenario without serving.replica: the layout is searched
  searched.replace(searched.find("replica: { tp: 8 }, "), std::string("replica: { tp: 8 }, ").size(), "");
  auto r = run(searched, {"cluster.gpus=auto", "workload.rate=1000 /s"});
  ASSERT_TRUE(r.ok()) << r.error().format();
  EXPECT_GE(r->layouts.size(), 3u);
  EXPECT_GE(r->replica.tp, 2);  // 70B in fp8 does not leave room for KV on one H100
}

TEST(ServeDiffusion, VideoTokensAndFleet) {
  auto r = run(kVideo);
  ASSERT_TRUE(r.ok()) << r.error().format();
  // 21 latent frames x 45 x 80 patches (dit_architectures.md: 75,600 tokens).
  EXPECT_EQ(r->diffusion->latent_tokens, 75600);
  EXPECT_EQ(r->gpus % 8, 0);
  EXPECT_NEAR(r->items_per_s, 1e6 / 86400, 1e-6);
}

TEST(ServeVoice, TimeToFirstAudio) {
  std::string v = kLlama;
  v.replace(v.find("kind: llm"), 9, "kind: voice");
  auto r = run(v, {"model.layers=32", "model.hidden=4096", "model.heads=32", "model.ffn_hidden=14336", "serving.replica.tp=1",
                   "cluster.gpus=auto", "workload.rate=100 /s", "workload.slo.ttfa_p99=2 s"});
  ASSERT_TRUE(r.ok()) << r.error().format();
  ASSERT_TRUE(r->voice.has_value());
  EXPECT_GT(r->voice->time_to_first_audio_s, r->latency.ttft.p99);
  EXPECT_LT(r->voice->tts_real_time_factor, 1);
  EXPECT_GT(r->voice->asr_gpus + r->voice->tts_gpus, 0);
}

}  // namespace
}  // namespace gigasim::serve
