// A roadmap: from an installed base to a trajectory of capacity, period by period, on Earth and
// in orbit. Plain structs in SI units (W, J, kg, s, USD) except calendar years, which are
// decimal years (2026.0 = 1 January 2026) and growth rates, which are fractions per year. The
// plan file parser (scenario/roadmap_section.cc) fills them from the plan's `roadmap:` section
// and the catalog (data/catalog/roadmap.yaml, site.yaml, supply.yaml, gpus.yaml); the
// simulation (roadmap/simulate.h) reads them.
#pragma once

#include <string>
#include <vector>

#include "plan/spec.h"
#include "roadmap/curves.h"
#include "site/orbit.h"

namespace gigasim::roadmap {

// A chip generation, in volume from `year` until the next one.
struct Generation {
  std::string name;
  double year = 0;
  double h100e = 0;                  // H100-equivalents per chip (BF16 dense peak / H100's)
  double it_power = 0;               // W of IT per chip, host, network and storage included
  double logic_wafers = 0;           // per chip (good dies, dies per package)
  double packaging_wafers = 0;       // per chip
  double hbm_bytes = 0;              // per chip
};

enum class DemandKind { kH100e, kPower, kMax };

struct Demand {
  DemandKind kind = DemandKind::kMax;  // kMax: as fast as supply allows
  double per_year = 0;                 // H100e per year (kH100e) or W of IT per year (kPower)
  double growth = 0;                   // per year, compounding from the start
};

enum class Source { kGrid, kTurbines, kSolar };

struct PowerSource {
  Source kind = Source::kGrid;
  Series additions;                  // W of firm power per year the region can connect
  double lead_time = 0;              // years from the start to the first connection (queue)
};

struct EarthRegion {
  std::string name;
  double pue = 1.2;
  double build_rate = 0;             // W of facility per year, built by human crews alone
  std::vector<PowerSource> sources;
};

struct OrbitalSite {
  std::string name;
  bool lunar = false;                // a lunar mass driver lifts the non-Earth mass
  double from = 0;                   // first year it may be built
  site::OrbitSite physics;           // orbit, radiator, battery, PUE (catalog and site keys)
  Series array_specific_power;       // W/kg by year
  Series battery_specific_energy;    // J/kg by year
  Series compute_mass;               // kg per W of IT by year
  Series mass_driver_throughput;     // kg per year (lunar only)
};

struct Launch {
  Series cadence;                    // flights per year of the whole fleet
  double share = 1;                  // of the flights the roadmap may use
  double payload = 0;                // kg per flight
  Learning cost;                     // USD/kg against cumulative flights of the fleet
};

struct Costs {
  double facility_capex = 0;         // USD per W of IT (shell, electrical, cooling)
  double amortization = 0;           // years, ground
  double labour_share = 0;           // of the facility capex
  double grid_capex = 0;             // USD per W
  double turbine_capex = 0;          // USD per W
  double grid_price = 0;             // USD per J
  double gas_price = 0;              // USD per J
  Learning solar;                    // USD per W of nameplate against cumulative world W
  double solar_world_rate = 0;       // W of PV the world adds per year, besides the roadmap
  double solar_capacity_factor = 0;
  Learning battery;                  // USD per J against cumulative world J
  double battery_world_rate = 0;     // J of batteries the world adds per year
  double night_hours = 0;            // s of storage per W of firm solar
  double round_trip = 0.9;
  double array_capex = 0;            // USD per W of orbital array
  Learning orbit_hardware;           // USD per kg of non-compute orbital mass, against cumulative kg
  double orbit_hardware_world_rate = 0;  // kg per year put in orbit by others
  double mass_driver_usd_per_kg = 0;
  double hours_per_year = 8766;
};

// Humanoid robots on building sites: a fleet that grows, a share of it on the roadmap's sites.
struct Robots {
  Series fleet;                      // robots in the world by year
  double construction_share = 0;     // of the fleet working on the roadmap's sites
  double worker_equivalent = 0;      // workers one robot replaces
  double worker_years_per_watt = 0;  // construction labour per W of facility
  double cost_ratio = 1;             // cost of a robot's work over a worker's, per worker-year
};

struct Supply {
  Series logic_wafers_per_month, packaging_wafers_per_month;
  Series hbm_per_year;               // B per year
  double share = 1;                  // of world capacity the roadmap may buy
  bool dedicated_fab = false;        // its output is the roadmap's alone
  Series fab_logic_wafers_per_month, fab_packaging_wafers_per_month, fab_hbm_per_year;
};

struct Installed {
  double h100e = 0;
  double it_power = 0;               // W
  std::string region;                // an Earth region of the roadmap
};

struct RoadmapSpec {
  std::string name;
  std::string file;
  std::string start_date, end_date;  // ISO, as given
  double start = 0;                  // decimal year
  double end = 0;
  double step = 1;                   // years per period (1 or 0.25)
  Demand demand;
  Installed installed;
  std::vector<Generation> generations;  // sorted by year; the first is in volume at the start
  std::vector<EarthRegion> regions;
  std::vector<OrbitalSite> orbits;
  Supply supply;
  Launch launch;
  Costs costs;
  Robots robots;
  bool sensitivity = true;
  std::vector<plan::Assumption> assumptions;  // catalog defaults taken, with their sources
};

// One assumption's pessimistic and optimistic published values (data/catalog/roadmap.yaml
// `sensitivity:`), in the SI unit of parameter(key).
struct Range {
  std::string key;
  double pessimistic = 0, optimistic = 0;
  std::string pessimistic_source, optimistic_source;
};

// What the simulation takes from the catalog besides the resolved spec.
struct Catalog {
  std::vector<Range> ranges;
};

}  // namespace gigasim::roadmap
