"""The app in Chromium, driven by clicks as a new user would drive it.

AppTest runs the scripts but renders nothing; these tests catch what only a browser
shows: widgets that never appear, downloads that do not start, a page that freezes
while a fit runs. Each test opens its own browser context, so its own session.
"""

from __future__ import annotations

import importlib.util
import json
import re
import time
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.e2e_driver import (
    button,
    choose,
    click,
    download_button,
    fill_number,
    go,
    options,
    radio,
    run_count,
    settle,
    shoot,
    tab,
    upload,
)

pytestmark = pytest.mark.browser
JOB_TIMEOUT_MS = 180_000  # a fit, sample or evaluation in a worker on 2 shared cores
GONE_TIMEOUT_S = 90  # the app deletes an ended session's folder after a 60 s grace period
REPORT_SECTIONS = ["Scores", "Properties", "Column distributions", "Correlations", "Privacy"]
LINK = "orders.user_id → users.id"  # Streamlit's markdown draws the label's -> as an arrow


def _load_users_and_orders(page: Page, csv_files) -> None:
    upload(page, [csv_files["users"], csv_files["orders"]])
    expect(page.get_by_text("Added users.csv as table 'users'")).to_be_visible()
    expect(page.get_by_text("Added orders.csv as table 'orders'")).to_be_visible()


def _set_sdtype(page: Page, row: int, sdtype: str) -> None:
    """Edit the sdtype cell of ``row`` in the Types grid (a canvas: cells have no DOM)."""
    grid = page.get_by_role("tabpanel", name="Types").get_by_test_id("stDataFrameResizable")
    box = grid.bounding_box()
    x, y = box["x"] + box["width"] * 0.4, box["y"] + 35 * (row + 1) + 17
    page.mouse.dblclick(x, y)
    # Keys typed before the cell's list is open are lost, and Enter on a list filtered by
    # what arrived ("al") picks the highlighted old type: silently no edit.
    page.get_by_role("option", name=sdtype, exact=True).wait_for()
    page.keyboard.type(sdtype)
    expect(page.get_by_role("option")).to_have_count(1)
    since = run_count(page)
    page.keyboard.press("Enter")
    settle(page, since)


def _expect_detected_link(page: Page) -> None:
    """orders.user_id holds users' ids and is named after them: the upload links them."""
    go(page, "Prepare")
    tab(page, "Relationships & groups")
    expect(page.get_by_text(LINK, exact=True)).to_be_visible()


def _relink_by_hand(page: Page) -> None:
    """Remove the detected link (it becomes a proposal), then add it back with the form."""
    click(page, "Remove")
    expect(page.get_by_text(LINK, exact=True)).to_have_count(0)
    proposal = page.get_by_text(re.compile(rf"^{re.escape(LINK)} \(\d+%\): "))
    expect(proposal).to_be_visible()
    choose(page, "Parent table", "users")
    choose(page, "Child table", "orders")
    choose(page, "Foreign key column", "user_id")
    click(page, "Add relationship")
    expect(page.get_by_text(LINK, exact=True)).to_be_visible()
    expect(proposal).to_have_count(0)
    expect(page.get_by_test_id("stAlertContentError")).to_have_count(0)


def test_upload_then_prepare_types_key_and_relationship(page, csv_files, shots, app_server):
    _load_users_and_orders(page, csv_files)
    summary = page.get_by_test_id("stDataFrame").first
    expect(summary).to_be_visible()
    shoot(page, shots, "01-home")
    folders = list(app_server.workspace_root.iterdir())
    assert folders, "the session has no workspace folder"

    _expect_detected_link(page)
    _relink_by_hand(page)

    choose(page, "Table", "users")
    tab(page, "Types")
    _set_sdtype(page, row=2, sdtype="categorical")
    click(page, "Apply types")
    expect(page.get_by_test_id("stToast").get_by_text("age: categorical")).to_be_visible()

    tab(page, "Keys & columns")
    choose(page, "Table", "orders")
    expect(page.get_by_text("Primary key: order_id")).to_be_visible()
    click(page, "Remove key")
    expect(page.get_by_text("Primary key: none")).to_be_visible()
    choose(page, "Set primary key", "order_id")
    click(page, "Set key")
    expect(page.get_by_text("Primary key: order_id")).to_be_visible()

    tab(page, "Relationships & groups")
    diagram = page.get_by_role("tabpanel", name="Relationships & groups") \
        .get_by_test_id("stPlotlyChart")
    expect(diagram).to_contain_text("age: categorical")
    expect(diagram).to_contain_text("order_id: id [PK]")
    shoot(page, shots, "02-prepare", diagram)
    tab(page, "Check")
    expect(page.get_by_text("No problems found: ready to fit.")).to_be_visible()


