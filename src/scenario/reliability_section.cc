// Parser of the `reliability:` section (keys and defaults: docs/reliability.md). Values left out
// stay empty in reliability::Config and take the catalog's default in reliability::resolve().
#include <fmt/format.h>

#include <charconv>

#include "hw/catalog.h"
#include "scenario/sections.h"

namespace gigasim::scenario {

namespace {

using core::dim::kBandwidth;
using core::dim::kBytes;
using core::dim::kFrequency;
using core::dim::kTime;

// Monte Carlo replicas of a run: past a million the percentiles no longer move (docs/reliability.md).
constexpr int64_t kMaxReplicas = 1'000'000;

std::optional<Seconds> seconds_key(Section& s, const std::string& key, bool positive = true) {
  auto v = s.quantity(key, kTime);
  if (!v) return std::nullopt;
  if (positive ? !(*v > 0) : !(*v >= 0))
    s.fail(key, fmt::format("must be {}, got {} s", positive ? "positive" : "zero or more", *v));
  return Seconds(*v);
}

std::optional<double> share(Section& s, const std::string& key) {
  auto v = s.number(key);
  if (v && !(*v >= 0 && *v < 1)) s.fail(key, fmt::format("must lie in [0, 1), got {}", *v));
  return v;
}

void parse_checkpoint(Section s, reliability::CheckpointConfig& c, const hw::Catalog& catalog) {
  s.keys({"interval", "write_time", "size", "storage_bandwidth", "async", "snapshot_time", "restore_time"});
  if (auto iv = s.text("interval"); iv && *iv != "auto") {
    auto q = core::parse_quantity_as(*iv, kTime);
    if (!q) s.fail("interval", q.error().message + " (or 'auto')");
    if (!(*q > 0)) s.fail("interval", fmt::format("must be positive, got {} s", *q));
    c.interval = Seconds(*q);
  }
  c.write_time = seconds_key(s, "write_time");
  if (auto b = s.quantity("size", kBytes)) {
    if (!(*b > 0)) s.fail("size", "must be positive");
    c.size = Bytes(*b);
  }
  if (auto bw = s.quantity("storage_bandwidth", kBandwidth)) {
    if (!(*bw > 0)) s.fail("storage_bandwidth", "must be positive");
    c.storage_bandwidth = BytesPerSecond(*bw);
  }
  if (c.size.has_value() != c.storage_bandwidth.has_value())
    s.fail(c.size ? "size" : "storage_bandwidth", "give both `size` and `storage_bandwidth`");
  if (c.write_time && c.size) s.fail("size", "give `write_time` or `size` with `storage_bandwidth`, not both");
  c.async = s.flag("async", false);
  c.snapshot_time = seconds_key(s, "snapshot_time", false);
  c.restore_time = seconds_key(s, "restore_time", false);
  if (c.interval) {
    std::optional<Seconds> w = c.write_time;
    if (!w && c.size) w = *c.size / *c.storage_bandwidth;
    if (!w) {  // the catalog's default write time
      if (auto f = catalog.file("data/catalog/reliability.yaml"))
        if (auto d = (*f)->figure("reliability.checkpoint.write_time", kTime)) w = Seconds(d->value);
    }
    if (w && *c.interval < *w)
      s.fail("interval", fmt::format("{} s is shorter than the checkpoint write time {} s", c.interval->value(),
                                     w->value()));
  }
  s.finish();
}

void parse_restart(Section s, reliability::RestartConfig& r) {
  s.keys({"detection", "hang_detection", "relaunch", "init"});
  r.detection = seconds_key(s, "detection", false);
  r.hang_detection = seconds_key(s, "hang_detection", false);
  r.relaunch = seconds_key(s, "relaunch", false);
  r.init = seconds_key(s, "init", false);
  s.finish();
}

void parse_failures(Section s, reliability::FailureConfig& f) {
  s.keys({"lifetime", "weibull_shape", "rates", "nodes_per_switch", "nodes_per_rack", "lemon_fraction",
          "lemon_share", "quarantine_lemons"});
  const std::string lt = s.choice("lifetime", {"exponential", "weibull"}, "exponential");
  f.lifetime = lt == "weibull" ? reliability::Lifetime::kWeibull : reliability::Lifetime::kExponential;
  f.weibull_shape = s.number("weibull_shape", 1.0);
  if (!(f.weibull_shape > 0)) s.fail("weibull_shape", "must be positive");
  if (s.has("weibull_shape") && f.lifetime != reliability::Lifetime::kWeibull)
    s.fail("weibull_shape", "applies to `lifetime: weibull` only");
  if (auto rates = s.child_if_present("rates")) {
    std::vector<std::string> names(reliability::kCauseNames.begin(), reliability::kCauseNames.end());
    rates->keys(names);
    for (size_t i = 0; i < names.size(); ++i) {
      auto r = rates->quantity(names[i], kFrequency);
      if (!r) continue;
      if (!(*r > 0))
        rates->fail(names[i], fmt::format("a failure rate must be positive (per device-hour, e.g. '2e-5 /h'), got {}",
                                          *r * 3600));
      f.rate_per_s[i] = *r;
    }
    rates->finish();
  }
  f.nodes_per_switch = s.count("nodes_per_switch");
  if (f.nodes_per_switch && *f.nodes_per_switch < 1) s.fail("nodes_per_switch", "must be at least 1");
  f.nodes_per_rack = s.count("nodes_per_rack");
  if (f.nodes_per_rack && *f.nodes_per_rack < 1) s.fail("nodes_per_rack", "must be at least 1");
  f.lemon_fraction = share(s, "lemon_fraction");
  f.lemon_share = share(s, "lemon_share");
  f.quarantine_lemons = s.flag("quarantine_lemons", false);
  s.finish();
}

}  // namespace

reliability::Config parse_reliability(Section& sec, const hw::Catalog& catalog) {
  reliability::Config c;
  c.enabled = true;
  sec.keys({"duration", "tokens", "seed", "replicas", "search_replicas", "give_up_factor", "checkpoint", "restart",
            "spares", "maintenance", "failures"});
  c.duration = seconds_key(sec, "duration");
  c.tokens = sec.number("tokens");
  if (c.tokens && !(*c.tokens > 0)) sec.fail("tokens", fmt::format("must be positive, got {}", *c.tokens));
  if (c.duration && c.tokens) sec.fail("tokens", "give the run length as `duration` or `tokens`, not both");
  if (!c.duration && !c.tokens)
    sec.fail("duration", "the run length is missing: give `duration` (wall clock, e.g. '54 days') or `tokens`");
  c.seed = static_cast<uint64_t>(sec.count_at_least("seed", 1, 0, INT64_MAX));
  c.replicas = sec.count_at_least("replicas", 1000, 1, kMaxReplicas);
  c.search_replicas = sec.count_at_least("search_replicas", 64, 1, kMaxReplicas);
  c.give_up_factor = sec.number("give_up_factor", 20);
  if (!(c.give_up_factor > 1)) sec.fail("give_up_factor", "must exceed 1");
  parse_checkpoint(sec.child("checkpoint"), c.checkpoint, catalog);
  parse_restart(sec.child("restart"), c.restart);

  Section spares = sec.child("spares");
  spares.keys({"nodes", "repair_time"});
  if (auto n = spares.text("nodes"); n && *n != "unlimited") {
    int64_t v = -1;
    auto [ptr, ec] = std::from_chars(n->data(), n->data() + n->size(), v);
    if (ec != std::errc() || ptr != n->data() + n->size() || v < 0)
      spares.fail("nodes", fmt::format("'{}' is not a count of nodes or 'unlimited'", *n));
    c.spare_nodes = v;
  }
  c.repair_time = seconds_key(spares, "repair_time");
  spares.finish();

  Section maint = sec.child("maintenance");
  maint.keys({"enabled", "interval", "duration"});
  c.maintenance = maint.flag("enabled", true);
  c.maintenance_interval = seconds_key(maint, "interval");
  c.maintenance_duration = seconds_key(maint, "duration", false);
  maint.finish();

  parse_failures(sec.child("failures"), c.failures);
  sec.finish();
  return c;
}

}  // namespace gigasim::scenario
