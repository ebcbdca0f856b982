// Predictions of gigasim serve against the public measurements of
// ../shared/validation/inference/serving_measurements.csv (each row's source is in that file).
// Every row is listed with its measured value; the bound asserted for each row is the error this
// model reaches today, rounded up (docs/serving.md "Validation" lists them and what is missing).
// The MLPerf datasets' lengths are statistics of the datasets themselves (see dataset() below).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "scenario/serving_section.h"
#include "serve/serve.h"

namespace gigasim::serve {
namespace {

const char* model_yaml(const std::string& m) {
  if (m == "llama2-70b") return "{ layers: 80, hidden: 8192, heads: 64, kv_heads: 8, ffn_hidden: 28672, ffn: swiglu, vocab: 32000 }";
  if (m == "llama3-70b") return "{ layers: 80, hidden: 8192, heads: 64, kv_heads: 8, ffn_hidden: 28672, ffn: swiglu, vocab: 128256 }";
  if (m == "llama3-8b") return "{ layers: 32, hidden: 4096, heads: 32, kv_heads: 8, ffn_hidden: 14336, ffn: swiglu, vocab: 128256 }";
  if (m == "llama3-405b") return "{ layers: 126, hidden: 16384, heads: 128, kv_heads: 8, ffn_hidden: 53248, ffn: swiglu, vocab: 128256 }";
  if (m == "mixtral") return "{ layers: 32, hidden: 4096, heads: 32, kv_heads: 8, ffn_hidden: 14336, ffn: swiglu, vocab: 32000, moe: { experts: 8, top_k: 2 } }";
  if (m == "maverick")
    return "{ layers: 48, hidden: 5120, heads: 40, kv_heads: 8, ffn_hidden: 16384, ffn: swiglu, vocab: 202048, moe: { experts: 128, "
           "top_k: 1, shared_experts: 1, expert_ffn_hidden: 8192, dense_layers: 24 } }";
  return "{ layers: 61, hidden: 7168, heads: 128, ffn_hidden: 18432, ffn: swiglu, vocab: 129280, attention: { type: mla, "
         "q_lora_rank: 1536, kv_lora_rank: 512, qk_rope_head_dim: 64, qk_nope_head_dim: 128, v_head_dim: 128 }, moe: { "
         "experts: 256, top_k: 8, shared_experts: 1, expert_ffn_hidden: 2048, dense_layers: 3 }, mtp_depth: 1 }";
}

// Dataset lengths. The MLPerf datasets' per-sample input and output token counts were extracted from
// MLCommons' preprocessed dataset pickles by openshift-psap/performance-dashboard@7100702
// (mlperf-data/summaries/*.csv, mlperf-data/original/generate_dataset_summaries.py).
// Llama-3.1-405B, DeepSeek-R1 and Mixtral run on those lengths as traces
// (tests/data/mlperf/README.md: shuffled once, R1 outputs capped at MAX_OSL 20,000, which gives
// MLPerf's reference mean of 3,886.2 exactly; the 405B and Mixtral outputs average 684.7 and 144.8,
// MLPerf's tokens_per_sample). OpenOrca's outputs in that file are the GPT-4 reference answers
// (mean 219), not Llama-2's (294.45): Llama-2-70B runs on log-normal lengths with the dataset's input
// statistics (mean 222.3, max 1,021, sigma of ln length 0.65) and MLPerf's output mean, spread as the
// reference answers (1.11).
std::string trace(const char* file) { return std::string(GIGASIM_SOURCE_DIR) + "/tests/data/mlperf/" + file; }

// {input, output} YAML, or {"trace", path}.
std::pair<std::string, std::string> dataset(const std::string& d) {
  if (d == "openorca") return {"{ mean: 222.3, max: 1021, sigma: 0.65 }", "{ mean: 294.45, max: 1024, sigma: 1.11 }"};
  if (d == "mixtral") return {"trace", trace("mlperf_mixtral-8x7b_lengths.csv")};
  if (d == "405b") return {"trace", trace("mlperf_llama3.1-405b_lengths.csv")};
  if (d == "r1") return {"trace", trace("mlperf_deepseek-r1_lengths.csv")};
  const auto slash = d.find('/');
  return {d.substr(0, slash), d.substr(slash + 1)};  // fixed "ISL/OSL"
}

const char* slo_yaml(const std::string& s) {
  if (s == "l2") return "{ ttft_p99: 2 s, tpot_p99: 200 ms }";   // loadgen mlperf.conf, P99
  if (s == "mx") return "{ ttft_p99: 2 s, tpot_p99: 200 ms }";
  if (s == "405") return "{ ttft_p99: 6 s, tpot_p99: 175 ms }";
  if (s == "405i") return "{ ttft_p99: 4.5 s, tpot_p99: 80 ms }";
  if (s == "r1") return "{ ttft_p99: 2 s, tpot_p99: 80 ms }";
  return "";
}

struct Row {
  const char* name;
  const char* model;
  const char* gpu;
  int gpus;
  const char* precision;
  const char* data;
  bool server;
  const char* slo;
  double measured;      // output tokens/s, as in the CSV
  const char* csv_value;  // the CSV's value text, checked to be in the file
  int tp;               // 0 = the layout search picks (MLPerf submitters choose theirs)
  double bound;         // |error| asserted: what the model reaches today, rounded up
  // Serving keys of the submission's own configuration, where it is published (nullptr: the
  // model's defaults and its layout search).
  const char* as_submitted = nullptr;
};

// NVIDIA's MLPerf Inference v5.0 harness configuration of Llama-3.1-405B Server on 8 H200
// (ntuhpc/mlperf_inference_results_v5.0@cf35411 closed/Oracle/configs/llama3_1-405b/Server/__init__.py,
// class H200_SXM_141GBx8_TP8PP1): tensor_parallelism 8, runtime max_num_tokens 2560 and
// max_batch_size 64, gemm_allreduce_plugin on.
constexpr const char* kH200_405bServer = "  replica: { tp: 8 }\n  max_batch: 64\n  chunked_prefill: 2560\n  tp_overlap: true\n";

// NVIDIA's MLPerf Inference v5.1 launch script of DeepSeek-R1 on GB300 NVL72, for Offline and
// Server alike (ntuhpc/inference_results_v5.1@a634ab7 closed/NVIDIA/scripts/slurm_llm/run-trtllm-serve.sh):
// one trtllm-serve per 8 GPUs (two 4-GPU nodes) with tp_size 8, ep_size 8 and attention data
// parallelism, max_num_tokens 6556, max_batch_size 1536 per rank and max_concurrency 10240, the
// MAX_UTILIZATION scheduler, FP8 KV cache, no speculative decoding, and CUDA graphs captured for
// 1, 2, 4, 16, ... 1,536 sequences with padding (cuda_graph_config). Under attention data
// parallelism each rank schedules its own max_num_tokens: the replica's chunk is 8 x 6556.
constexpr const char* kGb300R1 =
    "  replica: { tp: 8, ep: 8 }\n  max_batch: 10240\n  chunked_prefill: 52448\n"
    "  cuda_graph_batch_sizes: [1, 2, 4, 16, 32, 64, 128, 256, 512, 896, 1024, 1280, 1536]\n";

// NVIDIA's MLPerf Inference v5.1 harness configuration of DeepSeek-R1 Server on 8 B200
// (ntuhpc/inference_results_v5.1@a634ab7 closed/NVIDIA/configs/B200-SXM-180GBx8/Server/deepseek-r1.py):
// tensor_parallelism 8, moe_expert_parallelism 8, enable_attention_dp, gpu_batch_size 512 per rank,
// max_num_tokens 3456 per rank without chunked context (8 x 3456 per replica), CUDA graphs of 128,
// 256, 384 and 512 sequences with padding.
constexpr const char* kB200R1Server =
    "  replica: { tp: 8, ep: 8 }\n  max_batch: 4096\n  chunked_prefill: 27648\n"
    "  cuda_graph_batch_sizes: [128, 256, 384, 512]\n";

const Row kRows[] = {
    {"MLPerf v4.1 H100x8 Llama-2-70B Offline", "llama2-70b", "H100-SXM", 8, "fp8", "openorca", false, "", 24524.9, "24524.9", 0, 0.05},
    {"MLPerf v4.1 H100x8 Llama-2-70B Server", "llama2-70b", "H100-SXM", 8, "fp8", "openorca", true, "l2", 21605.79, "21605.79", 0, 0.15},
    {"MLPerf v4.1 B200x1 Llama-2-70B Offline", "llama2-70b", "B200", 1, "fp4", "openorca", false, "", 11264.4, "11264.4", 0, 0.05},
    {"MLPerf v4.1 B200x1 Llama-2-70B Server", "llama2-70b", "B200", 1, "fp4", "openorca", true, "l2", 10755.59, "10755.59", 0, 0.05},
    {"MLPerf v4.1 H100x8 Mixtral-8x7B Offline", "mixtral", "H100-SXM", 8, "fp8", "mixtral", false, "", 52415.9, "52415.9", 0, 0.15},
    {"MLPerf v4.1 H100x8 Mixtral-8x7B Server", "mixtral", "H100-SXM", 8, "fp8", "mixtral", true, "mx", 50795.57, "50795.57", 0, 0.15},
    {"MLPerf v5.0 H200x8 Llama-2-70B Offline", "llama2-70b", "H200-SXM", 8, "fp8", "openorca", false, "", 34988.2, "34988.2", 0, 0.25},
    {"MLPerf v5.0 H200x8 Llama-3.1-405B Offline", "llama3-405b", "H200-SXM", 8, "fp8", "405b", false, "", 560.651, "560.651", 0, 0.20},
    {"MLPerf v5.0 H200x8 Llama-3.1-405B Server", "llama3-405b", "H200-SXM", 8, "fp8", "405b", true, "405", 291.37, "291.37", 0, 0.10, kH200_405bServer},
    {"MLPerf v5.0 H200x8 Mixtral-8x7B Server", "mixtral", "H200-SXM", 8, "fp8", "mixtral", true, "mx", 61801.95, "61801.95", 0, 0.10},
    {"MLPerf v5.1 B200x8 DeepSeek-R1 Server (as submitted)", "deepseek-r1", "B200", 8, "fp4", "r1", true, "r1", 18592.2, "18592.2", 0, 0.75, kB200R1Server},
    {"MLPerf v5.1 B200x8 Llama-2-70B Server", "llama2-70b", "B200", 8, "fp4", "openorca", true, "l2", 99123.0, "99123.0", 0, 0.15},
    {"MLPerf v5.1 B200x8 Llama-2-70B Offline", "llama2-70b", "B200", 8, "fp4", "openorca", false, "", 101527.0, "101527.0", 0, 0.15},
    {"MLPerf v5.1 B200x8 Llama-3.1-405B Interactive", "llama3-405b", "B200", 8, "fp4", "405b", true, "405i", 751.37, "751.37", 0, 0.20},
    {"MLPerf v5.1 B200x8 Llama-3.1-405B Offline", "llama3-405b", "B200", 8, "fp4", "405b", false, "", 1624.11, "1624.11", 0, 0.15},
    {"MLPerf v5.1 GB200 NVL72 Llama-3.1-405B Server", "llama3-405b", "GB200", 72, "fp4", "405b", true, "405", 11614.3, "11614.3", 0, 0.20},
    {"MLPerf v5.1 GB200 NVL72 Llama-3.1-405B Interactive", "llama3-405b", "GB200", 72, "fp4", "405b", true, "405i", 9921.02, "9921.02", 0, 0.05},
    {"MLPerf v5.1 GB200 NVL72 Llama-3.1-405B Offline", "llama3-405b", "GB200", 72, "fp4", "405b", false, "", 14774.3, "14774.3", 0, 0.10},
    {"MLPerf v5.1 GB300 NVL72 DeepSeek-R1 Server", "deepseek-r1", "GB300", 72, "fp4", "r1", true, "r1", 209328.0, "209328.0", 0, 0.95, kGb300R1},
    {"MLPerf v5.1 GB300 NVL72 DeepSeek-R1 Offline", "deepseek-r1", "GB300", 72, "fp4", "r1", false, "", 420659.0, "420659.0", 0, 0.15, kGb300R1},
    {"MLPerf v5.1 GB300 NVL72 Llama-3.1-405B Server", "llama3-405b", "GB300", 72, "fp4", "405b", true, "405", 12248.4, "12248.4", 0, 0.30},
    {"MLPerf v5.1 GB300 NVL72 Llama-3.1-405B Offline", "llama3-405b", "GB300", 72, "fp4", "405b", false, "", 16104.1, "16104.1", 0, 0.15},
    {"TensorRT-LLM Llama-3.3-70B FP8 H100x2 1000/1000", "llama3-70b", "H100-SXM", 2, "fp8", "1000/1000", false, "", 4205, "4205", 2, 0.05},
    {"TensorRT-LLM Llama-3.3-70B FP8 H200x1 1000/1000", "llama3-70b", "H200-SXM", 1, "fp8", "1000/1000", false, "", 2909, "2909", 1, 0.25},
    {"TensorRT-LLM Llama-3.3-70B FP4 B200x1 1000/1000", "llama3-70b", "B200", 1, "fp4", "1000/1000", false, "", 7007, "7007", 1, 0.05},
    {"TensorRT-LLM Llama-3.3-70B FP8 H100x2 2048/128", "llama3-70b", "H100-SXM", 2, "fp8", "2048/128", false, "", 762, "762", 2, 0.05},
    {"TensorRT-LLM Llama-3.1-405B FP8 H100x8 128/2048", "llama3-405b", "H100-SXM", 8, "fp8", "128/2048", false, "", 4340, "4340", 8, 0.10},
    {"TensorRT-LLM Llama-3.1-405B FP4 GB200x4 1000/1000", "llama3-405b", "GB200", 4, "fp4", "1000/1000", false, "", 5389, "5389", 4, 0.15},
    {"TensorRT-LLM Llama-3.1-8B FP8 H100 128/128", "llama3-8b", "H100-SXM", 1, "fp8", "128/128", false, "", 28312, "28312", 1, 0.10},
    {"TensorRT-LLM Llama-3.1-8B FP8 H100 20000/2000", "llama3-8b", "H100-SXM", 1, "fp8", "20000/2000", false, "", 1351, "1351", 1, 0.10},
    {"TensorRT-LLM Llama-4-Maverick FP8 H200x8 1000/1000", "maverick", "H200-SXM", 8, "fp8", "1000/1000", false, "", 31782, "31782", 8, 0.05},
};

std::string scenario_for(const Row& r) {
  const auto [in, out] = dataset(r.data);
  std::string y = std::string("schema: 1\nname: \"") + r.name + "\"\nmodel: " + model_yaml(r.model) +
                  "\ncluster: { gpu: " + r.gpu + ", gpus: " + std::to_string(r.gpus) + " }\nserving:\n  precision: " +
                  r.precision + "\n  requests: 1500\n";
  if (r.tp) y += "  replica: { tp: " + std::to_string(r.tp) + " }\n";
  if (r.as_submitted) y += r.as_submitted;
  y += "workload:\n  kind: llm\n" +
       (in == "trace" ? "  trace: " + out + "\n" : "  input_tokens: " + in + "\n  output_tokens: " + out + "\n") +
       "  arrival: " + (r.server ? "poisson" : "offline") + "\n  rate: max\n";
  if (r.server) y += std::string("  slo: ") + slo_yaml(r.slo) + "\n";
  return y;
}

std::string csv_text() {
  std::ifstream f(std::string(GIGASIM_SHARED_DIR) + "/validation/inference/serving_measurements.csv");
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// Predictions are cached: several tests read the same rows.
Result<ServeResult> predict(const std::string& yaml) {
  static std::map<std::string, Result<ServeResult>> cache;
  if (auto it = cache.find(yaml); it != cache.end()) return it->second;
  auto s = scenario::load_serve_scenario_text(yaml, "validation", **hw::Catalog::builtin());
  if (!s) return s.error();
  ServeOptions o;
  o.rate_curve = false;
  auto r = serve(*s, **hw::Catalog::builtin(), **ServeCatalog::builtin(), o);
  cache.emplace(yaml, r);
  return r;
}

TEST(ServeValidation, LlmThroughputRows) {
  const std::string csv = csv_text();
  ASSERT_FALSE(csv.empty()) << "serving_measurements.csv not found";
  int within10 = 0, n = 0;
  double abs_sum = 0;
  for (const Row& r : kRows) {
    EXPECT_NE(csv.find(r.csv_value), std::string::npos) << r.name << ": measured value not in the CSV";
    auto p = predict(scenario_for(r));
    ASSERT_TRUE(p.ok()) << r.name << ": " << p.error().format();
    const double err = p->output_tokens_per_s / r.measured - 1;
    ++n;
    abs_sum += std::fabs(err);
    if (std::fabs(err) <= 0.10) ++within10;
    std::printf("  %-52s measured %10.1f predicted %10.1f error %+6.1f%%  tp%d pp%d %s\n", r.name, r.measured,
                p->output_tokens_per_s, 100 * err, p->replica.tp, p->replica.pp, p->limiting_factor.c_str());
    EXPECT_LE(std::fabs(err), r.bound) << r.name;
  }
  std::printf("  %d rows, %d within 10%%, mean |error| %.1f%%\n", n, within10, 100 * abs_sum / n);
  EXPECT_GE(within10, 15);
  // mean |error| 13.3%, 15 within 10% (13.1% with Blackwell's memory share at an unchecked 0.80, not
  // cub::DeviceTransform's measured B200 0.84; 12.2% and 16 with GB300's GEMMs at GB200's rate: gpus.yaml
  // gemm_rate_scale takes Azure's cuBLASLt sweeps of both, 1.14x, which moves GB300 Llama-3.1-405B
  // Offline +2.7 -> +12.1% and Server +10.7 -> +24.9%, DeepSeek-R1 Offline -14.8 -> -12.6%; the
  // two submissions' GB300 / GB200 ratios disagree, 1.09 for 405B Offline and 1.45 for R1 Offline,
  // while Megatron-Bridge's same-configuration training pairs give 1.15-1.23); 12.2% (12.3% with
  // Hopper's memory share at an unchecked 0.80, not Azure's STREAM Copy figures; 13.7% with every layer's fixed cost that of a dense layer's kernels, not in
  // proportion to its kernels (framework.kernels: an MLA + MoE + EP layer 26 / 9, Mixtral's 15 / 9);
  // 13.2% with the B200 DeepSeek-R1 Server row on the searched layout, a TP-8
  // replica the submission did not run, +73.7% against +92.4% as submitted; 14.2% without the
  // CUDA-graph padding of the three submitted R1 rows, 13.3% before both; 13.0% with the GB300 DeepSeek-R1 rows on the searched layout, not the
  // submission's: Offline -10.7%, Server +79.5%; 13.9% with each replica of a fleet on a Poisson stream of its own, not
  // dealt round-robin; 14.1% with HBM capacities as the datasheets' GB; 14.0% with latencies over
  // all but the first 5% of requests, not the steady state; 16.4% with log-normal lengths for the 405B, R1 and Mixtral sets, not
  // their traces; 19.1% with GEMMs and attention at their benchmark rates, not the sustained
  // share, and layer_overhead 90 us; 25.8% with assumed MLPerf input means, OpenOrca 500 against the dataset's
  // 222; 26.7% before the H200 405B Server row ran as submitted; 27.9% before the BF16 output head
  // and the NVFP4 rate at the training kernel model's FP4-over-FP8 ratio; 31.8% before Server rates
  // were capped at the offline capacity; 47.8% before the small-M, per-layer and EP-latency terms)
  EXPECT_LE(abs_sum / n, 0.135);
}

// Server / Offline ratio of the same system, against the published pairs.
TEST(ServeValidation, ServerOfflineRatio) {
  struct Pair { int server, offline; double bound; };
  // kRows indices: H100 Llama-2 (1, 0), B200x1 Llama-2 (3, 2), H100 Mixtral (5, 4), B200x8 Llama-2 (11, 12),
  // GB200 405B (15, 17), GB300 405B (20, 21), GB300 R1 (18, 19). GB300 405B: +11.4%, +7.8% with
  // GB300's GEMMs at GB200's rate (gpus.yaml gemm_rate_scale).
  const Pair pairs[] = {{1, 0, 0.15}, {3, 2, 0.05}, {5, 4, 0.05}, {11, 12, 0.05}, {15, 17, 0.25}, {20, 21, 0.15}, {18, 19, 1.05}};
  for (const Pair& q : pairs) {
    auto s = predict(scenario_for(kRows[q.server]));
    auto o = predict(scenario_for(kRows[q.offline]));
    ASSERT_TRUE(s.ok() && o.ok());
    const double pred = s->output_tokens_per_s / o->output_tokens_per_s;
    const double meas = kRows[q.server].measured / kRows[q.offline].measured;
    std::printf("  %-52s server/offline measured %.3f predicted %.3f (%+.1f%%), binding %s\n", kRows[q.server].name,
                meas, pred, 100 * (pred / meas - 1), s->limiting_factor.c_str());
    EXPECT_LE(std::fabs(pred / meas - 1), q.bound) << kRows[q.server].name;
  }
}

// MLPerf logs report the P99s at the submitted rate: the SLO nearest its limit is the binding one.
TEST(ServeValidation, BindingSlo) {
  // H200 Llama-3.1-405B Server: TTFT-bound (P99 TTFT 5636.9 of 6000 ms; the CSV's note).
  auto p = predict(scenario_for(kRows[8]));
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->limiting_factor, "ttft_slo");
  // Reported, not asserted: H100 Llama-2-70B Server is TPOT-bound as measured (175.4 of 200 ms)
  // and compute-bound in the model (its Server rate reaches the offline capacity); the GB200 405B
  // Interactive log is not in the CSV. DeepSeek-R1 v5.1 Server (the submissions' logs,
  // docs/serving.md): TPOT-bound on B200 (72.2 of 80 ms against TTFT 1.70 of 2 s), TTFT-bound on
  // GB300 (1.94 s against 70.8 ms); not TPOT- or TTFT-bound in the model, whose decode iteration at
  // the measured rate is 24-28 ms against 64-70 ms measured.
}

// Held out (in none of the shared files): MLPerf Inference v4.1 Llama-2-70B Offline on 8 H200 at
// 700 W, the same round and TensorRT-LLM release as the H100 row above
// (mlcommons/inference_results_v4.1@a2f5d66 closed/NVIDIA/results/H200-SXM-141GBx8_TRT/llama2-70b-99/
// Offline/performance/run_1/mlperf_log_summary.txt: 31,302.7 tokens/s; systems/H200-SXM-141GBx8_TRT.json
// "H200 TGP 700W"). Both run as submitted (configs/llama2-70b/Offline/__init__.py: H100 tensor
// parallelism 2, gpu_batch_size 896; H200 tensor parallelism 1, gpu_batch_size 806). The pair
// isolates the part from the software: the H200 / H100 ratio is 1.276 measured, and v5.0's H200 row
// (34,988, the CSV) is 1.118x v4.1's on the same GPU, the software gain the -19% of that row includes.
TEST(ServeValidation, HeldOutSameRoundH200AgainstH100) {
  auto run = [](const char* gpu, int tp, int batch) {
    Row r{"held out", "llama2-70b", gpu, 8, "fp8", "openorca", false, "", 0, "", 0, 0};
    std::string keys = "  replica: { tp: " + std::to_string(tp) + " }\n  max_batch: " + std::to_string(batch) + "\n";
    r.as_submitted = keys.c_str();
    auto p = predict(scenario_for(r));
    EXPECT_TRUE(p.ok());
    return p.ok() ? p->output_tokens_per_s : 0.0;
  };
  const double h100 = run("H100-SXM", 2, 896), h200 = run("H200-SXM", 1, 806);
  const double m100 = kRows[0].measured, m200 = 31302.7;  // kRows[0]: the v4.1 H100 row of the CSV
  std::printf("  MLPerf v4.1 H100x8 Llama-2-70B Offline (TP2, 896)  measured %.1f predicted %.1f (%+.1f%%)\n", m100, h100,
              100 * (h100 / m100 - 1));
  std::printf("  MLPerf v4.1 H200x8 Llama-2-70B Offline (TP1, 806)  measured %.1f predicted %.1f (%+.1f%%)\n", m200, h200,
              100 * (h200 / m200 - 1));
  std::printf("  H200 / H100 measured %.3f predicted %.3f\n", m200 / m100, h200 / h100);
  // H100 -0.2%, H200 -9.8%: the model gives the H200 1.154x the H100, 1.276x measured. Not explained:
  // the two parts' FP8 GEMM sweeps are equal (gpus.yaml gemm_rate_scale), and both rows are
  // compute-bound in the model.
  EXPECT_LE(std::fabs(h100 / m100 - 1), 0.05);
  EXPECT_LE(std::fabs(h200 / m200 - 1), 0.10);
}

// Held out: the v5.1 Llama-3.1-405B rows of kRows run as NVIDIA submitted them, not on the searched
// layout. The Custom-harness entries of ntuhpc/inference_results_v5.1@a634ab7
// closed/NVIDIA/configs/{B200-SXM-180GBx8, GB200-NVL72_GB200-186GB_aarch64x72,
// GB300-NVL72_GB300-288GB_aarch64x72_TRT}/{Offline,Server,Interactive}/llama3_1-405b.py give
// tensor and pipeline parallelism, gpu_batch_size (per micro-batch), the runtime max_num_tokens,
// gemm_allreduce_plugin (tp_overlap) and batch_scheduler_policy max_util; FP8 KV cache throughout.
// The measured P50 TPOT is each run's mlperf_log_summary.txt (closed/NVIDIA/results/.../
// performance/run_1), and the model runs at the log's completed samples per second for its own.
struct SubmittedRow {
  int row;              // index into kRows
  const char* keys;     // serving keys as submitted
  double rate;          // completed samples per second (Server / Interactive logs)
  double tpot_p50_ms;   // measured
  double bound;         // |throughput error| asserted: what the model reaches today, rounded up
};

const SubmittedRow kSubmitted405b[] = {
    {14, "  replica: { tp: 2, pp: 2 }\n  max_batch: 128\n  chunked_prefill: 1536\n  tp_overlap: true\n  scheduler: max_utilization\n", 0, 0, 0.05},
    {17, "  replica: { tp: 2, pp: 2 }\n  max_batch: 2048\n  chunked_prefill: 1536\n  tp_overlap: true\n  scheduler: max_utilization\n", 0, 0, 0.12},
    {21, "  replica: { tp: 2 }\n  max_batch: 2048\n  chunked_prefill: 1536\n  scheduler: max_utilization\n", 0, 0, 0.10},
    {13, "  replica: { tp: 4 }\n  max_batch: 256\n  chunked_prefill: 1536\n  tp_overlap: true\n  scheduler: max_utilization\n", 1.15, 62.07, 0.55},
    {15, "  replica: { tp: 4 }\n  max_batch: 256\n  chunked_prefill: 2048\n  tp_overlap: true\n  scheduler: max_utilization\n", 17.72, 104.77, 0.40},
    {16, "  replica: { tp: 4 }\n  max_batch: 2048\n  chunked_prefill: 1024\n  scheduler: max_utilization\n", 15.18, 66.62, 0.05},
    {20, "  replica: { tp: 2 }\n  max_batch: 2048\n  chunked_prefill: 1536\n  tp_overlap: true\n  scheduler: max_utilization\n", 19.46, 75.50, 0.50},
};

TEST(ServeValidation, HeldOutLlama405bAsSubmitted) {
  for (const SubmittedRow& q : kSubmitted405b) {
    Row r = kRows[q.row];
    r.as_submitted = q.keys;
    const std::string y = scenario_for(r);
    auto p = predict(y);
    ASSERT_TRUE(p.ok()) << r.name << ": " << p.error().format();
    const double err = p->output_tokens_per_s / r.measured - 1;
    std::printf("  %-52s as submitted: measured %9.1f predicted %9.1f (%+6.1f%%) %s\n", r.name, r.measured,
                p->output_tokens_per_s, 100 * err, p->limiting_factor.c_str());
    EXPECT_LE(std::fabs(err), q.bound) << r.name;
    if (q.rate <= 0) continue;
    std::string at_rate = y;
    at_rate.replace(at_rate.find("rate: max"), 9, "rate: " + std::to_string(q.rate) + " /s");
    auto m = predict(at_rate);
    ASSERT_TRUE(m.ok()) << r.name << ": " << m.error().format();
    std::printf("  %-52s at the measured %.2f samples/s: P50 TPOT measured %.1f ms, model %.1f ms\n", "", q.rate,
                q.tpot_p50_ms, 1e3 * m->latency.tpot.p50);
  }
  // Offline +1.5 / +10.3 / +6.6%: the submitted TP2 x PP2 and TP2 replicas (+5.5 / +14.0% before a
  // pipeline round lasted its slowest micro-batch). Server and Interactive
  // +51.7 / +38.2 / +2.0 / +47.5%: at the measured rate the model's P50 TPOT is 0.51 / 0.48 of the
  // measured on the TP4 replicas with the GEMM + all-reduce fusion (B200 Interactive, GB200 Server),
  // 0.83 / 0.82 without it at TP4 (GB200 Interactive) and with it at TP2 (GB300 Server); without the
  // fusion the first two read 0.62 / 0.78 (+18.5 / +13.5%). The searched layouts of kRows read
  // +17.3 / +18.9 / +0.5 / +25.7% on the same four rows.
}

struct DitRow {
  const char* name;
  const char* model;   // model: YAML
  const char* gpu;
  int gpus;
  const char* workload;
  double measured_s;
  double bound;
};

const char* kWan = "{ kind: dit, layers: 40, hidden: 5120, heads: 40, ffn_hidden: 13824, text: cross, text_tokens: 512, patch: [1, 2, 2], vae: { temporal: 4, spatial: 8 }, text_encoder: umt5-xxl }";
const char* kCog = "{ kind: dit, layers: 42, hidden: 3072, heads: 48, ffn_hidden: 12288, text: joint, text_tokens: 226, patch: [1, 2, 2], vae: { temporal: 4, spatial: 8 }, text_encoder: t5-xxl }";
// CogVideoX1.5 packs 2 latent frames per token; its 81 frames give 21 latent frames, padded to 22
// (as 85 frames here).
const char* kCog15 = "{ kind: dit, layers: 42, hidden: 3072, heads: 48, ffn_hidden: 12288, text: joint, text_tokens: 226, patch: [2, 2, 2], vae: { temporal: 4, spatial: 8 }, text_encoder: t5-xxl }";
const char* kFlux = "{ kind: dit, layers: 57, hidden: 3072, heads: 24, ffn_hidden: 12288, text: joint, text_tokens: 512, patch: [1, 2, 2], vae: { temporal: 1, spatial: 8, name: image-vae }, text_encoder: t5-xxl }";
const char* kWanVideo = "{ kind: video, width: 1280, height: 720, frames: 81, steps: 50, passes_per_step: 2 }";
const char* kCogVideo = "{ kind: video, width: 720, height: 480, frames: 49, steps: 50, passes_per_step: 2 }";
const char* kCog15Video = "{ kind: video, width: 1360, height: 768, frames: 85, steps: 50, passes_per_step: 2 }";
const char* kFluxImage = "{ kind: image, width: 1024, height: 1024, steps: 28, passes_per_step: 1 }";

const DitRow kDitRows[] = {
    {"Wan2.1 T2V-14B 720p 1 GPU", kWan, "H800-SXM", 1, kWanVideo, 1837.9, 0.09},
    {"Wan2.1 T2V-14B 720p 2 GPUs", kWan, "H800-SXM", 2, kWanVideo, 945.1, 0.08},
    {"Wan2.1 T2V-14B 720p 4 GPUs", kWan, "H800-SXM", 4, kWanVideo, 497.0, 0.04},
    {"Wan2.1 T2V-14B 720p 8 GPUs", kWan, "H800-SXM", 8, kWanVideo, 287.9, 0.10},
    {"CogVideoX-5B H100", kCog, "H100-SXM", 1, kCogVideo, 90, 0.03},
    {"CogVideoX-5B A100", kCog, "A100-SXM4-80GB", 1, kCogVideo, 180, 0.16},
    {"CogVideoX1.5-5B H100", kCog15, "H100-SXM", 1, kCog15Video, 550, 0.19},
    {"CogVideoX1.5-5B A100", kCog15, "A100-SXM4-80GB", 1, kCog15Video, 1000, 0.03},
    {"FLUX.1-dev 1024px H100 (torch.compile)", kFlux, "H100-SXM", 1, kFluxImage, 4.30, 0.06},
};

TEST(ServeValidation, GenerationTimes) {
  int within15 = 0;
  for (const DitRow& r : kDitRows) {
    const std::string y = std::string("schema: 1\nname: \"") + r.name + "\"\nmodel: " + r.model + "\ncluster: { gpu: " +
                          r.gpu + ", gpus: " + std::to_string(r.gpus) + " }\nserving: { precision: bf16, replica: { gpus: " +
                          std::to_string(r.gpus) + " } }\nworkload: " + r.workload + "\n";
    auto p = predict(y);
    ASSERT_TRUE(p.ok()) << r.name << ": " << p.error().format();
    const double err = p->seconds_per_item / r.measured_s - 1;
    if (std::fabs(err) <= 0.15) ++within15;
    std::printf("  %-44s measured %8.1f s predicted %8.1f s error %+6.1f%%\n", r.name, r.measured_s, p->seconds_per_item,
                100 * err);
    EXPECT_LE(std::fabs(err), r.bound) << r.name;
  }
  EXPECT_GE(within15, 7);
}

}  // namespace
}  // namespace gigasim::serve
