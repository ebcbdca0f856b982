#include "site/orbit.h"

#include <cmath>

namespace gigasim::site {

double radiator_net_flux(const OrbitSite& s) {
  const double t4 = std::pow(s.radiator_temperature, 4) - std::pow(s.sink_temperature, 4);
  return s.sides * s.emissivity * s.sigma * t4 - s.absorbed_flux;
}

OrbitResult evaluate_orbit(const OrbitSite& s, double gpus) {
  OrbitResult r;
  r.gpus = gpus;
  r.gpus_launched = gpus / (1 - s.spares);
  r.it_power = gpus * s.it_power_per_gpu;
  r.facility_power = r.it_power * s.pue;
  const double f = s.eclipse_fraction;
  const double years = s.lifetime / (s.hours_per_year * 3600.0);
  const double end_of_life = std::pow(1 - s.degradation, years);
  r.capacity_factor = 1 - f;
  r.array_power = r.facility_power * (1 + f / ((1 - f) * s.battery_round_trip)) / end_of_life;
  r.array_area = r.array_power / (s.solar_constant * s.cell_efficiency);
  const double mean_degradation = years > 0 ? (1 - end_of_life) / (-std::log(1 - s.degradation) * years) : 1.0;
  r.solar_yield = s.solar_constant * s.cell_efficiency * r.capacity_factor * s.hours_per_year * 3600.0 *
                  (s.degradation > 0 && years > 0 ? mean_degradation : 1.0);
  r.radiator_flux = radiator_net_flux(s);
  r.radiator_area = r.facility_power / r.radiator_flux;
  r.battery = r.facility_power * f * s.period / s.depth_of_discharge;

  r.mass_array = r.array_power / s.array_specific_power;
  r.mass_radiator = r.radiator_area * s.radiator_areal_density;
  r.mass_battery = s.battery_specific_energy > 0 ? r.battery / s.battery_specific_energy : 0;
  r.mass_compute = (s.compute_mass + s.shielding_mass) * r.it_power / (1 - s.spares);
  const double k = s.structure_overhead;
  r.mass = (r.mass_array + r.mass_radiator + r.mass_battery + r.mass_compute) * k;
  if (s.mass_driver.enabled) {
    // The Moon supplies the array, the radiators and the structure; Earth the compute and batteries.
    r.mass_from_earth = r.mass_compute + r.mass_battery;
    r.mass_from_moon = r.mass - r.mass_from_earth;
    const double v = s.mass_driver.escape_velocity;
    r.mass_driver_energy = 0.5 * v * v / s.mass_driver.efficiency * s.mass_driver.throughput *
                           s.hours_per_year * 3600.0;
  } else {
    r.mass_from_earth = r.mass;
  }
  r.launches = std::ceil(r.mass_from_earth / s.payload - 1e-9);
  const double capex = r.mass_from_earth * s.launch_usd_per_kg + r.mass_from_moon * s.mass_driver.usd_per_kg +
                       r.array_power * s.array_capex;
  r.usd_per_gw_year = years > 0 && r.it_power > 0 ? capex / years / (r.it_power / 1e9) : 0;
  return r;
}

}  // namespace gigasim::site
