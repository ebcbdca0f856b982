#include "serve/simulate.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <queue>
#include <tuple>

#include "core/random.h"

namespace gigasim::serve {

namespace {

using Rng = core::SplitMix;

// ln L ~ N(mu, sigma), clipped to [1, max]; mu is found so that the clipped mean is `mean`.
double lognormal_mu(const Lengths& l) {
  Rng r{12345};
  std::vector<double> z(4000);
  for (auto& x : z) x = r.normal();
  auto clipped_mean = [&](double mu) {
    double s = 0;
    for (double x : z) s += std::clamp(std::exp(mu + l.sigma * x), 1.0, static_cast<double>(l.max));
    return s / static_cast<double>(z.size());
  };
  double lo = -5, hi = std::log(static_cast<double>(l.max)) + 5;
  for (int i = 0; i < 60; ++i) {
    const double mid = 0.5 * (lo + hi);
    (clipped_mean(mid) < l.mean ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

struct Sampler {
  const Lengths& l;
  double mu = 0;
  size_t next = 0;
  explicit Sampler(const Lengths& x) : l(x) {
    if (!l.trace.empty() || l.max == 0) return;
    mu = lognormal_mu(l);
  }
  int64_t draw(Rng& r) {
    if (!l.trace.empty()) return l.trace[next++ % l.trace.size()];
    if (l.max == 0) return std::max<int64_t>(1, std::llround(l.mean));
    const double v = std::clamp(std::exp(mu + l.sigma * r.normal()), 1.0, static_cast<double>(l.max));
    return std::max<int64_t>(1, std::llround(v));
  }
};

// A Gamma(k, 1) draw, k >= 1 (Marsaglia and Tsang, ACM TOMS 26(3), 2000): one normal and one
// uniform per try, ~1.02 tries on average whatever k.
double gamma_shape(Rng& r, double k) {
  const double d = k - 1.0 / 3.0, c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    const double x = r.normal();
    const double v0 = 1 + c * x;
    if (v0 <= 0) continue;
    const double v = v0 * v0 * v0;
    const double u = r.uniform();
    if (u > 0 && std::log(u) < 0.5 * x * x + d - d * v + d * std::log(v)) return d * v;
  }
}

}  // namespace

Percentiles percentiles(std::vector<double> v) {
  Percentiles p;
  if (v.empty()) return p;
  std::sort(v.begin(), v.end());
  auto at = [&](double q) {
    const double pos = q * static_cast<double>(v.size() - 1);
    const size_t i = static_cast<size_t>(pos);
    const double f = pos - static_cast<double>(i);
    return i + 1 < v.size() ? v[i] * (1 - f) + v[i + 1] * f : v[i];
  };
  p.p50 = at(0.5);
  p.p90 = at(0.9);
  p.p99 = at(0.99);
  double s = 0;
  for (double x : v) s += x;
  p.mean = s / static_cast<double>(v.size());
  return p;
}

double mean_length(const Lengths& l) {
  if (!l.trace.empty()) {
    double s = 0;
    for (auto x : l.trace) s += static_cast<double>(x);
    return s / static_cast<double>(l.trace.size());
  }
  if (l.max == 0) return std::max(1.0, std::round(l.mean));
  Sampler s(l);
  Rng r{777};
  double sum = 0;
  for (int i = 0; i < 4000; ++i) sum += static_cast<double>(s.draw(r));
  return sum / 4000.0;
}

std::vector<RequestSpec> make_requests(const Workload& w, int64_t n, double rate, uint64_t seed,
                                       int64_t dealt_from) {
  std::vector<RequestSpec> out(static_cast<size_t>(std::max<int64_t>(0, n)));
  Rng r{seed * 0x2545F4914F6CDD1DULL + 1};
  Sampler in(w.input), os(w.output);
  const double k = static_cast<double>(std::max<int64_t>(1, dealt_from));
  double t = 0;
  for (auto& q : out) {
    if (w.arrival == Arrival::kPoisson && rate > 0)
      t += (k > 1 ? gamma_shape(r, k) : -std::log(r.uniform())) / (rate * k);
    else if (w.arrival == Arrival::kConstant && rate > 0) t += 1.0 / rate;
    q.arrival = w.arrival == Arrival::kOffline ? 0 : t;
    q.input = in.draw(r);
    q.output = os.draw(r);
    q.cached = std::floor(w.prefix_cache_hit * static_cast<double>(q.input));
    if (q.cached >= static_cast<double>(q.input)) q.cached = static_cast<double>(q.input - 1);
  }
  return out;
}

SteadyWindow steady_window(const std::vector<RequestSpec>& reqs, double life) {
  const size_t n = reqs.size();
  SteadyWindow w{n / 20, n};
  if (n == 0 || reqs.back().arrival <= 0) return w;
  while (w.first < n * 9 / 20 && reqs[w.first].arrival < life) ++w.first;
  const double end = reqs.back().arrival - life;
  while (w.last > n * 11 / 20 && reqs[w.last - 1].arrival > end) --w.last;
  return w;
}

SimResult simulate(const std::vector<RequestSpec>& reqs, const StepFn& step, const SimLimits& lim,
                   double E, int verify) {
  SimResult res;
  const size_t n = reqs.size();
  if (n == 0) return res;
  std::vector<double> first(n, 0), done(n, 0), remaining(n, 0), prefilled(n, 0), ctx0(n, 0);
  std::vector<int64_t> enter(n, 0);
  std::deque<size_t> waiting, prefilling;
  // finish iteration, request, the request's stint (a paused request's old entry is stale)
  using Item = std::tuple<int64_t, size_t, uint32_t>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> decoding;
  // On-demand KV (lim.on_demand_kv): the tokens a request held when it (re)started, the output
  // tokens it made before its current stint, its stint, and the decoding requests in start order
  // (the newest are paused first).
  std::vector<double> held(n, 0), made(n, 0);
  std::vector<uint32_t> stint(n, 0);
  std::vector<char> decoding_now(n, 0);
  std::vector<std::pair<size_t, uint32_t>> started;
  size_t next = 0, completed = 0;
  int64_t running = 0, dec = 0, iter = 0;
  double now = 0, kv_used = 0, ctx = 0, batch_time = 0, busy = 0, compute = 0, comm = 0;
  std::vector<size_t> order;  // completion order
  order.reserve(n);
  // Tokens produced up to the end of each iteration (output: first tokens and decoded ones;
  // input: prefilled), for the steady-state throughput.
  std::vector<double> t_end, out_cum, in_cum;
  double out_made = 0, in_made = 0;

  auto need = [&](size_t i) { return static_cast<double>(reqs[i].input + reqs[i].output); };
  // On demand, a request holds its prompt (and the tokens it made before a pause) plus E tokens per
  // decode iteration of its current stint.
  auto holding = [&](size_t i) {
    return held[i] + (decoding_now[i] ? static_cast<double>(iter - enter[i]) * E : 0.0);
  };
  auto complete = [&](size_t i) {
    done[i] = now;
    kv_used -= lim.on_demand_kv ? holding(i) : need(i);
    decoding_now[i] = 0;
    --running;
    ++completed;
    order.push_back(i);
  };
  auto start_decode = [&](size_t i) {
    if (made[i] == 0) first[i] = now;  // a resumed request keeps its first token
    // The prefill (or a paused request's recomputation) made one token.
    const double left = static_cast<double>(reqs[i].output) - made[i];
    if (left <= 1 || lim.prefill_only) {
      complete(i);
      return;
    }
    const int64_t steps = static_cast<int64_t>(std::ceil((left - 1) / E - 1e-9));
    enter[i] = iter;
    ctx0[i] = static_cast<double>(reqs[i].input) + made[i] + 1;
    ctx += ctx0[i];
    ++dec;
    decoding_now[i] = 1;
    decoding.push({iter + steps, i, stint[i]});
    if (lim.on_demand_kv) started.emplace_back(i, stint[i]);
  };
  // On demand: pause the most recently started decoding request. Its KV is freed; it waits at the
  // head of the queue to recompute its prompt and the tokens it made.
  auto pause_newest = [&]() {
    while (!started.empty()) {
      const auto [i, st] = started.back();
      started.pop_back();
      if (!decoding_now[i] || st != stint[i]) continue;
      const double k = static_cast<double>(iter - enter[i]);
      kv_used -= holding(i);
      ctx -= ctx0[i] + k * E;
      --dec;
      --running;
      decoding_now[i] = 0;
      made[i] += 1 + k * E;
      ++stint[i];
      ++res.paused;
      waiting.push_front(i);
      return;
    }
  };

  while (completed < n) {
    if (running == 0 && waiting.empty() && next < n) now = std::max(now, reqs[next].arrival);
    while (next < n && reqs[next].arrival <= now) waiting.push_back(next++);
    // Admission: a request reserves its whole KV (prompt + output), as TensorRT-LLM's
    // guaranteed-no-evict scheduler does, within the batch limit.
    // On demand (max-utilization), it needs only what it holds now beside what the running ones
    // hold after the next step.
    while (!waiting.empty() && running < lim.max_batch) {
      const size_t i = waiting.front();
      const double want = lim.on_demand_kv ? static_cast<double>(reqs[i].input) + made[i] : need(i);
      const double growth = lim.on_demand_kv ? static_cast<double>(dec) * E : 0.0;
      if (kv_used + growth + want > lim.kv_tokens && running > 0) {
        res.kv_bound = true;
        break;
      }
      waiting.pop_front();
      kv_used += want;
      held[i] = want;
      ++running;
      if (lim.decode_only) {
        prefilled[i] = static_cast<double>(reqs[i].input) + made[i];
        start_decode(i);
      } else {
        // A paused request recomputes its prompt and the tokens it made, without prefix hits.
        const double cached = made[i] > 0 ? 0.0 : reqs[i].cached;
        remaining[i] = static_cast<double>(reqs[i].input) + made[i] - cached;
        prefilled[i] = cached;
        prefilling.push_back(i);
      }
    }
    // On demand: the next step must fit the cache; the newest decoding requests make room.
    while (lim.on_demand_kv && dec > 1 && kv_used + static_cast<double>(dec) * E > lim.kv_tokens) {
      res.kv_bound = true;
      pause_newest();
    }
    res.peak_batch = std::max(res.peak_batch, running);
    StepLoad load;
    const bool prefill_first = lim.chunk == 0 && !prefilling.empty();
    if (!prefill_first) {
      load.decode_seqs = static_cast<double>(dec);
      load.tokens_per_seq = verify;
      load.decode_context = ctx;
    }
    double budget = lim.chunk > 0 ? std::min<double>(static_cast<double>(lim.chunk),
                                                     static_cast<double>(lim.max_num_tokens) - load.decode_seqs * verify)
                                  : static_cast<double>(lim.max_num_tokens);
    if (budget <= 0 && dec == 0) budget = static_cast<double>(std::max<int64_t>(lim.chunk, 1));
    size_t finished_prefill = 0;
    for (size_t k = 0; k < prefilling.size() && budget > 0; ++k) {
      const size_t i = prefilling[k];
      double take = std::min(remaining[i], budget);
      if (lim.chunk == 0 && k > 0 && take < remaining[i]) break;  // whole prompts only
      if (lim.chunk == 0) take = remaining[i];
      load.prefill_tokens += take;
      load.prefill_pairs += take * (prefilled[i] + take / 2);
      load.prefill_seqs += 1;
      prefilled[i] += take;
      remaining[i] -= take;
      budget -= take;
      if (remaining[i] <= 0) ++finished_prefill;
    }
    if (load.decode_seqs + load.prefill_tokens <= 0) {
      if (next < n) {
        now = std::max(now, reqs[next].arrival);
        continue;
      }
      break;  // nothing runnable (cannot happen with a consistent state)
    }
    const StepBreakdown b = step(load);
    const double dt = b.total.value();
    now += dt;
    out_made += load.decode_seqs * E + static_cast<double>(finished_prefill);
    in_made += load.prefill_tokens;
    t_end.push_back(now);
    out_cum.push_back(out_made);
    in_cum.push_back(in_made);
    busy += dt;
    compute += dt * b.compute_share;
    comm += dt * b.comm_share;
    batch_time += dt * load.decode_seqs;
    ++res.iterations;
    if (load.decode_seqs > 0) {
      ++iter;
      ctx += static_cast<double>(dec) * E;
      if (lim.on_demand_kv) kv_used += static_cast<double>(dec) * E;
      while (!decoding.empty() && std::get<0>(decoding.top()) <= iter) {
        const auto [fin, i, st] = decoding.top();
        decoding.pop();
        if (st != stint[i] || !decoding_now[i]) continue;  // paused since
        ctx -= ctx0[i] + static_cast<double>(iter - enter[i]) * E;
        --dec;
        complete(i);
      }
    }
    while (finished_prefill > 0) {
      // Prefill runs in FIFO order, so the finished ones lead the queue.
      const size_t i = prefilling.front();
      prefilling.pop_front();
      --finished_prefill;
      start_decode(i);
    }
  }
  res.makespan = now;
  res.busy_time = busy;
  res.energy_share_prefill = busy > 0 ? compute / busy : 0;
  res.comm_share = busy > 0 ? comm / busy : 0;
  res.mean_batch = busy > 0 ? batch_time / busy : 0;
  // Throughput. Offline (every request at t = 0): all tokens over the makespan, as MLPerf's
  // Offline scenario measures. Otherwise the steady state: the tokens produced between the 10% and
  // the 90% completion, over that span (counting the outputs of the requests completed in the span
  // instead would credit a window with tokens made before it: with few requests against long
  // outputs, more than the replica can make).
  const bool offline = reqs.back().arrival <= 0;
  const size_t a = n / 10, z = std::max(a + 1, n * 9 / 10);
  double out = 0, in = 0, span = 0, count = 0;
  if (!offline && z < order.size() && done[order[z]] > done[order[a]]) {
    const double t0 = done[order[a]], t1 = done[order[z]];
    // Cumulative tokens at time t: iterations end at t_end (ascending); t0, t1 are iteration ends.
    auto at = [&](const std::vector<double>& cum, double t) {
      const size_t k = static_cast<size_t>(std::upper_bound(t_end.begin(), t_end.end(), t) - t_end.begin());
      return k == 0 ? 0.0 : cum[k - 1];
    };
    out = at(out_cum, t1) - at(out_cum, t0);
    in = at(in_cum, t1) - at(in_cum, t0);
    count = static_cast<double>(z - a);
    span = t1 - t0;
  } else {
    for (const auto& q : reqs) {
      out += static_cast<double>(q.output);
      in += static_cast<double>(q.input);
    }
    span = now;
    count = static_cast<double>(n);
  }
  if (span > 0) {
    res.output_tokens_per_s = out / span;
    res.input_tokens_per_s = in / span;
    res.requests_per_s = count / span;
  }
  res.first_token = first;
  res.finish = done;
  // Latencies of the steady state. A long MLPerf Server run is dominated by queries that meet a
  // full replica; a simulation's first requests meet one still filling, until the longest lives
  // have passed (simulate.h), and its last ones a draining one. Requests arriving in the first or
  // the last 99th-percentile lifetime are left out (the first 5% always; at least the middle tenth
  // kept).
  std::vector<double> lives(n);
  for (size_t i = 0; i < n; ++i) lives[i] = done[i] - reqs[i].arrival;
  double life = 0;
  for (double x : lives) life += x;
  res.mean_life = life / static_cast<double>(n);
  res.fill_life = percentiles(lives).p99;
  const SteadyWindow win = steady_window(reqs, res.fill_life);
  for (size_t i = win.first; i < win.last; ++i) {
    res.ttft.push_back(first[i] - reqs[i].arrival);
    res.e2e.push_back(done[i] - reqs[i].arrival);
    if (reqs[i].output > 1) res.tpot.push_back((done[i] - first[i]) / static_cast<double>(reqs[i].output - 1));
  }
  return res;
}

}  // namespace gigasim::serve
