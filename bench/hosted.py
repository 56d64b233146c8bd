"""The hosted demo under a 1 GB memory limit: the memory cgroup's peak per demo step.

usage: .venv/bin/python bench/hosted.py [--limit-mb 1024] [--rows N ...] [--only SECTION ...]

As root, it makes a memory cgroup (v1 ``/sys/fs/cgroup/memory/<name>`` or v2
``/sys/fs/cgroup/<name>``) limited to ``--limit-mb`` with swap off for it (where the
controller lets us), starts ``streamlit run Home.py`` with ``SYNDATA_HOSTED=1`` inside it,
and walks the demo as a visitor would in headless Debian Chromium with the e2e tests'
Playwright driver: the 4-table flights demo (Prepare; IRGAN fit, generate, visualise,
export; Evaluate the IRGAN and HMA output), the one-table demo with every single-table
model at the hosted defaults, and uploads of ``--rows`` flights (50,000 and the hosted cap
of 20,000; ``/work/shared/checks/make_flights.py``), each in its own session, fitted with
GaussianCopula, IRGAN and CART.

Per step it prints whether it completed, was refused before it started (with the
message) or failed (with the message), the cgroup's peak (RSS, page cache and kernel
memory the kernel charges to the cgroup, reset before each step), the largest RSS of the
server process and of any worker process during the step (sampled every 0.1 s), and
whether the server survived. "anonymous" is the step's peak of the memory the kernel
cannot reclaim, summed over the server and its workers (RSS less shared file pages): what
the hosted memory budget (``SYNDATA_MEMORY_BUDGET_MB``) counts. The cgroup is charged only
for file pages it faults in first, so shared library code that other processes on the
machine had already loaded is missing from its peak. Where neither cgroup version is
writable it says why and exits 2. The cgroup is removed at the end, the server stopped.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psutil
from playwright.sync_api import Browser, Page, expect, sync_playwright

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests" / "e2e")]

from conftest import CHROMIUM, CHROMIUM_ARGS, VIEWPORT, _free_port, stop_server  # noqa: E402
from e2e_driver import (  # noqa: E402
    button,
    choose,
    click,
    download_button,
    go,
    radio,
    run_count,
    settle,
    tab,
    upload,
)

from tests.jobs.cgroups import Cgroup, NoCgroup  # noqa: E402

MIB = 2**20
JOB_TIMEOUT_S = 900.0
MAKE_FLIGHTS = Path("/work/shared/checks/make_flights.py")
START_TIMEOUT_S = 120.0
SAMPLE_EVERY_S = 0.1
MULTI_DEMO, SINGLE_DEMO = "NYC flights (4 related tables)", "NYC flights (one table, 5,000 rows)"
SINGLE_MODELS = ("CTGAN (SDV)", "TVAE (SDV)", "CopulaGAN (SDV)", "Gaussian copula (SDV)",
                 "IRGAN (ours)", "CART (ours, scikit-learn trees)")
UPLOAD_MODELS = ("Gaussian copula (SDV)", "IRGAN (ours)", "CART (ours, scikit-learn trees)")
SECTIONS = ("multi", "single", "upload")


@dataclass
class Sampler:
    """Largest RSS of the server process and of any of its descendants, and the
    cgroup's usage, sampled in a thread (the v2 fallback when the peak cannot be reset)."""

    server: int
    group: Cgroup
    server_rss: int = 0
    worker_rss: int = 0
    anon: int = 0
    usage: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)

    def reset(self) -> None:
        self.server_rss = self.worker_rss = self.anon = self.usage = 0

    def run(self) -> None:
        while not self._stop.wait(SAMPLE_EVERY_S):
            try:
                server = psutil.Process(self.server)
                info = server.memory_info()
                self.server_rss = max(self.server_rss, info.rss)
                anon = info.rss - info.shared
                for child in server.children(recursive=True):
                    child_info = child.memory_info()
                    anon += child_info.rss - child_info.shared
                    if "resource_tracker" not in " ".join(child.cmdline()):
                        self.worker_rss = max(self.worker_rss, child_info.rss)
                self.anon = max(self.anon, anon)
                self.usage = max(self.usage, self.group.usage())
            except (psutil.Error, OSError):
                continue

    def start(self) -> None:
        threading.Thread(target=self.run, daemon=True).start()

    def stop(self) -> None:
        self._stop.set()


