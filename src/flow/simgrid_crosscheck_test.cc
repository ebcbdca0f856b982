// The max-min solver against SimGrid (Casanova et al., JPDC 2014), on small platforms built in
// both: SimGrid's s4u hosts and links with zero latency and the CM02 network model with its
// corrective factors neutral (bandwidth and latency factor 1, weight-S 0 so every flow has the
// same sharing weight, TCP-gamma 0 so no window bound, cross-traffic off so a flow loads only its
// own direction): that is pure max-min sharing, recomputed by SimGrid at each completion.
//
// Each case is a set of directed links (B/s) and flows (host to host, a route of links, bytes),
// all started at t = 0. Compared, within 1%: every flow's rate at t = 1 ms (SimGrid: bytes sent
// so far / 1 ms; gigasim: flow::System::solve) and every flow's completion time (SimGrid's; gigasim:
// a fluid replay that re-solves flow::System after each completion).
//
// SimGrid runs one engine per process, so every case is one disjoint part of a single platform
// and all run in one simulation. Linked into gigasim_tests only when CMake finds SimGrid
// (Debian: libsimgrid-dev); gigasim_lib never depends on it.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>
#include <simgrid/s4u.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "flow/max_min.h"

namespace gigasim::flow {
namespace {

namespace sg = simgrid::s4u;

struct Flow {
  int src = 0, dst = 0;   // host indices within the case
  std::vector<int> route;  // link indices within the case
  double bytes = 0;
};

struct Case {
  std::string name;
  int hosts = 0;
  std::vector<double> links;  // capacity, B/s, one direction
  std::vector<Flow> flows;
};

constexpr double kGB = 1e9;
constexpr double kProbe = 1e-3;  // s: when the initial rates are read

// Three senders share a 2 GB/s bottleneck; one is held to 0.4 GB/s by its own access link, the
// others split the rest (0.8 each); a reverse flow uses the bottleneck's other direction.
Case dumbbell() {
  Case c{"dumbbell", 6, {}, {}};
  // 0-2: left access up; 3: bottleneck left->right; 4: bottleneck right->left; 5-7: right down;
  // 8: right host 2 up; 9: left host 2 down.
  c.links = {1 * kGB, 0.4 * kGB, 1 * kGB, 2 * kGB, 2 * kGB, 1 * kGB, 1 * kGB, 1 * kGB, 1 * kGB, 1 * kGB};
  c.flows = {{0, 3, {0, 3, 5}, 3 * kGB},
             {1, 4, {1, 3, 6}, 1 * kGB},
             {2, 5, {2, 3, 7}, 2 * kGB},
             {5, 2, {8, 4, 9}, 1.5 * kGB}};
  return c;
}

// Two leaves of four hosts, each leaf with one 2 GB/s uplink and downlink to a spine (host links
// 1 GB/s: 2:1 oversubscribed). Three cross-leaf flows share leaf 0's uplink; one stays in leaf 0;
// one crosses the other way.
Case two_level_tree() {
  Case c{"two-level tree", 8, {}, {}};
  // host h: up link h, down link 8 + h; leaf l: uplink 16 + l, downlink 18 + l.
  c.links.assign(20, 1 * kGB);
  for (int l = 16; l < 20; ++l) c.links[static_cast<size_t>(l)] = 2 * kGB;
  auto cross = [](int s, int d, double b) {
    return Flow{s, d, {s, 16 + s / 4, 18 + d / 4, 8 + d}, b};
  };
  c.flows = {cross(0, 4, 2 * kGB), cross(1, 5, 1 * kGB), cross(2, 6, 3 * kGB),
             Flow{3, 0, {3, 8}, 1.5 * kGB}, cross(7, 1, 2.5 * kGB)};
  return c;
}

// Parking lot: three links in a chain (1, 2, 1.5 GB/s); one flow crosses all three, others use
// one link each, so each flow's bottleneck is a different link.
Case parking_lot() {
  Case c{"parking lot", 8, {1 * kGB, 2 * kGB, 1.5 * kGB}, {}};
  c.flows = {{0, 1, {0, 1, 2}, 1 * kGB},
             {2, 3, {0}, 2 * kGB},
             {4, 5, {1}, 3 * kGB},
             {6, 7, {2}, 1 * kGB},
             {7, 6, {1, 2}, 2 * kGB}};
  return c;
}

// ECMP collision: 8 equal flows hashed onto 4 uplinks of 1 GB/s with loads 3, 2, 2, 1 (host links
// 1 GB/s). The set completes when the fullest uplink drains: 3 x 1 GB / 1 GB/s = 3 s (net/ecmp.h).
Case ecmp_collision() {
  Case c{"ecmp collision", 16, {}, {}};
  c.links.assign(4 + 8, 1 * kGB);  // 0-3 uplinks, 4-11 host links
  const int hash[8] = {0, 0, 0, 1, 2, 2, 3, 1};
  for (int i = 0; i < 8; ++i) c.flows.push_back({i, 8 + i, {4 + i, hash[i]}, 1 * kGB});
  return c;
}

// A class case: 8 flows of class A spread evenly over 4 uplinks (2 each), and 4 flows of class B
// (one per uplink) held to 0.2 GB/s by their hosts' links. gigasim represents each class as one
// variable (A: coefficient 8/4 = 2 on one representative uplink).
Case classes() {
  Case c{"classes", 24, {}, {}};
  c.links.assign(4, 1 * kGB);                      // uplinks
  for (int i = 0; i < 8; ++i) c.links.push_back(1 * kGB);    // A host links 4-11
  for (int i = 0; i < 4; ++i) c.links.push_back(0.2 * kGB);  // B host links 12-15
  for (int i = 0; i < 8; ++i) c.flows.push_back({i, 12 + i, {4 + i, i % 4}, 1 * kGB});
  for (int i = 0; i < 4; ++i) c.flows.push_back({8 + i, 20 + i, {12 + i, i}, 0.5 * kGB});
  return c;
}

std::vector<Case> cases() { return {dumbbell(), two_level_tree(), parking_lot(), ecmp_collision(), classes()}; }

struct Measured {
  std::vector<double> rate;    // B/s at kProbe
  std::vector<double> finish;  // s
};

// Runs every case in one SimGrid simulation (one engine per process: built once, kept).
const std::vector<Measured>& simgrid_runs() {
  static const std::vector<Measured> out = [] {
    static std::vector<std::string> args = {"gigasim_tests", "--log=root.thres:critical"};
    static std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    static int argc = static_cast<int>(argv.size());
    // Never destroyed: SimGrid allows one engine per process and tears down at exit itself.
    auto* engine = new sg::Engine(&argc, argv.data());
    sg::Engine::set_config("network/model:CM02");
    sg::Engine::set_config("network/optim:Full");
    sg::Engine::set_config("network/crosstraffic:0");
    sg::Engine::set_config("network/TCP-gamma:0");
    sg::Engine::set_config("network/weight-S:0");
    sg::Engine::set_config("network/bandwidth-factor:1");
    sg::Engine::set_config("network/latency-factor:1");

    const std::vector<Case> cs = cases();
    auto* zone = sg::create_full_zone("gigasim");
    std::vector<std::vector<sg::Host*>> hosts(cs.size());
    std::vector<std::vector<sg::Link*>> links(cs.size());
    for (size_t i = 0; i < cs.size(); ++i) {
      for (int h = 0; h < cs[i].hosts; ++h)
        hosts[i].push_back(zone->create_host(fmt::format("c{}h{}", i, h), 1e9));
      for (size_t l = 0; l < cs[i].links.size(); ++l)
        links[i].push_back(
            zone->create_link(fmt::format("c{}l{}", i, l), cs[i].links[l])->set_latency(0)->seal());
      for (const Flow& f : cs[i].flows) {
        std::vector<sg::LinkInRoute> route;
        for (int l : f.route) route.emplace_back(links[i][static_cast<size_t>(l)]);
        zone->add_route(hosts[i][static_cast<size_t>(f.src)]->get_netpoint(),
                        hosts[i][static_cast<size_t>(f.dst)]->get_netpoint(), nullptr, nullptr, route, false);
      }
    }
    zone->seal();

    std::vector<Measured> m(cs.size());
    sg::Actor::create("driver", hosts[0][0], [&cs, &hosts, &m] {
      std::vector<std::vector<sg::CommPtr>> comms(cs.size());
      std::vector<sg::CommPtr> all;
      for (size_t i = 0; i < cs.size(); ++i)
        for (const Flow& f : cs[i].flows) {
          comms[i].push_back(sg::Comm::sendto_async(hosts[i][static_cast<size_t>(f.src)],
                                                    hosts[i][static_cast<size_t>(f.dst)],
                                                    static_cast<uint64_t>(f.bytes)));
          all.push_back(comms[i].back());
        }
      sg::this_actor::sleep_for(kProbe);
      for (size_t i = 0; i < cs.size(); ++i)
        for (size_t j = 0; j < comms[i].size(); ++j)
          m[i].rate.push_back((cs[i].flows[j].bytes - comms[i][j]->get_remaining()) / kProbe);
      sg::Comm::wait_all(all);
      for (size_t i = 0; i < cs.size(); ++i)
        for (const auto& c : comms[i]) m[i].finish.push_back(c->get_finish_time());
    });
    engine->run();
    return m;
  }();
  return out;
}

// gigasim's side: the rates of flow::System for the flows still active, and completion times by
// re-solving after each completion.
std::vector<double> solve_rates(const Case& c, const std::vector<bool>& active) {
  System s;
  for (double cap : c.links) s.add_constraint(cap);
  std::vector<int> var(c.flows.size(), -1);
  for (size_t j = 0; j < c.flows.size(); ++j) {
    if (!active[j]) continue;
    var[j] = s.add_variable();
    for (int l : c.flows[j].route) s.add_usage(var[j], l, 1.0);
  }
  const Solution sol = s.solve();
  std::vector<double> r(c.flows.size(), 0.0);
  for (size_t j = 0; j < c.flows.size(); ++j)
    if (var[j] >= 0) r[j] = sol.rate[static_cast<size_t>(var[j])];
  return r;
}

Measured fluid(const Case& c) {
  Measured m;
  const size_t n = c.flows.size();
  std::vector<bool> active(n, true);
  std::vector<double> left(n);
  for (size_t j = 0; j < n; ++j) left[j] = c.flows[j].bytes;
  m.finish.assign(n, 0);
  m.rate = solve_rates(c, active);
  double t = 0;
  for (size_t done = 0; done < n;) {
    const std::vector<double> r = solve_rates(c, active);
    double dt = INFINITY;
    for (size_t j = 0; j < n; ++j)
      if (active[j]) dt = std::min(dt, left[j] / r[j]);
    t += dt;
    for (size_t j = 0; j < n; ++j) {
      if (!active[j]) continue;
      left[j] -= r[j] * dt;
      if (left[j] <= 1e-9 * c.flows[j].bytes) {
        active[j] = false;
        m.finish[j] = t;
        ++done;
      }
    }
  }
  return m;
}

void expect_agree(size_t i) {
  const Case c = cases()[i];
  const Measured& s = simgrid_runs()[i];
  const Measured g = fluid(c);
  ASSERT_EQ(s.rate.size(), c.flows.size());
  double worst = 0;
  for (size_t j = 0; j < c.flows.size(); ++j) {
    EXPECT_NEAR(g.rate[j] / s.rate[j], 1.0, 0.01) << c.name << " flow " << j << " rate";
    EXPECT_NEAR(g.finish[j] / s.finish[j], 1.0, 0.01) << c.name << " flow " << j << " completion";
    worst = std::max({worst, std::abs(g.rate[j] / s.rate[j] - 1), std::abs(g.finish[j] / s.finish[j] - 1)});
  }
  // Shown in --gtest_output=xml: the largest relative gap, and SimGrid's completion times.
  ::testing::Test::RecordProperty("worst_relative_gap", fmt::format("{:.2e}", worst));
  ::testing::Test::RecordProperty("simgrid_finish_s", fmt::format("{:.4f}", fmt::join(s.finish, " ")));
  ::testing::Test::RecordProperty("simgrid_rate_Bps", fmt::format("{:.4e}", fmt::join(s.rate, " ")));
}

TEST(FlowSimGrid, Dumbbell) {
  expect_agree(0);
  const Measured& s = simgrid_runs()[0];
  EXPECT_NEAR(s.rate[0], 0.8 * kGB, 0.008 * kGB);  // (2 - 0.4) / 2
  EXPECT_NEAR(s.rate[1], 0.4 * kGB, 0.004 * kGB);
}

TEST(FlowSimGrid, TwoLevelTreeWithSharedUplinks) {
  expect_agree(1);
  EXPECT_NEAR(simgrid_runs()[1].rate[0], 2.0 / 3 * kGB, 0.007 * kGB);  // three flows on a 2 GB/s uplink
}

TEST(FlowSimGrid, ParkingLot) { expect_agree(2); }

TEST(FlowSimGrid, EcmpCollisionWaitsOnTheFullestUplink) {
  expect_agree(3);
  const Measured& s = simgrid_runs()[3];
  EXPECT_NEAR(*std::max_element(s.finish.begin(), s.finish.end()), 3.0, 0.03);  // max load 3 x 1 s
}

TEST(FlowSimGrid, ClassOfFlowsIsOneVariable) {
  expect_agree(4);
  // gigasim's class form: A = one variable, coefficient 8/4 on a representative uplink; B = one
  // variable, coefficient 1 there and 1 on a representative 0.2 GB/s host link.
  System s;
  const int up = s.add_constraint(1 * kGB), host_b = s.add_constraint(0.2 * kGB), host_a = s.add_constraint(1 * kGB);
  const int a = s.add_variable(), b = s.add_variable();
  s.add_usage(a, up, 2.0);
  s.add_usage(a, host_a, 1.0);
  s.add_usage(b, up, 1.0);
  s.add_usage(b, host_b, 1.0);
  const Solution r = s.solve();
  const Measured& m = simgrid_runs()[4];
  for (size_t j = 0; j < 8; ++j) EXPECT_NEAR(r.rate[static_cast<size_t>(a)] / m.rate[j], 1.0, 0.01) << j;
  for (size_t j = 8; j < 12; ++j) EXPECT_NEAR(r.rate[static_cast<size_t>(b)] / m.rate[j], 1.0, 0.01) << j;
}

}  // namespace
}  // namespace gigasim::flow
