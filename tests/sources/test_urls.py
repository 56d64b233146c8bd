"""A database URL's password never reaches a message, a log line or an output."""

from __future__ import annotations

from syndata.cli import main
from syndata.sources.urls import is_url, redact, scrub


def test_redact_and_scrub_hide_the_password_in_any_form():
    url = "postgresql://ana:p%40ss-7@db.example:5432/shop"
    assert redact(url) == "postgresql://ana:***@db.example:5432/shop"
    text = f"could not connect to {url}; password 'p@ss-7' rejected (p%40ss-7)"
    assert "p@ss" not in scrub(text, url) and "p%40ss" not in scrub(text, url)
    assert redact("weird://u:secret-1@[bad") == "weird://u:***@[bad"
    assert is_url("sqlite:///x.db") and not is_url("shop/orders.csv")


def test_a_failed_connection_says_where_without_the_password(tmp_path, capsys):
    url = f"postgresql://ana:sekret-42@/shop?host={tmp_path}"
    assert main(["synthesize", "--data", url, "--model", "cart", "--out",
                 str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: Cannot read postgresql://ana:***@/shop")
    assert "sekret-42" not in err and len(err.strip().splitlines()) == 1
