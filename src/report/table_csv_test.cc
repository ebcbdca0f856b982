#include "report/table_csv.h"

#include <gtest/gtest.h>

namespace gigasim::report {
namespace {

net::Collective collective(const char* name, const char* dim, int64_t size, double bytes, int64_t count) {
  net::Collective c;
  c.name = name;
  c.dim = dim;
  c.op = net::CollectiveOp::kAllReduce;
  c.group.size = size;
  c.group.members_per_domain = size;
  c.bytes = Bytes(bytes);
  c.count_per_step = count;
  return c;
}

TEST(TableCsv, StepCollectivesOneRowEach) {
  step::StepResult r;
  r.collectives.push_back({collective("tp all-reduce", "tp", 8, 1048576, 96), Seconds(0.000125)});
  EXPECT_EQ(step_collectives_csv(r),
            "name,dim,op,group_size,members_per_domain,bytes,count_per_step,time_s\n"
            "tp all-reduce,tp,all-reduce,8,8,1048576,96,0.000125\n");
}

TEST(TableCsv, NetworkInTheUnitsOfNcclTests) {
  net::NetworkResult n;
  net::CollectiveResult c;
  c.collective = collective("dp reduce-scatter, bucket", "dp", 64, 2e9, 1);
  c.cost.time = Seconds(0.02);          // 20000 us
  c.cost.algbw = BytesPerSecond(1e11);  // 100 GB/s
  c.cost.busbw = BytesPerSecond(1.96875e11);
  c.congested_time = Seconds(0.025);
  c.congested_busbw = BytesPerSecond(1.575e11);
  n.collectives.push_back(c);
  // The name holds a comma, so it is quoted (RFC 4180).
  EXPECT_EQ(network_csv(n),
            "collective,dim,ranks,size_bytes,count_per_step,time_us,algbw_gbs,busbw_gbs,congested_time_us,"
            "congested_busbw_gbs\n"
            "\"dp reduce-scatter, bucket\",dp,64,2000000000,1,20000,100,196.875,25000,157.5\n");
}

TEST(TableCsv, SearchPlansRankedWithTheFrontMarked) {
  search::SearchResult r;
  search::Candidate fast, lean;
  fast.plan.tp = 8;
  fast.plan.dp = 4;
  fast.micro_batch = 2;
  fast.result.step_time = Seconds(1.5);
  fast.result.tokens_per_s = 1000;
  fast.result.tokens_per_s_per_gpu = 31.25;
  fast.result.mfu = 0.5;
  fast.result.memory_per_gpu = Bytes(40.0 * kGiB);
  fast.result.fits = true;
  fast.result.bottleneck = "compute";
  lean = fast;
  lean.plan.zero = 3;
  search::Candidate slow = fast;  // the same degrees without DP overlap: not the plan on the front
  slow.plan.dp_overlap = false;
  slow.result.step_time = Seconds(1.6);
  lean.result.step_time = Seconds(2);
  r.best = {fast, slow, lean};
  r.pareto = {fast};
  const std::string head =
      "rank,tp,pp,vp,cp,ep,etp,dp,schedule,sequence_parallel,zero,recompute,dp_overlap,tp_overlap,micro_batch,step_time_s,"
      "tokens_per_s,"
      "tokens_per_s_per_gpu,mfu,memory_per_gpu_gib,fits,bottleneck,pareto\n";
  EXPECT_EQ(search_plans_csv(r, 5), head +
                                        "1,8,1,1,1,1,1,4,1f1b,0,1,none,1,1,2,1.5,1000,31.25,0.5,40,1,compute,1\n"
                                        "2,8,1,1,1,1,1,4,1f1b,0,1,none,0,1,2,1.6,1000,31.25,0.5,40,1,compute,0\n"
                                        "3,8,1,1,1,1,1,4,1f1b,0,3,none,1,1,2,2,1000,31.25,0.5,40,1,compute,0\n");
  EXPECT_EQ(search_plans_csv(r, 1), head + "1,8,1,1,1,1,1,4,1f1b,0,1,none,1,1,2,1.5,1000,31.25,0.5,40,1,compute,1\n");
}

}  // namespace
}  // namespace gigasim::report
