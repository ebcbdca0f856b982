#include "scenario/plan_file.h"

#include <fmt/format.h>

#include <cmath>
#include <numbers>

#include "core/suggest.h"
#include "scenario/document.h"
#include "scenario/roadmap_section.h"

namespace gigasim::scenario {

namespace {

namespace dim = core::dim;
using core::Dimension;

constexpr double kDeg = std::numbers::pi / 180.0;
constexpr Dimension kAreaPerPower = dim::make(3, 0, -1, 0, 0, 0, 0);  // acre/MW
constexpr Dimension kArealDensity = dim::make(0, -2, 1, 0, 0, 0, 0);  // kg/m^2
constexpr Dimension kMassPerPower = dim::make(3, -2, 0, 0, 0, 0, 0);  // kg/kW
constexpr Dimension kSpecificEnergy = dim::make(-2, 2, 0, 0, 0, 0, 0);  // Wh/kg
constexpr Dimension kMassRate = dim::make(-1, 0, 1, 0, 0, 0, 0);     // t/yr

// Reads keys with catalog defaults, recording each default it takes.
class Reader {
 public:
  Reader(plan::PlanSpec& spec, hw::CatalogFile site, hw::CatalogFile supply)
      : spec_(spec), site_(std::move(site)), supply_(std::move(supply)) {}

  const hw::CatalogFile& site() const { return site_; }
  const hw::CatalogFile& supply() const { return supply_; }

  static hw::Figure must(Result<hw::Figure> f) {
    if (!f) throw ParseFailure{f.error()};
    return *f;
  }
  // The catalog figure at `dotted` in `file`, recorded as the value of `key`.
  double fallback(const hw::CatalogFile& file, const std::string& dotted, const Dimension& d, const std::string& key) {
    const hw::Figure f = must(file.figure(dotted, d));
    spec_.assumptions.push_back({key, f.text, f.source});
    return f.value;
  }
  // `key` of `sec` if given (a number when d is kNone), else `dflt` if given, else the catalog's.
  double get(Section& sec, const std::string& key, const Dimension& d, const hw::CatalogFile& file,
             const std::string& dotted, std::optional<double> dflt = std::nullopt) {
    const auto v = d == dim::kNone ? sec.number(key) : sec.quantity(key, d);
    if (v) return *v;
    if (dflt) return *dflt;
    return fallback(file, dotted, d, sec.key_path(key));
  }
  double positive(Section& sec, const std::string& key, const Dimension& d, const hw::CatalogFile& file,
                  const std::string& dotted, std::optional<double> dflt = std::nullopt) {
    const double v = get(sec, key, d, file, dotted, dflt);
    if (!(v > 0)) sec.fail(key, fmt::format("must be positive, got {:g}", v));
    return v;
  }
  double fraction(Section& sec, const std::string& key, const hw::CatalogFile& file, const std::string& dotted,
                  std::optional<double> dflt = std::nullopt) {
    const double v = get(sec, key, dim::kNone, file, dotted, dflt);
    if (v < 0 || v >= 1) sec.fail(key, fmt::format("must be in [0, 1), got {:g}", v));
    return v;
  }

