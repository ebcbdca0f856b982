// gigasim plan PLAN.yaml
#include <iostream>

#include "apps/gigasim/subcommands.h"

namespace gigasim::app {

int cmd_plan(const Options&) {
  std::cerr << "gigasim: plan is not built yet\n";
  return 3;
}

}  // namespace gigasim::app
