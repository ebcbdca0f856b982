// validate and catalog.
#include <fmt/format.h>

#include <unistd.h>

#include <iostream>

#include "apps/gigasim/subcommands.h"
#include "hw/catalog.h"
#include "hw/catalog_browse.h"
#include "jobs/run_job.h"
#include "report/scenario_json.h"
#include "scenario/scenario.h"

namespace gigasim::app {

int report_error(const Error& e, const std::string& file) {
  Error located = e;
  if (located.where.file.empty() && !located.where.key.empty()) located.where.file = file;  // found past the loader
  std::cerr << "gigasim: " << located.format() << "\n";
  return located.exit_code();
}

Result<const hw::Catalog*> catalog() { return hw::Catalog::builtin(); }

bool show_progress(const Options& o) { return !o.quiet && ::isatty(STDERR_FILENO) != 0; }

Result<scenario::Scenario> load(const Options& o, bool require_plan) {
  auto cat = catalog();
  if (!cat) return cat.error();
  scenario::LoadOptions lo;
  lo.overrides = o.sets;
  lo.require_plan = require_plan;
  auto s = scenario::load_scenario(o.path, **cat, lo);
  if (!s) return s.error();
  for (const auto& w : s->warnings) std::cerr << "gigasim: warning: " << w << "\n";
  return s;
}

int cmd_validate(const Options& o) {
  auto cat = catalog();
  if (!cat) return report_error(cat.error());
  auto s = load(o);
  if (!s) return report_error(s.error());
  if (Status st = jobs::check_run(*s, **cat); !st.ok()) return report_error(st.error(), o.path);
  std::cout << report::scenario_to_json(*s).dump(2) << "\n";
  std::cerr << fmt::format("{}: valid\n", o.path);
  return 0;
}

namespace {

void print_figure(const std::string& label, const hw::Figure& f) {
  std::cout << fmt::format("  {:<20} {:<14} source: {}{}\n", label, f.text, f.source, f.confirmed ? "" : " (unconfirmed)");
  if (!f.note.empty()) std::cout << fmt::format("  {:<20} note: {}\n", "", f.note);
}

}  // namespace

int cmd_catalog(const Options& o) {
  auto cat = catalog();
  if (!cat) return report_error(cat.error());
  if (o.name.empty()) {
    std::cout << fmt::format("{:<16} {:<8} {:>10} {:>10} {:>10} {:>9} {:>11} {:>7} {:>10} {:>7}\n", "name", "vendor",
                             "bf16 TF/s", "fp8 TF/s", "fp4 TF/s", "HBM GiB", "HBM TB/s", "domain", "NIC Gb/s", "TDP W");
    for (const auto& g : (*cat)->gpus()) {
      auto pk = [&](hw::Precision p) {
        auto it = g.peak_dense.find(p);
        return it == g.peak_dense.end() ? std::string("-") : fmt::format("{:.0f}", it->second.value / 1e12);
      };
      std::cout << fmt::format("{:<16} {:<8} {:>10} {:>10} {:>10} {:>9.1f} {:>11.2f} {:>7.0f} {:>10.0f} {:>7.0f}\n",
                               g.name, g.vendor, pk(hw::Precision::kBf16), pk(hw::Precision::kFp8),
                               pk(hw::Precision::kFp4), g.hbm_capacity.value / kGiB, g.hbm_bandwidth.value / 1e12,
                               g.scale_up_domain.value, g.nic_bandwidth.value * 8 / 1e9, g.tdp.value);
    }
    std::string file;
    for (const auto& e : hw::catalog_entries()) {
      if (e.file != file) {
        file = e.file;
        std::cout << "\n" << file << ":\n ";
      }
      std::cout << " " << e.name;
    }
    const hw::CatalogSourceSummary sources = hw::summarize_sources(hw::all_catalog_figures());
    std::cout << "\n\n'gigasim catalog NAME' shows one entry with the source of each figure.\n"
              << fmt::format("{} of {} figures are unconfirmed (no primary source states them), marked (unconfirmed).\n",
                             sources.unconfirmed, sources.figures);
    return 0;
  }
  auto g = (*cat)->gpu(o.name);
  if (!g) {
    auto e = hw::find_catalog_entry(o.name);
    if (!e) return report_error(g.error().message.find("did you mean") != std::string::npos ? g.error() : e.error());
    std::cout << fmt::format("{} ({}: {})\n", e->name, e->file, e->path);
    if (!e->description.empty()) std::cout << "  " << e->description << "\n";
    for (const auto& f : e->figures) {
      print_figure(f.key, hw::Figure{0, f.value, f.source, f.note, f.confirmed});
    }
    return 0;
  }
  const hw::GpuSpec& s = **g;
  std::cout << fmt::format("{} ({}, {})\n  {}\n", s.name, s.vendor, s.architecture, s.description);
  for (const auto& [p, f] : s.peak_dense) print_figure(std::string("peak dense ") + hw::to_string(p), f);
  print_figure("HBM capacity", s.hbm_capacity);
  print_figure("HBM bandwidth", s.hbm_bandwidth);
  print_figure("scale-up bandwidth", s.scale_up_bandwidth);
  print_figure("scale-up domain", s.scale_up_domain);
  print_figure("NIC bandwidth", s.nic_bandwidth);
  print_figure("TDP", s.tdp);
  if (!s.peak_power.text.empty()) print_figure("peak figures at", s.peak_power);
  if (!s.gemm_rate_scale.text.empty()) print_figure("GEMM rate scale", s.gemm_rate_scale);
  if (!s.exp_rate_scale.text.empty()) print_figure("exp rate scale", s.exp_rate_scale);
  auto e = (*cat)->efficiency(s.architecture);
  if (e) {
    std::cout << fmt::format("achievable efficiency ({}):\n", s.architecture);
    const hw::Efficiency& x = **e;
    print_figure("GEMM max", x.gemm_max);
    print_figure("GEMM half work", x.gemm_half_flops);
    print_figure("attention fwd", x.attention_fwd);
    print_figure("attention bwd", x.attention_bwd);
    print_figure("attention fwd fa2", x.attention_fwd_fa2);
    print_figure("attention bwd fa2", x.attention_bwd_fa2);
    print_figure("attention head dim half", x.attention_head_dim_half);
    print_figure("memory", x.memory);
    print_figure("scale-up bus", x.scale_up_bus);
    print_figure("scale-out bus", x.scale_out_bus);
    print_figure("scale-up latency", x.scale_up_latency);
    print_figure("scale-out latency", x.scale_out_latency);
    print_figure("FP8 GEMM speed-up", x.fp8_gemm_speedup);
    print_figure("FP4 over FP8", x.fp4_gemm_speedup_over_fp8);
  }
  return 0;
}

}  // namespace gigasim::app
