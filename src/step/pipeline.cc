#include "step/pipeline.h"

#include <algorithm>
#include <fmt/format.h>
#include <limits>

namespace gigasim::step {

namespace {

using workload::Schedule;

struct Op {
  int chunk;
  int mb;
  OpType type;
  bool defer_w = false;  // dualpipe backward whose weight gradient runs later as its own W
};

class Sim {
 public:
  explicit Sim(const PipelineInput& in) : in_(in) {
    p_ = in.p;
    dual_ = in.schedule == Schedule::kDualPipe;
    split_w_ = in.schedule == Schedule::kZeroBubble;
    nchunks_ = dual_ ? 2 * p_ : p_ * in.v;
    m_ = static_cast<int>(in.m);
    // DualPipe's own order needs an even number of micro-batches, at least two per rank and
    // direction (dualpipe.py asserts num_chunks % 2 == 0 and num_chunks >= 2 x ranks); other
    // dualpipe steps are list-scheduled.
    dual_order_ = dual_ && p_ % 2 == 0 && m_ % 2 == 0 && m_ >= 2 * p_;
    greedy_ = (dual_ && !dual_order_) || split_w_;
    const size_t n = static_cast<size_t>(nchunks_) * static_cast<size_t>(m_);
    fdone_.assign(n, -1);
    bdone_.assign(n, -1);
    wdone_.assign(n, -1);
    free_.assign(static_cast<size_t>(p_), 0.0);
    res_.busy.assign(static_cast<size_t>(p_), Parts{});
    res_.finish.assign(static_cast<size_t>(p_), 0.0);
    res_.peak_activation.assign(static_cast<size_t>(p_), 0.0);
    res_.peak_in_flight.assign(static_cast<size_t>(p_), 0);
    act_.assign(static_cast<size_t>(p_), 0.0);
    inflight_.assign(static_cast<size_t>(p_), 0);
    if (dual_order_) build_dual_orders();
    else if (!greedy_) build_orders();
    else init_greedy();
  }

  Result<PipelineResult> run() {
    int64_t remaining = total_ops();
    while (remaining > 0) {
      int best_rank = -1;
      Op best{};
      double best_start = std::numeric_limits<double>::infinity();
      int best_prio = 9;
      for (int r = 0; r < p_; ++r) {
        Op op{};
        double start = 0;
        int prio = 0;
        if (!candidate(r, op, start, prio)) continue;
        if (start < best_start - 1e-15 || (start <= best_start + 1e-15 && prio < best_prio)) {
          best_start = start;
          best_rank = r;
          best = op;
          best_prio = prio;
        }
      }
      if (best_rank < 0) return internal_error("pipeline schedule deadlocked (no operation can start)");
      execute(best_rank, best, best_start);
      --remaining;
    }
    res_.makespan = 0;
    for (int r = 0; r < p_; ++r) {
      if (res_.finish[static_cast<size_t>(r)] > res_.makespan) {
        res_.makespan = res_.finish[static_cast<size_t>(r)];
        res_.critical_rank = r;
      }
    }
    for (int j = 0; j < nchunks_; ++j) {
      if (rank_of(j) != res_.critical_rank) continue;
      const ChunkCost& c = cost(j);
      res_.first_fwd += c.fwd.total();
      res_.last_bwd += c.bwd.total() + c.wgrad.total();
    }
    if (dual_) {
      res_.first_fwd /= 2;
      res_.last_bwd /= 2;
    }
    return std::move(res_);
  }

 private:
  size_t idx(int chunk, int mb) const { return static_cast<size_t>(chunk) * static_cast<size_t>(m_) + static_cast<size_t>(mb); }
  int rank_of(int j) const { return dual_ ? (j < p_ ? j : 2 * p_ - 1 - j) : j % p_; }
  const ChunkCost& cost(int j) const { return in_.chunks[static_cast<size_t>(dual_ ? j % p_ : j)]; }
  bool first_of_dir(int j) const { return dual_ ? (j == 0 || j == p_) : j == 0; }
  bool last_of_dir(int j) const { return dual_ ? (j == p_ - 1 || j == 2 * p_ - 1) : j == nchunks_ - 1; }
  int dir_of_mb(int mb) const { return dual_ && mb >= (m_ + 1) / 2 ? 1 : 0; }
  bool mb_uses(int mb, int j) const { return !dual_ || dir_of_mb(mb) == (j < p_ ? 0 : 1); }
  int64_t total_ops() const {
    if (!greedy_) {
      int64_t n = 0;
      for (const auto& o : orders_) n += static_cast<int64_t>(o.size());
      return n;
    }
    int64_t per = split_w_ ? 3 : 2;
    return dual_ ? per * m_ * p_ : per * static_cast<int64_t>(m_) * nchunks_;
  }

