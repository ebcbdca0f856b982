// step, run, search, plan.
#include <iostream>

#include "apps/gigasim/subcommands.h"

namespace gigasim::app {

int cmd_step(const Options&) { std::cerr << "gigasim: step is not built yet\n"; return 3; }
int cmd_run(const Options&) { std::cerr << "gigasim: run is not built yet\n"; return 3; }
int cmd_search(const Options&) { std::cerr << "gigasim: search is not built yet\n"; return 3; }


}  // namespace gigasim::app
