#include "sweep/sweep.h"

#include <gtest/gtest.h>

#include "sweep/row_json.h"
#include "sweep/spec.h"

namespace gigasim::sweep {
namespace {

const hw::Catalog& catalog() { return **hw::Catalog::builtin(); }

// 64 H100s, tp 2 x pp 2: a step of well under a millisecond of model time to compute.
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
sweep:
  over:
    cluster.gpus: [32, 64]
)";

Spec spec(const SpecOptions& o, const std::string& text = kSmall) {
  auto s = load_spec_text(text, "small.yaml", o);
  EXPECT_TRUE(s.ok()) << s.error().format();
  return s.ok() ? *s : Spec{};
}

std::string error(const SpecOptions& o, const std::string& text = kSmall) {
  auto s = load_spec_text(text, "small.yaml", o);
  return s.ok() ? "ok" : s.error().format();
}

TEST(SweepGrid, TheProductInGridOrderWithTheLastAxisFastest) {
  // File axis cluster.gpus (2 values), then --over cluster.gpu (3): 6 points; point 4 is
  // gpus index 4 / 3 = 1 -> 64, gpu index 4 % 3 = 1 -> GB200.
  const Spec s = spec({{}, {"cluster.gpu=H100-SXM,GB200,B200"}, "", 0});
  ASSERT_EQ(s.axes.size(), 2u);
  EXPECT_EQ(grid_size(s), 6);
  EXPECT_EQ(point_values(s, 0), (std::vector<std::string>{"32", "H100-SXM"}));
  EXPECT_EQ(point_values(s, 4), (std::vector<std::string>{"64", "GB200"}));
  EXPECT_EQ(point_overrides(s, 5), (std::vector<std::string>{"cluster.gpus=64", "cluster.gpu=B200"}));
  EXPECT_EQ(s.job, Job::kStep);
  EXPECT_EQ(s.name, "small");
}

TEST(SweepGrid, OverReplacesTheFileAxisInPlaceAndSetsComeFirst) {
  const Spec s = spec({{"training.global_batch=128"}, {"parallelism.tp=1,2", "cluster.gpus=16,32,64"}, "run", 0});
  ASSERT_EQ(s.axes.size(), 2u);
  EXPECT_EQ(s.axes[0].key, "cluster.gpus");  // the file's axis, its values replaced
  EXPECT_EQ(s.axes[0].values, (std::vector<std::string>{"16", "32", "64"}));
  EXPECT_EQ(s.axes[0].where.file, "--over");
  EXPECT_EQ(s.axes[1].key, "parallelism.tp");
  EXPECT_EQ(s.job, Job::kRun);
  EXPECT_EQ(point_overrides(s, 1),
            (std::vector<std::string>{"training.global_batch=128", "cluster.gpus=16", "parallelism.tp=2"}));
}

TEST(SweepGrid, CommasInsideBracketsOrQuotesDoNotSplit) {
  const Spec s = spec({{}, {"parallelism.stage_layers=[6, 6],'a,b', 3"}, "", 0});
  EXPECT_EQ(s.axes.back().values, (std::vector<std::string>{"[6, 6]", "'a,b'", "3"}));
}

TEST(SweepGrid, BadGridsAreRefusedBeforeAnyWork) {
  EXPECT_EQ(error({{}, {"cluster.gpus="}, "", 0}), "--over: key 'cluster.gpus': the list of values is empty");
  EXPECT_EQ(error({{}, {"cluster.gpus=8,,16"}, "", 0}), "--over: key 'cluster.gpus': value 2 of the list is empty");
  EXPECT_EQ(error({{}, {"gpus"}, "", 0}), "--over: --over needs KEY=V1,V2,..., got 'gpus'");
  EXPECT_EQ(error({{}, {"cluster.gpus=[1,2"}, "", 0}).rfind("--over: key 'cluster.gpus': cannot parse the value", 0), 0u);
  EXPECT_EQ(error({{}, {}, "stpe", 0}), "--job: 'stpe' is not one of step, run, search, serve (did you mean 'step'?)");
  // 2 x 3 x 2 = 12 points against a cap of 10.
  EXPECT_EQ(error({{}, {"cluster.gpu=H100-SXM,GB200,B200", "parallelism.tp=1,2"}, "", 10}),
            "small.yaml: the grid has 2 x 3 x 2 = 12 points, past the cap of 10; raise it with --max-points 12 or "
            "--set limits.sweep_points=12");
  EXPECT_EQ(error({{"limits.sweep_points=1"}, {}, "", 0}),
            "small.yaml: the grid has 2 = 2 points, past the cap of 1; raise it with --max-points 2 or "
            "--set limits.sweep_points=2");
  EXPECT_EQ(error({}, "schema: 1\n"), "small.yaml: nothing to sweep: give --over KEY=V1,V2,... or a sweep.over section");
}

TEST(SweepGrid, FileErrorsNameTheLine) {
  EXPECT_EQ(error({}, "schema: 1\nsweep:\n  over:\n    cluster.gpus: []\n"),
            "small.yaml:4:5: key 'cluster.gpus': the list of values is empty\n      cluster.gpus: []\n      ^");
  EXPECT_EQ(error({}, "schema: 1\nsweep:\n  ovr: {}\n"),
            "small.yaml:3:3: key 'sweep.ovr': unknown key 'ovr' (did you mean 'over'?)\n    ovr: {}\n    ^");
}

TEST(Sweep, AnUnknownKeyFailsTheSweepNamingOver) {
  const Spec s = spec({{}, {"cluster.gpuz=1,2"}, "", 0});
  Status st = check(s, catalog());
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().format(), "--over: key 'cluster.gpuz': unknown key 'gpuz' (did you mean 'gpu'?)");
  EXPECT_FALSE(run_sweep(s, catalog()).ok());
}

