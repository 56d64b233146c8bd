"""A real API server for the tests: ``python -m syndata serve`` in a subprocess on a free
local port, with its own config, token and workspace folders under a temporary root."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 90.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class ApiServer:
    """A running server; ``client(token)`` talks to it as that token."""

    root: Path
    port: int
    process: subprocess.Popen
    env: dict[str, str]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def workspaces(self) -> Path:
        return self.root / "ws"

    def syndata(self, *args: str) -> subprocess.CompletedProcess:
        """``python -m syndata ARGS`` with the server's folders."""
        return subprocess.run([sys.executable, "-m", "syndata", *args], cwd=REPO, env=self.env,
                              capture_output=True, text=True, timeout=60)

    def new_token(self) -> str:
        done = self.syndata("token", "create")
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    def client(self, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=120)

    def descendants(self) -> set[int]:
        import psutil

        return {p.pid for p in psutil.Process(self.process.pid).children(recursive=True)}

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)


def start_server(root: Path, **settings: str) -> ApiServer:
    """Start a server under ``root`` (``settings``: extra SYNDATA_* variables) and wait
    until it answers."""
    env = {**os.environ, "SYNDATA_CONFIG_DIR": str(root / "config"),
           "SYNDATA_WORKSPACE_ROOT": str(root / "ws"), "PYTHONPATH": str(REPO), **settings}
    env.pop("SYNDATA_API_DATA", None)
    port = free_port()
    log = open(root / "server.log", "wb")  # noqa: SIM115 - the server writes it until stopped
    process = subprocess.Popen([sys.executable, "-m", "syndata", "serve", "--host", "127.0.0.1",
                                "--port", str(port)], cwd=REPO, env=env, stdout=log,
                               stderr=subprocess.STDOUT)
    server = ApiServer(root, port, process, env)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError((root / "server.log").read_text())
        try:
            if httpx.get(f"{server.url}/health", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.stop()
    raise RuntimeError("The API server did not answer in time:\n" +
                       (root / "server.log").read_text())


def wait_done(client: httpx.Client, path: str, timeout_s: float = 120.0) -> dict:
    """Poll a job resource until its job finished; the last answer."""
    deadline = time.monotonic() + timeout_s
    while True:
        body = client.get(path).json()
        if body["job"]["state"] in ("done", "failed", "cancelled") \
                or time.monotonic() > deadline:
            return body
        time.sleep(0.2)
