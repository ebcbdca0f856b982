#include "net/fabric.h"

#include <fmt/format.h>

#include "hw/catalog.h"
#include "net/physical.h"

namespace gigasim::net {

Result<Fabric> build_fabric(const hw::ClusterSpec& cluster, const FabricConfig& config, const hw::Catalog& catalog) {
  auto cat = NetCatalog::of(catalog);
  if (!cat) return cat.error();
  auto gpu = catalog.gpu(cluster.gpu);
  if (!gpu) return bad_input(gpu.error().message, config.locate("cluster.gpu"));
  auto eff = catalog.efficiency((*gpu)->architecture);
  if (!eff) return eff.error();
  if (cluster.gpus < 1) return bad_input("must be at least 1", config.locate("cluster.gpus"));

  Fabric f;
  f.catalog = &catalog;
  f.cluster = cluster;
  f.config = config;
  f.architecture = (*gpu)->architecture;
  f.switch_name = config.switch_name.empty() ? (*cat)->default_switch() : config.switch_name;
  auto sw = (*cat)->switch_spec(f.switch_name);
  if (!sw) return bad_input(sw.error().message, config.locate("cluster.scale_out.switch"));
  f.switch_name = (*sw)->name;

  const int planes = config.planes;
  TopologyInput in;
  in.gpus = cluster.gpus;
  in.domain = std::max(1, cluster.scale_up_size);
  in.rail_optimized = cluster.topology == hw::Topology::kRailOptimized;
  in.planes = planes;
  in.nic_bandwidth = cluster.scale_out_bandwidth.value();
  in.link_speed = config.link_speed.value_or(in.nic_bandwidth / std::max(1, planes));
  in.switch_ports = static_cast<int64_t>((*sw)->ports.value);
  in.switch_port_speed = (*sw)->port_speed.value;
  in.switch_min_port_speed = (*sw)->min_port_speed.value;
  in.switch_name = f.switch_name;
  in.tiers = config.tiers;
  in.leaf_oversubscription = config.leaf_oversubscription;
  in.spine_oversubscription = config.spine_oversubscription;
  in.top_oversubscription = cluster.oversubscription;
  if (in.link_speed * planes < in.nic_bandwidth * (1 - 1e-9))
    return bad_input(fmt::format("planes x link_speed = {} x {:.0f} Gb/s is below the {:.0f} Gb/s NIC", planes,
                                 in.link_speed * 8e-9, in.nic_bandwidth * 8e-9),
                     config.locate(config.link_speed ? "cluster.scale_out.link_speed" : "cluster.scale_out.planes"));
  auto topo = build_topology(in, config);
  if (!topo) return topo.error();
  f.topo = std::move(*topo);

  LinkModel& L = f.link;
  L.scale_up_bandwidth = cluster.scale_up_bandwidth.value();
  L.scale_up_efficiency = (*eff)->scale_up_bus.value;
  L.nic_bandwidth = in.nic_bandwidth;
  L.nic_efficiency = (*eff)->scale_out_bus.value;
  const double nvls = (*cat)->nvls_efficiency(f.architecture);
  L.nvls_efficiency = config.nvls.value_or(true) && cluster.scale_up_size > 1 ? nvls : 0.0;
  L.in_network_reduction = config.in_network_reduction.value_or((*sw)->in_network_reduction);
  L.switch_latency = (*sw)->latency.value;
  L.routing = config.routing;
  L.adaptive_efficiency = (*cat)->adaptive_efficiency();
  f.nccl = (*cat)->nccl();

  Status st = lay_out(f, **sw, **cat);
  if (!st.ok()) return st.error();
  return f;
}

}  // namespace gigasim::net
