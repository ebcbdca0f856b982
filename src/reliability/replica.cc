#include "reliability/replica.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <utility>

#include "reliability/rng.h"

namespace gigasim::reliability {

int64_t Outcome::interruptions() const {
  int64_t n = 0;
  for (int64_t c : by_cause) n += c;
  return n;
}

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Length of [a, b) inside [lo, hi).
double overlap(double a, double b, double lo, double hi) { return std::max(0.0, std::min(b, hi) - std::max(a, lo)); }

class Replica {
 public:
  Replica(const Model& m, Seconds interval, uint64_t seed, uint64_t index)
      : m_(m), rng_(seed, index), dt_(interval.value()), b_(m.blocking.value()), w_(m.write_time.value()),
        cycle_(dt_ + b_), end_(m.wall_cap.value()), lemons_(m.lemon_nodes),
        avail_(m.spare_nodes.value_or(0)) {
    const double n = static_cast<double>(m.nodes);
    lemon_norm_ = n - static_cast<double>(lemons_) + m.lemon_multiplier * static_cast<double>(lemons_);
    for (int k = 0; k < kCauseCount; ++k)
      if (m.causes[static_cast<size_t>(k)].job_rate() > 0) active_[active_n_++] = k;
    exponential_ = m.weibull_shape == 1.0;
    refresh_rates();
    if (exponential_) {
      draw_pending(0);
    } else {
      for (int i = 0; i < active_n_; ++i) next_[active_[i]] = sample(active_[i], 0);
      pick_earliest();
    }
    next_maint_ = m.maintenance_interval ? m.maintenance_interval->value() : kInf;
  }

  Outcome run() {
    double t = 0;
    while (t < end_) {
      const double s = t;
      double t_done = kInf;
      if (m_.work) {
        const double r = m_.work->value() - committed_;
        const double k = std::max(0.0, std::ceil(r / dt_) - 1);
        t_done = s + k * cycle_ + (r - k * dt_);
      }
      const int cause = pending_cause_;
      const double tf = pending_time_;
      const double e = std::min({tf, next_maint_, t_done, end_});
      const double len = e - s;
      const double n = std::floor(len / cycle_);
      const double rem = len - n * cycle_;
      const double computed = n * dt_ + std::min(rem, dt_);
      out_.checkpoint_s += n * b_ + std::max(0.0, rem - dt_);
      if (e == t_done || e == end_) {
        keep(computed);
        t = e;
        break;
      }
      if (e == next_maint_) {
        keep(computed);
        ++out_.planned;
        next_maint_ += m_.maintenance_interval->value();
        t = recover(e, -1);
      } else {
        // Durable checkpoints: synchronous ones on completion; an asynchronous one write_time
        // after its snapshot (the one before it is then durable too, since write <= interval).
        double durable = n;
        if (m_.async && rem < w_) durable = std::max(0.0, n - 1);
        keep(durable * dt_);
        out_.lost_s += computed - durable * dt_;
        t = recover(e, cause);
      }
    }
    out_.wall_s = std::min(t, end_);
    out_.capped = m_.work.has_value() && committed_ < m_.work->value() * (1 - 1e-12);
    return out_;
  }

 private:
  void keep(double s) {
    out_.productive_s += s;
    committed_ += s;
  }

  // Job rate of each active cause (lemons included) and their running sum, for the exponential path.
  void refresh_rates() {
    double sum = 0;
    for (int i = 0; i < active_n_; ++i) {
      const CauseModel& c = m_.causes[static_cast<size_t>(active_[i])];
      rate_[i] = c.job_rate() * lemon_factor(c);
      sum += rate_[i];
      cum_[i] = sum;
    }
    total_rate_ = sum;
  }

  // Exponential lifetimes: the superposed Poisson process of all causes (rate sum N r), its
  // cause drawn in proportion to each rate. Memoryless, so it may be redrawn from any time.
  void draw_pending(double t) {
    if (active_n_ == 0) return;
    pending_time_ = t + rng_.exponential() / total_rate_;
    const double u = rng_.uniform() * total_rate_;
    int i = 0;
    while (i + 1 < active_n_ && u >= cum_[i]) ++i;
    pending_cause_ = active_[i];
  }

  void pick_earliest() {
    pending_time_ = kInf;
    pending_cause_ = -1;
    for (int i = 0; i < active_n_; ++i)
      if (next_[active_[i]] < pending_time_) pending_time_ = next_[pending_cause_ = active_[i]];
  }

  // The pending failure (cause k) happened at e: draws the next one.
  void consumed(int k, double e) {
    if (exponential_) {
      draw_pending(e);
    } else {
      next_[k] = sample(k, e);
      pick_earliest();
    }
  }

  // The lemons in the job changed at e: every lemon-prone cause restarts from e (exact for
  // Poisson processes, which have no memory).
  void lemons_changed(double e) {
    refresh_rates();
    if (exponential_) {
      draw_pending(e);
      return;
    }
    for (int i = 0; i < active_n_; ++i)
      if (m_.causes[static_cast<size_t>(active_[i])].lemon_prone) next_[active_[i]] = sample(active_[i], e);
    pick_earliest();
  }

