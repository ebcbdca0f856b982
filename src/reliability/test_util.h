// Test helpers of the reliability module: the built-in reliability catalog.
#pragma once

#include "hw/catalog.h"

namespace gigasim::reliability {

inline const hw::CatalogFile& figures() { return **(*hw::Catalog::builtin())->file("data/catalog/reliability.yaml"); }

}  // namespace gigasim::reliability
