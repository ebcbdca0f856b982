#include "scenario/roadmap_section.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "core/suggest.h"
#include "hw/catalog_file.h"
#include "plan/date.h"
#include "roadmap/simulate.h"
#include "site/solar.h"
#include "supply/supply.h"

namespace gigasim::scenario {

namespace {

namespace dim = core::dim;
using core::Dimension;
using roadmap::Series;

constexpr double kYear = 365.25 * 86400.0;  // s per year (the unit parser's "yr")
constexpr double kDeg = std::numbers::pi / 180.0;
constexpr Dimension kMassRate = dim::make(-1, 0, 1, 0, 0, 0, 0);       // kg/s
constexpr Dimension kMassPerPower = dim::make(3, -2, 0, 0, 0, 0, 0);   // kg/W
constexpr Dimension kArealDensity = dim::make(0, -2, 1, 0, 0, 0, 0);   // kg/m^2
constexpr Dimension kSpecificEnergy = dim::make(-2, 2, 0, 0, 0, 0, 0); // J/kg

hw::Figure must(Result<hw::Figure> f) {
  if (!f) throw ParseFailure{f.error()};
  return *f;
}

const hw::CatalogFile& file_of(const hw::Catalog& catalog, const std::string& path) {
  auto f = catalog.file(path);
  if (!f) throw ParseFailure{f.error()};
  return **f;
}

std::vector<std::string> map_keys(const YAML::Node& n) {
  std::vector<std::string> out;
  if (n.IsMap())
    for (auto it = n.begin(); it != n.end(); ++it) out.push_back(it->first.Scalar());
  return out;
}

// Reads keys with catalog defaults, recording each default it takes in spec.assumptions.
class Reader {
 public:
  Reader(roadmap::RoadmapSpec& spec, const hw::Catalog& gpus)
      : spec_(spec), gpus_(gpus), site_(file_of(gpus, "data/catalog/site.yaml")),
        supply_(file_of(gpus, "data/catalog/supply.yaml")), road_(file_of(gpus, "data/catalog/roadmap.yaml")) {}

  const hw::Catalog& gpus() const { return gpus_; }
  const hw::CatalogFile& site() const { return site_; }
  const hw::CatalogFile& supply() const { return supply_; }
  const hw::CatalogFile& road() const { return road_; }

  double fig(const hw::CatalogFile& f, const std::string& dotted, const Dimension& d) const {
    return must(f.figure(dotted, d)).value;
  }
  // The catalog figure, recorded as the value of `key`.
  double fallback(const hw::CatalogFile& f, const std::string& dotted, const Dimension& d, const std::string& key) {
    const hw::Figure x = must(f.figure(dotted, d));
    spec_.assumptions.push_back({key, x.text, x.source + (x.note.empty() ? "" : " [" + x.note + "]")});
    return x.value;
  }
  double get(Section& sec, const std::string& key, const Dimension& d, const hw::CatalogFile& f,
             const std::string& dotted) {
    const auto v = d == dim::kNone ? sec.number(key) : sec.quantity(key, d);
    return v ? *v : fallback(f, dotted, d, sec.key_path(key));
  }
  double positive(Section& sec, const std::string& key, const Dimension& d, const hw::CatalogFile& f,
                  const std::string& dotted) {
    const double v = get(sec, key, d, f, dotted);
    if (!(v > 0)) sec.fail(key, fmt::format("must be positive, got {:g}", v));
    return v;
  }
  // A growth rate that only makes sense at or above zero (capacity ramps, cadence, fleets).
  double growth(Section& sec, const std::string& key, const hw::CatalogFile& f, const std::string& dotted) {
    const double v = get(sec, key, dim::kNone, f, dotted);
    if (v < 0) sec.fail(key, fmt::format("a growth rate here must not be negative, got {:g}", v));
    if (v > 10) sec.fail(key, fmt::format("is a fraction per year (0.3 = 30%/yr), got {:g}", v));
    return v;
  }
  double fraction(Section& sec, const std::string& key, const hw::CatalogFile& f, const std::string& dotted,
                  bool open_top = true) {
    const double v = get(sec, key, dim::kNone, f, dotted);
    if (v < 0 || (open_top ? v >= 1 : v > 1))
      sec.fail(key, fmt::format("must be in [0, 1{}, got {:g}", open_top ? ")" : "]", v));
    return v;
  }