  double lemon_factor(const CauseModel& c) const {
    if (!c.lemon_prone || lemon_norm_ <= 0) return 1.0;
    const double n = static_cast<double>(m_.nodes), l = static_cast<double>(lemons_);
    return (n - l + m_.lemon_multiplier * l) / lemon_norm_;
  }

  // Weibull lifetimes under minimal repair: next event of cause k after t, inverting the
  // cumulative intensity N g (t / eta)^shape.
  double sample(int k, double t) {
    const CauseModel& c = m_.causes[static_cast<size_t>(k)];
    const double a = c.devices * lemon_factor(c);
    const double shape = m_.weibull_shape;
    return c.eta_s * std::pow(std::pow(t / c.eta_s, shape) + rng_.exponential() / a, 1.0 / shape);
  }

  // Takes `lost` nodes out at time t; returns when enough healthy nodes are in hand.
  double replace_nodes(double t, int64_t lost) {
    if (!m_.spare_nodes || lost == 0) return t;
    lost = std::min(lost, m_.nodes);
    while (!repairs_.empty() && repairs_.front().first <= t) {
      avail_ += repairs_.front().second;
      repairs_.pop_front();
    }
    repairs_.emplace_back(t + m_.repair_time.value(), lost);
    if (avail_ >= lost) {
      avail_ -= lost;
      return t;
    }
    int64_t need = lost - avail_;
    avail_ = 0;
    double ready = t;
    while (need > 0) {
      auto& [when, count] = repairs_.front();
      const int64_t take = std::min(count, need);
      need -= take;
      count -= take;
      ready = when;
      if (count == 0) repairs_.pop_front();
    }
    return ready;
  }

  // Handles the event at e (cause k, or -1 for planned maintenance) and every failure that
  // strikes before the job runs again. Returns when it runs again.
  double recover(double e, int k) {
    for (;;) {
      double hold_end = e;  // end of detection, or of the maintenance itself
      double ready = e;     // nodes in hand
      if (k >= 0) {
        const CauseModel& c = m_.causes[static_cast<size_t>(k)];
        ++out_.by_cause[static_cast<size_t>(k)];
        bool lemon_changed = false;
        if (c.hardware) {
          if (c.lemon_prone && m_.quarantine_lemons && lemons_ > 0) {
            const double l = static_cast<double>(lemons_), n = static_cast<double>(m_.nodes);
            const double p = m_.lemon_multiplier * l / (n - l + m_.lemon_multiplier * l);
            if (rng_.uniform() < p) {
              --lemons_;
              lemon_changed = true;
            }
          }
          ready = replace_nodes(e, c.nodes_lost);
        }
        if (lemon_changed) {
          if (!exponential_) next_[k] = sample(k, e);
          lemons_changed(e);
        } else {
          consumed(k, e);
        }
        hold_end = e + c.detection.value();
        ready = std::max(ready, hold_end);
      } else {
        hold_end = e + w_ + m_.maintenance_duration.value();
        ready = hold_end;
      }
      const double resume = ready + (m_.relaunch + m_.init + m_.restore).value();
      while (next_maint_ < resume) next_maint_ += m_.maintenance_interval->value();
      const int next = pending_cause_;
      const double tf = pending_time_;
      const double stop = std::min({tf, resume, end_});
      if (k >= 0) {
        out_.restart_s += overlap(e, stop, e, hold_end) + overlap(e, stop, ready, kInf);
        out_.spare_wait_s += overlap(e, stop, hold_end, ready);
      } else {
        out_.checkpoint_s += overlap(e, stop, e, e + w_);
        out_.maintenance_s += overlap(e, stop, e + w_, hold_end);
        out_.restart_s += overlap(e, stop, ready, kInf);
      }
      if (tf < resume && tf < end_) {
        e = tf;
        k = next;
        continue;
      }
      return resume;
    }
  }

  const Model& m_;
  Rng rng_;
  const double dt_, b_, w_, cycle_, end_;
  int64_t lemons_;
  double lemon_norm_ = 1;
  int64_t avail_;
  std::deque<std::pair<double, int64_t>> repairs_;  // (back in the pool at, nodes)
  std::array<int, kCauseCount> active_{};
  int active_n_ = 0;
  bool exponential_ = true;
  std::array<double, kCauseCount> next_{};   // Weibull: next event of each cause
  std::array<double, kCauseCount> rate_{};   // exponential: job rate of each active cause
  std::array<double, kCauseCount> cum_{};    // and their running sums
  double total_rate_ = 0;
  double pending_time_ = kInf;               // the next failure, of any cause
  int pending_cause_ = -1;
  double next_maint_ = kInf;
  double committed_ = 0;
  Outcome out_;
};

}  // namespace

Outcome run_replica(const Model& m, Seconds interval, uint64_t seed, uint64_t index) {
  return Replica(m, interval, seed, index).run();
}

}  // namespace gigasim::reliability
