// Speed of gigasim serve. BM_ServeTenThousandRequests simulates 10,000 Poisson requests on one
// Llama-2-70B replica (TP8, H100, continuous batching with chunked prefill); the target is
// under 50 ms. BM_ServeMillionGpuFleet sizes a fleet of about 1,000,000 GPUs for a chat demand with
// the replica layout search (tp 1..8) and the SLO rate search; target under 10 s on 2 cores. One
// replica is simulated whatever the fleet size, so the cost does not grow with the GPU count.
#include <benchmark/benchmark.h>

#include <string>

#include "scenario/serving_section.h"
#include "serve/serve.h"

namespace {

using namespace gigasim;

const char* kChat =
    "schema: 1\nname: bench\nmodel: { layers: 80, hidden: 8192, heads: 64, kv_heads: 8, ffn_hidden: 28672, ffn: swiglu, "
    "vocab: 32000 }\ncluster: { gpu: H100-SXM, gpus: 8 }\nserving: { precision: fp8, replica: { tp: 8 } }\n"
    "workload:\n  kind: llm\n  input_tokens: { mean: 500, max: 1024 }\n  output_tokens: { mean: 294, max: 1024 }\n"
    "  arrival: poisson\n  rate: 20 /s\n  slo: { ttft_p99: 2 s, tpot_p99: 200 ms }\n";

void BM_ServeTenThousandRequests(benchmark::State& state) {
  const hw::Catalog& hw = **hw::Catalog::builtin();
  const serve::ServeCatalog& cat = **serve::ServeCatalog::builtin();
  auto s = *scenario::load_serve_scenario_text(kChat, "bench", hw);
  auto gpu = *hw.gpu(s.cluster.gpu);
  serve::LlmModel::Inputs in;
  in.model = &s.model;
  in.gpu = gpu;
  in.eff = *hw.efficiency(gpu->architecture);
  in.cluster = &s.cluster;
  in.catalog = &cat;
  in.precision = s.serving.precision;
  in.kv_precision = s.serving.kv_precision;
  in.replica = s.serving.replica;
  in.runtime_reserved = Bytes(3 * kGiB);
  const serve::LlmModel m = *serve::LlmModel::build(in);
  s.workload.input.sigma = s.workload.output.sigma = cat.lognormal_sigma;
  const auto reqs = serve::make_requests(s.workload, 10000, 20.0, 1);
  serve::SimLimits lim;
  lim.max_batch = cat.max_batch_size;
  lim.kv_tokens = m.kv_capacity_tokens();
  lim.chunk = 2048;
  lim.max_num_tokens = cat.max_num_tokens;
  for (auto _ : state) {
    auto r = serve::simulate(reqs, [&m](const serve::StepLoad& x) { return m.step(x); }, lim, 1, 1);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_ServeTenThousandRequests)->Unit(benchmark::kMillisecond);

void BM_ServeMillionGpuFleet(benchmark::State& state) {
  const hw::Catalog& hw = **hw::Catalog::builtin();
  const serve::ServeCatalog& cat = **serve::ServeCatalog::builtin();
  scenario::LoadOptions lo;
  // ~1M GPUs: 10M requests/s at ~10 requests/s per GPU, layout searched.
  // The chat scenario without its fixed replica, so the layout search runs.
  std::string text = kChat;
  const std::string fixed = ", replica: { tp: 8 }";
  text.erase(text.find(fixed), fixed.size());
  lo.overrides = {"cluster.gpus=auto", "workload.rate=10M /s"};
  auto s = scenario::load_serve_scenario_text(text, "bench", hw, lo);
  if (!s.ok()) return state.SkipWithError(s.error().message.c_str());
  int64_t gpus = 0;
  for (auto _ : state) {
    auto r = serve::serve(*s, hw, cat, {});
    if (!r.ok()) return state.SkipWithError(r.error().message.c_str());
    gpus = r->gpus;
    benchmark::DoNotOptimize(r);
  }
  state.counters["gpus"] = static_cast<double>(gpus);
}
BENCHMARK(BM_ServeMillionGpuFleet)->Unit(benchmark::kSecond)->Iterations(1);

}  // namespace
