#include "report/reliability_json.h"

#include <cmath>
#include <string>

namespace gigasim::report {

namespace {

constexpr double kDay = 86400.0;  // s

nlohmann::ordered_json num(double v) { return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(); }

}  // namespace

nlohmann::ordered_json reliability_to_json(const reliability::Result& r) {
  using nlohmann::ordered_json;
  ordered_json by_cause = ordered_json::object();
  for (size_t i = 0; i < r.by_cause.size(); ++i) by_cause[std::string(reliability::kCauseNames[i])] = r.by_cause[i];
  const auto& t = r.time_shares;
  return ordered_json{
      {"seed", r.seed},
      {"replicas", r.replicas},
      {"run_length", r.tokens_mode ? "tokens" : "duration"},
      {"gpus", r.gpus},
      {"nodes", r.nodes},
      {"interruptions",
       {{"total", r.interruptions_total}, {"by_cause", by_cause}, {"planned", r.planned_interruptions}}},
      {"ettr", {{"p50", r.ettr.p50}, {"p10", r.ettr.p10}, {"p90", r.ettr.p90}}},
      {"goodput", r.goodput},
      {"goodput_tokens_per_s", r.goodput_tokens_per_s},
      {"mtti_s", num(r.mtti.value())},
      {"wall_clock_days", {{"p50", r.wall_clock.p50.value() / kDay}, {"p90", r.wall_clock.p90.value() / kDay}}},
      {"time_shares",
       {{"productive", t.productive}, {"checkpoint", t.checkpoint}, {"lost_work", t.lost_work},
        {"restart", t.restart}, {"spare_wait", t.spare_wait}, {"maintenance", t.maintenance}}},
      {"checkpoint_interval_s", r.checkpoint_interval.value()},
      {"optimal_checkpoint_interval_s", r.optimal_checkpoint_interval.value()},
      {"young_daly_interval_s", num(r.young_daly_interval.value())},
      {"checkpoint_write_s", r.checkpoint_write.value()},
      {"checkpoint_blocking_s", r.checkpoint_blocking.value()},
      {"restart_overhead_s", r.restart_overhead.value()},
      {"job_failure_rate_per_h", r.job_failure_rate_per_h},
      {"closed_form_ettr", r.closed_form_ettr},
  };
}

}  // namespace gigasim::report
