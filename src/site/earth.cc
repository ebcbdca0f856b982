#include "site/earth.h"

#include <algorithm>

#include "site/solar.h"

namespace gigasim::site {

EarthResult evaluate_earth(const EarthSite& s, double gpus, const ClearSkyModel& sky) {
  EarthResult r;
  r.gpus = gpus;
  r.it_power = gpus * s.it_power_per_gpu;
  r.facility_power = r.it_power * s.pue;
  const double year_s = s.hours_per_year * 3600.0;
  if (s.capacity_factor) {
    r.solar_capacity_factor = *s.capacity_factor;
    r.solar_yield = r.solar_capacity_factor * 1000.0 * year_s * s.cell_efficiency;
  } else {
    const Insolation ins = clear_sky_insolation(s.latitude_deg, sky);
    const double usable = ins.tilted * s.clearness * s.performance_ratio;  // J/m^2/yr at the AC side
    r.solar_capacity_factor = usable / (1000.0 * year_s);                  // per W of STC rating
    r.solar_yield = usable * s.cell_efficiency;
  }
  r.solar_firm = s.solar * r.solar_capacity_factor;
  r.battery = s.battery ? *s.battery : r.solar_firm * s.night_hours / s.battery_round_trip;
  r.land_required = r.facility_power * s.land_per_watt + s.solar * s.solar_land_per_watt;
  r.build_time = s.build_rate > 0 ? std::max(s.build_time_min, r.facility_power / s.build_rate) : s.build_time_min;

  const double capex = s.facility_capex * r.it_power + s.grid_capex * s.grid + s.turbine_capex * s.turbines +
                       s.solar_capex * s.solar + s.battery_capex * r.battery;
  // Energy bought: the facility draw split over grid and turbines by their firm share; solar is free.
  const double firm_total = s.grid + s.turbines + r.solar_firm;
  double energy_cost = 0;
  if (firm_total > 0) {
    const double energy = r.facility_power * year_s;  // J per year
    energy_cost = energy * (s.grid * s.grid_price + s.turbines * s.gas_price) / firm_total;
  }
  const double per_year = (s.amortization > 0 ? capex / (s.amortization / year_s) : 0) + energy_cost;
  r.usd_per_gw_year = r.it_power > 0 ? per_year / (r.it_power / 1e9) : 0;
  return r;
}

}  // namespace gigasim::site
