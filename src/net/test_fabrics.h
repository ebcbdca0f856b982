// Fabrics of well-known systems for the tests (not part of the library).
#pragma once

#include <gtest/gtest.h>

#include "hw/catalog.h"
#include "net/fabric.h"

namespace gigasim::net::testing {

inline hw::ClusterSpec cluster_of(const std::string& gpu, int64_t gpus, int domain = 0) {
  const hw::GpuSpec& g = **(*hw::Catalog::builtin())->gpu(gpu);
  hw::ClusterSpec c;
  c.gpu = g.name;
  c.gpus = gpus;
  c.scale_up_size = domain > 0 ? domain : static_cast<int>(g.scale_up_domain.value);
  c.scale_up_bandwidth = BytesPerSecond(g.scale_up_bandwidth.value);
  c.scale_out_bandwidth = BytesPerSecond(g.nic_bandwidth.value);
  return c;
}

inline Fabric fabric_of(const hw::ClusterSpec& c, const FabricConfig& cfg = {}) {
  auto f = build_fabric(c, cfg, **hw::Catalog::builtin());
  EXPECT_TRUE(f.ok()) << (f.ok() ? "" : f.error().format());
  return *f;
}

}  // namespace gigasim::net::testing