  // Earliest time op's input is available, or -1 when its producer has not run.
  double ready(const Op& op) const {
    if (op.type == OpType::kF) {
      if (first_of_dir(op.chunk)) return 0;
      return fdone_[idx(op.chunk - 1, op.mb)];
    }
    if (op.type == OpType::kB) {
      const double f = fdone_[idx(op.chunk, op.mb)];
      if (f < 0) return -1;
      if (last_of_dir(op.chunk)) return f;
      const double b = bdone_[idx(op.chunk + 1, op.mb)];
      return b < 0 ? -1 : std::max(f, b);
    }
    return bdone_[idx(op.chunk, op.mb)];
  }

  // --- fixed orders (1F1B, interleaved) ---
  void build_orders() {
    orders_.assign(static_cast<size_t>(p_), {});
    pos_.assign(static_cast<size_t>(p_), 0);
    const int v = in_.v;
    for (int r = 0; r < p_; ++r) {
      std::vector<Op> fwd, bwd;
      for (int g = 0; g < m_; g += p_) {
        const int q = std::min(p_, m_ - g);
        for (int c = 0; c < v; ++c)
          for (int i = 0; i < q; ++i) {
            fwd.push_back({c * p_ + r, g + i, OpType::kF});
            bwd.push_back({(v - 1 - c) * p_ + r, g + i, OpType::kB});
          }
      }
      const int total = static_cast<int>(fwd.size());
      const int warm = v == 1 ? std::min(p_ - r - 1, total) : std::min((p_ - r - 1) * 2 + (v - 1) * p_, total);
      auto& o = orders_[static_cast<size_t>(r)];
      for (int k = 0; k < warm; ++k) o.push_back(fwd[static_cast<size_t>(k)]);
      for (int k = warm; k < total; ++k) {
        o.push_back(fwd[static_cast<size_t>(k)]);
        o.push_back(bwd[static_cast<size_t>(k - warm)]);
      }
      for (int k = total - warm; k < total; ++k) o.push_back(bwd[static_cast<size_t>(k)]);
    }
  }

  // --- DualPipe (DeepSeek-V3 sec. 3.2.1; deepseek-ai/DualPipe dualpipe.py DualPipe.step) ---
  // Rank r holds stage r of direction 0 (chunk r) and stage p-1-r of direction 1 (chunk 2p-1-r).
  // Its phase 0 is the direction in which it sits in the first half of the stages, phase 1 the
  // other; h = min(r, p-1-r). The eight steps of dualpipe.py, in order (Bz: a backward whose
  // weight gradient is deferred to a later W, first in first out):
  //   1. 2(p/2-h-1) x F0          2. h+1 x (F0 F1)          3. p/2-h-1 x (B1z W F1)
  //   4. m/2-p+h+1 x (F0 B1 F1 B0)                          5. p/2-h-1 x (B1 F1 B0)
  //   6. h+1 x (B1 B0), the second half zero-bubble          7. p/2-h-1 x (W B0z)   8. h+1 x W
  // A forward-backward pair runs one after the other here; what the pair overlaps is the
  // all-to-all, already hidden in the chunk costs.
  void build_dual_orders() {
    orders_.assign(static_cast<size_t>(p_), {});
    pos_.assign(static_cast<size_t>(p_), 0);
    const int half = p_ / 2, hm = m_ / 2;
    for (int r = 0; r < p_; ++r) {
      const int h = std::min(r, p_ - 1 - r);
      const int chunk[2] = {r < half ? r : 2 * p_ - 1 - r, r < half ? 2 * p_ - 1 - r : r};
      const int base[2] = {chunk[0] < p_ ? 0 : hm, chunk[1] < p_ ? 0 : hm};  // first micro-batch
      int nf[2] = {0, 0}, nb[2] = {0, 0};
      std::vector<Op> deferred;
      size_t next_w = 0;
      auto& o = orders_[static_cast<size_t>(r)];
      auto F = [&](int k) { o.push_back({chunk[k], base[k] + nf[k]++, OpType::kF}); };
      auto B = [&](int k, bool zb) {
        o.push_back({chunk[k], base[k] + nb[k]++, OpType::kB, zb});
        if (zb) deferred.push_back({o.back().chunk, o.back().mb, OpType::kW});
      };
      auto W = [&] { o.push_back(deferred[next_w++]); };
      for (int i = 0; i < 2 * (half - h - 1); ++i) F(0);
      for (int i = 0; i < h + 1; ++i) { F(0); F(1); }
      for (int i = 0; i < half - h - 1; ++i) { B(1, true); W(); F(1); }
      for (int i = 0; i < hm - p_ + h + 1; ++i) { F(0); B(1, false); F(1); B(0, false); }
      for (int i = 0; i < half - h - 1; ++i) { B(1, false); F(1); B(0, false); }
      const int s6 = h + 1;
      bool zb = false;
      for (int i = 0; i < s6; ++i) {
        if (i == s6 / 2 && h % 2 == 1) zb = true;
        B(1, zb);
        if (i == s6 / 2 && h % 2 == 0) zb = true;
        B(0, zb);
      }
      for (int i = 0; i < half - h - 1; ++i) { W(); B(0, true); }
      while (next_w < deferred.size()) W();
    }
  }

