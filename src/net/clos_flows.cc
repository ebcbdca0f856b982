#include "net/clos_flows.h"

#include <algorithm>
#include <numeric>
#include <random>

namespace gigasim::net {

namespace {

uint64_t mix(uint64_t x) {  // splitmix64: the ECMP hash
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

flow::System clos_permutation(int64_t endpoints, int k, int64_t flows, Routing routing, uint64_t seed) {
  const int64_t h = k / 2;                 // hosts per leaf, leaves and aggs per pod, cores per agg
  const int64_t leaves = (endpoints + h - 1) / h;
  const int64_t pods = (leaves + h - 1) / h;
  flow::System s;
  // Directed links, capacity 1: host up/down, leaf<->agg up/down, agg<->core up/down.
  const int64_t host_up = 0, host_dn = endpoints, la_up = 2 * endpoints, la_dn = la_up + leaves * h;
  const int64_t ac_up = la_dn + leaves * h, ac_dn = ac_up + pods * h * h, total = ac_dn + pods * h * h;
  s.reserve(static_cast<int>(flows), static_cast<int>(total + 2 * leaves + 2 * pods), flows * 6);
  for (int64_t i = 0; i < total; ++i) s.add_constraint(1.0);
  const int64_t pool = total;  // adaptive routing: leaf up, leaf down, pod up, pod down pools
  for (int64_t i = 0; i < 2 * leaves; ++i) s.add_constraint(static_cast<double>(h));
  for (int64_t i = 0; i < 2 * pods; ++i) s.add_constraint(static_cast<double>(h * h));
  auto use = [&](int v, int64_t link, double a) { s.add_usage(v, static_cast<int>(link), a); };

  std::mt19937_64 rng(seed);
  std::vector<int64_t> dst(static_cast<size_t>(endpoints));
  std::iota(dst.begin(), dst.end(), 0);
  std::shuffle(dst.begin(), dst.end(), rng);
  std::vector<int64_t> src(dst.size());
  std::iota(src.begin(), src.end(), 0);
  std::shuffle(src.begin(), src.end(), rng);
  for (int64_t f = 0; f < flows; ++f) {
    const int64_t a = src[static_cast<size_t>(f % endpoints)], b = dst[static_cast<size_t>(f % endpoints)];
    const int v = s.add_variable();
    if (a == b) continue;  // unconstrained: reported as infinite, filtered by clos_stats
    use(v, host_up + a, 1);
    use(v, host_dn + b, 1);
    const int64_t la = a / h, lb = b / h, pa = la / h, pb = lb / h;
    if (la == lb) continue;
    const uint64_t hash = mix(seed ^ mix(static_cast<uint64_t>(a) * 0x100000001b3ULL + static_cast<uint64_t>(b)));
    if (routing == Routing::kEcmp) {
      const int64_t agg = static_cast<int64_t>(hash % static_cast<uint64_t>(h));
      use(v, la_up + la * h + agg, 1);
      use(v, la_dn + lb * h + agg, 1);
      if (pa != pb) {
        const int64_t core = static_cast<int64_t>((hash / static_cast<uint64_t>(h)) % static_cast<uint64_t>(h));
        use(v, ac_up + (pa * h + agg) * h + core, 1);
        use(v, ac_dn + (pb * h + agg) * h + core, 1);
      }
    } else {
      // Spraying over all shortest paths loads a leaf's h uplinks (and a pod's h^2 core links)
      // evenly, so each group acts as one pooled link of h (h^2) capacities: one usage each.
      use(v, pool + la, 1);
      use(v, pool + leaves + lb, 1);
      if (pa != pb) {
        use(v, pool + 2 * leaves + pa, 1);
        use(v, pool + 2 * leaves + pods + pb, 1);
      }
    }
  }
  return s;
}

ClosFlowStats clos_stats(const flow::Solution& s) {
  ClosFlowStats st;
  st.iterations = s.iterations;
  st.min_rate = 1e300;
  for (double r : s.rate) {
    if (!(r < 1e300)) continue;
    ++st.flows;
    st.total += r;
    st.min_rate = std::min(st.min_rate, r);
  }
  st.mean_rate = st.flows ? st.total / static_cast<double>(st.flows) : 0;
  if (st.flows == 0) st.min_rate = 0;
  return st;
}

}  // namespace gigasim::net
