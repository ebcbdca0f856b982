// The result of a roadmap (`gigasim plan` on a plan file with `roadmap:`, docs/plan.md): one
// JSON object, a text summary, and CSV series (one row per period; resources in long form; the
// sensitivity table). All read the same RoadmapResult.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "roadmap/simulate.h"
#include "roadmap/spec.h"

namespace gigasim::report {

nlohmann::ordered_json roadmap_to_json(const roadmap::RoadmapSpec& spec, const roadmap::RoadmapResult& r);
std::string roadmap_to_text(const roadmap::RoadmapSpec& spec, const roadmap::RoadmapResult& r);

// roadmap.csv: label, year, generation, demand_gw, added_gw, shortfall_gw, installed GW by site
// kind, h100e_cumulative, binding, slack, costs, launches, energy, then added GW per site.
std::string roadmap_periods_csv(const roadmap::RoadmapResult& r);
// roadmap_resources.csv: label, resource, unit, capacity, used, slack.
std::string roadmap_resources_csv(const roadmap::RoadmapResult& r);
// roadmap_sensitivity.csv: key, base, pessimistic, optimistic, crossover years, swing.
std::string roadmap_sensitivity_csv(const roadmap::RoadmapResult& r);

// A crossover year as a date label: 2028.25 -> "2028-04-01" (quarters) or "2028-01-01".
std::string year_to_date(double year);

}  // namespace gigasim::report
