#include "roadmap/engine.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace gigasim::roadmap {

namespace {

constexpr double kRelax = 1.1;        // the binding test raises a capacity by 10%
constexpr double kEpsilon = 1e-9;     // relative tolerance for "exhausted" and "met"

}  // namespace

Allocation fill(const Problem& p) {
  Allocation a;
  a.built.assign(p.builders.size(), 0.0);
  a.used.assign(p.resources.size(), 0.0);
  std::vector<size_t> order(p.builders.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t x, size_t y) { return p.builders[x].cost < p.builders[y].cost; });
  double left = p.demand;
  for (size_t b : order) {
    if (!(left > 0)) break;
    const Builder& bd = p.builders[b];
    double x = std::min(left, bd.max);
    for (const Use& u : bd.uses) {
      if (!(u.per_unit > 0)) continue;
      const double room = std::max(0.0, p.resources[u.resource].capacity - a.used[u.resource]);
      x = std::min(x, room / u.per_unit);
    }
    if (!(x > 0)) continue;
    a.built[b] = x;
    for (const Use& u : bd.uses) a.used[u.resource] += x * u.per_unit;
    a.total += x;
    if (left != kUnlimited) left -= x;
  }
  a.demand_met = p.demand != kUnlimited && a.total >= p.demand * (1 - kEpsilon);
  return a;
}

Allocation allocate(const Problem& p) {
  Allocation a = fill(p);
  if (a.demand_met) return a;
  double best = 0;
  for (size_t r = 0; r < p.resources.size(); ++r) {
    const double cap = p.resources[r].capacity;
    if (a.used[r] < cap * (1 - kEpsilon) || !(a.used[r] > 0 || cap == 0)) continue;  // not exhausted
    Problem q = p;
    // A resource with no capacity at all (a queue not yet ended) names the binding constraint
    // only when nothing is built: it is then relaxed to unlimited. When something is built, 10%
    // of zero adds nothing and the resources that were used are compared.
    if (cap > 0) {
      q.resources[r].capacity = cap * kRelax;
    } else {
      if (a.total > 0) continue;
      bool used_by_any = false;
      for (const Builder& b : p.builders)
        for (const Use& u : b.uses) used_by_any |= u.resource == r && u.per_unit > 0;
      if (!used_by_any) continue;
      q.resources[r].capacity = kUnlimited;
    }
    const double gain = fill(q).total - a.total;
    if (gain > best * (1 + kEpsilon) + kEpsilon * std::max(1.0, a.total)) {
      best = gain;
      a.binding = r;
    }
  }
  a.gain_if_relaxed = best == kUnlimited ? 0 : best;
  return a;
}

double slack(const Problem& p, const Allocation& a, size_t r) {
  const double cap = p.resources[r].capacity;
  if (cap == kUnlimited) return 1;
  if (!(cap > 0)) return a.used[r] > 0 ? 0 : 1;
  return std::max(0.0, (cap - a.used[r]) / cap);
}

std::vector<Period> run_periods(size_t periods, const MakeProblem& make) {
  std::vector<Period> out;
  out.reserve(periods);
  for (size_t k = 0; k < periods; ++k) {
    Problem p = make(k, out);
    if (!out.empty()) {
      const Period& prev = out.back();
      for (size_t r = 0; r < prev.problem.resources.size(); ++r) {
        const Resource& old = prev.problem.resources[r];
        if (!old.carries || old.capacity == kUnlimited) continue;
        const double left = std::max(0.0, old.capacity - prev.allocation.used[r]);
        for (Resource& now : p.resources)
          if (now.name == old.name && now.capacity != kUnlimited) now.capacity += left;
      }
    }
    Allocation a = allocate(p);
    out.push_back({std::move(p), std::move(a)});
  }
  return out;
}

}  // namespace gigasim::roadmap
