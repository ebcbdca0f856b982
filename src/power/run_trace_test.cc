#include "power/run_trace.h"

#include <gtest/gtest.h>

namespace gigasim::power {
namespace {

TEST(RunTrace, CoversTheRunWithCheckpointsAndRestarts) {
  // 10 h run, an interruption every 3 h, a checkpoint every 1 h stalling 60 s, restarts of 10 min.
  RunSummary r{Seconds(36000), Seconds(10800), Seconds(3600), Seconds(60), Seconds(600)};
  auto segs = representative_run(r);
  ASSERT_FALSE(segs.empty());
  double total = 0;
  int restarts = 0, checkpoints = 0;
  for (size_t i = 0; i < segs.size(); ++i) {
    total += segs[i].duration.value();
    if (i > 0) {
      EXPECT_NEAR(segs[i].start.value(), segs[i - 1].start.value() + segs[i - 1].duration.value(), 1e-6);
    }
    restarts += segs[i].state == RunState::kRestart;
    checkpoints += segs[i].state == RunState::kCheckpoint;
  }
  EXPECT_NEAR(total, 36000, 1e-6);
  EXPECT_EQ(restarts, 3);      // at 3 h, 6 h 10 min and 9 h 20 min
  EXPECT_GE(checkpoints, 6);   // two or three per 3-hour stretch
}

TEST(RunTrace, NoFailuresIsSteadyTraining) {
  auto segs = representative_run({Seconds(1000), Seconds(0), Seconds(0), Seconds(0), Seconds(0)});
  ASSERT_EQ(segs.size(), 1u);
  EXPECT_EQ(segs[0].state, RunState::kRunning);
}

}  // namespace
}  // namespace gigasim::power