  // --- list scheduling (zero-bubble, dualpipe) ---
  void init_greedy() {
    chunk_inflight_.assign(static_cast<size_t>(nchunks_), 0);
    rank_chunks_.assign(static_cast<size_t>(p_), {});
    for (int j = 0; j < nchunks_; ++j) rank_chunks_[static_cast<size_t>(rank_of(j))].push_back(j);
    next_f_.assign(static_cast<size_t>(nchunks_), 0);
    next_b_.assign(static_cast<size_t>(nchunks_), 0);
    next_w_.assign(static_cast<size_t>(nchunks_), 0);
    for (int j = 0; j < nchunks_; ++j) {
      int first = 0;
      while (first < m_ && !mb_uses(first, j)) ++first;
      next_f_[static_cast<size_t>(j)] = next_b_[static_cast<size_t>(j)] = next_w_[static_cast<size_t>(j)] = first;
    }
  }
  int advance(int j, int mb) const {
    ++mb;
    while (mb < m_ && !mb_uses(mb, j)) ++mb;
    return mb;
  }
  int cap(int j) const {
    // In-flight limit of 1F1B: stage k of its direction may hold p - k micro-batches.
    const int stage = dual_ ? (j < p_ ? j : j - p_) : j;
    return p_ - stage;
  }

  bool candidate(int r, Op& op, double& start, int& prio) const {
    const double fr = free_[static_cast<size_t>(r)];
    if (!greedy_) {
      const auto& o = orders_[static_cast<size_t>(r)];
      const size_t k = pos_[static_cast<size_t>(r)];
      if (k >= o.size()) return false;
      const double t = ready(o[k]);
      if (t < 0) return false;
      op = o[k];
      start = std::max(fr, t);
      prio = 0;
      return true;
    }
    bool found = false;
    auto consider = [&](const Op& c, int pr) {
      const double t = ready(c);
      if (t < 0) return;
      const double st = std::max(fr, t);
      if (!found || st < start - 1e-15 || (st <= start + 1e-15 && pr < prio)) {
        found = true;
        op = c;
        start = st;
        prio = pr;
      }
    };
    for (int j : rank_chunks_[static_cast<size_t>(r)]) {
      const size_t J = static_cast<size_t>(j);
      if (next_b_[J] < m_) consider({j, next_b_[J], OpType::kB}, 0);
      const int in_flight = count_in_flight(j);
      if (next_f_[J] < m_ && in_flight < cap(j)) consider({j, next_f_[J], OpType::kF}, 1);
      if (split_w_ && next_w_[J] < next_b_[J]) consider({j, next_w_[J], OpType::kW}, 2);
    }
    return found;
  }
  int count_in_flight(int j) const { return chunk_inflight_[static_cast<size_t>(j)]; }

