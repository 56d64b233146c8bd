"""One Streamlit server per test session and a headless Debian Chromium to drive it.

Playwright's own browser download needs the internet, which CI does not have, so these
tests use the system ``chromium`` and skip, saying why, when it is not installed.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("SYNDATA_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage"]
VIEWPORT = {"width": 1280, "height": 900}
START_TIMEOUT_S = 60.0
EXPECT_TIMEOUT_MS = 30_000  # a rerun that parses or plots on 2 busy cores takes seconds


@dataclass(frozen=True)
class AppServer:
    """Where the app answers and where its sessions keep their folders."""

    url: str
    workspace_root: Path
    log: Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the app server exited early:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the app server did not answer in {START_TIMEOUT_S:.0f} s:\n"
                       f"{log.read_text()}")


def stop_server(process: subprocess.Popen) -> None:
    """SIGTERM to the server's process group (its job workers and fork server too), then
    SIGKILL if it has not exited within 15 s."""
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    """The system browser, or a skip that names what is missing and how to get it."""
    if not CHROMIUM.exists():
        reason = (f"browser tests skipped: {CHROMIUM} not found "
                  "(install it with `apt-get install chromium`, as .ci/run does)")
        print(reason, file=sys.stderr)
        pytest.skip(reason)
    return CHROMIUM


@pytest.fixture(scope="session")
def app_server(chromium_path, tmp_path_factory) -> Iterator[AppServer]:
    """The real app on a free port, with session folders under a temporary root."""
    base = tmp_path_factory.mktemp("e2e")
    root, log = base / "sessions", base / "server.log"
    port = _free_port()
    env = {**os.environ, "SYNDATA_WORKSPACE_ROOT": str(root),
           "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "Home.py", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true"],
            cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process, log)
        yield AppServer(url, root, log)
    finally:
        stop_server(process)


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium_path), headless=True,
                                             args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, app_server):
    """Opens the app in a fresh browser context (its own Streamlit session) per call."""
    contexts = []

    def open_page():
        context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
        context.set_default_timeout(60_000)
        contexts.append(context)
        page = context.new_page()
        page.goto(app_server.url + "/")
        page.get_by_test_id("stApp").wait_for()
        page.get_by_role("heading", name="Load data").wait_for()
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture(scope="session")
def shots(tmp_path_factory) -> Path:
    """Where each step's screenshot goes: $SYNDATA_SCREENSHOTS, else a temporary folder."""
    target = os.environ.get("SYNDATA_SCREENSHOTS")
    folder = Path(target) if target else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def csv_files(tmp_path) -> dict[str, Path]:
    """Two small related tables, users and orders, written to disk as a user has them."""
    users = ["id,name,age,city,signup"] + [
        f"{i},{name},{20 + (i * 7) % 45},{city},2021-{1 + i % 12:02d}-{1 + i % 27:02d}"
        for i, (name, city) in enumerate(zip(
            ["Ann", "Bob", "Cy", "Di", "Ed", "Flo", "Gus", "Hal", "Ida", "Jo", "Kim", "Lu"],
            ["Lyon", "Paris", "Nice", "Lyon"] * 3, strict=True), start=1)]
    orders = ["order_id,user_id,amount,status"] + [
        f"{i},{1 + (i * 5) % 12},{10 + (i * 37) % 90}.5,{'paid' if i % 3 else 'open'}"
        for i in range(1, 41)]
    paths = {"users": tmp_path / "users.csv", "orders": tmp_path / "orders.csv"}
    paths["users"].write_text("\n".join(users) + "\n")
    paths["orders"].write_text("\n".join(orders) + "\n")
    return paths
