#include "flow/max_min.h"

#include <algorithm>
#include <queue>

namespace gigasim::flow {

int System::add_constraint(double capacity) {
  capacity_.push_back(std::max(0.0, capacity));
  return constraints() - 1;
}

int System::add_variable(double weight, double bound) {
  weight_.push_back(weight > 0 ? weight : 1.0);
  bound_.push_back(bound);
  return variables() - 1;
}

void System::add_usage(int var, int cons, double coeff) {
  if (coeff > 0) usage_.push_back({var, cons, coeff});
}

void System::reserve(int variables, int constraints, int64_t usages) {
  weight_.reserve(variables);
  bound_.reserve(variables);
  capacity_.reserve(constraints);
  usage_.reserve(static_cast<size_t>(usages));
}

namespace {

struct Event {
  double level;
  int id;        // constraint id, or -(var+1) for a variable's own bound
  uint32_t version;
  bool operator>(const Event& o) const { return level > o.level || (level == o.level && id > o.id); }
};

}  // namespace

Solution System::solve() const {
  const int nv = variables(), nc = constraints();
  // Compressed adjacency both ways.
  std::vector<int> vstart(nv + 1, 0), cstart(nc + 1, 0);
  for (const auto& u : usage_) {
    ++vstart[u.var + 1];
    ++cstart[u.cons + 1];
  }
  for (int i = 0; i < nv; ++i) vstart[i + 1] += vstart[i];
  for (int i = 0; i < nc; ++i) cstart[i + 1] += cstart[i];
  std::vector<int> vcons(usage_.size()), cvars(usage_.size());
  std::vector<double> vcoef(usage_.size()), ccoef(usage_.size());
  {
    std::vector<int> vp(vstart.begin(), vstart.end() - 1), cp(cstart.begin(), cstart.end() - 1);
    for (const auto& u : usage_) {
      vcons[vp[u.var]] = u.cons;
      vcoef[vp[u.var]++] = u.coeff;
      cvars[cp[u.cons]] = u.var;
      ccoef[cp[u.cons]++] = u.coeff;
    }
  }

  Solution s;
  s.rate.assign(nv, 0.0);
  s.load.assign(nc, 0.0);
  s.bottleneck.assign(nv, -1);
  std::vector<double> active_sum(nc, 0.0);  // sum of a_cv w_v over unfrozen v
  std::vector<uint32_t> version(nc, 0);
  std::vector<char> frozen(nv, 0);
  for (int v = 0; v < nv; ++v)
    for (int k = vstart[v]; k < vstart[v + 1]; ++k) active_sum[vcons[k]] += vcoef[k] * weight_[v];

  std::priority_queue<Event, std::vector<Event>, std::greater<>> heap;
  auto level_of = [&](int c) { return (capacity_[c] - s.load[c]) / active_sum[c]; };
  for (int c = 0; c < nc; ++c)
    if (active_sum[c] > 0) heap.push({std::max(0.0, level_of(c)), c, 0});
  for (int v = 0; v < nv; ++v) {
    if (bound_[v] < kUnbounded) heap.push({bound_[v] / weight_[v], -(v + 1), 0});
    if (vstart[v] == vstart[v + 1] && !(bound_[v] < kUnbounded)) {
      s.rate[v] = kUnbounded;
      frozen[v] = 1;
    }
  }

  double level = 0;
  auto freeze = [&](int v, double t, int by) {
    frozen[v] = 1;
    s.rate[v] = weight_[v] * t;
    s.bottleneck[v] = by;
    for (int k = vstart[v]; k < vstart[v + 1]; ++k) {
      const int c = vcons[k];
      s.load[c] += vcoef[k] * s.rate[v];
      active_sum[c] -= vcoef[k] * weight_[v];
      ++version[c];
      // Guard against rounding: a constraint with (almost) no active users leaves the heap.
      if (active_sum[c] > 1e-12 * vcoef[k] * weight_[v]) heap.push({std::max(t, level_of(c)), c, version[c]});
    }
  };
  while (!heap.empty()) {
    const Event e = heap.top();
    heap.pop();
    if (e.id < 0) {
      const int v = -e.id - 1;
      if (frozen[v]) continue;
      level = std::max(level, e.level);
      ++s.iterations;
      freeze(v, level, -1);
      continue;
    }
    if (e.version != version[e.id] || active_sum[e.id] <= 0) continue;
    level = std::max(level, e.level);
    ++s.iterations;
    for (int k = cstart[e.id]; k < cstart[e.id + 1]; ++k)
      if (!frozen[cvars[k]]) freeze(cvars[k], level, e.id);
  }
  return s;
}

}  // namespace gigasim::flow