  void execute(int r, const Op& op, double start) {
    const ChunkCost& c = cost(op.chunk);
    const Parts& parts = op.type == OpType::kF ? c.fwd : op.type == OpType::kB ? c.bwd : c.wgrad;
    Parts applied = parts;
    // A dualpipe backward runs its weight gradient too unless it defers it.
    const bool with_w = dual_ && op.type == OpType::kB && !op.defer_w;
    if (with_w) applied += c.wgrad;
    const bool receives = op.type == OpType::kF ? !first_of_dir(op.chunk) : (op.type == OpType::kB && !last_of_dir(op.chunk));
    if (receives && rank_of(op.type == OpType::kF ? op.chunk - 1 : op.chunk + 1) != r) applied.pp += c.p2p;
    const double end = start + applied.total();
    const size_t R = static_cast<size_t>(r);
    free_[R] = end;
    res_.busy[R] += applied;
    res_.finish[R] = std::max(res_.finish[R], end);
    const size_t k = idx(op.chunk, op.mb);
    const size_t J = static_cast<size_t>(op.chunk);
    if (op.type == OpType::kF) {
      fdone_[k] = end;
      act_[R] += c.activation_bytes;
      ++inflight_[R];
      res_.peak_activation[R] = std::max(res_.peak_activation[R], act_[R]);
      res_.peak_in_flight[R] = std::max(res_.peak_in_flight[R], inflight_[R]);
      if (greedy_) {
        next_f_[J] = advance(op.chunk, op.mb);
        ++chunk_inflight_[J];
      }
    } else if (op.type == OpType::kB) {
      bdone_[k] = end;
      act_[R] -= c.activation_bytes;
      --inflight_[R];
      if (greedy_) {
        next_b_[J] = advance(op.chunk, op.mb);
        --chunk_inflight_[J];
      }
    } else {
      wdone_[k] = end;
      if (greedy_) next_w_[J] = advance(op.chunk, op.mb);
    }
    if (!greedy_) ++pos_[R];
    if (in_.record_events) res_.events.push_back({r, op.chunk, op.mb, op.type, start, end, with_w});
  }

