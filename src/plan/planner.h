// The planner: from a target to chips, sites, supply, and the limiting factor.
//
// Every constraint is a requirement beside a capacity curve over time (plan/capacity.h), all
// starting at the plan's start date and treated as independent (no sequencing between making
// chips and building halls). A constraint's ready date is the first day its cumulative
// capacity meets the requirement; the plan is ready when all are, so the binding constraint is
// the one ready last, and the plan is feasible when that date is on or before the deadline
// (the target date, less the run's duration for a training run).
//
// Sensitivity: each constraint relaxed by 10%, once in amount (capacity x 1.1) and once in time
// (every delay from the start x 0.9), gives the days the whole plan gains; and the H100e
// deliverable by the deadline, target * min(1, min_c available_c / required_c), with that
// constraint's capacity x 1.1.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "plan/capacity.h"
#include "plan/spec.h"
#include "site/earth.h"
#include "site/orbit.h"
#include "supply/supply.h"

namespace gigasim::plan {

struct Constraint {
  std::string name;      // "power:memphis", "packaging_wafers", "launches:starship", ...
  std::string unit;      // of required and available
  double required = 0;
  double available = 0;  // cumulative by the deadline
  std::optional<Day> ready;
  CapacityCurve curve;   // in `unit`
};

struct Sensitivity {
  std::string name;
  std::optional<double> days_earlier_more;    // capacity x 1.1; none if still never ready
  std::optional<double> days_earlier_sooner;  // delays x 0.9
  double h100e_gain = 0;                      // more H100e by the deadline with capacity x 1.1
};

struct SiteResult {
  const SiteSpec* spec = nullptr;
  double eclipse_fraction = 0;  // kOrbit
  double inclination = 0;       // kOrbit, radians
  site::EarthResult earth;
  site::OrbitResult orbit;
};

struct PlanResult {
  double h100e_per_chip = 0;
  double h100e = 0;             // target in H100e (derived for power and training-run targets)
  double chips = 0;             // working chips
  supply::Requirements supply;  // for all chips made, spares included
  std::vector<SiteResult> sites;
  std::vector<Constraint> constraints;
  std::vector<Sensitivity> sensitivity;
  Day deadline = 0;
  std::optional<Day> earliest;        // the day every constraint is met
  std::optional<Day> earliest_finish; // kTrainingRun: earliest + duration
  size_t binding = 0;                 // index into constraints
  bool feasible = false;
  double h100e_by_deadline = 0;
};

// Errors: kBadInput for a radiator that cannot reject heat at its temperature; the result of an
// infeasible plan is still returned (feasible = false).
Result<PlanResult> run_plan(const PlanSpec& spec);

}  // namespace gigasim::plan
