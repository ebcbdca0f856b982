#include "step/pipeline.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <vector>

namespace gigasim::step {
namespace {

PipelineInput uniform(int p, int v, int m, workload::Schedule s, double f, double b, double w = 0) {
  PipelineInput in;
  in.p = p;
  in.v = v;
  in.m = m;
  in.schedule = s;
  const int n = s == workload::Schedule::kDualPipe ? p : p * v;
  for (int j = 0; j < n; ++j) {
    ChunkCost c;
    c.fwd.compute = f;
    c.bwd.compute = b;
    c.wgrad.compute = w;
    c.activation_bytes = 1;
    in.chunks.push_back(c);
  }
  return in;
}

TEST(Pipeline, OneF1BMatchesTheClosedForm) {
  // (m + p - 1)(f + b): 8 micro-batches, 4 stages, f = 1, b = 2 -> 11 * 3 = 33.
  auto r = simulate_pipeline(uniform(4, 1, 8, workload::Schedule::k1F1B, 1, 2));
  ASSERT_TRUE(r.ok());
  EXPECT_NEAR(r->makespan, 33, 1e-9);
  // Rank 0 holds p micro-batches in flight (Korthikanti et al. sec. 4.2.3).
  EXPECT_EQ(r->peak_in_flight[0], 4);
  EXPECT_EQ(r->peak_in_flight[3], 1);
}

TEST(Pipeline, InterleavingShrinksTheBubble) {
  // SC21: bubble (p-1)/(v m) of the ideal time. p=4, m=8, v=2, per-chunk f=0.5, b=1:
  // ideal m*(f+b)*v = 8*1.5*2 = 24; bubble (p-1)*(f+b) = 3*1.5 = 4.5 -> 28.5.
  auto r = simulate_pipeline(uniform(4, 2, 8, workload::Schedule::kInterleaved, 0.5, 1));
  ASSERT_TRUE(r.ok());
  EXPECT_NEAR(r->makespan, 28.5, 1e-9);
}

TEST(Pipeline, ZeroBubbleIsNoSlowerThan1F1B) {
  auto a = simulate_pipeline(uniform(4, 1, 8, workload::Schedule::k1F1B, 1, 2));
  auto z = simulate_pipeline(uniform(4, 1, 8, workload::Schedule::kZeroBubble, 1, 1, 1));
  ASSERT_TRUE(a.ok() && z.ok());
  EXPECT_LT(z->makespan, a->makespan);
  EXPECT_GE(z->makespan, 8 * 3 - 1e-9);  // never below the work of one rank
}

TEST(Pipeline, DualPipeRunsBothDirections) {
  auto d = simulate_pipeline(uniform(4, 1, 8, workload::Schedule::kDualPipe, 1, 2));
  ASSERT_TRUE(d.ok());
  // Each rank computes 8 micro-batches in total (4 per direction): at least 24.
  EXPECT_GE(d->makespan, 24 - 1e-9);
  EXPECT_LE(d->makespan, 33 + 1e-9);  // no slower than 1F1B on the same work
}

// DualPipe's own order (deepseek-ai/DualPipe dualpipe.py, 8 steps per rank): every rank runs its
// m/2 micro-batches of each direction and one deferred weight gradient per zero-bubble backward,
// 2(p/2-h-1) + h+1 of them (h = min(r, p-1-r)). The bubble stays within 1.5x the report's
// (p/2-1)(F&B + B - 3W) (DeepSeek-V3 Table 2; the pair runs back to back here, F&B = F + B) and
// under half of 1F1B's (p-1)(F + B).
TEST(Pipeline, DualPipeFollowsItsOwnOrder) {
  const int p = 8, m = 32;
  const double f = 1, dgrad = 1, w = 1;  // full backward B = 2
  PipelineInput in = uniform(p, 1, m, workload::Schedule::kDualPipe, f, dgrad, w);
  in.record_events = true;
  auto d = simulate_pipeline(in);
  ASSERT_TRUE(d.ok());
  std::vector<int> fs(p), bs(p), ws(p);
  for (const auto& e : d->events)
    (e.type == OpType::kF ? fs : e.type == OpType::kB ? bs : ws)[static_cast<size_t>(e.rank)]++;
  for (int r = 0; r < p; ++r) {
    const int h = std::min(r, p - 1 - r);
    EXPECT_EQ(fs[r], m) << r;
    EXPECT_EQ(bs[r], m) << r;
    EXPECT_EQ(ws[r], 2 * (p / 2 - h - 1) + h + 1) << r;
  }
  const double work = m * (f + dgrad + w);
  const double dualpipe_bubble = (p / 2 - 1) * ((f + dgrad + w) + (dgrad + w) - 3 * w);
  std::cout << "  DualPipe p=8 m=32: makespan " << d->makespan << ", work " << work << ", report's bubble "
            << dualpipe_bubble << "\n";
  EXPECT_LE(d->makespan - work, 1.5 * dualpipe_bubble);
  EXPECT_LT(d->makespan - work, 0.5 * (p - 1) * (f + dgrad + w));
}

}  // namespace
}  // namespace gigasim::step

namespace gigasim::step {
namespace {

TEST(PipelineEstimate, ExactForUniformFixedSchedules) {
  for (auto [v, s] : {std::pair{1, workload::Schedule::k1F1B}, std::pair{2, workload::Schedule::kInterleaved}}) {
    PipelineInput in = uniform(4, v, 8, s, 1.0 / v, 2.0 / v);
    auto sim = simulate_pipeline(in);
    auto est = estimate_pipeline(in);
    ASSERT_TRUE(sim.ok() && est.ok());
    EXPECT_NEAR(est->makespan, sim->makespan, 1e-9) << "v=" << v;
    EXPECT_EQ(est->peak_in_flight[0], sim->peak_in_flight[0]) << "v=" << v;
  }
}

// DualPipe's screening estimate holds what its order holds at the peak: p - h micro-batches of the
// rank's first-half stage and h + 1 of its second-half one, whatever each chunk keeps.
TEST(PipelineEstimate, DualPipeActivationPeakIsTheOrders) {
  PipelineInput in = uniform(8, 1, 32, workload::Schedule::kDualPipe, 1, 1, 1);
  for (size_t j = 0; j < in.chunks.size(); ++j) in.chunks[j].activation_bytes = 1.0 + static_cast<double>(j * j);
  auto sim = simulate_pipeline(in);
  auto est = estimate_pipeline(in);
  ASSERT_TRUE(sim.ok() && est.ok());
  for (int r = 0; r < in.p; ++r)
    EXPECT_DOUBLE_EQ(est->peak_activation[static_cast<size_t>(r)], sim->peak_activation[static_cast<size_t>(r)]) << r;
}

TEST(PipelineEstimate, CloseForTheListScheduledOnes) {
  for (auto s : {workload::Schedule::kZeroBubble, workload::Schedule::kDualPipe}) {
    PipelineInput in = uniform(8, 1, 32, s, 1, 1, s == workload::Schedule::kZeroBubble ? 1 : 0);
    auto sim = simulate_pipeline(in);
    auto est = estimate_pipeline(in);
    ASSERT_TRUE(sim.ok() && est.ok());
    EXPECT_NEAR(est->makespan / sim->makespan, 1.0, 0.15) << workload::to_string(s);
  }
}

}  // namespace
}  // namespace gigasim::step
