"""Signed model files: valid ones load, altered or foreign ones are refused unopened."""

from __future__ import annotations

import pickle
import stat
from pathlib import Path

import pandas as pd
import pytest

from syndata import signing
from syndata.errors import SignatureError

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def private_config(tmp_path, monkeypatch):
    monkeypatch.setenv(signing.CONFIG_ENV, str(tmp_path / "config"))
    return tmp_path / "config"


class _RunsCode:
    """Unpickling this calls Path.touch(marker): what a malicious model file would do."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def test_round_trip(tmp_path):
    model = {"weights": [1.5, 2.5], "frame": pd.DataFrame({"a": [1, 2]})}
    target = tmp_path / "model.syndata"
    blob = signing.dump_signed(model, target)
    assert target.read_bytes() == blob
    loaded = signing.load_signed(target.read_bytes())
    assert loaded["weights"] == [1.5, 2.5]
    pd.testing.assert_frame_equal(loaded["frame"], model["frame"])


def test_dump_without_path_writes_only_the_key(tmp_path):
    blob = signing.dump_signed([1, 2, 3])
    assert signing.load_signed(blob) == [1, 2, 3]
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    assert written == ["config", f"config/{signing.SECRET_FILE}"]


@pytest.mark.parametrize("position", [0, 12, 20, -1])
def test_one_flipped_byte_is_refused(position):
    blob = bytearray(signing.dump_signed({"a": 1}))
    blob[position] ^= 0x01
    with pytest.raises(SignatureError):
        signing.load_signed(bytes(blob))


def test_truncated_and_empty_files_are_refused():
    blob = signing.dump_signed({"a": 1})
    for broken in (b"", blob[:20], blob[:-1]):
        with pytest.raises(SignatureError):
            signing.load_signed(broken)


def test_code_running_pickle_is_refused_without_running(tmp_path):
    marker = tmp_path / "pwned"
    evil = pickle.dumps(_RunsCode(marker))
    with pytest.raises(SignatureError, match="not exported by this installation"):
        signing.load_signed(evil)
    forged = signing.MAGIC + bytes([signing.VERSION]) + b"\x00" * 32 + evil
    with pytest.raises(SignatureError, match="not exported by this installation"):
        signing.load_signed(forged)
    assert not marker.exists()


def test_file_signed_by_another_installation_is_refused(tmp_path, monkeypatch):
    foreign = signing.dump_signed({"a": 1})
    monkeypatch.setenv(signing.CONFIG_ENV, str(tmp_path / "other-installation"))
    with pytest.raises(SignatureError, match="export the model again"):
        signing.load_signed(foreign)
    assert signing.load_signed(signing.dump_signed({"a": 1})) == {"a": 1}


def test_secret_is_private_and_stable(private_config):
    first = signing.installation_secret()
    path = private_config / signing.SECRET_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert signing.installation_secret() == first
    assert len(first) == 32
    assert [p.name for p in private_config.iterdir()] == [signing.SECRET_FILE]


def test_loose_permissions_are_tightened(private_config):
    signing.installation_secret()
    path = private_config / signing.SECRET_FILE
    path.chmod(0o644)
    signing.installation_secret()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_damaged_secret_is_explained(private_config):
    private_config.mkdir(parents=True)
    (private_config / signing.SECRET_FILE).write_text("not hex")
    with pytest.raises(SignatureError, match="Delete it"):
        signing.sign_bytes(b"x")


def test_default_secret_lives_outside_the_repository(monkeypatch, tmp_path):
    monkeypatch.delenv(signing.CONFIG_ENV)
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    path = signing.secret_path()
    assert path == tmp_path / "home" / ".config" / "syndata" / "secret.key"
    assert REPO not in path.resolve().parents
    signing.installation_secret()
    assert path.exists()
    assert not (REPO / signing.SECRET_FILE).exists()
    assert not (REPO / ".config").exists()


def test_file_of_an_earlier_format_is_refused_with_what_to_do(private_config):
    blob = signing.sign_bytes(b"payload")
    older = signing.MAGIC + bytes([signing.VERSION - 1]) + blob[len(signing.MAGIC) + 1:]
    with pytest.raises(SignatureError, match="export the model again"):
        signing.verify_bytes(older)
