#include "core/suggest.h"

#include <gtest/gtest.h>

namespace gigasim::core {
namespace {

TEST(Suggest, FindsTheClosestKey) {
  EXPECT_EQ(edit_distance("hiden", "hidden"), 1);
  EXPECT_EQ(closest("hiden", {"layers", "hidden", "heads"}), "hidden");
  EXPECT_EQ(closest("zzzzzz", {"layers", "hidden"}), "");
  EXPECT_EQ(did_you_mean("H100-SMX", {"H100-SXM", "H200-SXM"}), " (did you mean 'H100-SXM'?)");
}

}  // namespace
}  // namespace gigasim::core
