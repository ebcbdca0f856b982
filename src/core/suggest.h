// "Did you mean" suggestions for misspelled names (keys, catalog entries, subcommands).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gigasim::core {

// Levenshtein edit distance, case-insensitive.
int edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word`, or "" when none is within a third of its length (at least 2).
std::string closest(std::string_view word, const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" or "" when there is no close candidate.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace gigasim::core