 private:
  plan::PlanSpec& spec_;
  hw::CatalogFile site_;
  hw::CatalogFile supply_;
};

std::vector<std::string> map_keys(const YAML::Node& n) {
  std::vector<std::string> out;
  if (n.IsMap())
    for (auto it = n.begin(); it != n.end(); ++it) out.push_back(it->first.Scalar());
  return out;
}

plan::Day read_date(Section& sec, const std::string& key) {
  const auto t = sec.text(key);
  if (!t) sec.fail(key, "is required (an ISO date such as \"2027-01-01\")");
  const auto d = plan::parse_date(*t);
  if (!d) sec.fail(key, fmt::format("'{}' is not a date of the form YYYY-MM-DD", *t));
  return *d;
}

// Optional capacity overrides shared by all sites (plan file `capacities:`).
struct Capacities {
  std::optional<double> grid_queue, turbine_lead_time, solar_build_time, build_rate;
  std::optional<double> launch_cadence, launch_payload, launch_cost, mass_driver_throughput;
};

std::optional<double> positive_opt(Section& sec, const std::string& key, const Dimension& d) {
  const auto v = d == dim::kNone ? sec.number(key) : sec.quantity(key, d);
  if (v && !(*v > 0)) sec.fail(key, fmt::format("must be positive, got {:g}", *v));
  return v;
}

void read_target(Section sec, plan::PlanSpec& spec, Reader& rd) {
  sec.keys({"compute", "power", "training_run", "duration", "mfu", "precision", "by"});
  const int given = sec.has("compute") + sec.has("power") + sec.has("training_run");
  if (given != 1) sec.fail(given ? "power" : "compute", "give exactly one of compute (H100e), power or training_run");
  auto& t = spec.target;
  if (auto c = positive_opt(sec, "compute", dim::kNone)) {
    t.kind = plan::TargetKind::kCompute;
    t.h100e = *c;
  }
  if (auto p = positive_opt(sec, "power", dim::kPower)) {
    t.kind = plan::TargetKind::kPower;
    t.power = *p;
  }
  if (auto f = positive_opt(sec, "training_run", dim::kFlops)) {
    t.kind = plan::TargetKind::kTrainingRun;
    t.flop = *f;
    t.duration = rd.positive(sec, "duration", dim::kTime, rd.supply(), "training.latency_wall_duration");
    t.mfu = rd.positive(sec, "mfu", dim::kNone, rd.supply(), "training.mfu");
    if (t.mfu > 1) sec.fail("mfu", "must be at most 1");
  } else {
    if (sec.has("duration")) sec.fail("duration", "applies to a training_run target only");
    if (sec.has("mfu")) sec.fail("mfu", "applies to a training_run target only");
  }
  t.precision = sec.choice("precision", {"bf16", "fp8", "fp4"}, "bf16");
  t.by = read_date(sec, "by");
  if (t.by <= spec.start)
    sec.fail("by", fmt::format("the target date {} is not after the start {}", plan::format_date(t.by),
                               plan::format_date(spec.start)));
}


double default_it_power(Section& sec, Reader& rd, double gpu_tdp) {
  if (auto v = positive_opt(sec, "it_power_per_gpu", dim::kPower)) return *v;
  const hw::Figure host = Reader::must(rd.site().figure("earth.it_host_power_per_gpu", dim::kPower));
  const hw::Figure frac = Reader::must(rd.site().figure("earth.it_network_storage_fraction", dim::kNone));
  return (gpu_tdp + host.value) * (1 + frac.value);
}

void read_earth(Section& sec, plan::SiteSpec& out, Reader& rd, const Capacities& caps, double gpu_tdp) {
  sec.keys({"name", "kind", "share", "latitude", "clearness", "solar_capacity_factor", "pue", "cooling",
            "it_power_per_gpu", "grid", "turbines", "turbine_type", "solar", "battery", "land", "build_time",
            "build_rate", "grid_queue", "turbine_lead_time"});
  auto& e = out.earth;
  const YAML::Node known = rd.site().root()["earth_sites"][out.name];
  const bool named = known.IsDefined();
  if (!named && !sec.has("latitude") && !sec.has("solar_capacity_factor")) {
    auto names = map_keys(rd.site().root()["earth_sites"]);
    auto orbits = map_keys(rd.site().root()["orbits"]);
    names.insert(names.end(), orbits.begin(), orbits.end());
    sec.fail("name", fmt::format("unknown site '{}'{} (known: {}; or give latitude)", out.name,
                                 core::did_you_mean(out.name, names), fmt::join(names, ", ")));
  }
  const std::string at = "earth_sites." + out.name + ".";
  if (auto cf = sec.number("solar_capacity_factor")) {
    if (*cf <= 0 || *cf > 1) sec.fail("solar_capacity_factor", "must be in (0, 1]");
    e.capacity_factor = *cf;
  }
  e.latitude_deg = named ? rd.get(sec, "latitude", dim::kNone, rd.site(), at + "latitude") : sec.number("latitude", 0);
  if (std::abs(e.latitude_deg) > 90) sec.fail("latitude", "must be within -90..90 degrees");
  e.clearness = named ? rd.get(sec, "clearness", dim::kNone, rd.site(), at + "clearness")
                      : rd.get(sec, "clearness", dim::kNone, rd.site(), "earth.clearness");
  if (e.clearness <= 0 || e.clearness > 1) sec.fail("clearness", "must be in (0, 1]");
  const std::string cooling = sec.choice("cooling", {"hyperscale", "best", "industry_average"}, "hyperscale");
  e.pue = rd.get(sec, "pue", dim::kNone, rd.site(), "earth.pue_" + cooling);
  if (e.pue < 1) sec.fail("pue", fmt::format("PUE is at least 1, got {:g}", e.pue));
  e.it_power_per_gpu = default_it_power(sec, rd, gpu_tdp);
  auto source = [&](const std::string& key) {
    const double v = sec.quantity(key, dim::kPower, 0);
    if (v < 0) sec.fail(key, "must not be negative");
    return v;
  };
  e.grid = source("grid");
  e.turbines = source("turbines");
  e.solar = source("solar");
  out.sources_given = sec.has("grid") || sec.has("turbines") || sec.has("solar");
  if (out.sources_given && e.grid + e.turbines + e.solar <= 0)
    sec.fail("grid", "the site has no power: give grid, turbines or solar above zero");
  if (auto b = sec.quantity("battery", dim::kEnergy)) e.battery = *b;
  if (auto land = positive_opt(sec, "land", dim::kArea)) e.land = *land;
  e.grid_queue = rd.positive(sec, "grid_queue", dim::kTime, rd.site(), "earth.grid_queue", caps.grid_queue);
  const std::string type = sec.choice("turbine_type", {"frame", "recip"}, "frame");
  e.turbine_lead_time = rd.positive(sec, "turbine_lead_time", dim::kTime, rd.site(), "earth.turbine_lead_time_" + type,
                                    caps.turbine_lead_time);
  e.solar_build_time = caps.solar_build_time ? *caps.solar_build_time
                                             : rd.fallback(rd.site(), "earth.solar_build_time", dim::kTime,
                                                           sec.key_path("solar_build_time"));
  e.build_time_min = rd.positive(sec, "build_time", dim::kTime, rd.site(), "earth.build_time_min");
  e.build_rate = rd.positive(sec, "build_rate", dim::kPowerRamp, rd.site(), "earth.build_rate", caps.build_rate);
  auto fig = [&](const std::string& dotted, const Dimension& d) { return Reader::must(rd.site().figure(dotted, d)).value; };
  e.land_per_watt = fig("earth.land_per_mw", kAreaPerPower);
  e.solar_land_per_watt = fig("earth.solar_land_per_mw", kAreaPerPower);
  e.performance_ratio = fig("earth.solar_performance_ratio", dim::kNone);
  e.cell_efficiency = fig("earth.solar_cell_efficiency", dim::kNone);
  e.night_hours = fig("earth.battery_night_hours", dim::kTime);
  e.battery_round_trip = fig("earth.battery_round_trip", dim::kNone);
  e.amortization = fig("earth.amortization", dim::kTime);
  e.facility_capex = fig("earth.facility_capex", dim::kMoneyPerPower);
  e.grid_capex = fig("earth.grid_capex", dim::kMoneyPerPower);
  e.turbine_capex = fig("earth.turbine_capex", dim::kMoneyPerPower);
  e.solar_capex = fig("earth.solar_capex", dim::kMoneyPerPower);
  e.battery_capex = fig("earth.battery_capex", dim::kMoneyPerEnergy);
  e.grid_price = fig("earth.grid_energy_price", dim::kMoneyPerEnergy);
  e.gas_price = fig("earth.gas_energy_price", dim::kMoneyPerEnergy);
  e.hours_per_year = fig("constants.hours_per_year", dim::kTime) / 3600.0;
}

void read_orbit(Section& sec, plan::SiteSpec& out, Reader& rd, const Capacities& caps, double gpu_tdp) {
  sec.keys({"name", "kind", "share", "orbit", "altitude", "beta", "pue", "it_power_per_gpu", "cell_efficiency",
            "array_specific_power", "degradation", "lifetime", "emissivity", "radiator_temperature",
            "sink_temperature", "absorbed_flux", "two_sided", "compute_mass", "radiation_derating",
            "launch_vehicle", "mass_driver"});
  const YAML::Node orbits = rd.site().root()["orbits"];
  out.orbit_name = sec.text("orbit", orbits[out.name].IsDefined() ? out.name : "dawn_dusk_sso");
  const YAML::Node orbit = orbits[out.orbit_name];
  if (!orbit.IsDefined()) {
    const auto names = map_keys(orbits);
    sec.fail("orbit", fmt::format("unknown orbit '{}'{} (known: {})", out.orbit_name,
                                  core::did_you_mean(out.orbit_name, names), fmt::join(names, ", ")));
  }
  auto fig = [&](const std::string& dotted, const Dimension& d) { return Reader::must(rd.site().figure(dotted, d)).value; };
  site::EarthOrbitConstants k;
  k.radius = fig("constants.earth_radius", dim::kLength);
  k.mu = fig("constants.earth_mu", dim::kNone);
  k.j2 = fig("constants.earth_j2", dim::kNone);
  k.tropical_year = fig("constants.tropical_year", dim::kTime);
  k.obliquity_deg = fig("constants.obliquity", dim::kNone);
  auto& o = out.orbit;
  const std::string ob = "orbits." + out.orbit_name + ".";
  o.altitude = rd.positive(sec, "altitude", dim::kLength, rd.site(), ob + "altitude");
  o.period = site::orbital_period(o.altitude, k);
  if (orbit["kind"].as<std::string>() == "dawn_dusk") {
    if (sec.has("beta")) sec.fail("beta", "a dawn-dusk orbit's beta angle follows from the Sun; give it for inclined orbits");
    o.eclipse_fraction = site::dawn_dusk_mean_eclipse(o.altitude, k);
  } else {
    const double beta = rd.get(sec, "beta", dim::kNone, rd.site(), ob + "beta");
    if (std::abs(beta) > 90) sec.fail("beta", "must be within -90..90 degrees");
    o.eclipse_fraction = site::eclipse_fraction(o.altitude, beta * kDeg, k.radius);
  }
  o.pue = rd.get(sec, "pue", dim::kNone, rd.site(), "orbit.pue");
  if (o.pue < 1) sec.fail("pue", fmt::format("PUE is at least 1, got {:g}", o.pue));
  o.it_power_per_gpu = default_it_power(sec, rd, gpu_tdp);
  o.solar_constant = fig("constants.solar_constant", dim::kIrradiance);
  o.sigma = fig("constants.stefan_boltzmann", dim::kNone);
  o.hours_per_year = fig("constants.hours_per_year", dim::kTime) / 3600.0;
  o.cell_efficiency = rd.positive(sec, "cell_efficiency", dim::kNone, rd.site(), "orbit.cell_efficiency");
  if (o.cell_efficiency > 1) sec.fail("cell_efficiency", "must be at most 1");
  o.array_specific_power =
      rd.positive(sec, "array_specific_power", dim::kSpecificPower, rd.site(), "orbit.array_specific_power");
  o.degradation = rd.fraction(sec, "degradation", rd.site(), "orbit.array_degradation");
  o.lifetime = rd.positive(sec, "lifetime", dim::kTime, rd.site(), "orbit.lifetime");
  o.emissivity = rd.positive(sec, "emissivity", dim::kNone, rd.site(), "orbit.emissivity");
  if (o.emissivity > 1) sec.fail("emissivity", "must be at most 1");
  o.radiator_temperature =
      rd.positive(sec, "radiator_temperature", dim::kTemperature, rd.site(), "orbit.radiator_temperature");
  o.sink_temperature =
      rd.get(sec, "sink_temperature", dim::kTemperature, rd.site(), "constants.deep_space_temperature");
  o.absorbed_flux = rd.get(sec, "absorbed_flux", dim::kIrradiance, rd.site(), "orbit.absorbed_flux");
  o.sides = sec.flag("two_sided", true) ? 2 : 1;
  o.radiator_areal_density = fig("orbit.radiator_areal_density", kArealDensity);
  o.compute_mass = rd.positive(sec, "compute_mass", kMassPerPower, rd.site(), "orbit.compute_mass");
  o.shielding_mass = fig("orbit.shielding_mass", kMassPerPower);
  o.battery_specific_energy = fig("orbit.battery_specific_energy", kSpecificEnergy);
  o.depth_of_discharge = fig("orbit.battery_depth_of_discharge", dim::kNone);
  o.battery_round_trip = fig("earth.battery_round_trip", dim::kNone);
  o.structure_overhead = fig("orbit.structure_overhead", dim::kNone);
  o.spares = rd.fraction(sec, "radiation_derating", rd.site(), "orbit.radiation_derating");
  o.array_capex = fig("orbit.array_capex", dim::kMoneyPerPower);
  const YAML::Node vehicles = rd.site().root()["launch_vehicles"];
  out.vehicle = sec.text("launch_vehicle", "starship");
  if (!vehicles[out.vehicle].IsDefined()) {
    const auto names = map_keys(vehicles);
    sec.fail("launch_vehicle", fmt::format("unknown launch vehicle '{}'{} (known: {})", out.vehicle,
                                           core::did_you_mean(out.vehicle, names), fmt::join(names, ", ")));
  }
  const std::string lv = "launch_vehicles." + out.vehicle + ".";
  auto cap_or = [&](const std::optional<double>& c, const std::string& dotted, const Dimension& d) {
    return c ? *c : rd.fallback(rd.site(), dotted, d, sec.key_path(dotted));
  };
  o.payload = cap_or(caps.launch_payload, lv + "payload", dim::kMass);
  o.launch_usd_per_kg = cap_or(caps.launch_cost, lv + "usd_per_kg", dim::kMoneyPerMass);
  out.flights_per_year = cap_or(caps.launch_cadence, lv + "flights_per_year", dim::kNone);
  o.mass_driver.enabled = sec.flag("mass_driver", false);
  if (o.mass_driver.enabled) {
    o.mass_driver.escape_velocity = fig("constants.moon_escape_velocity", dim::kVelocity);
    o.mass_driver.efficiency = fig("mass_driver.efficiency", dim::kNone);
    o.mass_driver.throughput = cap_or(caps.mass_driver_throughput, "mass_driver.throughput", kMassRate);
    o.mass_driver.usd_per_kg = fig("mass_driver.usd_per_kg", dim::kMoneyPerMass);
  }
}

void read_sites(Section& root, plan::PlanSpec& spec, Reader& rd, const Capacities& caps, double gpu_tdp) {
  auto list = root.list("sites");
  if (list.empty()) root.fail("sites", "give at least one site (an Earth site such as memphis, or an orbit)");
  const YAML::Node orbits = rd.site().root()["orbits"];
  int with_share = 0;
  for (auto& sec : list) {
    plan::SiteSpec s;
    const auto name = sec.text("name");
    if (!name) sec.fail("name", "is required");
    s.name = *name;
    const std::string implied = sec.has("orbit") || orbits[s.name].IsDefined() ? "orbit" : "earth";
    s.kind = sec.choice("kind", {"earth", "orbit"}, implied) == "orbit" ? plan::SiteKind::kOrbit : plan::SiteKind::kEarth;
    if (auto share = sec.number("share")) {
      if (!(*share > 0) || *share > 1) sec.fail("share", "must be in (0, 1]");
      s.share = *share;
      ++with_share;
    }
    if (s.kind == plan::SiteKind::kEarth) read_earth(sec, s, rd, caps, gpu_tdp);
    else read_orbit(sec, s, rd, caps, gpu_tdp);
    for (const auto& other : spec.sites)
      if (other.name == s.name) sec.fail("name", fmt::format("site '{}' appears twice", s.name));
    spec.sites.push_back(s);
  }
  if (with_share == 0) {
    for (auto& s : spec.sites) s.share = 1.0 / static_cast<double>(spec.sites.size());
  } else {
    double sum = 0;
    for (const auto& s : spec.sites) sum += s.share;
    if (with_share != static_cast<int>(spec.sites.size()) || std::abs(sum - 1) > 1e-6)
      root.fail("sites", fmt::format("give every site a share, summing to 1 (got {} of {}, sum {:g})", with_share,
                                     spec.sites.size(), sum));
  }
}

void read_supply(Section sec, Section& caps, plan::PlanSpec& spec, Reader& rd) {
  sec.keys({"yield_model", "defect_density", "wafer_diameter", "yield_clustering", "share", "dedicated_fab"});
  auto& w = spec.wafer;
  w.model = supply::yield_model_from(sec.choice("yield_model", supply::yield_model_names(), "murphy"));
  w.defect_density = rd.get(sec, "defect_density", dim::kNone, rd.supply(), "wafer.defect_density") * 1e4;  // /cm^2 -> /m^2
  if (w.defect_density < 0) sec.fail("defect_density", "must not be negative");
  w.diameter = rd.positive(sec, "wafer_diameter", dim::kLength, rd.supply(), "wafer.diameter");
  w.alpha = rd.positive(sec, "yield_clustering", dim::kNone, rd.supply(), "wafer.yield_clustering");
  auto& c = spec.capacity;
  c.share = sec.number("share", 1.0);
  if (!(c.share > 0) || c.share > 1) sec.fail("share", "must be in (0, 1]");
  c.gw_per_tool_year = rd.fallback(rd.supply(), "euv_gw_per_tool_year", dim::kPower, "supply.euv_gw_per_tool_year") / 1e9;
  if (sec.has("dedicated_fab")) {
    Section fab = sec.child("dedicated_fab");
    fab.keys({"lead_time", "logic_wafers_per_month", "packaging_wafers_per_month"});
    c.dedicated_fab = true;
    c.fab_lead_time = rd.positive(fab, "lead_time", dim::kTime, rd.supply(), "dedicated_fab.lead_time");
    c.fab_logic_wafers_per_month =
        rd.positive(fab, "logic_wafers_per_month", dim::kNone, rd.supply(), "dedicated_fab.logic_wafers_per_month");
    c.fab_packaging_wafers_per_month = rd.positive(fab, "packaging_wafers_per_month", dim::kNone, rd.supply(),
                                                   "dedicated_fab.packaging_wafers_per_month");
  }
  // World capacity by year from the catalog, or a constant from `capacities:`.
  auto series = [&](const std::string& key, const std::string& dotted, double scale, const Dimension& d) {
    std::vector<supply::YearValue> out;
    if (auto v = positive_opt(caps, key, d)) return std::vector<supply::YearValue>{{0, *v * scale}};
    const YAML::Node node = rd.supply().root()["capacity"][dotted];
    for (auto it = node.begin(); it != node.end(); ++it) {
      const hw::Figure f = Reader::must(rd.supply().figure(it->second, dotted, dim::kNone));
      out.push_back({it->first.as<int>(), f.value});
    }
    if (out.empty()) throw ParseFailure{internal_error("supply catalog has no capacity." + dotted)};
    spec.assumptions.push_back({"capacities." + key, fmt::format("{:g} ({}) .. {:g} ({})", out.front().value,
                                                                out.front().year, out.back().value, out.back().year),
                                "data/catalog/supply.yaml capacity." + dotted});
    return out;
  };
  c.logic_wafers_per_month = series("logic_wafers_per_month", "logic_wafers_per_month", 1, dim::kNone);
  c.packaging_wafers_per_month = series("cowos_wafers_per_month", "packaging_wafers_per_month", 1, dim::kNone);
  c.hbm_bytes_per_year = series("hbm_per_year", "hbm_gb_per_year", 1, dim::kBytes);
  if (!caps.has("hbm_per_year"))
    for (auto& y : c.hbm_bytes_per_year) y.value *= 1e9;  // catalog figures are GB per year
  c.euv_tools = series("euv_tools", "euv_tools", 1, dim::kNone);
}

plan::PlanSpec parse(const Document& doc, const hw::Catalog& catalog) {
  plan::PlanSpec spec;
  spec.file = doc.file();
  auto site = catalog.file("data/catalog/site.yaml");
  if (!site) throw ParseFailure{site.error()};
  auto sup = catalog.file("data/catalog/supply.yaml");
  if (!sup) throw ParseFailure{sup.error()};
  Reader rd(spec, **site, **sup);
  Section root(doc, doc.root(), "");
  root.keys({"schema", "name", "start", "target", "chip", "sites", "capacities", "supply"});
  if (root.count("schema", 1) != 1) root.fail("schema", "only schema 1 is known");
  spec.name = root.text("name", "plan");
  spec.start = read_date(root, "start");
  read_target(root.child("target"), spec, rd);

  const auto chip = root.text("chip");
  if (!chip) root.fail("chip", "is required (a catalog GPU such as GB200; see 'gigasim catalog')");
  auto gpu = catalog.gpu(*chip);
  if (!gpu) root.fail("chip", gpu.error().message);
  auto h100 = catalog.gpu("H100-SXM");
  if (!h100) throw ParseFailure{h100.error()};
  spec.chip = (*gpu)->name;
  const hw::Precision want = spec.target.precision == "fp4"   ? hw::Precision::kFp4
                             : spec.target.precision == "fp8" ? hw::Precision::kFp8
                                                              : hw::Precision::kBf16;
  hw::Precision used{};
  spec.chip_peak = (*gpu)->peak(want, &used).value();
  spec.h100_peak = (*h100)->peak(used).value();
  spec.target.precision = hw::to_string(used);
  spec.chip_hbm = (*gpu)->hbm_capacity.value;
  const YAML::Node chips = rd.supply().root()["chips"];
  if (!chips[spec.chip].IsDefined())
    root.fail("chip", fmt::format("no die and packaging data for {} in data/catalog/supply.yaml (have: {})", spec.chip,
                                  fmt::join(map_keys(chips), ", ")));
  const std::string cp = "chips." + spec.chip + ".";
  spec.chip_supply.die_area = rd.fallback(rd.supply(), cp + "die_area", dim::kArea, "chip.die_area");
  spec.chip_supply.dies_per_package = rd.fallback(rd.supply(), cp + "dies_per_package", dim::kNone, "chip.dies_per_package");
  spec.chip_supply.packages_per_wafer =
      rd.fallback(rd.supply(), cp + "packages_per_packaging_wafer", dim::kNone, "chip.packages_per_packaging_wafer");
  spec.chip_supply.hbm_bytes = spec.chip_hbm;

  spec.sky.solar_constant = rd.fallback(rd.site(), "constants.solar_constant", dim::kIrradiance, "solar_constant");
  spec.sky.transmittance = Reader::must(rd.site().figure("constants.clear_sky_transmittance", dim::kNone)).value;
  spec.sky.exponent = Reader::must(rd.site().figure("constants.clear_sky_exponent", dim::kNone)).value;
  spec.sky.diffuse = Reader::must(rd.site().figure("constants.clear_sky_diffuse", dim::kNone)).value;
  spec.sky.obliquity_deg = Reader::must(rd.site().figure("constants.obliquity", dim::kNone)).value;

  Section caps_sec = root.child("capacities");
  Capacities caps;
  caps.grid_queue = positive_opt(caps_sec, "grid_queue", dim::kTime);
  caps.turbine_lead_time = positive_opt(caps_sec, "turbine_lead_time", dim::kTime);
  caps.solar_build_time = positive_opt(caps_sec, "solar_build_time", dim::kTime);
  caps.build_rate = positive_opt(caps_sec, "build_rate", dim::kPowerRamp);
  caps.launch_cadence = positive_opt(caps_sec, "launch_cadence", dim::kNone);
  caps.launch_payload = positive_opt(caps_sec, "launch_payload", dim::kMass);
  caps.launch_cost = positive_opt(caps_sec, "launch_cost", dim::kMoneyPerMass);
  caps.mass_driver_throughput = positive_opt(caps_sec, "mass_driver_throughput", kMassRate);
  read_sites(root, spec, rd, caps, (*gpu)->tdp.value);
  read_supply(root.child("supply"), caps_sec, spec, rd);
  caps_sec.finish();
  const auto wall = rd.supply().figure("training.latency_wall", dim::kFlops);
  const auto wall_t = rd.supply().figure("training.latency_wall_duration", dim::kTime);
  if (!wall || !wall_t) throw ParseFailure{internal_error("supply catalog lacks training.latency_wall")};
  spec.latency_wall = wall->value;
  spec.latency_wall_duration = wall_t->value;
  if (spec.target.kind == plan::TargetKind::kTrainingRun)
    spec.assumptions.push_back({"latency_wall", wall->text + " in " + wall_t->text, wall->source});
  return spec;
}

Result<PlanFile> load_any(Result<Document> doc, const hw::Catalog& catalog, const std::vector<std::string>& overrides) {
  if (!doc) return doc.error();
  for (const auto& o : overrides) {
    Status st = doc->apply_override(o);
    if (!st.ok()) return st.error();
  }
  try {
    PlanFile file;
    if (doc->root().IsMap() && doc->root()["roadmap"].IsDefined()) file.roadmap = parse_roadmap(*doc, catalog);
    else file.target = parse(*doc, catalog);
    return file;
  } catch (const ParseFailure& f) {
    return f.error;
  } catch (const YAML::Exception& e) {
    return bad_input(std::string("YAML: ") + e.what(), {doc->file(), e.mark.line + 1, e.mark.column + 1, "", ""});
  }
}

Result<plan::PlanSpec> load(Result<Document> doc, const hw::Catalog& catalog, const std::vector<std::string>& overrides) {
  auto file = load_any(std::move(doc), catalog, overrides);
  if (!file) return file.error();
  if (!file->target) return bad_input("this plan file is a roadmap: run it with `gigasim plan`", {file->roadmap->file, 0, 0, "roadmap", ""});
  return std::move(*file->target);
}

}  // namespace

Result<PlanFile> load_plan_file(const std::string& path, const hw::Catalog& catalog,
                                const std::vector<std::string>& overrides) {
  return load_any(Document::from_file(path), catalog, overrides);
}

Result<PlanFile> load_plan_file_text(const std::string& text, const std::string& name, const hw::Catalog& catalog,
                                     const std::vector<std::string>& overrides) {
  return load_any(Document::from_string(text, name), catalog, overrides);
}

Result<plan::PlanSpec> load_plan(const std::string& path, const hw::Catalog& catalog,
                                 const std::vector<std::string>& overrides) {
  return load(Document::from_file(path), catalog, overrides);
}

Result<plan::PlanSpec> load_plan_text(const std::string& text, const std::string& name, const hw::Catalog& catalog,
                                      const std::vector<std::string>& overrides) {
  return load(Document::from_string(text, name), catalog, overrides);
}

}  // namespace gigasim::scenario
