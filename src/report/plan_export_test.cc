#include "report/plan_export.h"

#include <gtest/gtest.h>
