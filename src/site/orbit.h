// An orbital site: solar array, radiators, batteries for eclipse, mass, launches and cost.
//
//   load          P = IT * PUE (all of it becomes heat)
//   array (BOL)   P_a = P * (1 + f / ((1 - f) * eta_rt)) / (1 - degradation)^lifetime
//                 area = P_a / (S * eta_cell); mass = P_a / (W/kg)
//   radiator      q = sides * eps * sigma * (T_rad^4 - T_sink^4) - absorbed   (W per m^2 of panel)
//                 area = P / q; mass = area * areal density
//   battery       E = P * f * T_orbit / depth of discharge; mass = E / (Wh/kg)
//   mass          (array + radiator + battery + (compute + shielding) * IT / (1 - spares)) * overhead
//   launches      ceil(mass from Earth / payload); a lunar mass driver, when used, lifts the
//                 array, radiator and structure from the Moon (energy v_esc^2 / 2 per kg)
//   USD/GW-year   (launch + lunar lift + array capex) / lifetime / IT GW   (chips excluded)
// Sources: facts.md section 4 (Starcloud, Suncatcher, Musk) and data/catalog/site.yaml.
#pragma once

namespace gigasim::site {

struct MassDriver {
  bool enabled = false;
  double escape_velocity = 0;  // m/s
  double efficiency = 0.5;     // electrical to kinetic
  double throughput = 0;       // kg/s
  double usd_per_kg = 0;
};

struct OrbitSite {
  double altitude = 0;          // m
  double eclipse_fraction = 0;  // of each orbit
  double period = 0;            // s
  double pue = 1.05;
  double it_power_per_gpu = 0;  // W
  double solar_constant = 1361; // W/m^2
  double cell_efficiency = 0.22;
  double array_specific_power = 150;  // W/kg
  double degradation = 0;       // fraction lost per year
  double lifetime = 0;          // s
  double emissivity = 0.9;
  double radiator_temperature = 300;  // K
  double sink_temperature = 3;        // K
  double absorbed_flux = 0;     // W per m^2 of panel (both sides together)
  int sides = 2;
  double sigma = 5.670374e-8;
  double radiator_areal_density = 0;  // kg/m^2
  double compute_mass = 0;      // kg per W of IT
  double shielding_mass = 0;    // kg per W of IT
  double battery_specific_energy = 0;  // J/kg
  double depth_of_discharge = 0.8;
  double battery_round_trip = 0.9;
  double structure_overhead = 1.4;
  double spares = 0;            // fraction of chips held as radiation spares
  double payload = 0;           // kg per flight
  double launch_usd_per_kg = 0;
  double array_capex = 0;       // USD per W of array
  double hours_per_year = 8766;
  MassDriver mass_driver;
};

struct OrbitResult {
  double gpus = 0;              // working GPUs
  double gpus_launched = 0;     // with spares
  double it_power = 0;          // W
  double facility_power = 0;    // W
  double capacity_factor = 0;   // 1 - eclipse fraction
  double solar_yield = 0;       // J of electricity per m^2 of array per year (mean over life)
  double array_power = 0;       // W at beginning of life
  double array_area = 0;        // m^2
  double radiator_flux = 0;     // W/m^2 net
  double radiator_area = 0;     // m^2
  double battery = 0;           // J
  double mass_array = 0, mass_radiator = 0, mass_battery = 0, mass_compute = 0;  // kg
  double mass = 0;              // kg in orbit
  double mass_from_earth = 0;   // kg
  double mass_from_moon = 0;    // kg
  double launches = 0;
  double mass_driver_energy = 0;  // J of electricity per year of throughput
  double usd_per_gw_year = 0;
};

// Net heat a radiator rejects per m^2 of panel. May be <= 0 (too cold to reject its load).
double radiator_net_flux(const OrbitSite& s);
// REQUIRES: radiator_net_flux(s) > 0, payload > 0, gpus > 0.
OrbitResult evaluate_orbit(const OrbitSite& s, double gpus);

}  // namespace gigasim::site
