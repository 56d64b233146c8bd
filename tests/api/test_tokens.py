"""API tokens: shown once, stored as a keyed hash only, seen by a running server at once,
and managed from ``python -m syndata token``."""

from __future__ import annotations

import stat

import pytest

from syndata.api.tokens import SECRET_FILE, TOKENS_FILE, TokenStore
from syndata.cli import main


def test_a_token_is_stored_hashed_and_verifies(tmp_path):
    store = TokenStore(tmp_path)
    token, record = store.create("ci")
    stored = (tmp_path / TOKENS_FILE).read_text()
    assert token not in stored and record.hash in stored
    assert store.verify(token) == record.id
    assert store.verify(token + "x") is None and store.verify("anything") is None
    for name in (TOKENS_FILE, SECRET_FILE):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600


def test_a_running_server_sees_new_and_revoked_tokens(tmp_path):
    server, cli = TokenStore(tmp_path, recheck_s=0.0), TokenStore(tmp_path)
    assert server.verify("sdt_nothing-yet") is None
    token, record = cli.create()
    assert server.verify(token) == record.id
    assert cli.revoke(record.id) is True
    assert server.verify(token) is None
    assert cli.revoke(record.id) is False


def test_the_token_commands(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SYNDATA_API_DATA", str(tmp_path))
    assert main(["token", "create", "--label", "nightly"]) == 0
    token = capsys.readouterr().out.strip()
    (record,) = TokenStore(tmp_path).records()
    assert TokenStore(tmp_path).verify(token) == record.id
    assert main(["token", "list"]) == 0
    listed = capsys.readouterr().out
    assert record.id in listed and "nightly" in listed
    assert main(["token", "revoke", "nope"]) == 2
    assert "token list" in capsys.readouterr().err
    assert main(["token", "revoke", record.id]) == 0
    assert TokenStore(tmp_path).records() == []


@pytest.mark.parametrize("content", ["{broken", '{"tokens": [{"id": 1}]}'])
def test_a_damaged_token_file_is_one_clear_error(tmp_path, monkeypatch, capsys, content):
    (tmp_path / TOKENS_FILE).write_text(content)
    monkeypatch.setenv("SYNDATA_API_DATA", str(tmp_path))
    assert main(["token", "list"]) == 2
    assert "is damaged" in capsys.readouterr().err
