#include "report/network_json.h"

#include <gtest/gtest.h>

#include "net/test_fabrics.h"

namespace gigasim::report {
namespace {

TEST(NetworkJson, HasTheContractKeys) {
  const net::Fabric f = net::testing::fabric_of(net::testing::cluster_of("H100-SXM", 4096));
  const net::Collective c{"dp all-reduce", "dp", net::CollectiveOp::kAllReduce, {512, 1, 8}, Bytes(1e9), 1};
  auto r = net::analyze(f, {c});
  ASSERT_TRUE(r.ok());
  const auto j = network_to_json(*r);
  for (const char* k : {"collectives", "tier_utilization", "build"}) EXPECT_TRUE(j.contains(k)) << k;
  const auto& c0 = j["collectives"][0];
  for (const char* k : {"name", "group_size", "bytes", "algorithm", "time_s", "busbw_gbps"})
    EXPECT_TRUE(c0.contains(k)) << k;
  for (const char* k : {"switches", "transceivers", "cables", "fiber_km", "fiber_km_per_hall", "fiber_strand_km",
                        "halls", "network_power_mw"})
    EXPECT_TRUE(j["build"].contains(k)) << k;
  EXPECT_EQ(j.dump(), network_to_json(*r).dump());  // deterministic
  // nccl-tests prints GB/s; the Gb/s keys stay as aliases x 8.
  EXPECT_NEAR(c0["busbw_GBps"].get<double>() * 8, c0["busbw_gbps"].get<double>(), 1e-3 * c0["busbw_gbps"].get<double>());
  EXPECT_NEAR(c0["algbw_GBps"].get<double>() * 8, c0["algbw_gbps"].get<double>(), 1e-3 * c0["algbw_gbps"].get<double>());
  const auto& b = j["build"];
  for (const char* k : {"floor_plan", "tiers", "cable_classes", "inside_halls", "between_halls", "installed_strand_km",
                        "active_strand_km", "trunk_sheath_km", "bringup"})
    EXPECT_TRUE(b.contains(k)) << k;
  EXPECT_NEAR(b["inside_halls"]["fiber_km"].get<double>() + b["between_halls"]["fiber_km"].get<double>(),
              b["fiber_km"].get<double>(), 1e-3);
  for (const char* k : {"days_to_first_step", "rack_to_step_days", "binding", "stages"})
    EXPECT_TRUE(b["bringup"].contains(k)) << k;
  const auto& t0 = b["tiers"][0];
  for (const char* k : {"link", "links", "cables", "length_m", "cable_km", "installed_strand_km", "breakout", "port_gbps"})
    EXPECT_TRUE(t0.contains(k)) << k;
  for (const auto& t : j["tier_utilization"]) {
    EXPECT_TRUE(t.contains("peak_utilization"));
    EXPECT_LE(t["utilization"].get<double>(), t["peak_utilization"].get<double>() + 1e-9);
  }
}

}  // namespace
}  // namespace gigasim::report
