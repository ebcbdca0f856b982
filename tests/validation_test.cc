// The step model against published training throughput (tests/data, copied from
// ../shared/validation with their source columns). Each published figure is F / (N * T_measured)
// with F the source's own FLOP count; the prediction is F / (N * T_predicted), so the comparison is
// one of step times. Framework settings of each source are stated in the fixtures below.
#include <gtest/gtest.h>

#include <cmath>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "scenario/scenario.h"
#include "scenario/step_input.h"
#include "search/search.h"

namespace gigasim {
namespace {

std::vector<std::map<std::string, std::string>> read_csv(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::map<std::string, std::string>> rows;
  std::string line;
  std::vector<std::string> header;
  auto split = [](const std::string& l) {
    std::vector<std::string> out;
    std::string cur;
    bool q = false;
    for (char c : l) {
      if (c == '"') q = !q;
      else if (c == ',' && !q) {
        out.push_back(cur);
        cur.clear();
      } else cur += c;
    }
    out.push_back(cur);
    return out;
  };
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    auto cells = split(line);
    if (header.empty()) {
      header = cells;
      continue;
    }
    std::map<std::string, std::string> row;
    for (size_t i = 0; i < header.size() && i < cells.size(); ++i) row[header[i]] = cells[i];
    rows.push_back(row);
  }
  return rows;
}

double step_time(const std::string& yaml) {
  const hw::Catalog& cat = **hw::Catalog::builtin();
  auto s = scenario::load_scenario_text(yaml, "validation.yaml", cat);
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().format());
  if (!s.ok()) return NAN;
  auto in = scenario::make_step_input(*s, cat);
  auto r = step::simulate_step(*in, {false, false});
  EXPECT_TRUE(r.ok());
  EXPECT_TRUE(r->fits) << yaml;
  return r->step_time.value();
}

// The parallelism search on the same model, cluster and batch, with only `fixed` parallelism keys
// kept from the published plan: its best step time.
double searched_time(const std::string& yaml, const std::set<std::string>& fixed) {
  const hw::Catalog& cat = **hw::Catalog::builtin();
  auto s = scenario::load_scenario_text(yaml, "validation.yaml", cat);
  auto in = scenario::make_step_input(*s, cat);
  search::Options o;
  o.fixed = fixed;
  for (const char* k : {"dp_overlap", "tp_overlap"})
    if (fixed.count(k)) o.fixed.insert(k);
  auto r = search::run(*in, o);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? r->best.front().result.step_time.value() : NAN;
}

struct Stats {
  double sum = 0, worst = 0;
  int n = 0;
  void add(double e) {
    sum += std::abs(e);
    worst = std::max(worst, std::abs(e));
    ++n;
  }
  double mape() const { return sum / n; }
};

int I(const std::map<std::string, std::string>& r, const char* k) { return std::stoi(r.at(k)); }

// One published table: how its runs were set up, and the FLOP count its authors divided by time,
// F = k B s l h^2 (1 + s/(6h) + V/(d l h)) per step.
struct Fixture {
  const char* csv;
  const char* label;        // column naming the model
  const char* cluster;      // YAML of the `cluster:` section after `gpus`
  const char* training;     // extra `training:` keys
  const char* parallelism;  // extra `parallelism:` keys
  double k, d;
  std::set<std::string> framework;  // parallelism keys the framework of the day could not change
};

// Predicts every row, prints the table, asserts each row within 20% and the MAPE within 10%.
void check(const Fixture& f) {
  Stats st;
  std::string table;
  for (const auto& r : read_csv(std::string(GIGASIM_SOURCE_DIR) + "/tests/data/" + f.csv)) {
    const int h = I(r, "hidden_size"), l = I(r, "num_layers"), n = I(r, "num_gpus"), B = I(r, "global_batch_size_sequences");
    const int s = I(r, "seq_len_tokens"), V = I(r, "vocab_size");
    const std::string yaml = fmt::format(R"(schema: 1
model: {{layers: {}, hidden: {}, heads: {}, vocab: {}, seq_len: {}, ffn: gelu}}
cluster: {{gpus: {}, {}}}
training: {{precision: bf16, global_batch: {}, micro_batch: 1{}}}
parallelism: {{tp: {}, pp: {}{}}}
)", l, h, I(r, "attention_heads"), V, s, n, f.cluster, B, f.training, I(r, "tensor_parallel"),
                                         I(r, "pipeline_parallel"), f.parallelism);
    const double F = f.k * B * s * l * double(h) * h * (1 + s / (6.0 * h) + V / (f.d * l * h));
    const double t_pub = step_time(yaml);
    const double pred = F / t_pub / n / 1e12, meas = std::stod(r.at("achieved_tflops_per_gpu"));
    // Issue 4: the searched plan is predicted at least as fast as the published plan.
    const double t_best = searched_time(yaml, f.framework);
    EXPECT_LE(t_best, t_pub * (1 + 1e-9)) << r.at(f.label);
    const double e = (pred - meas) / meas;
    st.add(e);
    table += fmt::format("  {:>7}  predicted {:6.1f}  published {:6.1f} TFLOP/s/GPU  error {:+6.1f}%   searched plan "
                         "{:.2f}x faster\n",
                         r.at(f.label), pred, meas, 100 * e, t_pub / t_best);
    EXPECT_LE(std::abs(e), 0.20) << r.at(f.label);
  }
  std::cout << table << fmt::format("  MAPE {:.1f}%  worst {:.1f}%\n", 100 * st.mape(), 100 * st.worst);
  EXPECT_LE(st.mape(), 0.10);
}

// Narayanan et al. SC21 Table 1: Megatron-LM 2021 on Selene. Full activation recomputation (the
// paper's FLOP count includes it: k = 96, d = 16), 1F1B, fp32 gradient all-reduce after the
// backward pass (no overlap), no overlap of tensor-parallel all-reduces, unfused attention (before
// FlashAttention), micro-batch 1.
TEST(Validation, MegatronSc21OnA100) {
  check({"megatron_sc21_a100.csv", "params_billion",
         "gpu: A100-SXM4-80GB, scale_up: {size: 8}, scale_out: {bandwidth: 200 Gb/s, topology: fat-tree}",
         ", flash_attention: false, grad_precision: fp32",
         ", zero: 0, recompute: full, tp_overlap: false, dp_overlap: false", 96, 16, {"tp_overlap", "dp_overlap"}});
}

// NVIDIA/Megatron-LM README weak-scaling table (Megatron-Core r0.8.0, DGX H100, BF16): the
// distributed optimizer (ZeRO-1), overlapped gradient reduce-scatter and parameter all-gather,
// overlapped TP communication, FlashAttention (Transformer Engine), no recomputation, micro-batch 1.
// Megatron's FLOP count without recomputation: k = 72, d = 12.
TEST(Validation, MegatronCoreOnH100) {
  check({"megatron_core_h100.csv", "model_size", "gpu: H100-SXM, scale_up: {size: 8}, scale_out: {bandwidth: 400 Gb/s}",
         "", ", zero: 1, recompute: none", 72, 12, {}});
}

}  // namespace
}  // namespace gigasim
