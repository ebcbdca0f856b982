#pragma once

namespace gigasim::app {

// Runs the command line; returns the process exit status of the contract.
int run_cli(int argc, char** argv);

}  // namespace gigasim::app