@dataclass
class Step:
    name: str
    outcome: str = "completed"
    message: str = ""
    peak: int = 0
    server_rss: int = 0
    worker_rss: int = 0
    anon: int = 0
    survived: bool = True


class Refused(Exception):
    """The app refused the action before it started: its message."""


class Failed(Exception):
    """The action started and failed: its message."""


@dataclass
class Server:
    process: subprocess.Popen
    url: str
    root: Path

    def alive(self) -> bool:
        if self.process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=10) as reply:
                return reply.status == 200
        except OSError:
            return False


@contextmanager
def server_in(group: Cgroup, log: Path, root: Path) -> Iterator[Server]:
    """``streamlit run Home.py`` in the hosted mode, put into the cgroup before it starts."""
    port = _free_port()
    env = {**os.environ, "SYNDATA_HOSTED": "1", "SYNDATA_WORKSPACE_ROOT": str(root),
           "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    command = (f"echo $$ > {group.path / 'cgroup.procs'} && exec {sys.executable} -m streamlit "
               f"run Home.py --server.port {port} --server.address 127.0.0.1 "
               "--server.headless true")
    with log.open("w") as out:
        process = subprocess.Popen(["sh", "-c", command], cwd=REPO, env=env, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    server = Server(process, f"http://127.0.0.1:{port}", root)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not server.alive():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start:\n{log.read_text()[-2000:]}")
            time.sleep(0.5)
        yield server
    finally:
        if process.poll() is None:
            stop_server(process)


def _alert_texts(page: Page) -> list[str]:
    """The page's error messages, without the name of their icon that leads the text."""
    texts = page.get_by_test_id("stAlertContentError").all_inner_texts()
    return [re.sub(r"^error\s+", "", t.strip()) for t in texts]


JOB_LINE = re.compile(r" — (queued|running|done|failed|cancelled), \d+ s")
"""The first line of a job in the job panel: "<label> — <state>, <seconds> s"."""


def _jobs(page: Page):
    return page.get_by_text(JOB_LINE)


def _wait_job(page: Page, known: int) -> None:
    """Wait for the newest job (the panel lists newest first) to end; Failed if it did not."""
    deadline = time.monotonic() + JOB_TIMEOUT_S
    while time.monotonic() < deadline:
        if _jobs(page).count() > known:
            text = _jobs(page).first.inner_text()
            if " — done" in text:
                return
            if " — failed" in text or " — cancelled" in text:
                box = page.get_by_test_id("stVerticalLayoutBorderWrapper").filter(
                    has=_jobs(page).first).last
                message = box.get_by_test_id("stAlertContentError").all_inner_texts()
                raise Failed(" ".join(message) or text)
        page.wait_for_timeout(1000)
    raise Failed(f"the job did not end within {JOB_TIMEOUT_S:.0f} s")


def _start(page: Page, label: str) -> None:
    """Press ``label``; wait for the job it starts, or raise Refused with the message."""
    known = _jobs(page).count()
    errors = _alert_texts(page)
    start = button(page, label)
    if start.is_disabled():
        raise Refused(" ".join(errors) or f"{label} is disabled")
    click(page, label)
    if _jobs(page).count() == known:
        new = [e for e in _alert_texts(page) if e not in errors]
        if new:
            raise Refused(" ".join(new))
    _wait_job(page, known)


def _demo(page: Page, title: str) -> None:
    """Load a demo from the Home page's demo tab (a plain tab: opening it runs nothing)."""
    page.get_by_role("tab", name="Demo datasets", exact=True).click()
    choose(page, "Demo", title)
    click(page, "Load demo")
    expect(page.get_by_text("Loaded the demo")).to_be_visible()


def open_multi(page: Page) -> None:
    _demo(page, MULTI_DEMO)
    go(page, "Prepare")
    tab(page, "Check")


def fit(page: Page, model: str, table: str | None) -> None:
    """A fit at the form's defaults (the hosted caps): one table, or the linked tables."""
    go(page, "Fit")
    if table is None:
        radio(page, "Related tables")
    else:
        radio(page, "One table")
        choose(page, "Table", table)
    choose(page, "Model", model)
    _start(page, "Start fit")
    expect(page.get_by_role("link", name="Next: generate data")).to_be_visible()


def generate(page: Page) -> None:
    go(page, "Generate")
    _start(page, "Generate")
    expect(page.get_by_role("heading", name="Latest:")).to_be_visible()


def visualise(page: Page) -> None:
    go(page, "Visualise")
    expect(page.get_by_role("tabpanel", name="Distributions")
           .get_by_test_id("stPlotlyChart")).to_be_visible()
    tab(page, "Correlations")
    expect(page.get_by_role("tabpanel", name="Correlations")
           .get_by_test_id("stPlotlyChart")).to_be_visible()


def export(page: Page) -> None:
    go(page, "Export")
    settle(page)
    with page.expect_download() as started:
        download_button(page, "Download all tables and metadata.json (ZIP)").click()
    started.value.path()


def evaluate(page: Page) -> None:
    go(page, "Evaluate")
    _start(page, "Evaluate")
    expect(page.get_by_role("heading", name="Quality:")).to_be_visible()


def open_single(page: Page) -> None:
    go(page, "Load data")
    _demo(page, SINGLE_DEMO)


def upload_flights(page: Page, csv: Path) -> None:
    upload(page, [csv])
    added = page.get_by_text("Added flights.csv")
    refused = page.get_by_test_id("stAlertContentError")
    expect(added.or_(refused)).to_be_visible()
    if not added.is_visible():
        raise Refused(" ".join(_alert_texts(page)))


@dataclass(frozen=True)
class Action:
    """One step of the walk; ``needs`` names the step whose result it works on."""

    section: str
    name: str
    act: Callable[[Page], None]
    needs: str | None = None


def _walk(rows: list[int], work: Path) -> list[Action]:
    """The steps in the order a visitor takes them."""
    fit_irgan, gen_irgan = "fit IRGAN (4 tables)", "generate from IRGAN"
    fit_hma, gen_hma = "fit HMA (4 tables)", "generate from HMA"
    steps = [
        Action("multi", "open + Prepare the 4-table flights demo", open_multi),
        Action("multi", fit_irgan, lambda p: fit(p, "IRGAN (ours)", None)),
        Action("multi", gen_irgan, generate, fit_irgan),
        Action("multi", "visualise", visualise, gen_irgan),
        Action("multi", "export (ZIP)", export, gen_irgan),
        Action("multi", "evaluate the IRGAN output", evaluate, gen_irgan),
        Action("multi", fit_hma, lambda p: fit(p, "HMA (SDV)", None)),
        Action("multi", gen_hma, generate, fit_hma),
        Action("multi", "visualise the HMA output", visualise, gen_hma),
        Action("multi", "export the HMA output (ZIP)", export, gen_hma),
        Action("multi", "evaluate the HMA output", evaluate, gen_hma),
        Action("single", "open the one-table demo", open_single),
    ]
    steps += [Action("single", f"one table: fit {m}", lambda p, m=m: fit(p, m, "flights"))
              for m in SINGLE_MODELS]
    for count in rows:
        csv = work / f"flights-{count}" / "flights.csv"
        loaded = f"upload {count:,} flights"
        section = f"upload-{count}"
        steps.append(Action(section, loaded, lambda p, csv=csv: upload_flights(p, csv)))
        steps += [Action(section, f"{count:,} flights: fit {m}",
                         lambda p, m=m: fit(p, m, "flights"), loaded) for m in UPLOAD_MODELS]
    return steps


def run_step(name: str, action: Callable[[Page], None], page: Page, server: Server,
             group: Cgroup, sampler: Sampler) -> Step:
    step = Step(name)
    print(f"{time.strftime('%H:%M:%S')} {name}...", file=sys.stderr, flush=True)
    group.reset_peak()
    sampler.reset()
    try:
        action(page)
    except Refused as why:
        step.outcome, step.message = "refused", str(why)
    except Exception as error:  # the bench reports any failure of the walk and goes on
        step.outcome, step.message = "failed", f"{type(error).__name__}: {error}"
    step.survived = server.alive()
    step.peak = max(group.peak(), sampler.usage)
    step.server_rss, step.worker_rss = sampler.server_rss, sampler.worker_rss
    step.anon = sampler.anon
    return step


def _mb(count: int) -> str:
    return f"{count / MIB:,.0f}"


def print_row(step: Step) -> None:
    message = " ".join(step.message.split())[:300]
    figures = [_mb(step.peak), _mb(step.anon), _mb(step.server_rss),
               _mb(step.worker_rss) if step.worker_rss else "-"]
    if step.outcome == "skipped":
        figures = ["-"] * 4
    print(f"| {step.name} | {step.outcome} | {' | '.join(figures)} | "
          f"{'yes' if step.survived else 'NO'} | {message} |", flush=True)


def walk(browser: Browser, server: Server, group: Cgroup, sampler: Sampler,
         steps: list[Action]) -> list[Step]:
    """Each section in its own browser session, as separate visitors; a step whose input
    step did not complete is skipped."""
    results: dict[str, Step] = {}
    for section in dict.fromkeys(s.section for s in steps):
        context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
        context.set_default_timeout(120_000)
        page = context.new_page()
        page.goto(server.url + "/")
        page.get_by_role("heading", name="Load data").wait_for()
        run_count(page)
        for action in (s for s in steps if s.section == section):
            needed = results.get(action.needs) if action.needs else None
            if needed is not None and needed.outcome != "completed":
                step = Step(action.name, "skipped", f"{action.needs} did not complete")
            else:
                step = run_step(action.name, action.act, page, server, group, sampler)
            print_row(step)
            results[action.name] = step
            if not step.survived:
                context.close()
                return list(results.values())
        context.close()
    return list(results.values())


def _exit_on_term(signum: int, frame: object) -> None:
    """SIGTERM ends the bench through its ``finally`` blocks: server stopped, cgroup gone."""
    raise SystemExit(143)


def main() -> int:
    signal.signal(signal.SIGTERM, _exit_on_term)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit-mb", type=int, default=1024)
    parser.add_argument("--rows", type=int, nargs="+", default=[50_000, 20_000],
                        help="flights per upload, one upload (in its own session) each")
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=list(SECTIONS))
    args = parser.parse_args()
    try:
        group = Cgroup.make(f"syndata-hosted-{os.getpid()}", args.limit_mb * MIB)
    except NoCgroup as why:
        print(f"skipped: no writable memory cgroup ({why}); run as root on Linux",
              file=sys.stderr)
        return 2
    results: list[Step] = []
    with tempfile.TemporaryDirectory(prefix="syndata-hosted-") as folder:
        work = Path(folder)
        for count in args.rows if "upload" in args.only else []:
            subprocess.run([sys.executable, str(MAKE_FLIGHTS), str(work / f"flights-{count}"),
                            str(count)], check=True, stdout=subprocess.DEVNULL)
        print(f"cgroup v{group.version} {group.path}, limit {args.limit_mb} MB, swap "
              f"{'off' if group.swap_off else 'not limited'}; load {os.getloadavg()[0]:.1f}")
        try:
            with server_in(group, work / "server.log", work / "sessions") as server:
                sampler = Sampler(server.process.pid, group)
                sampler.start()
                time.sleep(2)
                print(f"server at rest: cgroup {_mb(group.usage())} MB, server RSS "
                      f"{_mb(psutil.Process(server.process.pid).memory_info().rss)} MB")
                print("| step | result | cgroup peak MB | anonymous MB | server RSS MB | "
                      "worker RSS MB | server survived | message |\n"
                      "| --- | --- | --- | --- | --- | --- | --- | --- |")
                steps = [s for s in _walk(args.rows, work)
                         if s.section.split("-")[0] in args.only]
                with sync_playwright() as playwright:
                    browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                                         headless=True, args=CHROMIUM_ARGS)
                    results = walk(browser, server, group, sampler, steps)
                    browser.close()
                sampler.stop()
                print(f"OOM kills in the cgroup: {group.oom_kills()}; load "
                      f"{os.getloadavg()[0]:.1f}")
        finally:
            group.remove()
    return 0 if all(s.survived and s.outcome != "failed" for s in results) else 1


if __name__ == "__main__":
    sys.exit(main())
