#include "net/bringup.h"

#include <algorithm>

namespace gigasim::net {

Bringup schedule_bringup(const std::vector<BringupHall>& halls, int64_t cables_between_halls,
                         const BringupRates& r) {
  Bringup b;
  b.facility_days = r.facility_days;
  const double t0 = r.facility_days;
  const double rack_rate = std::min(r.racks_delivered_per_day, r.rack_crews * r.racks_per_crew_day);
  const double cable_rate = r.cable_crews * r.cables_per_crew_day;
  double racks_end = t0, power_end = t0, cabling_end = t0, ready = t0;
  double racks_busy = 0, power_busy = 0, cabling_busy = 0;
  double racks_n = 0, cables_n = 0;
  double power_start = -1, cabling_start = -1, burn_start = -1;
  for (const BringupHall& h : halls) {
    const double rd = static_cast<double>(h.racks) / rack_rate;
    racks_end += rd;
    racks_busy += rd;
    racks_n += static_cast<double>(h.racks);
    const double ps = std::max(racks_end, power_end);
    if (power_start < 0) power_start = ps;
    power_end = ps + r.power_commissioning_days;
    power_busy += r.power_commissioning_days;
    const double cs = std::max(racks_end, cabling_end);
    if (cabling_start < 0) cabling_start = cs;
    const double cd = static_cast<double>(h.cables) / cable_rate;
    cabling_end = cs + cd;
    cabling_busy += cd;
    cables_n += static_cast<double>(h.cables);
    const double bs = std::max(power_end, cabling_end);
    if (burn_start < 0) burn_start = bs;
    b.hall_ready_day.push_back(bs + r.burn_in_days);
    ready = std::max(ready, bs + r.burn_in_days);
  }
  const double between_days = static_cast<double>(cables_between_halls) / cable_rate;
  const double between_end = cabling_end + between_days;
  cabling_busy += between_days;
  const double net_start = std::max(ready, between_end);
  const double step = net_start + r.network_commissioning_days;

  const double hn = static_cast<double>(halls.size());
  b.stages.push_back({"facility", 0, t0, t0, "days", 0, t0});
  b.stages.push_back({"racks", t0, racks_end, racks_n, "racks", rack_rate, racks_busy});
  b.stages.push_back({"power", power_start, power_end, hn, "halls", 0, power_busy});
  b.stages.push_back({"cabling", cabling_start, cabling_end, cables_n, "cables", cable_rate, cabling_busy - between_days});
  b.stages.push_back({"cabling_between_halls", cabling_end, between_end, static_cast<double>(cables_between_halls),
                      "cables", cable_rate, between_days});
  b.stages.push_back({"burn_in", burn_start, ready, hn, "halls", 0, r.burn_in_days * hn});
  b.stages.push_back({"network", net_start, step, 1, "fabric", 0, r.network_commissioning_days});
  b.days_to_first_step = step;
  b.rack_to_step_days = step - t0;
  b.binding = "racks";
  double most = racks_busy;
  if (power_busy > most) {
    most = power_busy;
    b.binding = "power";
  }
  if (cabling_busy > most) b.binding = "cabling";
  return b;
}

}  // namespace gigasim::net