 private:
  roadmap::RoadmapSpec& spec_;
  const hw::Catalog& gpus_;
  const hw::CatalogFile &site_, &supply_, &road_;
};

double decimal_year(plan::Day d) {
  const int y = plan::year_of(d);
  const plan::Day a = plan::days_from_civil(y, 1, 1), b = plan::days_from_civil(y + 1, 1, 1);
  return y + static_cast<double>(d - a) / static_cast<double>(b - a);
}

// A date "2028-07-01" or a year 2028.
std::optional<double> read_year(Section& sec, const std::string& key) {
  const auto t = sec.text(key);
  if (!t) return std::nullopt;
  if (auto d = plan::parse_date(*t)) return decimal_year(*d);
  if (!t->empty() && t->size() <= 4 && std::all_of(t->begin(), t->end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::stod(*t);
  sec.fail(key, fmt::format("'{}' is neither a date (YYYY-MM-DD) nor a year", *t));
}

// A catalog series by calendar year (supply.yaml capacity.NAME), each year's figure at mid-year.
Series catalog_series(Reader& rd, const std::string& name, double scale, const std::string& key,
                      roadmap::RoadmapSpec& spec) {
  Series s;
  const YAML::Node node = rd.supply().root()["capacity"][name];
  for (auto it = node.begin(); it != node.end(); ++it) {
    const hw::Figure f = must(rd.supply().figure(it->second, name, dim::kNone));
    s.points.push_back({it->first.as<double>() + 0.5, f.value * scale});
  }
  if (s.points.empty()) throw ParseFailure{internal_error("supply catalog has no capacity." + name)};
  spec.assumptions.push_back({key, fmt::format("{:g} ({:g}) .. {:g} ({:g})", s.points.front().value / scale,
                                               s.points.front().year - 0.5, s.points.back().value / scale,
                                               s.points.back().year - 0.5),
                              "data/catalog/supply.yaml capacity." + name});
  return s;
}

double it_power_per_chip(Reader& rd, double tdp) {
  return (tdp + rd.fig(rd.site(), "earth.it_host_power_per_gpu", dim::kPower)) *
         (1 + rd.fig(rd.site(), "earth.it_network_storage_fraction", dim::kNone));
}

supply::WaferProcess wafer_process(Reader& rd) {
  supply::WaferProcess w;
  w.defect_density = rd.fig(rd.supply(), "wafer.defect_density", dim::kNone) * 1e4;
  w.diameter = rd.fig(rd.supply(), "wafer.diameter", dim::kLength);
  w.alpha = rd.fig(rd.supply(), "wafer.yield_clustering", dim::kNone);
  return w;
}

// One generation: a catalog chip (`chip`) or its own figures.
roadmap::Generation read_generation(Section& sec, Reader& rd, const hw::CatalogFile& file, const YAML::Node& node) {
  sec.keys({"year", "chip", "name", "h100e", "tdp", "die_area", "dies_per_package", "packages_per_packaging_wafer", "hbm"});
  auto num = [&](const std::string& key, const Dimension& d) {
    if (sec.has(key)) {
      const double v = d == dim::kNone ? *sec.number(key) : *sec.quantity(key, d);
      if (!(v > 0)) sec.fail(key, fmt::format("must be positive, got {:g}", v));
      return v;
    }
    if (!node[key].IsDefined()) sec.fail(key, "is required for a generation without a catalog `chip`");
    return must(file.figure(node[key], key, d)).value;
  };
  roadmap::Generation g;
  g.year = sec.has("year") ? *read_year(sec, "year") : must(file.figure(node["year"], "year", dim::kNone)).value;
  const auto h100 = rd.gpus().gpu("H100-SXM");
  if (!h100) throw ParseFailure{h100.error()};
  const double h100_peak = (*h100)->peak(hw::Precision::kBf16).value();
  supply::ChipSupply cs;
  double tdp = 0;
  const auto chip = sec.has("chip") ? sec.text("chip") : node["chip"].IsDefined() ? std::optional(node["chip"].Scalar())
                                                                                  : std::nullopt;
  if (chip) {
    auto gpu = rd.gpus().gpu(*chip);
    if (!gpu) sec.fail("chip", gpu.error().message);
    const YAML::Node dies = rd.supply().root()["chips"][(*gpu)->name];
    if (!dies.IsDefined())
      sec.fail("chip", fmt::format("no die and packaging data for {} in data/catalog/supply.yaml", (*gpu)->name));
    g.name = (*gpu)->name;
    g.h100e = (*gpu)->peak(hw::Precision::kBf16).value() / h100_peak;
    tdp = (*gpu)->tdp.value;
    const std::string cp = "chips." + g.name + ".";
    cs.die_area = rd.fig(rd.supply(), cp + "die_area", dim::kArea);
    cs.dies_per_package = rd.fig(rd.supply(), cp + "dies_per_package", dim::kNone);
    cs.packages_per_wafer = rd.fig(rd.supply(), cp + "packages_per_packaging_wafer", dim::kNone);
    cs.hbm_bytes = (*gpu)->hbm_capacity.value;
  } else {
    g.name = sec.has("name") ? *sec.text("name") : node["name"].IsDefined() ? node["name"].Scalar() : "";
    if (g.name.empty()) sec.fail("name", "a generation without a catalog `chip` needs a name");
    g.h100e = num("h100e", dim::kNone);
    tdp = num("tdp", dim::kPower);
    cs.die_area = num("die_area", dim::kArea);
    cs.dies_per_package = num("dies_per_package", dim::kNone);
    cs.packages_per_wafer = num("packages_per_packaging_wafer", dim::kNone);
    cs.hbm_bytes = num("hbm", dim::kBytes);
  }
  g.it_power = it_power_per_chip(rd, tdp);
  const supply::Requirements r = supply::requirements(1, cs, wafer_process(rd), g.it_power, 1);
  g.logic_wafers = r.logic_wafers;
  g.packaging_wafers = r.packaging_wafers;
  g.hbm_bytes = r.hbm_bytes;
  return g;
}

void read_generations(Section& root, roadmap::RoadmapSpec& spec, Reader& rd, const Document& doc) {
  if (root.has("generations")) {
    for (auto& sec : root.list("generations")) spec.generations.push_back(read_generation(sec, rd, rd.road(), YAML::Node()));
  } else {
    const YAML::Node list = rd.road().root()["generations"];
    for (size_t i = 0; i < list.size(); ++i) {
      Section sec(doc, YAML::Node(YAML::NodeType::Map), fmt::format("roadmap.generations[{}]", i));
      spec.generations.push_back(read_generation(sec, rd, rd.road(), list[i]));
      const auto& g = spec.generations.back();
      spec.assumptions.push_back({sec.path(), fmt::format("{} from {:g}: {:.3g} H100e, {:.0f} W IT per chip", g.name, g.year,
                                                          g.h100e, g.it_power),
                                  "data/catalog/roadmap.yaml generations"});
    }
  }
  if (spec.generations.empty()) root.fail("generations", "give at least one chip generation");
  std::stable_sort(spec.generations.begin(), spec.generations.end(),
                   [](const auto& a, const auto& b) { return a.year < b.year; });
}

void read_demand(Section sec, roadmap::RoadmapSpec& spec) {
  sec.keys({"h100e_per_year", "power", "as_fast_as_possible", "growth"});
  const int given = sec.has("h100e_per_year") + sec.has("power") + sec.has("as_fast_as_possible");
  if (given > 1)
    sec.fail("power", "give one of h100e_per_year, power (\"10 GW/yr\" of IT) or as_fast_as_possible: true");
  auto& d = spec.demand;
  if (auto h = sec.number("h100e_per_year")) {
    if (!(*h > 0)) sec.fail("h100e_per_year", "must be positive");
    d.kind = roadmap::DemandKind::kH100e;
    d.per_year = *h;
  }
  if (auto p = sec.quantity("power", dim::kPowerRamp)) {
    if (!(*p > 0)) sec.fail("power", "must be positive");
    d.kind = roadmap::DemandKind::kPower;
    d.per_year = *p * kYear;
  }
  if (sec.has("as_fast_as_possible")) {
    if (!sec.flag("as_fast_as_possible", true)) sec.fail("as_fast_as_possible", "give true, or another demand");
    d.kind = roadmap::DemandKind::kMax;
  }
  d.growth = sec.number("growth", 0.0);
  if (!(d.growth > -1)) sec.fail("growth", fmt::format("must be above -1 (a fraction per year), got {:g}", d.growth));
  if (d.kind == roadmap::DemandKind::kMax && sec.has("growth")) sec.fail("growth", "applies to a demand with a rate");
}

const std::vector<std::string> kKinds = {"earth", "orbit", "lunar_mass_driver"};

void read_earth(Section& sec, roadmap::EarthRegion& e, Reader& rd, double start) {
  sec.keys({"name", "kind", "pue", "build_rate", "grid", "turbines", "solar", "growth", "grid_queue", "turbine_type",
            "turbine_lead_time", "solar_build_time", "solar_capacity_factor"});
  e.pue = rd.get(sec, "pue", dim::kNone, rd.site(), "earth.pue_hyperscale");
  if (e.pue < 1) sec.fail("pue", fmt::format("PUE is at least 1, got {:g}", e.pue));
  e.build_rate = rd.positive(sec, "build_rate", dim::kPowerRamp, rd.site(), "earth.build_rate") * kYear;
  const double growth = rd.growth(sec, "growth", rd.road(), "earth_region.growth");
  const std::string type = sec.choice("turbine_type", {"frame", "recip"}, "frame");
  const double cf = rd.get(sec, "solar_capacity_factor", dim::kNone, rd.road(), "earth_region.solar_capacity_factor");
  if (!(cf > 0) || cf > 1) sec.fail("solar_capacity_factor", "must be in (0, 1]");
  struct Src {
    roadmap::Source kind;
    const char* key;
    const char* lead_key;
    std::string lead_dotted;
    double firm;  // W of firm power per W given
  };
  const Src srcs[] = {{roadmap::Source::kGrid, "grid", "grid_queue", "earth.grid_queue", 1.0},
                      {roadmap::Source::kTurbines, "turbines", "turbine_lead_time", "earth.turbine_lead_time_" + type, 1.0},
                      {roadmap::Source::kSolar, "solar", "solar_build_time", "earth.solar_build_time", cf}};
  double total = 0;
  for (const auto& s : srcs) {
    const double v = rd.get(sec, s.key, dim::kPowerRamp, rd.road(), std::string("earth_region.") + s.key) * kYear;
    if (v < 0) sec.fail(s.key, "must not be negative");
    total += v;
    roadmap::PowerSource ps;
    ps.kind = s.kind;
    ps.additions.points = {{start, v * s.firm}};
    ps.additions.growth = growth;
    ps.lead_time = rd.positive(sec, s.lead_key, dim::kTime, rd.site(), s.lead_dotted) / kYear;
    if (v > 0) e.sources.push_back(ps);
  }
  if (!(total > 0))
    sec.fail("grid", "nothing can build this Earth site: give grid, turbines or solar above zero (GW/yr)");
}

site::EarthOrbitConstants orbit_constants(Reader& rd) {
  site::EarthOrbitConstants k;
  k.radius = rd.fig(rd.site(), "constants.earth_radius", dim::kLength);
  k.mu = rd.fig(rd.site(), "constants.earth_mu", dim::kNone);
  k.j2 = rd.fig(rd.site(), "constants.earth_j2", dim::kNone);
  k.tropical_year = rd.fig(rd.site(), "constants.tropical_year", dim::kTime);
  k.obliquity_deg = rd.fig(rd.site(), "constants.obliquity", dim::kNone);
  return k;
}

void read_orbit(Section& sec, roadmap::OrbitalSite& o, Reader& rd, double start, double end) {
  sec.keys({"name", "kind", "from", "orbit", "pue", "radiator_temperature", "array_specific_power", "compute_mass",
            "lifetime", "throughput", "throughput_growth", "max_throughput"});
  const auto from = read_year(sec, "from");
  if (o.lunar && !from) sec.fail("from", "a lunar mass driver needs the year it starts (from: 2040)");
  o.from = from.value_or(start);
  if (o.from >= end) sec.fail("from", "is at or after the roadmap's end");
  const YAML::Node orbits = rd.site().root()["orbits"];
  const std::string name = sec.text("orbit", "dawn_dusk_sso");
  if (!orbits[name].IsDefined()) {
    const auto names = map_keys(orbits);
    sec.fail("orbit", fmt::format("unknown orbit '{}'{} (known: {})", name, core::did_you_mean(name, names),
                                  fmt::join(names, ", ")));
  }
  const site::EarthOrbitConstants k = orbit_constants(rd);
  auto& p = o.physics;
  const std::string ob = "orbits." + name + ".";
  p.altitude = rd.fig(rd.site(), ob + "altitude", dim::kLength);
  p.period = site::orbital_period(p.altitude, k);
  p.eclipse_fraction = orbits[name]["kind"].as<std::string>() == "dawn_dusk"
                           ? site::dawn_dusk_mean_eclipse(p.altitude, k)
                           : site::eclipse_fraction(p.altitude, rd.fig(rd.site(), ob + "beta", dim::kNone) * kDeg, k.radius);
  p.pue = rd.get(sec, "pue", dim::kNone, rd.site(), "orbit.pue");
  if (p.pue < 1) sec.fail("pue", fmt::format("PUE is at least 1, got {:g}", p.pue));
  auto fig = [&](const std::string& dotted, const Dimension& d) { return rd.fig(rd.site(), dotted, d); };
  p.solar_constant = fig("constants.solar_constant", dim::kIrradiance);
  p.sigma = fig("constants.stefan_boltzmann", dim::kNone);
  p.hours_per_year = fig("constants.hours_per_year", dim::kTime) / 3600.0;
  p.cell_efficiency = fig("orbit.cell_efficiency", dim::kNone);
  p.degradation = fig("orbit.array_degradation", dim::kNone);
  p.lifetime = rd.positive(sec, "lifetime", dim::kTime, rd.site(), "orbit.lifetime");
  p.emissivity = fig("orbit.emissivity", dim::kNone);
  p.radiator_temperature = rd.positive(sec, "radiator_temperature", dim::kTemperature, rd.site(), "orbit.radiator_temperature");
  p.sink_temperature = fig("constants.deep_space_temperature", dim::kTemperature);
  p.absorbed_flux = fig("orbit.absorbed_flux", dim::kIrradiance);
  p.sides = 2;
  p.radiator_areal_density = fig("orbit.radiator_areal_density", kArealDensity);
  p.shielding_mass = fig("orbit.shielding_mass", kMassPerPower);
  p.depth_of_discharge = fig("orbit.battery_depth_of_discharge", dim::kNone);
  p.battery_round_trip = fig("earth.battery_round_trip", dim::kNone);
  p.structure_overhead = fig("orbit.structure_overhead", dim::kNone);
  p.spares = fig("orbit.radiation_derating", dim::kNone);
  p.array_capex = fig("orbit.array_capex", dim::kMoneyPerPower);
  if (!(site::radiator_net_flux(p) > 0))
    sec.fail("radiator_temperature", "the radiator cannot reject heat at this temperature (absorbed flux exceeds emission)");
  o.array_specific_power = Series::constant(
      rd.positive(sec, "array_specific_power", dim::kSpecificPower, rd.site(), "orbit.array_specific_power"));
  o.compute_mass = Series::constant(rd.positive(sec, "compute_mass", kMassPerPower, rd.site(), "orbit.compute_mass"));
  o.battery_specific_energy = Series::constant(fig("orbit.battery_specific_energy", kSpecificEnergy));
  if (o.lunar) {
    p.mass_driver.escape_velocity = fig("constants.moon_escape_velocity", dim::kVelocity);
    p.mass_driver.efficiency = fig("mass_driver.efficiency", dim::kNone);
    p.mass_driver.usd_per_kg = fig("mass_driver.usd_per_kg", dim::kMoneyPerMass);
    const double tp = rd.positive(sec, "throughput", kMassRate, rd.site(), "mass_driver.throughput") * kYear;
    o.mass_driver_throughput.points = {{o.from, tp}};
    o.mass_driver_throughput.from = o.from;
    o.mass_driver_throughput.growth = sec.number("throughput_growth", 0.0);
    if (o.mass_driver_throughput.growth < 0)
      sec.fail("throughput_growth", "a growth rate here must not be negative");
    if (auto cap = sec.quantity("max_throughput", kMassRate)) o.mass_driver_throughput.cap = *cap * kYear;
  } else {
    for (const char* key : {"throughput", "throughput_growth", "max_throughput"})
      if (sec.has(key)) sec.fail(key, "applies to a lunar_mass_driver site only");
  }
}

void read_sites(Section& root, roadmap::RoadmapSpec& spec, Reader& rd) {
  auto list = root.list("sites");
  if (list.empty()) root.fail("sites", "give at least one site (kind: earth, orbit or lunar_mass_driver)");
  std::vector<std::string> names;
  for (auto& sec : list) {
    const auto name = sec.text("name");
    if (!name) sec.fail("name", "is required");
    if (std::find(names.begin(), names.end(), *name) != names.end())
      sec.fail("name", fmt::format("site '{}' appears twice", *name));
    names.push_back(*name);
    const auto kind = sec.text("kind");
    if (!kind) sec.fail("kind", "is required (earth, orbit or lunar_mass_driver)");
    if (std::find(kKinds.begin(), kKinds.end(), *kind) == kKinds.end())
      sec.fail("kind", fmt::format("no constraint can build a site of kind '{}'{} (the roadmap builds: {})", *kind,
                                   core::did_you_mean(*kind, kKinds), fmt::join(kKinds, ", ")));
    if (*kind == "earth") {
      roadmap::EarthRegion e;
      e.name = *name;
      read_earth(sec, e, rd, spec.start);
      spec.regions.push_back(std::move(e));
    } else {
      roadmap::OrbitalSite o;
      o.name = *name;
      o.lunar = *kind == "lunar_mass_driver";
      read_orbit(sec, o, rd, spec.start, spec.end);
      spec.orbits.push_back(std::move(o));
    }
  }
  if (spec.regions.empty()) root.fail("sites", "give at least one Earth site (the installed base and the ground cost)");
}

void read_installed(Section sec, roadmap::RoadmapSpec& spec, Reader& rd) {
  sec.keys({"h100e", "chip", "site"});
  auto& in = spec.installed;
  in.h100e = sec.number("h100e", 0.0);
  if (in.h100e < 0) sec.fail("h100e", "must not be negative");
  const std::string chip = sec.text("chip", "H100-SXM");
  auto gpu = rd.gpus().gpu(chip);
  if (!gpu) sec.fail("chip", gpu.error().message);
  auto h100 = rd.gpus().gpu("H100-SXM");
  if (!h100) throw ParseFailure{h100.error()};
  const double per_chip = (*gpu)->peak(hw::Precision::kBf16).value() / (*h100)->peak(hw::Precision::kBf16).value();
  in.it_power = in.h100e / per_chip * it_power_per_chip(rd, (*gpu)->tdp.value);
  in.region = sec.text("site", spec.regions.front().name);
  bool found = false;
  for (const auto& r : spec.regions) found |= r.name == in.region;
  if (!found) sec.fail("site", fmt::format("'{}' is not an Earth site of this roadmap", in.region));
}

void read_supply(Section sec, roadmap::RoadmapSpec& spec, Reader& rd) {
  sec.keys({"share", "logic_growth", "packaging_growth", "hbm_growth", "dedicated_fab"});
  auto& s = spec.supply;
  s.share = sec.number("share", 1.0);
  if (!(s.share > 0) || s.share > 1) sec.fail("share", "must be in (0, 1]");
  s.logic_wafers_per_month = catalog_series(rd, "logic_wafers_per_month", 1, "roadmap.supply.logic_wafers_per_month", spec);
  s.packaging_wafers_per_month =
      catalog_series(rd, "packaging_wafers_per_month", 1, "roadmap.supply.packaging_wafers_per_month", spec);
  s.hbm_per_year = catalog_series(rd, "hbm_gb_per_year", 1e9, "roadmap.supply.hbm_gb_per_year", spec);
  s.logic_wafers_per_month.growth = rd.growth(sec, "logic_growth", rd.road(), "supply_growth.logic");
  s.packaging_wafers_per_month.growth = rd.growth(sec, "packaging_growth", rd.road(), "supply_growth.packaging");
  s.hbm_per_year.growth = rd.growth(sec, "hbm_growth", rd.road(), "supply_growth.hbm");
  if (auto f = sec.child_if_present("dedicated_fab")) {
    f->keys({"start", "lead_time", "ramp_time", "logic_wafers_per_month", "packaging_wafers_per_month", "hbm_per_year"});
    s.dedicated_fab = true;
    const double begin = read_year(*f, "start").value_or(spec.start);
    const double lead = rd.positive(*f, "lead_time", dim::kTime, rd.supply(), "dedicated_fab.lead_time") / kYear;
    const double ramp = rd.get(*f, "ramp_time", dim::kTime, rd.road(), "dedicated_fab.ramp_time") / kYear;
    if (ramp < 0) f->fail("ramp_time", "must not be negative");
    auto series = [&](double v) {
      Series x = Series::constant(v);
      x.from = begin + lead;
      x.ramp = ramp;
      return x;
    };
    s.fab_logic_wafers_per_month =
        series(rd.positive(*f, "logic_wafers_per_month", dim::kNone, rd.supply(), "dedicated_fab.logic_wafers_per_month"));
    s.fab_packaging_wafers_per_month = series(
        rd.positive(*f, "packaging_wafers_per_month", dim::kNone, rd.supply(), "dedicated_fab.packaging_wafers_per_month"));
    s.fab_hbm_per_year = series(rd.positive(*f, "hbm_per_year", dim::kBytes, rd.road(), "dedicated_fab.hbm_per_year"));
  }
}

void read_launch(Section sec, roadmap::RoadmapSpec& spec, Reader& rd) {
  sec.keys({"vehicle", "cadence", "cadence_growth", "max_cadence", "share", "payload", "cost", "learning_rate", "floor"});
  auto& l = spec.launch;
  const YAML::Node vehicles = rd.site().root()["launch_vehicles"];
  const std::string v = sec.text("vehicle", "starship");
  if (!vehicles[v].IsDefined()) {
    const auto names = map_keys(vehicles);
    sec.fail("vehicle", fmt::format("unknown launch vehicle '{}'{} (known: {})", v, core::did_you_mean(v, names),
                                    fmt::join(names, ", ")));
  }
  const std::string lv = "launch_vehicles." + v + ".";
  const double first = rd.fig(rd.road(), "launch.first_year", dim::kNone);
  l.cadence.points = {{std::max(first, spec.start), rd.positive(sec, "cadence", dim::kNone, rd.site(), lv + "flights_per_year")}};
  l.cadence.growth = rd.growth(sec, "cadence_growth", rd.road(), "launch.cadence_growth");
  l.cadence.cap = rd.positive(sec, "max_cadence", dim::kNone, rd.road(), "launch.max_cadence");
  l.share = rd.fraction(sec, "share", rd.road(), "launch.share", false);
  l.payload = rd.positive(sec, "payload", dim::kMass, rd.site(), lv + "payload");
  l.cost.initial = rd.positive(sec, "cost", dim::kMoneyPerMass, rd.road(), "launch.cost");
  l.cost.learning_rate = rd.fraction(sec, "learning_rate", rd.road(), "launch.learning_rate");
  l.cost.volume0 = rd.fig(rd.road(), "launch.flights_before", dim::kNone);
  l.cost.floor = rd.get(sec, "floor", dim::kMoneyPerMass, rd.road(), "launch.floor");
}

void read_costs(Section sec, roadmap::RoadmapSpec& spec, Reader& rd) {
  sec.keys({"facility_capex", "amortization", "labour_share", "grid_capex", "turbine_capex", "grid_energy_price",
            "gas_energy_price", "solar_capex", "solar_learning_rate", "battery_capex", "battery_learning_rate",
            "orbit_hardware", "orbit_hardware_learning_rate", "array_capex"});
  auto& c = spec.costs;
  const auto& S = rd.site();
  const auto& R = rd.road();
  c.facility_capex = rd.positive(sec, "facility_capex", dim::kMoneyPerPower, S, "earth.facility_capex");
  c.amortization = rd.positive(sec, "amortization", dim::kTime, S, "earth.amortization") / kYear;
  c.labour_share = rd.fraction(sec, "labour_share", R, "costs.labour_share");
  c.grid_capex = rd.get(sec, "grid_capex", dim::kMoneyPerPower, S, "earth.grid_capex");
  c.turbine_capex = rd.get(sec, "turbine_capex", dim::kMoneyPerPower, S, "earth.turbine_capex");
  c.grid_price = rd.get(sec, "grid_energy_price", dim::kMoneyPerEnergy, S, "earth.grid_energy_price");
  c.gas_price = rd.get(sec, "gas_energy_price", dim::kMoneyPerEnergy, S, "earth.gas_energy_price");
  for (const char* k : {"grid_capex", "turbine_capex", "grid_energy_price", "gas_energy_price"})
    if (sec.has(k) && *sec.quantity(k, std::string(k).find("price") != std::string::npos ? dim::kMoneyPerEnergy
                                                                                          : dim::kMoneyPerPower) < 0)
      sec.fail(k, "must not be negative");
  c.solar.initial = rd.positive(sec, "solar_capex", dim::kMoneyPerPower, S, "earth.solar_capex");
  c.solar.learning_rate = rd.fraction(sec, "solar_learning_rate", R, "costs.solar_learning_rate");
  c.solar.volume0 = rd.fallback(R, "costs.solar_installed", dim::kPower, "roadmap.costs.solar_installed");
  c.solar_world_rate = rd.fallback(R, "costs.solar_world_rate", dim::kPowerRamp, "roadmap.costs.solar_world_rate") * kYear;
  c.battery.initial = rd.positive(sec, "battery_capex", dim::kMoneyPerEnergy, S, "earth.battery_capex");
  c.battery.learning_rate = rd.fraction(sec, "battery_learning_rate", R, "costs.battery_learning_rate");
  c.battery.volume0 = rd.fallback(R, "costs.battery_installed", dim::kEnergy, "roadmap.costs.battery_installed");
  c.battery_world_rate = rd.fallback(R, "costs.battery_world_rate", dim::kPower, "roadmap.costs.battery_world_rate") * kYear;
  c.night_hours = rd.fig(S, "earth.battery_night_hours", dim::kTime);
  c.round_trip = rd.fig(S, "earth.battery_round_trip", dim::kNone);
  c.array_capex = rd.get(sec, "array_capex", dim::kMoneyPerPower, S, "orbit.array_capex");
  c.orbit_hardware.initial = rd.get(sec, "orbit_hardware", dim::kMoneyPerMass, R, "costs.orbit_hardware");
  if (c.orbit_hardware.initial < 0) sec.fail("orbit_hardware", "must not be negative");
  c.orbit_hardware.learning_rate = rd.fraction(sec, "orbit_hardware_learning_rate", R, "costs.orbit_hardware_learning_rate");
  c.orbit_hardware.volume0 = rd.fallback(R, "costs.orbit_mass_before", dim::kMass, "roadmap.costs.orbit_mass_before");
  c.orbit_hardware_world_rate =
      rd.fallback(R, "costs.orbit_mass_world_rate", kMassRate, "roadmap.costs.orbit_mass_world_rate") * kYear;
  c.mass_driver_usd_per_kg = rd.fig(S, "mass_driver.usd_per_kg", dim::kMoneyPerMass);
  c.hours_per_year = rd.fig(S, "constants.hours_per_year", dim::kTime) / 3600.0;
  c.solar_capacity_factor = rd.fig(R, "earth_region.solar_capacity_factor", dim::kNone);
}

void read_robots(Section sec, roadmap::RoadmapSpec& spec, Reader& rd) {
  sec.keys({"fleet", "first_year", "growth", "max_fleet", "construction_share", "worker_equivalent",
            "worker_years_per_gw", "cost_ratio"});
  auto& r = spec.robots;
  const auto& R = rd.road();
  const double first = sec.has("first_year") ? *read_year(sec, "first_year")
                                             : rd.fallback(R, "robots.first_year", dim::kNone, "roadmap.robots.first_year");
  const double fleet = rd.get(sec, "fleet", dim::kNone, R, "robots.fleet");
  if (fleet < 0) sec.fail("fleet", "must not be negative");
  r.fleet.points = {{first, fleet}};
  r.fleet.from = first;
  r.fleet.growth = rd.growth(sec, "growth", R, "robots.growth");
  r.fleet.cap = rd.positive(sec, "max_fleet", dim::kNone, R, "robots.max_fleet");
  r.construction_share = rd.fraction(sec, "construction_share", R, "robots.construction_share", false);
  r.worker_equivalent = rd.get(sec, "worker_equivalent", dim::kNone, R, "robots.worker_equivalent");
  if (r.worker_equivalent < 0) sec.fail("worker_equivalent", "must not be negative");
  r.worker_years_per_watt = rd.positive(sec, "worker_years_per_gw", dim::kNone, R, "robots.worker_years_per_gw") / 1e9;
  r.cost_ratio = rd.get(sec, "cost_ratio", dim::kNone, R, "robots.cost_ratio");
  if (r.cost_ratio < 0) sec.fail("cost_ratio", "must not be negative");
}

}  // namespace

roadmap::RoadmapSpec parse_roadmap(const Document& doc, const hw::Catalog& catalog) {
  roadmap::RoadmapSpec spec;
  spec.file = doc.file();
  Reader rd(spec, catalog);
  Section top(doc, doc.root(), "");
  check_file_kind(top, doc);
  top.keys({"schema", "name", "roadmap"});
  if (top.count("schema", 1) != 1) top.fail("schema", "only schema 1 is known");
  spec.name = top.text("name", "roadmap");
  Section root = top.child("roadmap");
  root.keys({"start", "end", "step", "installed", "demand", "generations", "sites", "supply", "launch", "costs", "robots",
             "sensitivity"});
  for (const char* k : {"start", "end"}) {
    const auto t = root.text(k);
    if (!t) root.fail(k, "is required (an ISO date such as \"2026-01-01\")");
    const auto d = plan::parse_date(*t);
    if (!d) root.fail(k, fmt::format("'{}' is not a date of the form YYYY-MM-DD", *t));
    (std::string(k) == "start" ? spec.start_date : spec.end_date) = *t;
    (std::string(k) == "start" ? spec.start : spec.end) = decimal_year(*d);
  }
  if (!(spec.end > spec.start))
    root.fail("end", fmt::format("the horizon ends ({}) before it starts ({})", spec.end_date, spec.start_date));
  spec.step = root.choice("step", {"year", "quarter"}, "year") == "quarter" ? 0.25 : 1.0;
  if (spec.end - spec.start > 200) root.fail("end", "a roadmap spans at most 200 years");
  spec.sensitivity = root.flag("sensitivity", true);
  read_sites(root, spec, rd);
  read_installed(root.child("installed"), spec, rd);
  read_demand(root.child("demand"), spec);
  read_generations(root, spec, rd, doc);
  read_supply(root.child("supply"), spec, rd);
  read_launch(root.child("launch"), spec, rd);
  read_costs(root.child("costs"), spec, rd);
  read_robots(root.child("robots"), spec, rd);
  return spec;
}

Result<roadmap::Catalog> load_roadmap_catalog(const hw::Catalog& catalog) {
  auto file = catalog.file("data/catalog/roadmap.yaml");
  if (!file) return file.error();
  // The unit of each parameter a range may name (its SI value is what set_parameter takes).
  const std::vector<std::pair<std::string, Dimension>> dims = {
      {"launch.cost", dim::kMoneyPerMass},           {"launch.learning_rate", dim::kNone},
      {"launch.cadence_growth", dim::kNone},         {"launch.max_cadence", dim::kNone},
      {"orbit.array_specific_power", dim::kSpecificPower}, {"orbit.compute_mass", kMassPerPower},
      {"orbit.lifetime", dim::kTime},                {"orbit.hardware_cost", dim::kMoneyPerMass},
      {"orbit.hardware_learning_rate", dim::kNone},  {"earth.facility_capex", dim::kMoneyPerPower},
      {"earth.grid_energy_price", dim::kMoneyPerEnergy}, {"earth.gas_energy_price", dim::kMoneyPerEnergy},
      {"earth.turbine_capex", dim::kMoneyPerPower},  {"solar.learning_rate", dim::kNone},
      {"battery.learning_rate", dim::kNone},         {"robots.growth", dim::kNone}};
  roadmap::Catalog cat;
  const YAML::Node sens = (*file)->root()["sensitivity"];
  for (auto it = sens.begin(); it != sens.end(); ++it) {
    const std::string key = it->first.Scalar();
    auto d = std::find_if(dims.begin(), dims.end(), [&](const auto& p) { return p.first == key; });
    if (d == dims.end()) return internal_error("data/catalog/roadmap.yaml: unknown sensitivity key " + key);
    auto lo = (*file)->figure(it->second["pessimistic"], key + ".pessimistic", d->second);
    if (!lo) return lo.error();
    auto hi = (*file)->figure(it->second["optimistic"], key + ".optimistic", d->second);
    if (!hi) return hi.error();
    cat.ranges.push_back({key, lo->value, hi->value, lo->source, hi->source});
  }
  return cat;
}

}  // namespace gigasim::scenario
