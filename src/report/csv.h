// CSV as RFC 4180 writes it: fields separated by commas, records ended by CRLF is what the RFC
// says, but every CSV reporter of gigasim ends records with LF (as power.csv always has; every
// reader accepts both). A field holding a comma, a double quote, CR or LF is enclosed in double
// quotes, with each double quote inside doubled. Every CSV reporter builds its rows with this.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gigasim::report {

// `field` quoted when RFC 4180 requires it (sec. 2, rules 5-7), else as is.
std::string csv_field(std::string_view field);

// One record: the fields, each through csv_field, joined by commas, then "\n".
std::string csv_row(const std::vector<std::string>& fields);

}  // namespace gigasim::report
