// Output files written whole or not at all. A result is written to a temporary file beside its
// destination, flushed to disk and renamed over it, so a reader (or a full disk, or an interrupted
// run) never leaves a truncated result.json behind: the destination holds either the old file or
// the complete new one.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace gigasim::core {

// Writes `bytes` to `path` atomically (temporary name + rename). Errors are kBadInput naming
// the path and the system's reason ("No space left on device"); the temporary file is removed.
// REQUIRES: the folder of `path` exists (see make_output_dir).
Status write_file_atomic(const std::string& path, std::string_view bytes);

// Checks an output folder given on the command line (--out) and creates it (and its parents)
// when missing. Errors are kBadInput naming the path: an empty name, an existing non-folder, a
// folder that cannot be created or written.
Status make_output_dir(const std::string& dir);

}  // namespace gigasim::core
