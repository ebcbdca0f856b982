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
}

}  // namespace
}  // namespace gigasim::report
