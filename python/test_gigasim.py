"""Tests of the Python module against the CLI (ctest python_unittest).

By hand, from the repository's root (PYTHONSAFEPATH keeps the sources of python/gigasim, which
lack the extension, behind the built package):
    PYTHONSAFEPATH=1 PYTHONPATH=build/python:python python3 -m unittest -v test_gigasim
"""

import json
import os
import subprocess
import unittest

import gigasim

ROOT = os.environ.get("GIGASIM_SOURCE_DIR", os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
BINARY = os.environ.get("GIGASIM_BINARY", os.path.join(ROOT, "build", "gigasim"))
GPT = os.path.join(ROOT, "examples", "gpt-145b-a100.yaml")

# examples/gpt-145b-a100.yaml as a dict, key for key.
GPT_DICT = {
    "schema": 1,
    "name": "megatron-gpt-145b-a100-1536",
    "model": {"layers": 80, "hidden": 12288, "heads": 96, "ffn": "gelu", "vocab": 51200, "seq_len": 2048},
    "cluster": {"gpu": "A100-SXM4-80GB", "gpus": 1536, "scale_up": {"size": 8},
                "scale_out": {"bandwidth": "200 Gb/s", "topology": "fat-tree"}},
    "training": {"precision": "bf16", "global_batch": 2304, "micro_batch": 1},
    "parallelism": {"tp": 8, "pp": 8, "dp": 24, "vp": 1, "zero": 0, "recompute": "full"},
}


def cli(*args):
    """(exit status, stdout, stderr) of the gigasim binary."""
    p = subprocess.run([BINARY, *args], capture_output=True, text=True, cwd=ROOT, check=False)
    return p.returncode, p.stdout, p.stderr


class StepMatchesCli(unittest.TestCase):
    def setUp(self):
        rc, self.cli_out, _ = cli("step", GPT, "--format", "json")
        self.assertEqual(rc, 0)

    def test_file_gives_the_cli_json_byte_for_byte(self):
        self.assertEqual(gigasim.load(GPT).step(raw=True) + "\n", self.cli_out)

    def test_dict_gives_the_same_json_as_the_file(self):
        self.assertEqual(gigasim.load(GPT_DICT).step(raw=True) + "\n", self.cli_out)

    def test_the_dict_result_is_the_parsed_json(self):
        r = gigasim.step(GPT)
        self.assertEqual(r, json.loads(self.cli_out))
        self.assertEqual(json.dumps(r, indent=2), json.dumps(json.loads(self.cli_out), indent=2))
        self.assertTrue(r["memory"]["fits"])


class OtherCommandsMatchCli(unittest.TestCase):
    def assert_same_as_cli(self, text, *args):
        rc, out, _ = cli(*args, "--format", "json")
        self.assertEqual(rc, 0)
        self.assertEqual(text + "\n", out)

    def test_run(self):
        # The reliability Monte Carlo's thread count does not change the result.
        self.assert_same_as_cli(gigasim.load(GPT).run(threads=2, raw=True), "run", GPT)

    def test_search_but_its_wall_time(self):
        rc, out, _ = cli("search", GPT, "--top", "3", "--format", "json")
        self.assertEqual(rc, 0)
        want, got = json.loads(out), gigasim.load(GPT).search(top=3, threads=2)
        self.assertEqual(len(got["search"]["plans"]), 3)
        for j in (want, got):
            del j["search"]["seconds"]
        self.assertEqual(got, want)

    def test_plan_with_a_target_and_with_a_roadmap(self):
        for name in ("plan-orbit-1gw.yaml", "plan-roadmap-orbit-36-months.yaml"):
            path = os.path.join(ROOT, "examples", name)
            self.assert_same_as_cli(gigasim.plan(path, raw=True), "plan", path)

    def test_serve(self):
        path = os.path.join(ROOT, "examples", "serve-llama2-70b-h100x8-offline.yaml")
        self.assert_same_as_cli(gigasim.serve(path, raw=True), "serve", path)

    def test_serve_from_a_dict_with_an_override(self):
        # examples/serve-llama2-70b-h100x8-offline.yaml as a dict.
        fleet = {
            "schema": 1, "name": "llama2-70b-h100x8-offline",
            "model": {"layers": 80, "hidden": 8192, "heads": 64, "kv_heads": 8, "ffn_hidden": 28672,
                      "ffn": "swiglu", "vocab": 32000},
            "cluster": {"gpu": "H100-SXM", "gpus": 8, "scale_up": {"size": 8}},
            "serving": {"precision": "fp8", "replica": {"tp": 8, "pp": 1, "ep": 1}},
            "workload": {"kind": "llm", "input_tokens": 1024, "output_tokens": 1024, "arrival": "offline",
                         "rate": "max"},
        }
        path = os.path.join(ROOT, "examples", "serve-llama2-70b-h100x8-offline.yaml")
        self.assert_same_as_cli(gigasim.serve(fleet, {"serving.precision": "bf16"}, raw=True),
                                "serve", path, "--set", "serving.precision=bf16")

    def test_validate(self):
        rc, out, _ = cli("validate", GPT)
        self.assertEqual(rc, 0)
        self.assertEqual(gigasim.validate(GPT, raw=True) + "\n", out)


class Overrides(unittest.TestCase):
    def test_dict_and_list_overrides_are_set(self):
        # tp 4 needs dp = 1536 / (4*8) = 48 to stay consistent.
        rc, out, _ = cli("step", GPT, "--set", "parallelism.tp=4", "--set", "parallelism.dp=48", "--format", "json")
        self.assertEqual(rc, 0)
        by_dict = gigasim.load(GPT, overrides={"parallelism.tp": 4, "parallelism.dp": 48})
        by_list = gigasim.load(GPT, overrides=["parallelism.tp=4", "parallelism.dp=48"])
        self.assertEqual(by_dict.overrides, ["parallelism.tp=4", "parallelism.dp=48"])
        self.assertEqual(by_dict.step(raw=True) + "\n", out)
        self.assertEqual(by_list.step(raw=True) + "\n", out)
        self.assertEqual(by_dict.step()["scenario"]["parallelism"]["tp"], 4)

    def test_with_overrides_reads_the_dict_as_it_was_loaded(self):
        d = json.loads(json.dumps(GPT_DICT))
        s = gigasim.load(d)
        d["cluster"]["gpus"] = 3  # not seen by s
        self.assertEqual(s.with_overrides({"training.global_batch": 1152}).step()["scenario"]["cluster"]["gpus"], 1536)

    def test_a_quantity_override_keeps_its_unit(self):
        s = gigasim.load(GPT, overrides={"cluster.scale_out.bandwidth": "400 Gb/s"})
        self.assertEqual(s.step()["scenario"]["cluster"]["scale_out"]["bandwidth"], "400 Gb/s")


class Errors(unittest.TestCase):
    def test_a_misspelled_key_is_an_input_error_with_the_cli_message(self):
        rc, _, err = cli("step", GPT, "--set", "parallelism.tpp=4")
        self.assertEqual(rc, 2)
        with self.assertRaises(gigasim.InputError) as ctx:
            gigasim.load(GPT, overrides={"parallelism.tpp": 4})
        e = ctx.exception
        self.assertIn("did you mean 'tp'", str(e))
        self.assertEqual("gigasim: " + str(e) + "\n", err)
        self.assertEqual((e.exit_code, e.file, e.key), (2, "--set", "parallelism.tpp"))
        self.assertIsInstance(e, gigasim.Error)

    def test_a_misspelled_key_in_a_dict_names_its_line(self):
        bad = dict(GPT_DICT, trainig=GPT_DICT["training"])
        del bad["training"]
        with self.assertRaises(gigasim.InputError) as ctx:
            gigasim.load(bad)
        self.assertIn("did you mean 'training'", str(ctx.exception))
        self.assertTrue(str(ctx.exception).startswith("<dict>:"), str(ctx.exception))

    def test_a_missing_file_is_an_input_error(self):
        with self.assertRaises(gigasim.InputError) as ctx:
            gigasim.load(os.path.join(ROOT, "no-such.yaml"))
        self.assertIn("cannot open the file", str(ctx.exception))

    def test_a_bad_plan_is_raised_by_step_not_by_load(self):
        # tp 3: gpus / (tp*pp) = 1536 / 24 = 64, not the file's dp 24 (search would choose dp).
        s = gigasim.load(GPT, overrides={"parallelism.tp": 3})
        with self.assertRaises(gigasim.InputError) as ctx:
            s.step()
        self.assertIn("key 'parallelism.dp': dp = 24 is inconsistent: gpus / (tp*pp*cp) = 1536 / 24 = 64",
                      str(ctx.exception))


class Infeasible(unittest.TestCase):
    def test_a_step_that_does_not_fit_is_a_result_with_fits_false(self):
        # Without tensor parallelism, 145.6B parameters over pp 8 do not fit 80 GB (the CLI exits 1).
        over = ["parallelism.tp=1", "parallelism.dp=192"]
        rc, out, _ = cli("step", GPT, *sum((["--set", o] for o in over), []), "--format", "json")
        self.assertEqual(rc, 1)
        r = gigasim.load(GPT, overrides=over).step()
        self.assertFalse(r["memory"]["fits"])
        self.assertEqual(r, json.loads(out))

    def test_a_search_with_no_plan_that_fits_raises_infeasible(self):
        # The file fixes tp 8 and pp 8: one replica takes 64 GPUs, more than the 8 of the cluster.
        over = ["cluster.gpus=8", "parallelism.dp=1"]
        rc, out, err = cli("search", GPT, *sum((["--set", o] for o in over), []), "--format", "json")
        self.assertEqual(rc, 1)
        with self.assertRaises(gigasim.Infeasible) as ctx:
            gigasim.load(GPT, overrides=over).search()
        e = ctx.exception
        self.assertEqual("gigasim: " + str(e) + "\n", err)
        self.assertEqual(e.exit_code, 1)
        self.assertEqual(e.result, json.loads(out))


class Others(unittest.TestCase):
    def test_version_is_the_cli_version(self):
        self.assertEqual(cli("--version")[1].strip(), gigasim.version)

    def test_catalog_lists_gpus_and_entries(self):
        c = gigasim.catalog()
        names = [g["name"] for g in c["gpus"]]
        self.assertIn("H100-SXM", names)
        self.assertTrue(c["entries"])
        h100 = gigasim.catalog("H100-SXM")
        self.assertTrue(h100["hbm_capacity"]["source"])
        with self.assertRaises(gigasim.InputError) as ctx:
            gigasim.catalog("H100-SXN")
        self.assertIn("did you mean", str(ctx.exception))

    def test_sweep_gives_one_row_per_point_in_grid_order(self):
        rows = gigasim.sweep(GPT, over={"parallelism.tp": [8, 1], "training.global_batch": [2304, 100]})
        self.assertEqual([(r["parallelism.tp"], r["training.global_batch"]) for r in rows],
                         [(8, 2304), (8, 100), (1, 2304), (1, 100)])
        self.assertEqual([r["status"] for r in rows], ["ok", "error", "error", "error"])
        self.assertEqual(rows[0]["result"], gigasim.step(GPT))
        self.assertIsNone(rows[1]["result"])
        self.assertEqual(rows[1]["message"],
                         "--set: key 'training.global_batch': global_batch 100 is not divisible by dp = 24")

    def test_sweep_reports_a_step_that_does_not_fit(self):
        # tp 1 with dp 192: 300.5 GiB per GPU on 80 GiB, as `gigasim step` reports (test above).
        rows = gigasim.sweep(GPT, over={"parallelism.tp": [1], "parallelism.dp": [192]})
        self.assertEqual(rows[0]["status"], "infeasible")
        self.assertEqual(rows[0]["message"], "needs 300.5 GiB per GPU (pipeline rank 0); has 80.0 GiB")
        self.assertFalse(rows[0]["result"]["memory"]["fits"])
    def test_grid_is_the_cli_sweep_byte_for_byte(self):
        over = {"parallelism.tp": [8, 1], "training.global_batch": [2304, 100]}
        rc, out, _ = cli("sweep", GPT, "--over", "parallelism.tp=8,1", "--over", "training.global_batch=2304,100",
                         "--format", "json", "--quiet")
        self.assertEqual(rc, 2)  # some points are bad input
        self.assertEqual(gigasim.grid(GPT, over, raw=True) + "\n", out)
        rows = gigasim.grid(GPT, over, threads=1)["sweep"]["rows"]
        self.assertEqual(len(rows), 4)

if __name__ == "__main__":
    unittest.main()
