"""The REST API under polling load: status latency, job integrity, memory after deletion.

Starts a real server (``python -m syndata serve``) on a free local port with its own
temporary config and workspace folders, uploads the 4-table flights demo as one ZIP with
its metadata, then for each of ``--cycles`` rounds: starts 2 IRGAN fits with different
epochs, has ``--clients`` threads (each its own HTTP client) poll the two fits' status
while they run (each client waits ``--interval`` seconds between its requests; 0 = back to
back, a stress test rather than polling), checks that every answer is the job asked for
(id, dataset, epochs) and that both fits end done with their own epochs in their log, then
deletes every resource. Prints p50/p95/max status latency and the RSS of the server plus
its workers (fork server and jobs) at the start and after each round's deletion, each
round's growth, and whether the server's memory stays flat after round 1.

Run from the repository root:  .venv/bin/python bench/api.py [--clients 20] [--cycles 5]
"""

from __future__ import annotations

import argparse
import io
import itertools
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

import httpx
import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from syndata.demos import load_demo  # noqa: E402

EPOCHS = (4, 6)
RISE_MB = 2.0
"""Mean growth per round after round 1 of the server's RSS after deletion that is
flagged as a rise (a few MB of heap fragmentation is noise)."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(root: Path) -> tuple[subprocess.Popen, str, dict[str, str]]:
    env = {**os.environ, "SYNDATA_CONFIG_DIR": str(root / "config"),
           "SYNDATA_WORKSPACE_ROOT": str(root / "ws"), "PYTHONPATH": str(REPO)}
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "syndata", "serve", "--host",
                                "127.0.0.1", "--port", str(port)], cwd=REPO, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return process, url, env
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("The server did not start.")


def rss_mb(pid: int) -> tuple[float, float]:
    """RSS in MB of the server plus every process under it (fork server, workers), and
    of the server alone."""
    root = psutil.Process(pid)
    server = root.memory_info().rss
    total = server
    for process in root.children(recursive=True):
        try:
            total += process.memory_info().rss
        except psutil.NoSuchProcess:
            continue
    return total / 2**20, server / 2**20


def rss_text(sizes: tuple[float, float]) -> str:
    return f"{sizes[0]:.0f} MB (server alone {sizes[1]:.0f} MB)"


def memory_verdict(after: list[float]) -> str:
    """Whether the server's RSS after deletion stays flat from round 2 on.

    Round 1 pays for the imports made on first use (SDV, torch, SDMetrics), so it is the
    baseline; a mean growth above ``RISE_MB`` per round after it is flagged as a rise.
    """
    if len(after) < 3:
        return "memory: run 3 or more --cycles to judge the growth after round 1"
    steps = [b - a for a, b in itertools.pairwise(after)]
    per_round = (after[-1] - after[0]) / (len(after) - 1)
    shown = ", ".join(f"{step:+.1f}" for step in steps)
    verdict = "RISING" if per_round > RISE_MB else "flat"
    return (f"memory after deletion, server alone: round 1 {after[0]:.0f} MB (imports on "
            f"first use), then per round {shown} MB; mean {per_round:+.1f} MB per round: "
            f"{verdict} (a rise is above {RISE_MB:.0f} MB per round)")


def demo_zip() -> bytes:
    demo = load_demo("flights_multi")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, frame in demo.tables.items():
            archive.writestr(f"{name}.csv", frame.to_csv(index=False))
        archive.writestr("metadata.json", demo.schema.to_json())
    return buffer.getvalue()


def poll(url: str, token: str, fits: dict[str, tuple[str, int]], stop: threading.Event,
         interval: float, latencies: list[float], faults: list[str]) -> None:
    """One client: poll the fits' status in turn until told to stop."""
    ids = list(fits)
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"},
                      timeout=30) as client:
        turn = 0
        while not stop.is_set():
            model_id = ids[turn % len(ids)]
            turn += 1
            started = time.perf_counter()
            answer = client.get(f"/models/{model_id}")
            latencies.append(time.perf_counter() - started)
            body = answer.json()
            dataset_id, epochs = fits[model_id]
            if answer.status_code != 200 or body["id"] != model_id \
                    or body["dataset_id"] != dataset_id or body["settings"]["epochs"] != epochs:
                faults.append(f"{model_id}: {answer.status_code} {str(body)[:200]}")
            stop.wait(interval)


