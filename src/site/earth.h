// An Earth site: IT power per GPU, facility power (PUE), power sources with lead times, solar
// capacity factor and yield, battery firming, land, build time and cost per GW-year.
//
//   IT per GPU   = (TDP + host share) * (1 + network/storage fraction)   (SemiAnalysis: ~1.4 kW/H100)
//   facility     = IT * PUE
//   solar CF     = tilted clear-sky insolation * clearness * PR / (1 kW/m^2 * 8766 h)
//   solar firm   = nameplate * CF; battery = firm * night hours / round trip (when not given)
//   build time   = max(minimum build time, facility / build rate)
//   USD/GW-year  = [(facility capex * IT + grid, turbine, solar, battery capex) / amortization
//                   + energy bought per year] / IT GW            (chips excluded)
#pragma once

#include <optional>

namespace gigasim::site {

struct EarthSite {
  // Solar resource: either a capacity factor, or a latitude and clearness.
  double latitude_deg = 0;
  double clearness = 0;                   // measured / clear-sky insolation
  std::optional<double> capacity_factor;  // given directly (overrides the model)
  double pue = 1.2;
  double it_power_per_gpu = 0;            // W, host, network and storage included
  // Power sources (W of firm supply, except solar: W of nameplate DC).
  double grid = 0;
  double turbines = 0;
  double solar = 0;
  std::optional<double> battery;          // J; default sized to firm the solar
  double grid_queue = 0;                  // s from the start to energising
  double turbine_lead_time = 0;           // s
  double solar_build_time = 0;            // s
  double build_time_min = 0;              // s
  double build_rate = 0;                  // W of facility power built per s
  std::optional<double> land;             // m^2 available
  double land_per_watt = 0;               // m^2 per W of facility power
  double solar_land_per_watt = 0;         // m^2 per W of solar nameplate
  double performance_ratio = 0.8;
  double cell_efficiency = 0.2;
  double night_hours = 12 * 3600.0;       // s
  double battery_round_trip = 0.9;
  // Costs.
  double amortization = 0;                // s
  double facility_capex = 0;              // USD per W of IT
  double grid_capex = 0, turbine_capex = 0, solar_capex = 0;  // USD per W
  double battery_capex = 0;               // USD per J
  double grid_price = 0, gas_price = 0;   // USD per J
  double hours_per_year = 8766;           // h
};

struct ClearSkyModel;

struct EarthResult {
  double gpus = 0;
  double it_power = 0;          // W
  double facility_power = 0;    // W
  double solar_capacity_factor = 0;
  double solar_yield = 0;       // J of electricity per m^2 of module per year
  double solar_firm = 0;        // W
  double battery = 0;           // J
  double land_required = 0;     // m^2
  double build_time = 0;        // s
  double usd_per_gw_year = 0;   // per GW of IT power
};

// REQUIRES: gpus > 0; s.it_power_per_gpu > 0.
EarthResult evaluate_earth(const EarthSite& s, double gpus, const ClearSkyModel& sky);

}  // namespace gigasim::site
