// Validation resolves every catalog name a scenario gives, so that `run` never rejects what
// `validate` accepted: the fabric's switch and tiers (net::build_fabric, as run builds it) and the
// power section's battery model and platform figures (power::resolve).
#include <fmt/format.h>

#include "net/fabric.h"
#include "power/power_catalog.h"
#include "scenario/sections.h"

namespace gigasim::scenario {

void check_catalog_names(const Document& doc, const Scenario& s, const hw::Catalog& catalog) {
  auto fabric = net::build_fabric(s.cluster, s.fabric, catalog);
  if (!fabric) throw ParseFailure{fabric.error()};
  if (s.power) {
    auto gpu = catalog.gpu(s.cluster.gpu);
    if (!gpu) throw ParseFailure{gpu.error()};
    auto figures = catalog.file("data/catalog/power.yaml");
    if (!figures) throw ParseFailure{figures.error()};
    auto resolved = power::resolve(*s.power, **gpu, **figures);
    if (!resolved) {
      Error e = resolved.error();
      // The power catalog names the key at the start of its message ("power.battery.model: ...").
      const std::string& msg = e.message;
      const size_t colon = msg.find(": ");
      if (e.where.file.empty() && colon != std::string::npos && msg.rfind("power.", 0) == 0) {
        const std::string key = msg.substr(0, colon);
        const size_t dot = key.rfind('.');
        Section sec(doc, doc.root()["power"], "power");
        if (dot > 5) {
          const std::string parent = key.substr(6, dot - 6);
          const YAML::Node node = doc.root()["power"][parent];
          e.where = Section(doc, node, key.substr(0, dot)).where(key.substr(dot + 1));
        } else {
          e.where = sec.where(key.substr(6));
        }
        e.message = msg.substr(colon + 2);
      }
      throw ParseFailure{e};
    }
  }
}

}  // namespace gigasim::scenario
