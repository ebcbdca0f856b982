"""gigasim from Python: the CLI's commands as functions returning the CLI's JSON (docs/python.md).

    import gigasim
    s = gigasim.load("examples/gpt-145b-a100.yaml", overrides={"parallelism.tp": 4, "parallelism.dp": 0})
    r = s.step()                     # the dict `gigasim step --format json` prints
    print(r["step"]["time_s"])

Every result is the JSON of `gigasim <command> --format json` as Python objects (with raw=True,
that JSON's text byte for byte, less the final newline). Bad input raises InputError (the CLI's
exit status 2), a search with no plan that fits raises Infeasible (exit status 1); str(e) is the
CLI's message without its "gigasim: " prefix. A valid result that is infeasible (a step that does
not fit, a plan that misses its date, an SLO not met) is returned, as the CLI prints it before it
exits 1: see its "fits", "feasible" or "slo_met".
"""

import itertools
import json
import os
import re

from . import _gigasim

__all__ = ["Error", "InputError", "Infeasible", "Scenario", "load", "step", "run", "search", "validate", "plan",
           "serve", "sweep", "catalog", "version"]

version = _gigasim.version
Error = _gigasim.Error            # base class; exit_code, message, file, line, column, key
InputError = _gigasim.InputError  # bad input (exit status 2)
Infeasible = _gigasim.Infeasible  # valid but no answer (exit status 1); .result holds the JSON if any
for _cls in (Error, InputError, Infeasible):
    _cls.__module__ = __name__  # shown as gigasim.InputError in a traceback

# The name a dict input carries in error messages, in place of a file name.
DICT_NAME = "<dict>"

_PLAIN = re.compile(r"^[A-Za-z0-9_.+/-](?:[A-Za-z0-9 _.+/%-]*[A-Za-z0-9_.+/%-])?$")


