// One row of a sweep as JSON text, and back: the wire format of a distributed sweep
// (apps/gigasim/mpi_sweep.cc sends each process's rows to the first as these strings). Numbers
// are written with the shortest text that reads back to the same double, so a row that travels
// is bit for bit the row computed.
#pragma once

#include <string>

#include "core/status.h"
#include "sweep/sweep.h"

namespace gigasim::sweep {

std::string row_to_json(const Row& row);
// kInternal when `text` is not a row row_to_json wrote.
Result<Row> row_from_json(const std::string& text);

}  // namespace gigasim::sweep
