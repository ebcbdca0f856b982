#include "power/run_trace.h"

#include <algorithm>

namespace gigasim::power {

std::vector<RunSegment> representative_run(const RunSummary& r, size_t max_segments) {
  std::vector<RunSegment> out;
  const double end = r.wall_clock.value();
  const double mtti = r.mean_interruption.value(), ckpt = r.checkpoint_interval.value();
  double t = 0, next_failure = mtti > 0 ? mtti : end, since_ckpt = 0;
  auto push = [&](double d, RunState s) {
    d = std::min(d, end - t);
    if (d <= 0) return;
    if (!out.empty() && out.back().state == s) out.back().duration += Seconds(d);
    else out.push_back({Seconds(t), Seconds(d), s});
    t += d;
  };
  while (t < end && out.size() < max_segments) {
    const double to_ckpt = ckpt > 0 ? ckpt - since_ckpt : end - t;
    const double to_fail = next_failure - t;
    if (to_fail <= to_ckpt) {
      push(std::max(0.0, to_fail), RunState::kRunning);
      push(r.restart.value(), RunState::kRestart);
      next_failure = t + (mtti > 0 ? mtti : end);
      since_ckpt = 0;  // training resumes from the last checkpoint: the counter restarts
    } else {
      push(to_ckpt, RunState::kRunning);
      push(r.checkpoint_stall.value(), RunState::kCheckpoint);
      since_ckpt = 0;
    }
  }
  return out;
}

}  // namespace gigasim::power
