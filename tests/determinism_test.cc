// Same scenario and seed, same bytes at any thread count: step, run (reliability Monte Carlo and
// power included), search and plan, each run at 1 and 2 threads through the command line.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <string>

namespace {

std::string output_of(const std::string& args, int threads) {
  const std::string cmd = fmt::format("OMP_NUM_THREADS={} {} {} --format json --quiet 2>/dev/null", threads,
                                      GIGASIM_BINARY, args);
  std::array<char, 65536> buf{};
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  size_t n = 0;
  while (p && (n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  if (p) pclose(p);
  return out;
}

// The search reports its own wall time next to its counts; that one field is a measurement.
void drop_wall_time(nlohmann::json& j) {
  if (!j.is_object() && !j.is_array()) return;
  if (j.is_object() && j.contains("evaluated") && j.contains("seconds")) j.erase("seconds");
  for (auto& v : j) drop_wall_time(v);
}

std::string example(const std::string& name) { return fmt::format("{}/examples/{}", GIGASIM_SOURCE_DIR, name); }

// `args` with THREADS replaced by the thread count (search takes --threads; the others follow
// OMP_NUM_THREADS).
void expect_same_bytes(const std::string& args) {
  auto with = [&](int t) {
    std::string a = args;
    if (auto k = a.find("THREADS"); k != std::string::npos) a = fmt::format("{}{}{}", a.substr(0, k), t, a.substr(k + 7));
    return output_of(a, t);
  };
  std::string one = with(1), two = with(2);
  ASSERT_FALSE(one.empty()) << args;
  if (args.rfind("search", 0) == 0) {
    auto a = nlohmann::json::parse(one), b = nlohmann::json::parse(two);
    drop_wall_time(a);
    drop_wall_time(b);
    one = a.dump();
    two = b.dump();
  }
  EXPECT_TRUE(one == two) << args << ": the output differs between 1 and 2 threads";
}

TEST(Determinism, StepRunSearchPlanGiveTheSameBytesAtOneAndTwoThreads) {
  expect_same_bytes(fmt::format("step {}", example("moe-671b-gb300.yaml")));
  expect_same_bytes(fmt::format("run {} --set reliability.replicas=24", example("llama3-405b-16k-run.yaml")));
  expect_same_bytes(fmt::format("search {} --top 3 --threads THREADS", example("gpt-145b-a100.yaml")));
  expect_same_bytes(fmt::format("plan {}", example("plan-orbit-1gw.yaml")));
  expect_same_bytes(fmt::format("plan {}", example("plan-roadmap-100k-to-orbit.yaml")));
  expect_same_bytes(fmt::format("serve {}", example("serve-mlperf-llama2-70b-h100-server.yaml")));
}

}  // namespace

namespace {

TEST(Determinism, SweepGivesTheSameBytesAtOneAndTwoThreads) {
  expect_same_bytes(fmt::format("sweep {} --threads THREADS", example("sweep-gpt-145b-a100.yaml")));
  expect_same_bytes(fmt::format("sweep {} --job search --over cluster.gpus=1536 --threads THREADS",
                                example("sweep-gpt-145b-a100.yaml")));
}

}  // namespace
