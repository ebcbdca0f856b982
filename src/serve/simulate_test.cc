#include "serve/simulate.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace gigasim::serve {
namespace {

// A replica whose iteration costs 10 ms + 1 us per token.
StepBreakdown toy(const StepLoad& l) {
  StepBreakdown b;
  b.total = Seconds(0.010 + 1e-6 * (l.decode_seqs * l.tokens_per_seq + l.prefill_tokens));
  return b;
}

Workload fixed(int64_t in, int64_t out, Arrival a) {
  Workload w;
  w.input.mean = static_cast<double>(in);
  w.output.mean = static_cast<double>(out);
  w.arrival = a;
  return w;
}

TEST(ServeSimulate, OneRequestAlone) {
  const auto reqs = make_requests(fixed(100, 11, Arrival::kOffline), 1, 0, 1);
  SimLimits lim;
  lim.max_batch = 8;
  lim.kv_tokens = 1e6;
  const SimResult r = simulate(reqs, toy, lim, 1, 1);
  ASSERT_EQ(r.ttft.size(), 1u);
  // One prefill iteration (100 tokens) then 10 decode iterations.
  EXPECT_NEAR(r.ttft[0], 0.0101, 1e-6);
  EXPECT_NEAR(r.tpot[0], 0.010001, 1e-6);
  EXPECT_EQ(r.iterations, 11);
}

TEST(ServeSimulate, ContinuousBatchingSharesIterations) {
  const auto reqs = make_requests(fixed(10, 101, Arrival::kOffline), 64, 0, 1);
  SimLimits lim;
  lim.max_batch = 64;
  lim.kv_tokens = 1e6;
  const SimResult r = simulate(reqs, toy, lim, 1, 1);
  // All 64 decode together: ~101 iterations, not 64 x 101.
  EXPECT_LT(r.iterations, 110);
  EXPECT_GT(r.output_tokens_per_s, 50 * 100 / 1.2);
}

TEST(ServeSimulate, KvMemoryLimitsTheBatch) {
  const auto reqs = make_requests(fixed(100, 100, Arrival::kOffline), 64, 0, 1);
  SimLimits lim;
  lim.max_batch = 64;
  lim.kv_tokens = 200 * 8;  // eight requests at a time
  const SimResult r = simulate(reqs, toy, lim, 1, 1);
  EXPECT_EQ(r.peak_batch, 8);
  EXPECT_TRUE(r.kv_bound);
}

// On-demand KV (max-utilization): requests start when their prompts fit, so more run at once than
// under guaranteed-no-evict; as they grow past the cache the newest are paused and recomputed,
// every request still completes with all its tokens, and no step holds more KV than the cache.
TEST(ServeSimulate, OnDemandKvRunsMoreAndPausesTheNewest) {
  const auto reqs = make_requests(fixed(100, 100, Arrival::kOffline), 64, 0, 1);
  SimLimits lim;
  lim.max_batch = 64;
  lim.kv_tokens = 200 * 8;
  lim.on_demand_kv = true;
  const SimResult r = simulate(reqs, toy, lim, 1, 1);
  EXPECT_GT(r.peak_batch, 8);   // 16 prompts of 100 fit at once
  EXPECT_LE(r.peak_batch, 16);
  EXPECT_GT(r.paused, 0);
  EXPECT_TRUE(r.kv_bound);
  ASSERT_EQ(r.finish.size(), 64u);
  for (size_t i = 0; i < r.finish.size(); ++i) {
    EXPECT_GT(r.finish[i], r.first_token[i]);
    EXPECT_GE(r.first_token[i], 0);
  }
  // With room for every whole request the two schedulers run alike.
  lim.kv_tokens = 1e6;
  const SimResult roomy = simulate(reqs, toy, lim, 1, 1);
  lim.on_demand_kv = false;
  const SimResult no_evict = simulate(reqs, toy, lim, 1, 1);
  EXPECT_EQ(roomy.paused, 0);
  EXPECT_EQ(roomy.iterations, no_evict.iterations);
  EXPECT_DOUBLE_EQ(roomy.makespan, no_evict.makespan);
}

TEST(ServeSimulate, ChunkedPrefillSplitsLongPrompts) {
  const auto reqs = make_requests(fixed(5000, 2, Arrival::kOffline), 1, 0, 1);
  SimLimits lim;
  lim.max_batch = 8;
  lim.kv_tokens = 1e6;
  lim.chunk = 2048;
  const SimResult r = simulate(reqs, toy, lim, 1, 1);
  EXPECT_EQ(r.iterations, 3 + 1);  // 2048 + 2048 + 904, then one decode
}

TEST(ServeSimulate, DeterministicForASeed) {
  Workload w = fixed(0, 0, Arrival::kPoisson);
  w.input = {300, 1024, 0.8, {}};
  w.output = {200, 1024, 0.8, {}};
  const auto a = make_requests(w, 500, 5.0, 42), b = make_requests(w, 500, 5.0, 42), c = make_requests(w, 500, 5.0, 43);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].input, b[i].input);
    EXPECT_EQ(a[i].arrival, b[i].arrival);
  }
  EXPECT_NE(a[10].input, c[10].input);
  // The clipped log-normal keeps the mean asked for.
  EXPECT_NEAR(mean_length(w.input), 300, 20);  // a 4000-draw estimate
}