def _scalar(value):
    """One value as YAML: as a user would write it where that is unambiguous, quoted otherwise."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return value if _PLAIN.match(value) else json.dumps(value)
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value)  # a flow collection: JSON is YAML
    raise TypeError(f"gigasim: cannot write a {type(value).__name__} into a scenario: {value!r}")


def _yaml(value, indent=""):
    """A dict as block YAML, so that errors point at a line and key as they would in a file."""
    lines = []
    for key, v in value.items():
        if not isinstance(key, str):
            raise TypeError(f"gigasim: scenario keys are strings, not {key!r}")
        if isinstance(v, dict) and v:
            lines.append(f"{indent}{key}:")
            lines.extend(_yaml(v, indent + "  "))
        elif isinstance(v, (list, tuple)) and any(isinstance(x, dict) for x in v):
            lines.append(f"{indent}{key}:")
            for item in v:
                if isinstance(item, dict) and item:
                    block = _yaml(item, indent + "    ")
                    lines.append(f"{indent}  - {block[0].lstrip()}")
                    lines.extend(block[1:])
                else:
                    lines.append(f"{indent}  - {_scalar(item)}")
        else:
            lines.append(f"{indent}{key}: {_scalar(v)}")
    return lines


def _overrides(overrides):
    """{"a.b": 4} or ["a.b=4"] as the --set assignments "a.b=4", in order."""
    if overrides is None:
        return []
    if isinstance(overrides, dict):
        return [f"{k}={_scalar(v)}" for k, v in overrides.items()]
    if isinstance(overrides, str):
        return [overrides]
    return [str(x) for x in overrides]


def _source(source, overrides):
    """(path or YAML text, is_text, name, overrides) for the extension."""
    if isinstance(source, dict):
        return ("\n".join(_yaml(source)) + "\n", True, DICT_NAME, _overrides(overrides))
    if isinstance(source, (str, os.PathLike)):
        return (os.fspath(source), False, "", _overrides(overrides))
    raise TypeError(f"gigasim: a scenario is a path or a dict, not {type(source).__name__}")


def _result(text, raw):
    return text if raw else json.loads(text)


def _attach_result(e):
    text = getattr(e, "result_json", None)
    e.result = json.loads(text) if text else None
    return e


class Scenario:
    """A training scenario, read and checked. The parallelism plan is checked by step, run and
    validate (search chooses it), so a plan error is raised there."""

    def __init__(self, source, overrides=None):
        args = _source(source, overrides)
        self._native = _gigasim.Scenario(*args)
        self._read = args[:3]  # the path, or the dict as written then (a later change is not seen)

    name = property(lambda self: self._native.name)
    file = property(lambda self: self._native.file, doc="the path, or '<dict>'")
    overrides = property(lambda self: list(self._native.overrides), doc="the --set assignments applied")
    warnings = property(lambda self: list(self._native.warnings), doc="what the CLI prints as warnings")

    def with_overrides(self, overrides):
        """The same source with more overrides (applied after this scenario's own)."""
        s = Scenario.__new__(Scenario)
        s._native = _gigasim.Scenario(*self._read, self.overrides + _overrides(overrides))
        s._read = self._read
        return s

    def step(self, raw=False):
        """`gigasim step --format json`."""
        return _result(self._native.step(), raw)

    def run(self, threads=0, raw=False):
        """`gigasim run --format json` (threads: reliability workers, 0 = all cores; the result does
        not depend on it)."""
        return _result(self._native.run(threads), raw)

    def search(self, top=5, threads=0, raw=False):
        """`gigasim search --top N --format json`; Infeasible when no plan fits (its .result is the
        JSON the CLI prints then)."""
        try:
            return _result(self._native.search(top, threads), raw)
        except Infeasible as e:
            raise _attach_result(e)

    def validate(self, raw=False):
        """`gigasim validate`: the resolved scenario, after the checks run makes before its work."""
        return _result(self._native.validate(), raw)

    def __repr__(self):
        return f"gigasim.Scenario({self.name!r}, file={self.file!r}, overrides={self.overrides!r})"


def load(source, overrides=None):
    """A training scenario from a path or a dict (the YAML file's structure), with overrides
    {"parallelism.tp": 4} or ["parallelism.tp=4"] applied as --set before validation."""
    return Scenario(source, overrides)


def step(source, overrides=None, raw=False):
    return load(source, overrides).step(raw=raw)


def run(source, overrides=None, threads=0, raw=False):
    return load(source, overrides).run(threads=threads, raw=raw)


def search(source, overrides=None, top=5, threads=0, raw=False):
    return load(source, overrides).search(top=top, threads=threads, raw=raw)


def validate(source, overrides=None, raw=False):
    return load(source, overrides).validate(raw=raw)


def plan(source, overrides=None, raw=False):
    """`gigasim plan --format json`: a plan file (target or roadmap), path or dict."""
    return _result(_gigasim.plan(*_source(source, overrides)), raw)


def serve(source, overrides=None, raw=False):
    """`gigasim serve --format json`: a serving scenario, path or dict."""
    return _result(_gigasim.serve(*_source(source, overrides)), raw)


def grid(source, over, overrides=None, job="", threads=0, raw=False):
    """`gigasim sweep --format json`, run by the library's sweep on local threads: `over` is
    {key: [values]} (the product, the first key varying slowest; added to the file's `sweep:`
    section), `job` "step", "run", "search" or "serve" ("" = the file's sweep.job, else serve for a
    serving file, else step). Returns the same dict the command prints: keys, columns and one row
    per point with its values, status, message and metrics."""
    axes = [k + "=" + ",".join(_yaml_value(v) for v in vals) for k, vals in over.items()]
    return _result(_gigasim.grid(*_source(source, overrides), axes, job, threads), raw)


def _yaml_value(v):
    """A value as --over reads it (YAML): strings quoted when they hold a comma."""
    if isinstance(v, bool):
        return "true" if v else "false"
    s = str(v)
    return json.dumps(s) if ("," in s or s == "") else s


def catalog(name=None):
    """Every GPU (with figures and sources) and every other catalog entry by name; or the GPU or
    entry called `name` with its figures (InputError with "did you mean" when there is none)."""
    return json.loads(_gigasim.catalog(name))


_JOBS = {"step": lambda s, kw: s.step(**kw), "run": lambda s, kw: s.run(**kw), "search": lambda s, kw: s.search(**kw)}


def sweep(scenario, over, job="step", **job_options):
    """Runs `job` ("step", "run" or "search") at every point of the grid `over` ({key: [values]},
    the product of the lists, the first key varying slowest) and returns one row per point, in
    grid order: a dict of the point's value of each key, then
      "status":  "ok", "infeasible" (the step does not fit in memory, or no plan fits) or "error"
                 (bad input at that point: an InputError);
      "message": why, as the CLI prints it; "" when ok;
      "result":  the job's JSON (as the job's method returns it), None when the point raised.
    job_options go to the job (threads=, top=).

    A loop in Python over the grid, one job per point on the scenario with the point's values as
    overrides after the scenario's own, so that each point is `gigasim <job> FILE --set KEY=VALUE`."""
    if job not in _JOBS:
        raise ValueError(f"gigasim.sweep: job must be one of {sorted(_JOBS)}, not {job!r}")
    if not isinstance(scenario, Scenario):
        scenario = load(scenario)
    keys = list(over)
    rows = []
    for values in itertools.product(*(list(over[k]) for k in keys)):
        point = dict(zip(keys, values))
        row = dict(point, status="ok", message="", result=None)
        try:
            row["result"] = _JOBS[job](scenario.with_overrides(point), job_options)
            memory = row["result"].get("memory", {})
            if memory.get("fits") is False:
                row["status"] = "infeasible"
                row["message"] = (f"needs {memory['per_gpu_gib']:.1f} GiB per GPU (pipeline rank "
                                  f"{memory['pipeline_rank']}); has {memory['capacity_gib']:.1f} GiB")
        except Infeasible as e:
            row["status"], row["message"] = "infeasible", str(e)
        except InputError as e:
            row["status"], row["message"] = "error", str(e)
        rows.append(row)
    return rows