def _download(page: Page, label: str) -> Path:
    """Click a download button and return the file the browser saved."""
    settle(page)  # the previous download's rerun must end first, or the click is lost
    with page.expect_download() as started:
        download_button(page, label).click()
    return Path(started.value.path())


def _fit(page: Page, model: str, table: str | None = None) -> None:
    """Set up a fit on the Fit page: one table, or (no table) the linked tables."""
    if table is None:
        radio(page, "Related tables")
        expect(page.get_by_role("combobox", name="Tables")).to_have_value(
            re.compile(r"^linked: (users, orders|orders, users)$"))
    else:
        radio(page, "One table")
        choose(page, "Table", table)
    choose(page, "Model", model)


def test_fit_generate_visualise_evaluate_and_download(page, csv_files, shots):
    _load_users_and_orders(page, csv_files)
    go(page, "Fit")
    _fit(page, "Gaussian copula (SDV)", table="orders")
    click(page, "Start fit")
    job = page.get_by_text("Gaussian copula (SDV) on orders")
    expect(job).to_be_visible()
    expect(page.get_by_text("Gaussian copula (SDV) on orders — done")).to_be_visible(
        timeout=JOB_TIMEOUT_MS)
    expect(page.get_by_role("link", name="Next: generate data")).to_be_visible()

    go(page, "Generate")
    expect(page.get_by_role("combobox", name="Fitted model")).to_have_value(
        "model 1: gaussian_copula on orders")
    click(page, "Generate")
    latest = page.get_by_role("heading", name="Latest:")
    expect(latest).to_be_visible(timeout=JOB_TIMEOUT_MS)
    expect(page.get_by_text("orders — 40 rows")).to_be_visible()
    shoot(page, shots, "04-generate", latest)

    go(page, "Visualise")
    chart = page.get_by_role("tabpanel", name="Distributions").get_by_test_id("stPlotlyChart")
    expect(chart).to_be_visible()
    choose(page, "Column", "amount")
    amount = chart.filter(has_text="amount").last  # the old chart may linger a moment
    expect(amount).to_be_visible()
    shoot(page, shots, "05-visualise", amount)
    tab(page, "Correlations")
    expect(page.get_by_role("tabpanel", name="Correlations")
           .get_by_test_id("stPlotlyChart")).to_be_visible()

    go(page, "Evaluate")
    click(page, "Evaluate")
    quality = page.get_by_role("heading", name="Quality:")
    expect(quality).to_be_visible(timeout=JOB_TIMEOUT_MS)
    expect(page.get_by_text("Exact copies of real rows")).to_be_visible()
    shoot(page, shots, "06-evaluate", quality)
    report = _download(page, "Download the HTML report").read_text(encoding="utf-8")
    assert report.startswith("<!DOCTYPE html>")
    for section in REPORT_SECTIONS:
        assert f"<h2>{section}</h2>" in report, section

    go(page, "Export")
    shoot(page, shots, "07-export")
    with zipfile.ZipFile(_download(page, "Download all tables and metadata.json (ZIP)")) as zf:
        assert sorted(zf.namelist()) == ["metadata.json", "orders.csv"]
        rows = zf.read("orders.csv").decode().strip().splitlines()
        metadata = json.loads(zf.read("metadata.json"))
    assert rows[0] == "order_id,user_id,amount,status" and len(rows) == 41
    assert list(metadata["tables"]) == ["orders"]
    csv = _download(page, "orders.csv (40 rows)").read_text().splitlines()
    assert csv[0] == rows[0] and len(csv) == 41


