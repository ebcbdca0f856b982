// The period-stepping engine of the roadmap planner: a generic allocation of capacity to
// builders under shared resources, period after period. It knows nothing of chips, sites or
// launches; roadmap/simulate.cc maps those onto it.
//
// One period: builders (places where capacity can be added) each cost `cost` per unit built
// and draw `per_unit` of some resources per unit. Resources have a capacity for the period.
// Builders are filled cheapest first (ties: the earlier one), each up to
//   x_b = min(demand left, max_b, min over its uses u of (capacity_u - used_u) / per_unit_u).
// This greedy fill is the exact optimum when builders share resources only through a common
// bottleneck (the cases of the roadmap: chips shared by every site, a site's own power and
// construction); in general it is a cheapest-first heuristic, stated as such.
//
// The binding constraint of a period: when the demand is met, "demand". Otherwise the
// resource whose capacity raised by 10% adds the most capacity (its shadow price, found by
// re-running the fill), ties to the earlier resource; when nothing is built at all, a resource
// at zero capacity (relaxed to unlimited) can be named; when none adds anything, the builders'
// own caps ("build limit"). Slack: the headroom of each resource, (capacity - used) / capacity.
//
// Carry-over: a resource marked `carries` keeps what a period left unused for the next period
// of the same name (a grid interconnect granted and not yet used).
#pragma once

#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace gigasim::roadmap {

constexpr double kUnlimited = std::numeric_limits<double>::infinity();

struct Resource {
  std::string name;      // "logic_wafers", "launches", "grid:us", ...
  std::string unit;      // of capacity and use
  double capacity = 0;   // available this period (after any carry-over)
  bool carries = false;  // unused capacity passes to the next period
};

struct Use {
  size_t resource = 0;   // index into the period's resources
  double per_unit = 0;   // resource units per unit built
};

struct Builder {
  std::string name;
  std::string kind;              // the group it reports under ("earth", "orbit", ...)
  double cost = 0;               // per unit built (used only to order the fill)
  double max = kUnlimited;       // most it may build this period
  std::vector<Use> uses;
};

struct Problem {
  double demand = 0;             // units to build this period; kUnlimited: as much as possible
  std::vector<Resource> resources;
  std::vector<Builder> builders;
};

struct Allocation {
  std::vector<double> built;     // per builder
  std::vector<double> used;      // per resource
  double total = 0;
  std::optional<size_t> binding; // resource index; none: the demand (met) or the builders' caps
  bool demand_met = false;
  double gain_if_relaxed = 0;    // more built with the binding resource's capacity x 1.1
};

// The fill of one period. REQUIRES: every Use's resource < resources.size(), per_unit >= 0,
// capacities >= 0, demand >= 0.
Allocation fill(const Problem& p);
// fill() plus the binding constraint (re-runs the fill once per exhausted resource).
Allocation allocate(const Problem& p);

// Headroom of resource r: (capacity - used) / capacity; 1 when the capacity is 0 and unused.
double slack(const Problem& p, const Allocation& a, size_t r);

// Runs `periods` periods. `make(k, history)` builds period k's problem from the allocations so
// far; the engine then adds the carried-over capacity of the previous period's resources of the
// same name before allocating. Returns each period's problem (as allocated) and allocation.
struct Period {
  Problem problem;
  Allocation allocation;
};
using MakeProblem = std::function<Problem(size_t k, const std::vector<Period>& history)>;
std::vector<Period> run_periods(size_t periods, const MakeProblem& make);

}  // namespace gigasim::roadmap