def cycle(url: str, token: str, archive: bytes, clients: int,
          interval: float) -> tuple[list[float], list[str]]:
    """One round: upload, 2 fits polled by ``clients`` threads, checks, delete all."""
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"},
                      timeout=120) as api:
        dataset = api.post("/datasets", files={"files": ("flights.zip", archive)}).json()["id"]
        fits = {}
        for epochs in EPOCHS:
            answer = api.post("/models", json={"dataset_id": dataset, "model": "irgan",
                                               "settings": {"epochs": epochs}})
            fits[answer.json()["id"]] = (dataset, epochs)
        stop, latencies, faults = threading.Event(), [], []
        threads = [threading.Thread(target=poll, args=(url, token, fits, stop, interval,
                                                       latencies, faults)) for _ in range(clients)]
        for thread in threads:
            thread.start()
        while any(api.get(f"/models/{m}").json()["job"]["state"] in ("queued", "running")
                  for m in fits):
            time.sleep(0.5)
        stop.set()
        for thread in threads:
            thread.join()
        listed = {m["id"] for m in api.get("/models").json()}
        if listed != set(fits):
            faults.append(f"GET /models lists {sorted(listed)}, expected {sorted(fits)}")
        for model_id, (_, epochs) in fits.items():
            job = api.get(f"/models/{model_id}").json()["job"]
            if job["state"] != "done" or not any(f"epoch {epochs} of {epochs}" in line
                                                 for line in job["log"]):
                faults.append(f"{model_id}: {job['state']} {job['error']} {job['log'][-2:]}")
            api.delete(f"/models/{model_id}")
        closed = api.delete(f"/datasets/{dataset}").json()["workspace_closed"]
        if not closed:
            faults.append("the workspace was not closed after the last delete")
    return latencies, faults


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--cycles", type=int, default=5)
    parser.add_argument("--interval", type=float, default=0.25,
                        help="seconds each client waits between polls (default 0.25)")
    args = parser.parse_args()
    archive = demo_zip()
    with tempfile.TemporaryDirectory() as folder:
        process, url, env = start(Path(folder))
        try:
            token = subprocess.run([sys.executable, "-m", "syndata", "token", "create"],
                                   env=env, cwd=REPO, capture_output=True, text=True,
                                   check=True).stdout.strip()
            print(f"load average {os.getloadavg()[0]:.1f}, {psutil.cpu_count()} CPUs; "
                  f"{args.clients} clients, each polling every {args.interval} s, 2 IRGAN "
                  f"fits (epochs {EPOCHS}) on the 4-table flights demo")
            print(f"RSS server + workers at start: {rss_text(rss_mb(process.pid))}")
            all_latencies, all_faults, after = [], [], []
            for round_ in range(1, args.cycles + 1):
                began = time.monotonic()
                latencies, faults = cycle(url, token, archive, args.clients, args.interval)
                all_latencies += latencies
                all_faults += faults
                time.sleep(1.0)  # the fork server's children are reaped
                sizes = rss_mb(process.pid)
                growth = f" ({sizes[1] - after[-1]:+.1f} MB)" if after else ""
                after.append(sizes[1])
                print(f"round {round_}: {len(latencies)} status requests in "
                      f"{time.monotonic() - began:.1f} s, p95 "
                      f"{1000 * statistics.quantiles(latencies, n=20)[18]:.1f} ms, faults "
                      f"{len(faults)}; RSS after deleting everything "
                      f"{rss_text(sizes)}{growth}")
            ms = sorted(1000 * x for x in all_latencies)
            print(f"status latency over {len(ms)} requests: p50 {statistics.median(ms):.1f} ms"
                  f", p95 {statistics.quantiles(ms, n=20)[18]:.1f} ms, max {ms[-1]:.1f} ms")
            print(f"lost or mixed-up jobs: {len(all_faults)}")
            print(memory_verdict(after))
            for fault in all_faults[:10]:
                print(f"  {fault}")
        finally:
            process.terminate()
            process.wait(20)


if __name__ == "__main__":
    main()
