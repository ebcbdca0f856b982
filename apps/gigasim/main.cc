// The gigasim command line: parses flags, dispatches to a subcommand, maps errors to exit codes.
// No model logic lives here.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <iostream>

#include "apps/gigasim/commands.h"

int main(int argc, char** argv) { return gigasim::app::run_cli(argc, argv); }
