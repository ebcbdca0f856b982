#include "report/table_csv.h"

#include <gtest/gtest.h>
