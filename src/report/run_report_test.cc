#include "report/run_report.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "report/power_csv.h"
#include "scenario/scenario.h"

namespace gigasim::report {
namespace {

TEST(ReportPowerCsv, HasTheContractColumnsInMegawatts) {
  power::Result r;
  r.resolution = Seconds(0.001);
  r.it_w = {1e6, 2e6};
  r.facility_w = {1.5e6, 3e6};
  r.grid_w = {1.5e6, 3e6};
  r.battery_w = {0, -1e5};
  r.battery_soc = {0.5, 0.25};
  EXPECT_EQ(power_csv(r),
            "time_s,it_mw,facility_mw,grid_mw,battery_mw,battery_soc\n"
            "0,1.000000,1.500000,1.500000,0.000000,0.500000\n"
            "0.001,2.000000,3.000000,3.000000,-0.100000,0.250000\n");
}

TEST(ReportRun, JsonAndFilesComeFromOneResult) {
  const hw::Catalog& cat = **hw::Catalog::builtin();
  auto s = scenario::load_scenario(std::string(GIGASIM_SOURCE_DIR) + "/examples/llama3-405b-16k-run.yaml", cat,
                                   {{"reliability.replicas=2"}});
  ASSERT_TRUE(s.ok()) << s.error().format();
  jobs::RunOptions o;
  o.threads = 1;
  auto r = jobs::run(*s, cat, o);
  ASSERT_TRUE(r.ok()) << r.error().format();
  const auto j = run_to_json(*s, *r);
  for (const char* k : {"step", "memory", "network", "reliability", "power"}) EXPECT_TRUE(j.contains(k)) << k;
  EXPECT_FALSE(j["network"]["congestion"]["applied"].get<bool>());
  const auto files = run_files(j, *r);
  std::vector<std::string> names;
  for (const auto& f : files) names.push_back(f.name);
  EXPECT_EQ(names, (std::vector<std::string>{"result.json", "power.csv", "report.html"}));
  EXPECT_EQ(files[0].content, j.dump(2) + "\n");
  EXPECT_EQ(files[1].content, power_csv(*r->power));
  const std::string text = run_to_text(*s, *r);
  for (const char* section : {"network:", "reliability:", "power:", "busbw"})
    EXPECT_NE(text.find(section), std::string::npos) << section;
  EXPECT_EQ(text.find("{"), std::string::npos);  // summaries, not JSON dumps
}

}  // namespace
}  // namespace gigasim::report
