"""Clicking through the app as a user does: by visible labels, waiting for Streamlit.

Streamlit reruns the script after each interaction. Every action here counts the runs
the page has started (``run_count``) before it acts, then waits in ``settle`` until a run
has started since and the page has stayed idle a moment, so assertions see the new page.
Streamlit's running indicator is no signal by itself: it shows only after a run has gone
on for half a second, and a busy server starts the run late, so a fixed wait followed by
"no indicator" could pass before the run began and act on the old page.
Pages are changed through the sidebar: a new URL would start a new session.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from playwright.sync_api import Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

IDLE_TIMEOUT_MS = 60_000
RUN_START_TIMEOUT_MS = 15_000  # the longest a busy server takes to start a run
QUIET_MS = 400  # idle this long: a st.rerun() ends one run and starts the next

# The page's script state is the ``data-test-script-state`` attribute of the app root
# (running, rerunRequested, notRunning...). A MutationObserver sees each change, so a run
# that starts and ends between two polls is still counted.
_WATCH = """() => {
  if (window.__syndataRuns) return window.__syndataRuns.started;
  const read = () => document.querySelector('[data-testid="stApp"]')
    ?.getAttribute('data-test-script-state') ?? null;
  const runs = {started: 0, changed: performance.now()};
  new MutationObserver(records => {
    const states = records.map(r => r.oldValue).concat([read()]);
    for (let i = 1; i < states.length; i++) {
      if (states[i] === states[i - 1]) continue;
      runs.changed = performance.now();
      if (states[i] === 'running' || states[i] === 'rerunRequested') runs.started += 1;
    }
  }).observe(document.body, {subtree: true, attributes: true, attributeOldValue: true,
                             attributeFilter: ['data-test-script-state']});
  window.__syndataRuns = runs;
  return runs.started;
}"""
_STARTED_SINCE = "since => !!window.__syndataRuns && window.__syndataRuns.started > since"
_IDLE = """quiet => {
  const state = document.querySelector('[data-testid="stApp"]')
    ?.getAttribute('data-test-script-state');
  return !!window.__syndataRuns && state === 'notRunning'
    && !document.querySelector('[data-testid="stStatusWidget"]')
    && performance.now() - window.__syndataRuns.changed >= quiet;
}"""


def run_count(page: Page) -> int:
    """How many script runs this page has started since the driver began watching it."""
    return page.evaluate(_WATCH)


def settle(page: Page, since: int | None = None) -> None:
    """Wait until the script run that the last action started is over.

    ``since`` is ``run_count`` taken before that action: then a run must have started
    after it (an action that turns out to rerun nothing waits ``RUN_START_TIMEOUT_MS``
    for it, and goes on). Without it, the run is given a fixed moment to start.
    """
    run_count(page)
    if since is None:
        page.wait_for_timeout(QUIET_MS)
    else:
        with contextlib.suppress(PlaywrightTimeout):
            page.wait_for_function(_STARTED_SINCE, arg=since, timeout=RUN_START_TIMEOUT_MS)
    page.wait_for_function(_IDLE, arg=QUIET_MS, timeout=IDLE_TIMEOUT_MS, polling=100)


def button(page: Page, label: str) -> Locator:
    """A button made by ``st.button`` (not the uploader's or a toolbar's icons)."""
    return page.get_by_test_id("stButton").get_by_role("button", name=label, exact=True)


def download_button(page: Page, label: str) -> Locator:
    return page.get_by_test_id("stDownloadButton").get_by_role("button", name=label, exact=True)


def click(page: Page, label: str) -> None:
    since = run_count(page)
    button(page, label).click()
    settle(page, since)


def go(page: Page, title: str) -> None:
    """Open a page from the sidebar, keeping this browser session."""
    since = run_count(page)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title).click()
    page.get_by_role("heading", name=title, exact=True).first.wait_for()
    settle(page, since)


def tab(page: Page, name: str) -> None:
    """Open a tab (the Prepare page's tabs rerun the page to run the open one only)."""
    target = page.get_by_role("tab", name=name, exact=True)
    if target.get_attribute("aria-selected") == "true":
        return
    since = run_count(page)
    target.click()
    settle(page, since)


def choose(page: Page, label: str, option: str, nth: int = 0) -> None:
    """Pick ``option`` in the selectbox labelled ``label``."""
    box = page.get_by_role("combobox", name=label, exact=True).nth(nth)
    if box.input_value() == option:
        return
    since = run_count(page)
    box.click()
    choice = page.get_by_role("option", name=option, exact=True)
    try:
        choice.wait_for(timeout=2_000)
    except PlaywrightTimeout:  # the list sometimes stays shut after a rerun: type to open it
        box.fill(option)
    choice.click()
    settle(page, since)


def options(page: Page, label: str, tries: int = 3) -> list[str]:
    """The choices a selectbox offers (opened, read, closed again).

    Like ``choose``: right after a rerun a click can leave the list shut, so it is
    closed and clicked again.
    """
    settle(page)
    box = page.get_by_role("combobox", name=label, exact=True)
    first = page.get_by_role("option").first
    for attempt in range(tries):
        box.click()
        try:
            first.wait_for(timeout=5_000 if attempt < tries - 1 else IDLE_TIMEOUT_MS)
            break
        except PlaywrightTimeout:
            if attempt == tries - 1:
                raise
            page.keyboard.press("Escape")
    texts = page.get_by_role("option").all_inner_texts()
    page.keyboard.press("Escape")
    return texts


def radio(page: Page, label: str) -> None:
    """Pick a radio option (nothing to do when it is already picked)."""
    if page.get_by_role("radio", name=label, exact=True).is_checked():
        return
    since = run_count(page)
    page.get_by_test_id("stRadio").get_by_text(label, exact=True).click()
    settle(page, since)


def fill_number(page: Page, label: str, value: float) -> None:
    box = page.get_by_role("spinbutton", name=label, exact=True)
    since = run_count(page)
    box.fill(str(value))
    box.press("Enter")
    settle(page, since)


def upload(page: Page, paths: list[Path]) -> None:
    """Put files in the uploader (that reruns the page) and press "Add files"."""
    since = run_count(page)
    page.get_by_test_id("stFileUploader").locator('input[type="file"]').first \
        .set_input_files([str(p) for p in paths])
    button(page, "Add files").wait_for()
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stButton\"] button')]"
        ".some(b => b.innerText.trim() === 'Add files' && !b.disabled)")
    settle(page, since)
    click(page, "Add files")


def shoot(page: Page, folder: Path, name: str, target: Locator | None = None) -> Path:
    """A screenshot of the window, scrolled so ``target`` (when given) is in view."""
    if target is not None:
        target.scroll_into_view_if_needed()
        page.wait_for_timeout(300)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path))
    return path