TEST(ServeSimulate, PoissonLatencyGrowsWithLoad) {
  Workload w = fixed(200, 50, Arrival::kPoisson);
  SimLimits lim;
  lim.max_batch = 16;
  lim.kv_tokens = 1e6;
  const SimResult low = simulate(make_requests(w, 2000, 1.0, 1), toy, lim, 1, 1);
  const SimResult high = simulate(make_requests(w, 2000, 25.0, 1), toy, lim, 1, 1);
  EXPECT_GT(percentiles(high.ttft).p99, percentiles(low.ttft).p99);
}

// One replica of R dealt a Poisson stream round-robin sees Erlang-R gaps: the same mean rate,
// a coefficient of variation of 1 / sqrt(R), so shorter queues at the same load.
TEST(ServeSimulate, RoundRobinDealsErlangGaps) {
  const Workload w = fixed(200, 50, Arrival::kPoisson);
  for (int64_t r : {1, 4, 16}) {
    const auto reqs = make_requests(w, 20000, 5.0, 7, r);
    std::vector<double> gaps;
    for (size_t i = 1; i < reqs.size(); ++i) gaps.push_back(reqs[i].arrival - reqs[i - 1].arrival);
    double mean = 0, var = 0;
    for (double g : gaps) mean += g;
    mean /= static_cast<double>(gaps.size());
    for (double g : gaps) var += (g - mean) * (g - mean);
    const double cv = std::sqrt(var / static_cast<double>(gaps.size())) / mean;
    EXPECT_NEAR(mean, 0.2, 0.2 * 0.03) << r;
    EXPECT_NEAR(cv, 1 / std::sqrt(static_cast<double>(r)), 0.03) << r;
  }
  SimLimits lim;
  lim.max_batch = 16;
  lim.kv_tokens = 1e6;
  const SimResult alone = simulate(make_requests(w, 4000, 20.0, 1, 1), toy, lim, 1, 1);
  const SimResult dealt = simulate(make_requests(w, 4000, 20.0, 1, 16), toy, lim, 1, 1);
  EXPECT_LT(percentiles(dealt.ttft).p99, percentiles(alone.ttft).p99);
}

TEST(ServeSimulate, Percentiles) {
  std::vector<double> v;
  for (int i = 1; i <= 100; ++i) v.push_back(i);
  const Percentiles p = percentiles(v);
  EXPECT_NEAR(p.p50, 50.5, 1e-9);
  EXPECT_NEAR(p.p99, 99.01, 1e-9);
  EXPECT_NEAR(p.mean, 50.5, 1e-9);
}

// Latency percentiles are those of the steady state: the requests arriving while the replica
// fills (the first 99th-percentile lifetime) and while it drains (the last one) are left out. Requests that
// live 10 s against 20 s of Poisson arrivals keep only the middle ones.
TEST(ServeSimulate, PercentilesLeaveOutTheFillAndTheDrain) {
  const auto reqs = make_requests(fixed(10, 1001, Arrival::kPoisson), 400, 20.0, 1);  // 20 s of arrivals
  SimLimits lim;
  lim.max_batch = 4096;
  lim.kv_tokens = 1e9;
  const SimResult r = simulate(reqs, toy, lim, 1, 1);
  EXPECT_GT(r.mean_life, 9.0);  // 1,000 decode iterations of >= 10 ms
  EXPECT_GE(r.fill_life, r.mean_life);
  // Every life outlasts half the run: only the middle tenth is kept.
  EXPECT_LE(r.tpot.size(), 400u / 10 + 1);
  EXPECT_GE(r.tpot.size(), 400u / 10 - 1);
  // Offline runs keep all but the first 5%.
  const auto off = make_requests(fixed(10, 101, Arrival::kOffline), 100, 0, 1);
  EXPECT_EQ(simulate(off, toy, lim, 1, 1).tpot.size(), 95u);
}

}  // namespace
}  // namespace gigasim::serve
