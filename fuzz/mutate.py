#!/usr/bin/env python3
"""Mutation check of the command line: runs gigasim on the examples with the input classes of
issue 15 (huge counts, extreme quantities, YAML shapes, schedules) and random mutations of
their values, and reports every run that crashes (a signal), answers "internal error" (exit 3),
or runs past the time limit. Exit 0 when none does.

    fuzz/mutate.py build/gigasim [--random N] [--seed S] [--timeout SECONDS]
"""
import argparse
import os
import random
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.path.join(HERE, "..", "examples")

# (example, command, --set overrides) of the classes the issue lists, one each.
CLASSES = [
    ("million-gb300.yaml", "step", ["model.heads=4294967296"]),
    ("million-gb300.yaml", "step", ["parallelism.tp=4294967296"]),
    ("million-gb300.yaml", "step", ["model.hidden=4294967296"]),
    ("million-gb300.yaml", "step", ["model.ffn_hidden=2147483648"]),
    ("million-gb300.yaml", "step", ["model.vocab=3000000000"]),
    ("million-gb300.yaml", "step", ["model.seq_len=2147483648"]),
    ("million-gb300.yaml", "step", ["schema=4294967297"]),
    ("million-gb300.yaml", "step", ["cluster.scale_out.bandwidth=1e308 TB/s"]),
    ("million-gb300.yaml", "step", ["cluster.scale_out.bandwidth=1e-320 Gb/s"]),
    ("million-gb300.yaml", "step", ["model.mtp_depth=2147483647"]),
    ("million-gb300.yaml", "step", ["training.global_batch=2147483648"]),
    ("million-gb300.yaml", "step", ["training.global_batch=1073741824"]),
    ("million-gb300.yaml", "search", ["training.global_batch=1073741824"]),
    ("moe-671b-gb300.yaml", "step", ["parallelism.schedule=dualpipe"]),
    ("moe-671b-gb300.yaml", "search", ["parallelism.vp=7"]),
    ("llama3-405b-16k-run.yaml", "run", ["reliability.duration=1e308 days"]),
    ("llama3-405b-16k-run.yaml", "run", ["reliability.duration=900 years"]),
    ("llama3-405b-16k-run.yaml", "run", ["reliability.replicas=4294967297"]),
    ("llama3-405b-16k-run.yaml", "run", ["power.battery.model=nope"]),
    ("llama3-405b-16k-run.yaml", "run", ["power.resolution=1e-9 s"]),
    ("colossus-100k-h100-build.yaml", "run", ["cluster.scale_out.switch=nope"]),
    ("colossus-100k-h100-build.yaml", "run", ["cluster.scale_out.tiers=1"]),
]

TEXTS = [
    "schema: 1\nmodel: {layers: 2, layers: -5}\n",
    "schema: 1\nmodel:\n\tlayers: 2\n",
    "schema: 1\nmodel: &a {layers: 2}\ncluster: *a\n",
    "schema: 1\n---\nschema: 1\n",
    "schema: 1\nmodel:\n  layers:\n",
    "\x00\x01\x02\xff\xfe",
    "[" * 5000,
    "{a: " * 3000,
]

NUMBERS = ["0", "-1", "1", "2", "3", "7", "2147483647", "2147483648", "4294967296", "4294967297",
           "9223372036854775807", "99999999999999999999", "1e308", "1e-320", "nan", "inf", "-0", "0.5", "''", "[]", "{}"]


# A sanitized binary (scripts/sanitize.sh) reports with exit 99, not 1 (the contract's "infeasible").
os.environ.setdefault("ASAN_OPTIONS", "exitcode=99:detect_leaks=0")
os.environ.setdefault("UBSAN_OPTIONS", "exitcode=99:halt_on_error=1:print_stacktrace=1")


def run(binary, cmd, path, sets, timeout):
    args = [binary, cmd, path, "--format", "json"]
    if cmd != "validate":
        args.append("--quiet")
    for s in sets:
        args += ["--set", s]
    try:
        p = subprocess.run(args, capture_output=True, text=True, errors="replace", timeout=timeout)
    except subprocess.TimeoutExpired:
        return "timeout", ""
    return p.returncode, p.stderr[-400:]


def mutate_text(text, rng):
    values = list(re.finditer(r"(:\s*)([^\s{}\[\],#][^,}\]\n#]*)", text))
    if not values:
        return text
    m = rng.choice(values)
    return text[:m.start(2)] + rng.choice(NUMBERS) + text[m.end(2):]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--random", type=int, default=0, help="random value mutations per example")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=30)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    bad = []
    total = 0

    def check(label, rc, err):
        nonlocal total
        total += 1
        if rc == "timeout" or rc < 0 or rc == 3 or rc > 3:
            bad.append((label, rc, err))
            print(f"BAD {rc}: {label}\n    {err.strip()[-300:]}", flush=True)

    for ex, cmd, sets in CLASSES:
        rc, err = run(a.binary, cmd, os.path.join(EXAMPLES, ex), sets, a.timeout)
        check(f"{cmd} {ex} --set {' '.join(sets)}", rc, err)
    with tempfile.TemporaryDirectory() as d:
        for i, t in enumerate(TEXTS):
            path = os.path.join(d, f"text{i}.yaml")
            with open(path, "w", encoding="latin-1") as f:
                f.write(t)
            for cmd in ("validate", "step", "plan"):
                rc, err = run(a.binary, cmd, path, [], a.timeout)
                check(f"{cmd} {t[:30]!r}", rc, err)
        for ex in sorted(os.listdir(EXAMPLES)):
            if not ex.endswith(".yaml"):
                continue  # examples/python holds scripts, not scenarios
            src = open(os.path.join(EXAMPLES, ex)).read()
            cmds = (("plan",) if ex.startswith("plan-") else ("serve",) if ex.startswith("serve-")
                    else ("step", "run", "search"))
            for i in range(a.random):
                t = mutate_text(src, rng)
                for _ in range(rng.randint(0, 2)):
                    t = mutate_text(t, rng)
                path = os.path.join(d, f"m{i}-{ex}")
                with open(path, "w") as f:
                    f.write(t)
                cmd = rng.choice(cmds)
                rc, err = run(a.binary, cmd, path, [], a.timeout)
                if rc not in (0, 1, 2):
                    keep = os.path.join(d, "..", f"gigasim-mutant-{i}-{ex}")
                    open(keep, "w").write(t)
                    err += f" [input kept in {keep}]"
                check(f"{cmd} mutant {i} of {ex}", rc, err)
    print(f"{total} runs, {len(bad)} bad")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
