#include "reliability/model.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "hw/catalog_file.h"

namespace gigasim::reliability {

namespace {

struct Scaled {
  double value = 0;          // SI at the reference size
  double reference_gpus = 1;
  double exponent = 0;
  Seconds at(int64_t gpus) const {
    return Seconds(value * std::pow(static_cast<double>(gpus) / reference_gpus, exponent));
  }
};

gigasim::Result<double> fig(const hw::CatalogFile& f, const std::string& dotted, const core::Dimension& d) {
  auto r = f.figure(dotted, d);
  if (!r) return r.error();
  return r->value;
}

gigasim::Result<Scaled> scaled(const hw::CatalogFile& f, const std::string& name) {
  const YAML::Node n = f.root()["reliability"]["restart"][name];
  auto v = f.figure(n, "reliability.restart." + name, core::dim::kTime);
  if (!v) return v.error();
  if (!n["reference_gpus"].IsDefined() || !n["exponent"].IsDefined())
    return internal_error(fmt::format("{}: restart.{} needs reference_gpus and exponent", f.path(), name));
  return Scaled{v->value, n["reference_gpus"].as<double>(), n["exponent"].as<double>()};
}

// A restart time: the scenario's value when it gives one, else the catalog figure scaled to the
// job's GPUs. The figure is read either way, so a broken catalog entry is always an error.
gigasim::Result<Seconds> restart_time(const hw::CatalogFile& f, const std::string& name,
                                      const std::optional<Seconds>& given, int64_t gpus) {
  auto s = scaled(f, name);
  if (!s) return s.error();
  return given.value_or(s->at(gpus));
}

// Device count of a basis in a job of `gpus` GPUs on `nodes` nodes.
gigasim::Result<double> basis_devices(const std::string& basis, int64_t gpus, int64_t nodes, int64_t per_switch,
                             int64_t per_rack) {
  const auto ceil_div = [](int64_t a, int64_t b) { return static_cast<double>((a + b - 1) / b); };
  if (basis == "gpu") return static_cast<double>(gpus);
  if (basis == "node") return static_cast<double>(nodes);
  if (basis == "switch") return ceil_div(nodes, per_switch);
  if (basis == "rack") return ceil_div(nodes, per_rack);
  return internal_error(fmt::format("reliability catalog: unknown basis '{}'", basis));
}

}  // namespace

double Model::job_failure_rate() const {
  double r = 0;
  for (const auto& c : causes) r += c.job_rate();
  return r;
}

Seconds Model::restart_overhead() const {
  const double lambda = job_failure_rate();
  double det = 0;
  if (lambda > 0)
    for (const auto& c : causes) det += c.job_rate() / lambda * c.detection.value();
  return Seconds(det) + relaunch + init + restore;
}

Seconds Model::round_interval(Seconds dt) const {
  const double step = step_time.value();
  double steps = std::max(1.0, std::round(dt.value() / step));
  if (async) steps = std::max(steps, std::ceil(write_time.value() / step - 1e-9));
  return Seconds(steps * step);
}

namespace {

using namespace core::dim;

// The job and section checks that need no catalog figure.
Status check_job(const Config& cfg, const JobShape& job) {
  if (job.gpus < 1) return bad_input(fmt::format("reliability: the job has {} GPUs", job.gpus));
  if (job.gpus_per_node < 1) return bad_input(fmt::format("reliability: {} GPUs per node", job.gpus_per_node));
  if (!(job.step_time.value() > 0)) return bad_input("reliability: the step time must be positive");
  if (cfg.replicas < 1) return bad_input("reliability.replicas: at least one replica is needed");
  if (cfg.duration.has_value() == cfg.tokens.has_value())
    return bad_input("reliability: give exactly one of `duration` and `tokens`");
  if (cfg.tokens && !(job.tokens_per_step > 0))
    return bad_input("reliability.tokens: the job's tokens per step must be positive");
  return {};
}

// The observation the catalog's default rates come from, and the blast radii of switches and racks.
struct Observation {
  double gpus = 0, gpus_per_node = 0, planned_interruptions = 0;
  double duration = 0;        // s
  int64_t nodes = 0;
  int64_t nodes_per_switch = 1, nodes_per_rack = 1;  // the scenario's, else the catalog's
  Seconds detection, hang_detection;                 // the scenario's, else scaled to the job
};

gigasim::Result<Observation> observation(const Config& cfg, const JobShape& job, const hw::CatalogFile& f) {
  auto obs_gpus = fig(f, "reliability.observation.gpus", kNone);
  auto obs_gpn = fig(f, "reliability.observation.gpus_per_node", kNone);
  auto obs_time = fig(f, "reliability.observation.duration", kTime);
  auto obs_planned = fig(f, "reliability.observation.planned_interruptions", kNone);
  auto per_switch = fig(f, "reliability.topology.nodes_per_switch", kNone);
  auto per_rack = fig(f, "reliability.topology.nodes_per_rack", kNone);
  for (const auto* r : {&obs_gpus, &obs_gpn, &obs_time, &obs_planned, &per_switch, &per_rack})
    if (!*r) return r->error();
  Observation o;
  o.gpus = *obs_gpus;
  o.gpus_per_node = *obs_gpn;
  o.duration = *obs_time;
  o.planned_interruptions = *obs_planned;
  o.nodes = static_cast<int64_t>(*obs_gpus / *obs_gpn);
  o.nodes_per_switch = cfg.failures.nodes_per_switch.value_or(static_cast<int64_t>(*per_switch));
  o.nodes_per_rack = cfg.failures.nodes_per_rack.value_or(static_cast<int64_t>(*per_rack));
  if (o.nodes_per_switch < 1 || o.nodes_per_rack < 1)
    return bad_input("reliability.failures: nodes per switch and per rack must be >= 1");
  auto det = restart_time(f, "detection", cfg.restart.detection, job.gpus);
  if (!det) return det.error();
  auto hang = restart_time(f, "hang_detection", cfg.restart.hang_detection, job.gpus);
  if (!hang) return hang.error();
  o.detection = *det;
  o.hang_detection = *hang;
  return o;
}

// Each cause's devices, rate (the scenario's, else the catalog's count over the observation or
// its rate), blast radius and Weibull scale.
Status resolve_causes(const Config& cfg, const JobShape& job, const hw::CatalogFile& f, const Observation& o, Model& m) {
  const int64_t nps = o.nodes_per_switch, npr = o.nodes_per_rack;
  const double gamma = std::tgamma(1.0 + 1.0 / m.weibull_shape);
  for (int i = 0; i < kCauseCount; ++i) {
    const std::string name(kCauseNames[static_cast<size_t>(i)]);
    const std::string key = "reliability.causes." + name;
    const YAML::Node n = f.root()["reliability"]["causes"][name];
    if (!n.IsMap() || !n["basis"].IsDefined())
      return internal_error(fmt::format("{}: cause '{}' is missing or has no basis", f.path(), name));
    const std::string basis = n["basis"].as<std::string>();
    CauseModel& c = m.causes[static_cast<size_t>(i)];
    c.hardware = n["hardware"].as<bool>(false);
    c.lemon_prone = c.hardware && (basis == "gpu" || basis == "node");
    c.nodes_lost = !c.hardware ? 0 : basis == "switch" ? nps : basis == "rack" ? npr : 1;
    c.detection = static_cast<Cause>(i) == Cause::kCollectiveHang ? o.hang_detection : o.detection;
    auto devices = basis_devices(basis, job.gpus, m.nodes, nps, npr);
    if (!devices) return devices.error();
    c.devices = *devices;
    if (cfg.failures.rate_per_s[static_cast<size_t>(i)]) {
      c.rate_per_s = *cfg.failures.rate_per_s[static_cast<size_t>(i)];
      c.source = "scenario";
    } else if (n["count"].IsDefined()) {
      auto count = f.figure(n["count"], key + ".count", kNone);
      if (!count) return count.error();
      auto obs_devices = basis_devices(basis, static_cast<int64_t>(o.gpus), o.nodes, nps, npr);
      if (!obs_devices) return obs_devices.error();
      c.rate_per_s = count->value / (*obs_devices * o.duration);
      c.source = count->source;
    } else {
      auto rate = f.figure(n["rate"], key + ".rate", kFrequency);
      if (!rate) return rate.error();
      c.rate_per_s = rate->value;
      c.source = rate->source;
    }
    c.eta_s = c.rate_per_s > 0 ? 1.0 / (c.rate_per_s * gamma) : 0;
  }
  return {};
}

// Checkpoint write, blocking, restore and interval.
Status resolve_checkpoints(const Config& cfg, const hw::CatalogFile& f, Model& m) {
  const auto& ck = cfg.checkpoint;
  if (ck.write_time) {
    m.write_time = *ck.write_time;
  } else if (ck.size && ck.storage_bandwidth) {
    m.write_time = *ck.size / *ck.storage_bandwidth;
  } else if (ck.size || ck.storage_bandwidth) {
    return bad_input("reliability.checkpoint: give both `size` and `storage_bandwidth`, or `write_time`");
  } else {
    auto w = fig(f, "reliability.checkpoint.write_time", kTime);
    if (!w) return w.error();
    m.write_time = Seconds(*w);
  }
  m.async = ck.async;
  if (m.async) {
    auto share = fig(f, "reliability.checkpoint.async_snapshot_share", kNone);
    if (!share) return share.error();
    m.blocking = ck.snapshot_time.value_or(m.write_time * *share);
  } else {
    m.blocking = m.write_time;
  }
  m.restore = ck.restore_time.value_or(m.write_time);
  if (ck.interval) {
    if (*ck.interval < m.write_time)
      return bad_input(fmt::format(
          "reliability.checkpoint.interval: {} s is shorter than the checkpoint write time {} s",
          ck.interval->value(), m.write_time.value()));
    m.interval = m.round_interval(*ck.interval);
  }
  return {};
}

// Spares, repairs, maintenance.
Status resolve_spares(const Config& cfg, const hw::CatalogFile& f, const Observation& o, Model& m) {
  m.spare_nodes = cfg.spare_nodes;
  if (cfg.repair_time) {
    m.repair_time = *cfg.repair_time;
  } else {
    auto r = fig(f, "reliability.repair_time", kTime);
    if (!r) return r.error();
    m.repair_time = Seconds(*r);
  }
  if (cfg.maintenance) {
    m.maintenance_interval = cfg.maintenance_interval.value_or(Seconds(o.duration / o.planned_interruptions));
    if (cfg.maintenance_duration) {
      m.maintenance_duration = *cfg.maintenance_duration;
    } else {
      auto d = fig(f, "reliability.maintenance_duration", kTime);
      if (!d) return d.error();
      m.maintenance_duration = Seconds(*d);
    }
  }
  return {};
}

// Lemons: a share `lf` of nodes causes a share `ls` of node failures, so a lemon fails
// ls (1 - lf) / (lf (1 - ls)) times as often as a healthy node.
Status resolve_lemons(const Config& cfg, const hw::CatalogFile& f, Model& m) {
  double lf = 0, ls = 0;
  if (cfg.failures.lemon_fraction) {
    lf = *cfg.failures.lemon_fraction;
  } else {
    auto v = fig(f, "reliability.lemons.fraction", kNone);
    if (!v) return v.error();
    lf = *v;
  }
  if (cfg.failures.lemon_share) {
    ls = *cfg.failures.lemon_share;
  } else {
    auto with = fig(f, "reliability.lemons.job_failure_rate_with", kNone);
    auto without = fig(f, "reliability.lemons.job_failure_rate_without", kNone);
    if (!with) return with.error();
    if (!without) return without.error();
    ls = 1.0 - *without / *with;
  }
  if (!(lf >= 0 && lf < 1 && ls >= 0 && ls < 1))
    return bad_input("reliability.failures: lemon_fraction and lemon_share must lie in [0, 1)");
  m.lemon_nodes = static_cast<int64_t>(std::llround(lf * static_cast<double>(m.nodes)));
  m.lemon_multiplier = lf > 0 && ls > 0 ? ls * (1 - lf) / (lf * (1 - ls)) : 1.0;
  m.quarantine_lemons = cfg.failures.quarantine_lemons;
  return {};
}

// Run length and the cap on simulated time.
Status resolve_run_length(const Config& cfg, const JobShape& job, Model& m) {
  if (cfg.duration) {
    if (!(cfg.duration->value() > 0)) return bad_input("reliability.duration must be positive");
    m.duration = *cfg.duration;
    m.wall_cap = *cfg.duration;
  } else {
    if (!(*cfg.tokens > 0)) return bad_input("reliability.tokens must be positive");
    m.work = Seconds(*cfg.tokens / job.tokens_per_step * job.step_time.value());
    if (!(cfg.give_up_factor > 1)) return bad_input("reliability.give_up_factor must exceed 1");
    m.wall_cap = *m.work * cfg.give_up_factor;
  }
  return {};
}

}  // namespace

gigasim::Result<Model> resolve(const Config& cfg, const JobShape& job, const hw::CatalogFile& f) {
  if (Status st = check_job(cfg, job); !st.ok()) return st.error();
  Model m;
  m.gpus = job.gpus;
  m.nodes = (job.gpus + job.gpus_per_node - 1) / job.gpus_per_node;
  m.step_time = job.step_time;
  m.tokens_per_step = job.tokens_per_step;
  m.lifetime = cfg.failures.lifetime;
  m.weibull_shape = cfg.failures.lifetime == Lifetime::kWeibull ? cfg.failures.weibull_shape : 1.0;
  if (!(m.weibull_shape > 0)) return bad_input("reliability.failures.weibull_shape must be positive");
  auto o = observation(cfg, job, f);
  if (!o) return o.error();
  auto relaunch = restart_time(f, "relaunch", cfg.restart.relaunch, job.gpus);
  if (!relaunch) return relaunch.error();
  auto init = restart_time(f, "init", cfg.restart.init, job.gpus);
  if (!init) return init.error();
  m.relaunch = *relaunch;
  m.init = *init;
  if (Status st = resolve_causes(cfg, job, f, *o, m); !st.ok()) return st.error();
  if (Status st = resolve_checkpoints(cfg, f, m); !st.ok()) return st.error();
  if (Status st = resolve_spares(cfg, f, *o, m); !st.ok()) return st.error();
  if (Status st = resolve_lemons(cfg, f, m); !st.ok()) return st.error();
  if (Status st = resolve_run_length(cfg, job, m); !st.ok()) return st.error();
  return m;
}

}  // namespace gigasim::reliability
