// `mpirun -np N gigasim sweep ...`: the points split round robin over the processes, the rows
// gathered on the first (as sweep::row_to_json strings), which alone reports. MPI is started
// only when mpirun launched the process (OMPI_COMM_WORLD_SIZE set), so a plain run is
// untouched; without GIGASIM_MPI at build time every process runs the whole sweep alone.
#pragma once

#include <vector>

#include "core/status.h"
#include "hw/catalog.h"
#include "sweep/sweep.h"

namespace gigasim::app {

// The processes of this run: one (rank 0 of 1) unless launched by mpirun in an MPI build.
// Construction starts MPI when launched by mpirun; destruction finalizes it.
class Processes {
 public:
  Processes();
  ~Processes();
  Processes(const Processes&) = delete;
  Processes& operator=(const Processes&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }
  int local_size() const { return local_size_; }  // processes on this host
  bool distributed() const { return started_; }    // MPI was started (launched by mpirun)

  // Every point of `spec`, this process's share computed here; rank 0 gets every row (grid
  // order), the others an empty vector. A row that does not survive the trip is an internal error.
  Result<std::vector<sweep::Row>> run(const sweep::Spec& spec, const hw::Catalog& catalog,
                                      const sweep::Options& opts) const;

  // `code` of rank 0 on every process, so that all exit alike.
  int agree(int code) const;

 private:
  int rank_ = 0, size_ = 1, local_size_ = 1;
  bool started_ = false;
};

}  // namespace gigasim::app