def _job(page: Page, label: str, state: str):
    return page.get_by_text(re.compile(rf"{re.escape(label)}.* — {state}"))


def _fit_irgan(page: Page) -> str | None:
    """Fit IRGAN for two epochs; what went wrong, or None when it fitted."""
    if importlib.util.find_spec("irgan") is None:
        return "the irgan package is not importable"
    _fit(page, "IRGAN (ours)")
    fill_number(page, "Epochs", 2)
    fill_number(page, "Batch size", 16)
    click(page, "Start fit")
    outcome = _job(page, "IRGAN (ours) on", "(done|failed)")
    expect(outcome).to_be_visible(timeout=JOB_TIMEOUT_MS)
    if "failed" not in outcome.inner_text():
        return None
    return " ".join(page.get_by_test_id("stAlertContentError").all_inner_texts())


def test_multi_table_fits_and_cancel(page, csv_files, shots):
    _load_users_and_orders(page, csv_files)
    _expect_detected_link(page)
    go(page, "Fit")
    _fit(page, "HMA (SDV)")
    click(page, "Start fit")
    expect(_job(page, "HMA (SDV) on", "done")).to_be_visible(timeout=JOB_TIMEOUT_MS)
    expect(page.get_by_role("link", name="Next: generate data")).to_be_visible()

    irgan_error = _fit_irgan(page)

    _fit(page, "CTGAN (SDV)", table="orders")
    fill_number(page, "Epochs", 5000)
    click(page, "Start fit")
    running = _job(page, "CTGAN (SDV) on orders", "running")
    expect(running).to_be_visible(timeout=JOB_TIMEOUT_MS)
    expect(page.get_by_test_id("stProgress").first).to_be_visible(timeout=JOB_TIMEOUT_MS)
    trained = page.get_by_text(re.compile(r"loss -?\d")).first  # epochs under way
    expect(trained).to_be_visible(timeout=JOB_TIMEOUT_MS)
    shoot(page, shots, "03-fit-progress", button(page, "Cancel").first)
    asked = time.monotonic()
    button(page, "Cancel").first.click()  # newest job first
    expect(_job(page, "CTGAN (SDV) on orders", "cancelled")).to_be_visible(timeout=15_000)
    assert time.monotonic() - asked < 15
    if irgan_error:
        pytest.xfail(f"IRGAN fit failed in the app: {irgan_error}")


def test_bad_file_shows_its_message_and_earlier_upload_survives(page, csv_files, tmp_path):
    upload(page, [csv_files["users"]])
    expect(page.get_by_text("Added users.csv as table 'users'")).to_be_visible()
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    upload(page, [empty])
    error = page.get_by_test_id("stAlertContentError")
    expect(error).to_contain_text("empty.csv is empty")
    assert options(page, "Table") == ["users"]
    go(page, "Prepare")
    assert options(page, "Table") == ["users"]


def test_two_sessions_see_only_their_own_data_and_folders_go(new_page, csv_files,
                                                             app_server):
    before = set(app_server.workspace_root.iterdir())
    first, second = new_page(), new_page()
    upload(first, [csv_files["users"]])
    upload(second, [csv_files["orders"]])
    expect(first.get_by_text("Added users.csv")).to_be_visible()
    expect(second.get_by_text("Added orders.csv")).to_be_visible()
    first.reload()  # a reload is a new session: the upload must not leak into it either
    first.get_by_role("heading", name="Load data").wait_for()
    upload(first, [csv_files["users"]])
    assert options(first, "Table") == ["users"]
    assert options(second, "Table") == ["orders"]
    go(first, "Prepare")
    go(second, "Prepare")
    assert options(first, "Table") == ["users"]
    assert options(second, "Table") == ["orders"]

    ours = set(app_server.workspace_root.iterdir()) - before
    assert len(ours) >= 2, "each session should have its own workspace folder"
    first.context.close()
    second.context.close()
    deadline = time.monotonic() + GONE_TIMEOUT_S
    while time.monotonic() < deadline and any(p.exists() for p in ours):
        time.sleep(2)
    assert not [p.name for p in ours if p.exists()], "ended sessions left their folders"
