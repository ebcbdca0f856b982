#include "apps/gigasim/mpi_sweep.h"

#include <algorithm>
#include <cstdlib>
#include <string>

#include "sweep/row_json.h"

#ifdef GIGASIM_HAVE_MPI
// OpenMPI's handles are macros with C casts (MPI_COMM_WORLD and the datatypes).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"
#include <mpi.h>
#endif

namespace gigasim::app {

namespace {

// The points of process `rank` of `size`: every size-th, starting at rank.
std::vector<int64_t> share(int64_t points, int rank, int size) {
  std::vector<int64_t> mine;
  for (int64_t i = rank; i < points; i += size) mine.push_back(i);
  return mine;
}

}  // namespace

Processes::Processes() {
#ifdef GIGASIM_HAVE_MPI
  if (std::getenv("OMPI_COMM_WORLD_SIZE") == nullptr) return;
  int ready = 0;
  MPI_Initialized(&ready);
  if (!ready) MPI_Init(nullptr, nullptr);
  started_ = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  if (const char* l = std::getenv("OMPI_COMM_WORLD_LOCAL_SIZE")) local_size_ = std::max(1, std::atoi(l));
#endif
}

Processes::~Processes() {
#ifdef GIGASIM_HAVE_MPI
  if (started_) MPI_Finalize();
#endif
}

int Processes::agree(int code) const {
#ifdef GIGASIM_HAVE_MPI
  if (started_) MPI_Bcast(&code, 1, MPI_INT, 0, MPI_COMM_WORLD);
#endif
  return code;
}

Result<std::vector<sweep::Row>> Processes::run(const sweep::Spec& spec, const hw::Catalog& catalog,
                                               const sweep::Options& opts) const {
  const auto mine = share(sweep::grid_size(spec), rank_, size_);
  std::vector<sweep::Row> rows = sweep::run_points(spec, catalog, mine, opts);
  if (size_ == 1) return rows;
#ifdef GIGASIM_HAVE_MPI
  // One line of JSON per row (a JSON text holds no raw newline), all rows of a process in one
  // message: their lengths gathered first, then the bytes.
  std::string text;
  for (const auto& r : rows) text += sweep::row_to_json(r) + "\n";
  int length = static_cast<int>(text.size());
  std::vector<int> lengths(static_cast<size_t>(size_)), offsets(static_cast<size_t>(size_));
  MPI_Gather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
  std::string all;
  if (rank_ == 0) {
    int64_t total = 0;
    for (int p = 0; p < size_; ++p) {
      offsets[static_cast<size_t>(p)] = static_cast<int>(total);
      total += lengths[static_cast<size_t>(p)];
    }
    all.resize(static_cast<size_t>(total));
  }
  MPI_Gatherv(text.data(), length, MPI_CHAR, all.data(), lengths.data(), offsets.data(), MPI_CHAR, 0, MPI_COMM_WORLD);
  if (rank_ != 0) return std::vector<sweep::Row>{};
  std::vector<sweep::Row> gathered;
  size_t pos = 0;
  while (pos < all.size()) {
    const size_t end = all.find('\n', pos);
    auto row = sweep::row_from_json(all.substr(pos, end - pos));
    if (!row) return row.error();
    gathered.push_back(std::move(*row));
    pos = end + 1;
  }
  return gathered;
#else
  return rows;
#endif
}

}  // namespace gigasim::app

#ifdef GIGASIM_HAVE_MPI
#pragma GCC diagnostic pop
#endif