TEST(Sweep, RowsPerPointWithStatusAndTheSameForAnyThreadCount) {
  // 3 points: 32 and 64 GPUs run; 63 GPUs is not divisible by tp*pp = 4, a bad input of that row.
  const Spec s = spec({{}, {"cluster.gpus=32,63,64"}, "", 0});
  Options one;
  one.threads = 1;
  auto a = run_sweep(s, catalog(), one);
  ASSERT_TRUE(a.ok()) << a.error().format();
  ASSERT_EQ(a->rows.size(), 3u);
  EXPECT_EQ(a->rows[0].status, RowStatus::kOk);
  EXPECT_EQ(a->rows[1].status, RowStatus::kError);
  EXPECT_EQ(a->rows[1].code, 2);
  EXPECT_EQ(a->rows[1].message.rfind("small.yaml:", 0), 0u) << a->rows[1].message;
  EXPECT_NE(a->rows[1].message.find("does not divide the 63 GPUs"), std::string::npos) << a->rows[1].message;
  EXPECT_EQ(a->exit_code(), 2);
  ASSERT_EQ(a->rows[2].cells.size(), columns(Job::kStep).size());
  // Twice the GPUs at the same global batch: tokens per step equal, so tokens/s per GPU falls or holds.
  const double t32 = std::get<double>(a->rows[0].cells[2]), t64 = std::get<double>(a->rows[2].cells[2]);
  EXPECT_GT(t32, 0);
  EXPECT_GE(t32 * 1.0000001, t64);
  Options four;
  four.threads = 4;
  int64_t calls = 0;
  four.progress = [&](int64_t done, int64_t total) { calls = done + 0 * total; };
  auto b = run_sweep(s, catalog(), four);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(calls, 3);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(row_to_json(a->rows[i]), row_to_json(b->rows[i]));
  }
}

TEST(Sweep, InfeasiblePointsKeepTheirMetrics) {
  // 8 GPUs, no ZeRO sharding beyond the default: the 1.3B model still fits; raising the
  // micro-batch to 64 sequences of 2048 tokens does not on an 80 GB GPU.
  const Spec s = spec({{}, {"cluster.gpus=8", "training.micro_batch=1,64"}, "", 0});
  auto r = run_sweep(s, catalog());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->rows[0].status, RowStatus::kOk);
  EXPECT_EQ(r->rows[1].status, RowStatus::kInfeasible);
  EXPECT_EQ(r->rows[1].message.rfind("needs ", 0), 0u) << r->rows[1].message;
  EXPECT_EQ(std::get<bool>(r->rows[1].cells[5]), false);
  EXPECT_EQ(r->exit_code(), 1);
}

TEST(Sweep, SubsetsAssembleToTheWholeSweep) {
  const Spec s = spec({{}, {"cluster.gpu=H100-SXM,GB200"}, "", 0});
  auto whole = run_sweep(s, catalog());
  ASSERT_TRUE(whole.ok());
  auto odd = run_points(s, catalog(), {1, 3});
  auto even = run_points(s, catalog(), {2, 0});
  std::vector<Row> rows;
  for (auto* part : {&odd, &even})
    for (auto& r : *part) rows.push_back(*row_from_json(row_to_json(r)));
  const SweepResult joined = assemble(s, rows);
  ASSERT_EQ(joined.rows.size(), 4u);
  for (size_t i = 0; i < 4; ++i) EXPECT_EQ(row_to_json(joined.rows[i]), row_to_json(whole->rows[i]));
  EXPECT_FALSE(row_from_json("{\"index\": 1}").ok());
}

}  // namespace
}  // namespace gigasim::sweep
