// Which command a YAML file is for, told from its top-level sections without validating it
// (scenario::detect_file_kind): a command that takes only one kind (diff compares training
// scenarios) names the right one.
#pragma once

#include <string>

#include "core/status.h"
#include "scenario/keys.h"

namespace gigasim::scenario {

// The kind of the file at `path`; errors (cannot open, YAML syntax) as the loader reports them.
Result<FileKind> file_kind(const std::string& path);

// "a training scenario (for `gigasim step`, `run` and `search`)", "a plan file (for `gigasim
// plan`)", "a serving scenario (for `gigasim serve`)".
std::string describe(FileKind k);

}  // namespace gigasim::scenario
