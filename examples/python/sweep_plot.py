#!/usr/bin/env python3
"""Sweeps the global batch of Megatron's GPT 145.6B on 1,536 A100s and plots step time and MFU.

    PYTHONPATH=build/python python3 examples/python/sweep_plot.py [OUT.png]

Each point is `gigasim step examples/gpt-145b-a100.yaml --set training.global_batch=N`: more
micro-batches per step shrink the pipeline bubble (pp 8), so MFU rises with the batch. Prints a
table and writes the plot (default out/sweep_plot.png). Needs python3-matplotlib.
"""

import os
import sys

import matplotlib

matplotlib.use("Agg")  # no display: write the file only
import matplotlib.pyplot as plt  # noqa: E402

import gigasim  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SCENARIO = os.path.join(HERE, "..", "gpt-145b-a100.yaml")
# Multiples of dp 24 x micro_batch 1 (the scenario's plan), 32 to 192 micro-batches per step.
BATCHES = [768, 1152, 1536, 2304, 3072, 4608]


def main(argv):
    out = argv[1] if len(argv) > 1 else os.path.join("out", "sweep_plot.png")
    scenario = gigasim.load(SCENARIO)
    rows = gigasim.sweep(scenario, over={"training.global_batch": BATCHES}, job="step")

    print(f"{scenario.name}: training.global_batch sweep")
    print(f"{'global_batch':>12} {'micro-batches':>13} {'step s':>8} {'tokens/s':>12} {'MFU':>6} {'bottleneck':>12}")
    batch, time_s, mfu = [], [], []
    for row in rows:
        if row["status"] != "ok":
            print(f"{row['training.global_batch']:>12} {row['status']}: {row['message']}")
            continue
        st = row["result"]["step"]
        print(f"{row['training.global_batch']:>12} {st['microbatches']:>13} {st['step_time_s']:>8.2f} "
              f"{st['tokens_per_s']:>12,.0f} {st['mfu']:>6.1%} {st['bottleneck']:>12}")
        batch.append(row["training.global_batch"])
        time_s.append(st["step_time_s"])
        mfu.append(100 * st["mfu"])
    if not batch:
        print("gigasim: no point of the sweep ran", file=sys.stderr)
        return 1

    fig, left = plt.subplots(figsize=(7, 4))
    left.plot(batch, time_s, "o-", color="tab:blue")
    left.set_xlabel("global batch (sequences of 2,048 tokens)")
    left.set_ylabel("step time (s)", color="tab:blue")
    right = left.twinx()
    right.plot(batch, mfu, "s--", color="tab:red")
    right.set_ylabel("MFU (%)", color="tab:red")
    left.set_title(f"{scenario.name}: step time and MFU against global batch")
    fig.tight_layout()
    if os.path.dirname(out):
        os.makedirs(os.path.dirname(out), exist_ok=True)
    fig.savefig(out, dpi=100)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
