"""Per-session workspaces: private, contained, and gone when the session is."""

import os
import subprocess
import sys
import time

import pytest

from syndata.errors import SyndataError
from syndata.workspace import Workspace, open_private, sweep


def test_each_session_gets_its_own_private_folder(tmp_path):
    root = tmp_path / "sessions"
    first = Workspace.create(root, "abc/../../etc")
    second = Workspace.create(root, "abc/../../etc")

    assert first.path != second.path
    assert first.path.parent == root and second.path.parent == root
    assert first.path.name.startswith("ws-abcetc-")
    assert first.path.stat().st_mode & 0o777 == 0o700
    assert root.stat().st_mode & 0o777 == 0o700
    first.close()
    second.close()


def test_file_stays_inside_the_workspace(tmp_path):
    with Workspace.create(tmp_path) as ws:
        nested = ws.file("models/ctgan.pkl")
        assert nested.parent.is_dir() and nested.parent.parent == ws.path.resolve()
        for escape in ("../outside.csv", "/etc/passwd", "models/../../x", "", "."):
            with pytest.raises(SyndataError, match="inside the session workspace"):
                ws.file(escape)


def test_close_deletes_everything_and_is_idempotent(tmp_path):
    ws = Workspace.create(tmp_path)
    ws.file("uploads/data.csv").write_text("a,b\n1,2\n")
    ws.close()
    ws.close()

    assert not ws.path.exists()
    assert ws.closed
    with pytest.raises(SyndataError, match="closed"):
        ws.file("x.csv")


def test_context_manager_deletes_on_exit(tmp_path):
    with Workspace.create(tmp_path) as ws:
        ws.file("x.csv").write_text("1")
    assert not ws.path.exists()


def test_sweep_removes_expired_and_orphaned_sessions_only(tmp_path):
    fresh = Workspace.create(tmp_path)
    expired = Workspace.create(tmp_path)
    hour_ago = time.time() - 3600
    os.utime(expired.path / ".heartbeat", (hour_ago, hour_ago))
    orphan = Workspace.create(tmp_path)
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)
    (orphan.path / ".syndata-workspace").write_text(f'{{"pid": {ended.stdout.strip()}}}')
    unrelated = tmp_path / "not-a-workspace"
    unrelated.mkdir()

    removed = sweep(tmp_path, max_age_s=600)

    assert sorted(removed) == sorted([expired.path, orphan.path])
    assert not expired.path.exists() and not orphan.path.exists()
    assert fresh.path.is_dir() and unrelated.is_dir()
    with pytest.raises(SyndataError, match="expired"):
        expired.file("late.csv")
    assert not expired.path.exists()
    fresh.close()


def test_sweep_removes_sessions_the_server_no_longer_has(tmp_path):
    kept = Workspace.create(tmp_path, "tab-open")
    closed_tab = Workspace.create(tmp_path, "tab-closed")

    removed = sweep(tmp_path, max_age_s=600, active_sessions={"tab-open"})

    assert removed == [closed_tab.path]
    assert kept.path.is_dir() and not closed_tab.path.exists()
    kept.close()


def test_touch_keeps_a_session_from_expiring(tmp_path):
    ws = Workspace.create(tmp_path)
    hour_ago = time.time() - 3600
    os.utime(ws.path / ".heartbeat", (hour_ago, hour_ago))
    ws.touch()

    assert sweep(tmp_path, max_age_s=600) == []
    ws.close()


def test_sweep_of_a_missing_root_is_empty(tmp_path):
    assert sweep(tmp_path / "never-created", max_age_s=1) == []


def test_workspace_left_open_is_deleted_at_process_exit(tmp_path):
    script = (
        "import sys; from pathlib import Path; from syndata.workspace import Workspace; "
        "ws = Workspace.create(Path(sys.argv[1])); ws.file('data.csv').write_text('1'); "
        "print(ws.path)"
    )
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True,
                          text=True, check=True, cwd=os.getcwd(),
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    left = done.stdout.strip()
    assert left.startswith(str(tmp_path))
    assert not os.path.exists(left)


def test_private_files_are_created_readable_by_the_owner_only(tmp_path):
    old_umask = os.umask(0o022)  # the usual umask, which makes plain files 0644
    try:
        with Workspace.create(tmp_path) as ws:
            with open_private(ws.file("jobs/result.pkl")) as handle:
                handle.write(b"the user's data")
            assert ws.file("jobs/result.pkl").stat().st_mode & 0o777 == 0o600
            assert (ws.path / ".syndata-workspace").stat().st_mode & 0o777 == 0o600
    finally:
        os.umask(old_umask)


def test_private_files_never_write_through_an_existing_file_or_link(tmp_path):
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("not yours")
    with Workspace.create(tmp_path / "sessions") as ws:
        ws.file("taken.pkl").write_text("old")
        (ws.path / "link.pkl").symlink_to(elsewhere)
        for name in ("taken.pkl", "link.pkl"):
            with pytest.raises(FileExistsError):
                open_private(ws.path / name)
    assert elsewhere.read_text() == "not yours"
