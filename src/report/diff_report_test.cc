#include "report/diff_report.h"

#include <gtest/gtest.h>
