"""Clicking through the app as a user does: by visible labels, waiting for Streamlit.

Streamlit reruns the script after each interaction; the status widget shows while it
runs. Every action here waits for the page to settle, so assertions see the new page.
Pages are changed through the sidebar: a new URL would start a new session.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

IDLE_TIMEOUT_MS = 60_000


def settle(page: Page) -> None:
    """Wait until the script run that the last action started is over."""
    page.wait_for_timeout(400)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
        timeout=IDLE_TIMEOUT_MS)


def button(page: Page, label: str) -> Locator:
    """A button made by ``st.button`` (not the uploader's or a toolbar's icons)."""
    return page.get_by_test_id("stButton").get_by_role("button", name=label, exact=True)


def download_button(page: Page, label: str) -> Locator:
    return page.get_by_test_id("stDownloadButton").get_by_role("button", name=label, exact=True)


def click(page: Page, label: str) -> None:
    button(page, label).click()
    settle(page)


def go(page: Page, title: str) -> None:
    """Open a page from the sidebar, keeping this browser session."""
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title).click()
    page.get_by_role("heading", name=title, exact=True).first.wait_for()
    settle(page)


def tab(page: Page, name: str) -> None:
    page.get_by_role("tab", name=name, exact=True).click()
    settle(page)


def choose(page: Page, label: str, option: str, nth: int = 0) -> None:
    """Pick ``option`` in the selectbox labelled ``label``."""
    box = page.get_by_role("combobox", name=label, exact=True).nth(nth)
    if box.input_value() == option:
        return
    box.click()
    choice = page.get_by_role("option", name=option, exact=True)
    try:
        choice.wait_for(timeout=2_000)
    except PlaywrightTimeout:  # the list sometimes stays shut after a rerun: type to open it
        box.fill(option)
    choice.click()
    settle(page)


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
    page.get_by_test_id("stRadio").get_by_text(label, exact=True).click()
    settle(page)


def fill_number(page: Page, label: str, value: float) -> None:
    box = page.get_by_role("spinbutton", name=label, exact=True)
    box.fill(str(value))
    box.press("Enter")
    settle(page)


def upload(page: Page, paths: list[Path]) -> None:
    """Put files in the uploader and press "Add files"."""
    page.get_by_test_id("stFileUploader").locator('input[type="file"]').first \
        .set_input_files([str(p) for p in paths])
    button(page, "Add files").wait_for()
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stButton\"] button')]"
        ".some(b => b.innerText.trim() === 'Add files' && !b.disabled)")
    click(page, "Add files")


def shoot(page: Page, folder: Path, name: str, target: Locator | None = None) -> Path:
    """A screenshot of the window, scrolled so ``target`` (when given) is in view."""
    if target is not None:
        target.scroll_into_view_if_needed()
        page.wait_for_timeout(300)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path))
    return path
