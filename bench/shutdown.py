"""How fast everything the app server started goes away when the server is told to stop.

Starts the real app (``streamlit run Home.py``) on a free port, opens it in headless
Chromium, loads the one-table flights demo and starts a CTGAN fit (300 epochs: it is still
running when the signal comes), waits until the server has its fork server and a worker,
then sends SIGTERM (or ``--signal INT``/``KILL``) to the server alone and prints how long
each of its descendant processes took to end, and how long the server itself took.

Run from the repository root:  .venv/bin/python bench/shutdown.py [--signal TERM]
Needs /usr/bin/chromium (as the browser tests do).
"""

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.e2e.conftest import _free_port, _wait_healthy  # noqa: E402
from tests.e2e.e2e_driver import choose, click, go, tab  # noqa: E402


def _alive(process: psutil.Process) -> bool:
    """Running, and not a zombie: a killed process whose exit status nobody read yet has
    ended, even while its adoptive parent (PID 1 of a container) is slow to reap it."""
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _start_a_fit(url: str, server: psutil.Process) -> tuple[object, object]:
    """Drive the app to a running fit; returns (playwright, browser) to close later."""
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                         args=["--no-sandbox", "--disable-gpu"])
    page = browser.new_page()
    page.goto(url + "/")
    page.get_by_role("tab", name="Demo datasets").wait_for(timeout=90_000)
    tab(page, "Demo datasets")
    click(page, "Load demo")
    page.get_by_role("link", name="Next: prepare the data").wait_for(timeout=60_000)
    go(page, "Fit")
    choose(page, "Model", "CTGAN (SDV)")
    click(page, "Start fit")
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        names = [p.name() for p in server.children(recursive=True)]
        if len(names) >= 3:  # resource tracker, fork server, the fit's worker
            return playwright, browser
        time.sleep(0.5)
    raise SystemExit(f"no worker appeared: {names}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--signal", default="TERM", choices=["TERM", "INT", "KILL"])
    args = parser.parse_args()
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    root = Path(tempfile.mkdtemp(prefix="syndata-shutdown-"))
    env = {**os.environ, "SYNDATA_WORKSPACE_ROOT": str(root / "sessions"),
           "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    log = (root / "server.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "Home.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    server = psutil.Process(process.pid)
    playwright = browser = None
    try:
        _wait_healthy(url, process, root / "server.log")
        playwright, browser = _start_a_fit(url, server)
        time.sleep(2.0)
        children = server.children(recursive=True)
        print(f"server {server.pid}, descendants before the signal:")
        for child in children:
            print(f"  {child.pid} {' '.join(child.cmdline())[:90]}")
        sent = time.monotonic()
        os.kill(server.pid, getattr(signal, f"SIG{args.signal}"))
        gone: dict[int, float] = {}
        server_gone = None
        while time.monotonic() - sent < 40 and (len(gone) < len(children) or not server_gone):
            for child in children:
                if child.pid not in gone and not _alive(child):
                    gone[child.pid] = time.monotonic() - sent
            if server_gone is None and process.poll() is not None:
                server_gone = time.monotonic() - sent
            time.sleep(0.01)
        for child in children:
            took = gone.get(child.pid)
            print(f"  {child.pid}: " + (f"gone after {took:.2f} s" if took is not None
                                        else "STILL ALIVE after 40 s"))
        print(f"server exited after {server_gone:.2f} s" if server_gone is not None
              else "server still running after 40 s")
        print(f"all descendants gone within {max(gone.values(), default=0):.2f} s"
              if len(gone) == len(children) else "some descendants outlived the server")
    finally:
        if browser is not None:
            browser.close()
            playwright.stop()
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        for child in psutil.Process().children(recursive=True):
            child.kill()


if __name__ == "__main__":
    main()
