// End-to-end tests of `gigasim sweep`: exit codes, exact messages, and the same bytes for any
// thread count (docs/sweep.md).
#include <gtest/gtest.h>

#include "cli_run.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

namespace {

using gigasim::testing::CmdResult;
using gigasim::testing::run;
using gigasim::testing::run_stderr;


const std::string kExample = std::string(GIGASIM_SOURCE_DIR) + "/examples/sweep-gpt-145b-a100.yaml";

TEST(SweepCli, TheExampleSweepsSixPointsInGridOrder) {
  CmdResult r = run("sweep " + kExample + " --quiet");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(r.out.rfind("sweep of megatron-gpt-145b-sweep (" + kExample + "): job step, 6 points: 6 ok, 0 infeasible, 0 errors\n"
                        "cluster.gpus  cluster.gpu     status",
                        0),
            0u)
      << r.out;
  // The last axis varies fastest: 768 on the A100, then on the H100, then 1536.
  const size_t a = r.out.find("768           A100"), b = r.out.find("768           H100"), c = r.out.find("1536          A100");
  EXPECT_TRUE(a < b && b < c) << r.out;
}

TEST(SweepCli, SameBytesForAnyThreadCount) {
  CmdResult one = run("sweep " + kExample + " --format json --threads 1 2>/dev/null");
  CmdResult three = run("sweep " + kExample + " --format json --threads 3 2>/dev/null");
  EXPECT_EQ(one.code, 0);
  EXPECT_EQ(one.out, three.out);
  CmdResult csv = run("sweep " + kExample + " --format csv --threads 2 2>/dev/null");
  EXPECT_EQ(csv.out.rfind("index,cluster.gpus,cluster.gpu,status,step_time_s,tokens_per_s,tokens_per_s_per_gpu,mfu,"
                          "memory_per_gpu_gib,fits,bottleneck,message\n0,768,A100-SXM4-80GB,ok,",
                          0),
            0u)
      << csv.out;
}

TEST(SweepCliMessages, BadGridsExitTwoBeforeAnyWork) {
  CmdResult r = run_stderr("sweep " + kExample + " --over cluster.gpuz=8,16");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "gigasim: --over: key 'cluster.gpuz': unknown key 'gpuz' (did you mean 'gpu'?)\n");
  r = run_stderr("sweep " + kExample + " --over cluster.gpus=");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "gigasim: --over: key 'cluster.gpus': the list of values is empty\n");
  // 3 x 2 x 2 = 12 points against --max-points 10.
  r = run_stderr("sweep " + kExample + " --over training.micro_batch=1,2 --max-points 10");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "gigasim: " + kExample +
                       ": the grid has 3 x 2 x 2 = 12 points, past the cap of 10; raise it with --max-points 12 or "
                       "--set limits.sweep_points=12\n");
  r = run_stderr("sweep " + kExample + " --job sreve");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "gigasim: --job: 'sreve' is not one of step, run, search, serve (did you mean 'serve'?)\n");
}

TEST(SweepCliMessages, APointThatFailsIsItsRowAndTheOthersStillRun) {
  // 1000 GPUs are not a multiple of tp*pp = 64: that point is bad input (exit 2), the other runs.
  CmdResult r = run("sweep " + kExample + " --over cluster.gpus=1536,1000 --over cluster.gpu=H100-SXM --quiet");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("1536          H100-SXM     ok"), std::string::npos) << r.out;
  // The loader blames the plan's key in the file, as `gigasim step --set cluster.gpus=1000` would.
  EXPECT_NE(r.out.find("point 1 (cluster.gpus=1000 cluster.gpu=H100-SXM): error: " + kExample +
                       ":24:7: key 'parallelism.pp': tp*pp*cp = 8*8*1 = 64 does not divide the 1000 GPUs\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("gigasim: sweep: 1 of 2 points in error (1)\n"), std::string::npos) << r.out;
  // Without recompute, 8 sequences per micro-batch need 106.8 GiB of an 80 GB A100: infeasible (exit 1).
  r = run_stderr("sweep " + kExample + " --over training.micro_batch=4,8 --over parallelism.recompute=none "
                 "--over cluster.gpus=1536 --over cluster.gpu=A100-SXM4-80GB");
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_EQ(r.out, "gigasim: sweep: 1 of 2 points infeasible (1)\n");
}

TEST(SweepCli, OutWritesTheJsonTheCsvAndThePage) {
  const std::string dir = ::testing::TempDir() + "/sweep-out";
  CmdResult r = run("sweep " + kExample + " --over cluster.gpus=1536 --out " + dir + " --quiet");
  ASSERT_EQ(r.code, 0) << r.out;
  for (const char* f : {"result.json", "sweep.csv", "report.html"}) {
    std::ifstream in(dir + "/" + f);
    EXPECT_TRUE(in.good()) << f;
  }
  std::ifstream in(dir + "/sweep.csv");
  std::stringstream s;
  s << in.rdbuf();
  const std::string csv = s.str();
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 3) << csv;  // header and 1 x 2 points
}

}  // namespace
