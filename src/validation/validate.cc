#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "scenario/scenario.h"
#include "scenario/step_input.h"
#include "validation/training_runs.h"

namespace gigasim::validation {

namespace {

// Predicted throughput when every compute rate is scaled by k: the compute part of the step
// scales by 1/k, the rest (exposed communication, bubbles of communication) does not.
double tps_at(const RowResult& r, double k) {
  const double t = r.step_s - r.compute_s + r.compute_s / k;
  return r.predicted_tps * r.step_s / t;
}

double mape_at(const std::vector<const RowResult*>& rows, double k) {
  double sum = 0;
  for (const auto* r : rows) sum += std::abs(tps_at(*r, k) - r->run.published_tps) / r->run.published_tps;
  return rows.empty() ? 0 : sum / rows.size();
}

// The single factor k in [0.5, 2] minimising the MAPE of `rows` (golden-section search).
double fit_k(const std::vector<const RowResult*>& rows) {
  if (rows.empty()) return 1;
  double a = 0.5, b = 2.0;
  const double g = (std::sqrt(5.0) - 1) / 2;
  double c = b - g * (b - a), d = a + g * (b - a);
  for (int i = 0; i < 60; ++i) {
    if (mape_at(rows, c) < mape_at(rows, d)) b = d;
    else a = c;
    c = b - g * (b - a);
    d = a + g * (b - a);
  }
  return (a + b) / 2;
}

void predict(RowResult& rr, const hw::Catalog& catalog, bool config_plan = false) {
  MappedRun& m = rr.run;
  scenario::LoadOptions lo;
  if (config_plan) lo.overrides = m.config_plan;
  rr.config_plan_used = config_plan;
  auto s = scenario::load_scenario_text(m.yaml, fmt::format("training_runs.csv row {}", m.label), catalog, lo);
  if (!s) {
    m.expressed = false;
    m.reason = "plan rejected: " + s.error().message;
    return;
  }
  auto in = scenario::make_step_input(*s, catalog);
  if (!in) {
    m.expressed = false;
    m.reason = in.error().message;
    return;
  }
  auto res = step::simulate_step(*in, step::StepOptions::untimed());
  if (!res) {
    m.expressed = false;
    m.reason = res.error().message;
    return;
  }
  rr.predicted_tps = res->tokens_per_s_per_gpu;
  rr.step_s = res->step_time.value();
  rr.compute_s = res->breakdown.compute.value();
  rr.fits = res->fits;
  rr.published_exceeds_hbm = m.published_mem_gib > to_gib(res->memory_capacity);
  rr.device_mem_gib = to_gib(res->memory_per_gpu);
  const double alloc = to_gib(res->memory_allocated);
  rr.predicted_mem_gib = m.memory_reserved ? alloc * (1 + in->fragmentation) : alloc;
  if (m.published_tps <= 0 && m.published_tflops > 0) {
    double f = res->model_flops_per_token;
    if (m.flops == FlopConvention::kNonCausal) f += m.attention_flops_causal;
    if (m.flops == FlopConvention::kSc21) f = m.sc21_flops;
    m.published_tps = m.published_tflops * 1e12 / f;
  }
  if (m.published_tps > 0) rr.error = (rr.predicted_tps - m.published_tps) / m.published_tps;
  if (m.published_mem_gib > 0) rr.mem_error = (rr.predicted_mem_gib - m.published_mem_gib) / m.published_mem_gib;
}

void finish_stats(SourceStats& st, const std::vector<const RowResult*>& rows) {
  double sum = 0, msum = 0;
  for (const auto* r : rows) {
    if (r->run.published_tps > 0) {
      ++st.throughput_rows;
      sum += std::abs(r->error);
      if (std::abs(r->error) > st.worst) {
        st.worst = std::abs(r->error);
        st.worst_label = fmt::format("line {}: {} ({:+.1f}%)", r->run.line, r->run.label, 100 * r->error);
      }
    }
    // A run that ran out of memory published the peak it reached before it failed: a lower bound,
    // not a figure to score (the row is checked by its predicted fit instead).
    if (r->run.published_mem_gib > 0 && !r->run.expect_oom) {
      ++st.memory_rows;
      msum += std::abs(r->mem_error);
      st.mem_worst = std::max(st.mem_worst, std::abs(r->mem_error));
    }
    if (!r->fits && !r->run.expect_oom && !r->published_exceeds_hbm) ++st.fit_failures;
  }
  st.mape = st.throughput_rows ? sum / st.throughput_rows : 0;
  st.mem_mape = st.memory_rows ? msum / st.memory_rows : 0;
}

}  // namespace

Result<Report> validate(const std::vector<RunRow>& rows, const hw::Catalog& catalog, const Options& opt) {
  (void)opt;
  Report rep;
  std::vector<std::string> order;
  for (const auto& row : rows) {
    RowResult rr;
    rr.run = map_run(row);
    if (std::find(order.begin(), order.end(), rr.run.source) == order.end()) order.push_back(rr.run.source);
    if (rr.run.expressed) predict(rr, catalog);
    if (rr.run.expressed && !rr.fits && !rr.run.expect_oom && !rr.run.config_plan.empty()) {
      RowResult alt = rr;
      predict(alt, catalog, true);
      if (alt.run.expressed && alt.fits) rr = std::move(alt);
    }
    if (!rr.run.expressed) ++rep.not_expressed[rr.run.reason.substr(0, 160)];
    rep.rows.push_back(std::move(rr));
  }
  // Every expressed row with a throughput figure takes part in the one-constant refit.
  auto throughput_rows = [&rep](const std::string& only, const std::string& except) {
    std::vector<const RowResult*> out;
    for (const auto& r : rep.rows)
      if (r.run.expressed && r.run.published_tps > 0 && (only.empty() || r.run.source == only) &&
          (except.empty() || r.run.source != except))
        out.push_back(&r);
    return out;
  };
  const auto every = throughput_rows("", "");
  rep.k_all = fit_k(every);
  std::vector<const RowResult*> held_out;
  for (const RowResult* r : every) {
    if (r->run.calibration) ++rep.calibration_rows;
    else held_out.push_back(r);
  }
  rep.mape_without_calibration = mape_at(held_out, 1.0);
  std::vector<const RowResult*> all;
  for (const auto& src : order) {
    SourceStats st;
    st.source = src;
    std::vector<const RowResult*> mine;
    for (const auto& r : rep.rows) {
      if (r.run.source != src) continue;
      ++st.rows;
      if (!r.run.expressed) continue;
      ++st.expressed;
      mine.push_back(&r);
      all.push_back(&r);
    }
    finish_stats(st, mine);
    const auto own = throughput_rows(src, "");
    st.refit_k = rep.k_all;
    st.refit_mape = mape_at(own, rep.k_all);
    st.loso_k = fit_k(throughput_rows("", src));
    st.loso_mape = mape_at(own, st.loso_k);
    rep.sources.push_back(st);
  }
  rep.overall.source = "all";
  rep.overall.rows = static_cast<int>(rep.rows.size());
  rep.overall.expressed = static_cast<int>(all.size());
  finish_stats(rep.overall, all);
  rep.overall.refit_k = rep.k_all;
  rep.overall.refit_mape = mape_at(every, rep.k_all);
  double loso_sum = 0;
  int loso_n = 0;
  for (const auto& st : rep.sources) {
    loso_sum += st.loso_mape * st.throughput_rows;
    loso_n += st.throughput_rows;
  }
  rep.overall.loso_mape = loso_n ? loso_sum / loso_n : 0;
  return rep;
}

std::string markdown(const Report& r) {
  std::string out;
  out += "# Validation against published training runs\n\n";
  out += "Written by `gigasim validate-model` from `training_runs.csv` (444 public runs; see the file's\n"
         "notes for how each figure was read). Each expressible row becomes a scenario (the mapping rules\n"
         "are in `src/validation/map_run.cc`); the prediction's tokens/s/GPU is compared with the published\n"
         "one (TFLOP/s rows converted with the source's own FLOP count), and the predicted per-GPU memory\n"
         "with the measured peak (allocated, or reserved = allocated x (1 + fragmentation) where the source\n"
         "reports the allocator's reserved peak). Errors are (predicted - published) / published.\n\n";
  if (r.calibration_rows > 0)
    out += fmt::format(
        "The {} rows of the Megatron-LM April-2021 README table take their attention heads and TP/PP split\n"
        "from `megatron_sc21_a100.csv` beside it (the same runs, Narayanan et al. SC21 Table 1), the table\n"
        "the A100 constants were calibrated on: in-sample, marked in the table below. Without them the\n"
        "overall throughput MAPE is {:.1f}% over {} rows.\n\n",
        r.calibration_rows, 100 * r.mape_without_calibration, r.overall.throughput_rows - r.calibration_rows);
  out += "## Errors per source\n\n";
  out += "The catalog as shipped; then one compute-rate factor k fitted on every source (in-sample) and,\n"
         "per source, k fitted on all the other sources and applied to it (leave-one-source-out).\n\n";
  out += "| source | rows | expressed | throughput rows | MAPE | worst | memory rows | memory MAPE | runs predicted not to fit | in-sample MAPE (k) | leave-one-out MAPE (k) |\n";
  out += "|---|---|---|---|---|---|---|---|---|---|---|\n";
  auto line = [&out](const SourceStats& s) {
    const std::string loso_k = s.source == "all" ? "per source" : fmt::format("{:.3f}", s.loso_k);
    out += fmt::format("| {} | {} | {} | {} | {:.1f}% | {:.1f}% | {} | {:.1f}% | {} | {:.1f}% ({:.3f}) | {:.1f}% ({}) |\n", s.source,
                       s.rows, s.expressed, s.throughput_rows, 100 * s.mape, 100 * s.worst, s.memory_rows,
                       100 * s.mem_mape, s.fit_failures, 100 * s.refit_mape, s.refit_k, 100 * s.loso_mape, loso_k);
  };
  for (const auto& s : r.sources) line(s);
  line(r.overall);
  out += fmt::format(
      "\nTargets of issue 12: throughput MAPE <= 8% per source and overall, no row worse than 25%, memory\n"
      "within 10%, every run predicted to fit. Reached: overall {:.1f}%, worst row {:.1f}%, memory {:.1f}%,\n"
      "{} expressed runs predicted not to fit; `Validation.PublishedTrainingRuns` asserts these bounds, not\n"
      "the targets. The largest errors: GPT-OSS (predicted 1.1-2.2x too fast on every GPU and in\n"
      "every precision, 41% mean error over its 27 Megatron-Bridge rows against 10% for the others; its sliding-window\n"
      "layers, flex dispatcher and head dimension 64 (FlashAttention-4's B200 rate at 64 against 128)\n"
      "modelled; not explained: its attention-sink softmax, expert biases and 2,880-wide GEMMs on Blackwell;\n"
      "the same model on the same 64 H100s runs 7,620 tokens/s/GPU in NeMo AutoModel, line 270, against\n"
      "5,630-5,993 in Megatron-Bridge, lines 54, 81, 111, 130, 157, predicted 6,811 and 6,223-6,558: the gap follows\n"
      "the framework; line 14's release footnotes a GPT-OSS regression, cudnn-frontend#256, a grouped-GEMM\n"
      "dGLU kernel 10x slower in 1.24),\n"
      "Megatron-Bridge rows whose published value moved up to 2x between releases for one configuration\n"
      "(lines 116 and 135; Qwen3-235B on B300, lines 119 and 138 against 60 and 88), Qwen3-30B-A3B FP8\n"
      "on 16 H100 in release 25.11 (line 158, one layer per virtual stage), Qwen3-235B-A22B on GB200 /\n"
      "GB300 with CUDA graphs of the router and preprocessing scopes (predicted 12-22% slow; its\n"
      "whole-iteration-graph rows are within -10 ... +2%), NeMo 24.07's Llama 2 13B SFT on PP 4 (lines 207,\n"
      "231: 12-20% slow; its other SQuAD fine-tuning rows, packed with attention inside each sample\n"
      "(training.packed_documents, rows whose CSV entry states the packing), are within -6 ... +7%, 7-22%\n"
      "slow before; Megatron-Bridge's fine-tuning recipes pack SQuAD too (scripts/performance/configs/llama/\n"
      "llama3_llm_finetune.py: packed_sequence=True) but their rows 39-45 do not say so: packed, they would\n"
      "read +6 ... +17% on Blackwell and -1% on H100, 10.1% mean against 5.6% as one document), Nemotron 3 Super\n"
      "(hybrid Mamba-2 with latent MoE, 24 rows, +6.7% mean: -11 ... +13% in MXFP8, -9 ... +17% in NVFP4 with its\n"
      "BF16 layers and modules (training.bf16_layers_at_end, bf16_modules); the Mamba-2 scan's memory share is fitted on\n"
      "the 16 Nemotron 3 Nano rows, -1.0% mean after, +28% before; docs/step-model.md), NeMo AutoModel's Nemotron 3\n"
      "Nano (line 265, 37% slow) and torchtitan's float8 rowwise Llama 3.1 8B on TP 8 (line 294, a baseline its\n"
      "source calls known-low). Memory: torchtitan's Llama 3.1 405B on PP 8 (line 284, 23% low) and 70B\n"
      "on TP 8 with 16 x 8192 tokens per micro-batch (line 283, 21% low).\n",
      100 * r.overall.mape, 100 * r.overall.worst, 100 * r.overall.mem_mape, r.overall.fit_failures);
  out +=
      "\nA run that ran fitted in memory. Three Megatron-Bridge rows print a plan that differs from the\n"
      "release's own workload config (the CSV notes say which columns) and is predicted not to fit: Llama 3\n"
      "70B on 64 GB300 (lines 102-103: the table's TP 1 PP 1 and PP 4 with 2 sequences per micro-batch, 553\n"
      "and 351 GiB of 278; the configs LLAMA3_70B_PRETRAIN_CONFIG_GB300_NVFP4_V2 / _FP8_MX_V2 run PP 4, VP 5,\n"
      "micro-batch 1) and GPT-OSS 120B on 64 H100 (line 157: the table's micro-batch 4, 92 GiB of 80;\n"
      "GPT_OSS_120B_H100_BF16_BASE_CONFIG runs 1). Those rows run on the config's plan (the fits column\n"
      "names it; src/validation/map_run.cc config_plans). The table's plans would read -6.9%, -32.6%\n"
      "and +29.1%.\n";
  out += "\nWorst row per source:\n\n";
  for (const auto& s : r.sources)
    if (s.throughput_rows > 0) out += fmt::format("- {}: {}\n", s.source, s.worst_label);
  // Runs in none of the shared files, checked by tests/validation_test.cc (HeldOut.*) on the
  // examples that express them.
  out +=
      "\n## Held-out runs\n\n"
      "Published runs in none of the files above, each an example run as its source describes it and\n"
      "checked by a `HeldOut` test in tests/validation_test.cc:\n\n"
      "| run | published | predicted | memory per GPU |\n|---|---|---|---|\n"
      "| Llama 3 405B, 16,384 H100, TP 8 PP 16, 8K sequences without activation checkpointing "
      "(arXiv:2407.21783, Table 4, sec. 3.3.2; `examples/llama3-405b-16k-run.yaml`) | 400 TFLOP/s/GPU | "
      "490 (+22%) with Megatron-Core's TP overlap, 438 (+9%) without | 49 GiB of 80 with 8 micro-batches in flight |\n"
      "| the same on 8,192 H100 (DP 64) | 430 | 518 (+20%), 462 (+7%) | 49 GiB |\n"
      "| DeepSeek-V3, 2,048 H800, PP 16 DualPipe, EP 64, FP8 (arXiv:2412.19437; "
      "`examples/deepseek-v3-2048-h800.yaml`) | 1,543 tokens/s/GPU (180K GPU hours per trillion tokens) | "
      "1,693 (+10%; DualPipe in its own order, 1,416 (-8%) list-scheduled before) | 68 GiB of 80 |\n"
      "| DeepSeek-V2, H800 (2,048 assumed), PP 16 zero-bubble, EP 8, bf16, shared experts overlapped with "
      "the all-to-all (arXiv:2405.04434 sec. 3.1.3; `examples/deepseek-v2-h800.yaml`) | 1,608 tokens/s/GPU "
      "(172.8K GPU hours per trillion tokens) | 1,791 (+11%); 1,734 (+8%) without the overlap | 58 GiB of 80 |\n"
      "| Nemotron-4 340B, 6,144 H100, TP 8 PP 12 (vp 8) DP 64, bf16 (arXiv:2406.11704, Table 2; "
      "`examples/nemotron4-340b-6144-h100.yaml`) | 192 tokens/s/GPU (8.0 s per step) | 216 (+12%) with TP "
      "overlap, 194 (+1.0%) without | 58 GiB of 80 |\n"
      "| the same at DP 16 and DP 32 (768 and 1,536 sequences per step) | 199 (10.3 s) | 221 (+11%), 198 (-0.2%) without | "
      "58-60 GiB |\n"
      "| BLOOM 176B, 384 A100-80GB, TP 4 PP 12 DP 8, ZeRO-1, full recomputation, 50 Gb/s per GPU "
      "(arXiv:2211.05100; `examples/bloom-176b-384-a100.yaml`) | about 150 TFLOP/s/GPU as Megatron-DeepSpeed "
      "counts it: 104.5 tokens/s/GPU | 111.6 (+7%), 158 hardware TFLOP/s | 40 GiB (the BigScience page "
      "quotes 60 GB in use, not asserted) |\n\n"
      "The Llama 3 rows keep the measured ratio of the two scales (1.057 against 1.075) but run fast:\n"
      "Meta's stack is not Megatron-Core, and the paper names neither its TP overlap nor its number of\n"
      "micro-batches in flight. Nemotron-4 keeps its measured fall from DP 16 to DP 64 (0.976 against\n"
      "0.966) and also runs fast with TP overlap: the large TP-8 H100 runs of 2024 read 11-22% fast with\n"
      "it and -0.2 ... +9% without, while the shared file's Megatron-LM H100 rows at 768-6,144 GPUs,\n"
      "with it, read -3 ... -10%, and NeMo's Nemotron-4 340B on 128 H100 (line 216) +0.3%.\n";
  out += "\n## Rows gigasim cannot express\n\n| reason | rows |\n|---|---|\n";
  for (const auto& [why, n] : r.not_expressed) out += fmt::format("| {} | {} |\n", why, n);
  out += "\n## Every row\n\n";
  out += "| line | source | run | published tok/s/GPU | predicted | error | published GiB | predicted GiB | fits |\n";
  out += "|---|---|---|---|---|---|---|---|---|\n";
  for (const auto& row : r.rows) {
    const auto& m = row.run;
    const int i = m.line;
    if (!m.expressed) {
      out += fmt::format("| {} | {} | {} | | | not expressed: {} | | | |\n", i, m.source, m.label, m.reason);
      continue;
    }
    const std::string tp = m.published_tps > 0 ? fmt::format("{:.0f}", m.published_tps) : "";
    const std::string err = m.published_tps > 0 ? fmt::format("{:+.1f}%", 100 * row.error) : "";
    const std::string pm = m.published_mem_gib > 0 ? fmt::format("{:.1f}{}", m.published_mem_gib, m.memory_reserved ? " (reserved)" : "") : "";
    const std::string mm = m.published_mem_gib > 0 ? fmt::format("{:.1f} ({:+.1f}%)", row.predicted_mem_gib, 100 * row.mem_error)
                                                   : fmt::format("{:.1f}", row.predicted_mem_gib);
    out += fmt::format("| {} | {} | {} | {} | {:.0f} | {} | {} | {} | {}{} |\n", i, m.source, m.label, tp, row.predicted_tps, err,
                       pm, mm, row.fits ? "yes" : "no",
                       m.expect_oom                  ? " (published: OOM)"
                       : row.published_exceeds_hbm   ? " (published: over the HBM)"
                       : row.config_plan_used        ? fmt::format(" (on {}'s plan: the table's does not fit)", m.config_name)
                                                     : std::string());
  }
  return out;
}

}  // namespace gigasim::validation
