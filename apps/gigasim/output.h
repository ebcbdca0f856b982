// The output folder of `run`, `plan` and `serve --out DIR`: every file written whole or not at all
// (core/file_write.h: a temporary name in DIR, then renamed), so a full disk or a killed process
// never leaves a truncated result.json behind.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "report/run_report.h"

namespace gigasim::app {

// Creates DIR when missing and writes each file into it. Errors are kBadInput naming the path
// (an empty DIR, a DIR that is a file, a file name that is a folder, a failed write).
Status write_output(const std::string& dir, const std::vector<report::OutputFile>& files);

}  // namespace gigasim::app