  const PipelineInput& in_;
  int p_ = 1, nchunks_ = 1, m_ = 1;
  bool dual_ = false, split_w_ = false, greedy_ = false, dual_order_ = false;
  std::vector<double> fdone_, bdone_, wdone_, free_, act_;
  std::vector<int> inflight_;
  std::vector<std::vector<Op>> orders_;
  std::vector<size_t> pos_;
  std::vector<int> next_f_, next_b_, next_w_, chunk_inflight_;
  std::vector<std::vector<int>> rank_chunks_;
  PipelineResult res_;
};

}  // namespace

Result<PipelineResult> simulate_pipeline(const PipelineInput& in) {
  const size_t expect = in.schedule == Schedule::kDualPipe ? static_cast<size_t>(in.p)
                                                            : static_cast<size_t>(in.p) * static_cast<size_t>(in.v);
  if (in.p < 1 || in.v < 1 || in.m < 1 || in.chunks.size() != expect)
    return internal_error(fmt::format("pipeline input: p={} v={} m={} with {} chunks", in.p, in.v, in.m, in.chunks.size()));
  if (in.m > 1'000'000) return internal_error("pipeline input: too many micro-batches");
  Sim sim(in);
  return sim.run();
}

Result<PipelineResult> estimate_pipeline(const PipelineInput& in) {
  const bool dual = in.schedule == Schedule::kDualPipe;
  const size_t expect = dual ? static_cast<size_t>(in.p) : static_cast<size_t>(in.p) * static_cast<size_t>(in.v);
  if (in.p < 1 || in.v < 1 || in.m < 1 || in.chunks.size() != expect)
    return internal_error(fmt::format("pipeline input: p={} v={} m={} with {} chunks", in.p, in.v, in.m, in.chunks.size()));
  const int p = in.p;
  const double m = static_cast<double>(in.m);
  const int nchunks = static_cast<int>(in.chunks.size());
  PipelineResult res;
  res.busy.assign(static_cast<size_t>(p), Parts{});
  res.finish.assign(static_cast<size_t>(p), 0.0);
  res.peak_activation.assign(static_cast<size_t>(p), 0.0);
  res.peak_in_flight.assign(static_cast<size_t>(p), 0);
  std::vector<double> per_mb(static_cast<size_t>(p), 0.0), ramp(static_cast<size_t>(p), 0.0), fwd(static_cast<size_t>(p), 0.0),
      bwd(static_cast<size_t>(p), 0.0), act(static_cast<size_t>(p), 0.0);
  // DualPipe: each rank runs stage r for half the micro-batches and stage p-1-r for the other half.
  auto add = [&](int r, const ChunkCost& c, int j, double share) {
    const size_t R = static_cast<size_t>(r);
    Parts f = c.fwd, b = c.bwd, w = c.wgrad;
    if (j > 0) f.pp += c.p2p;
    if (j < nchunks - 1) b.pp += c.p2p;
    Parts all = f;
    all += b;
    all += w;
    Parts scaled;
    scaled.compute = all.compute * m * share; scaled.memory = all.memory * m * share; scaled.tp = all.tp * m * share;
    scaled.cp = all.cp * m * share; scaled.ep = all.ep * m * share; scaled.pp = all.pp * m * share;
    scaled.dp = all.dp * m * share; scaled.host = all.host * m * share;
    res.busy[R] += scaled;
    per_mb[R] += all.total() * share;
    ramp[R] += (f.total() + b.total() + (in.schedule == Schedule::kZeroBubble ? 0.0 : w.total())) * share;
    fwd[R] += f.total() * share;
    bwd[R] += (b.total() + w.total()) * share;
    act[R] += c.activation_bytes;
  };
  for (int j = 0; j < nchunks; ++j) {
    if (dual) {
      add(j, in.chunks[static_cast<size_t>(j)], j, 0.5);
      add(p - 1 - j, in.chunks[static_cast<size_t>(j)], j, 0.5);
    } else {
      add(j % p, in.chunks[static_cast<size_t>(j)], j, 1.0);
    }
  }
  int crit = 0;
  for (int r = 1; r < p; ++r)
    if (per_mb[static_cast<size_t>(r)] > per_mb[static_cast<size_t>(crit)]) crit = r;
  const double v = dual ? 2.0 : static_cast<double>(in.v);
  double ramp_sum = 0;
  for (int r = 0; r < p; ++r)
    if (r != crit) ramp_sum += ramp[static_cast<size_t>(r)] / v;
  res.critical_rank = crit;
  res.makespan = m * per_mb[static_cast<size_t>(crit)] + ramp_sum;
  for (int r = 0; r < p; ++r) {
    const size_t R = static_cast<size_t>(r);
    res.finish[R] = r == crit ? res.makespan : res.busy[R].total();
    double inflight = 0;
    switch (in.schedule) {
      case Schedule::k1F1B:
      case Schedule::kZeroBubble: inflight = std::min<double>(p - r, m); break;
      case Schedule::kInterleaved:
        inflight = in.v == 1 ? std::min<double>(p - r, m)
                             : std::min<double>((p - r - 1) * 2.0 + (in.v - 1.0) * p + 1.0, m * in.v);
        break;
      case Schedule::kDualPipe: inflight = std::min<double>(p + 1.0, m); break;
    }
    res.peak_in_flight[R] = static_cast<int>(inflight);
    if (dual) {
      // DualPipe's order peaks at the first forward of its main step: p - h micro-batches of the
      // rank's first-half stage (model chunk h) and h + 1 of its second-half one (chunk p-1-h),
      // h = min(r, p-1-r); at most m/2 of each direction.
      const int h = std::min(r, p - 1 - r);
      const double n0 = std::min<double>(p - h, m / 2), n1 = std::min<double>(h + 1, m / 2);
      res.peak_activation[R] = n0 * in.chunks[static_cast<size_t>(h)].activation_bytes +
                               n1 * in.chunks[static_cast<size_t>(p - 1 - h)].activation_bytes;
    } else {
      res.peak_activation[R] = inflight * act[R] / static_cast<double>(in.v);
    }
  }
  res.first_fwd = fwd[static_cast<size_t>(crit)];
  res.last_bwd = bwd[static_cast<size_t>(crit)];
  return res;
}

}  // namespace gigasim::step
