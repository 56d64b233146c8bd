from syndata.jobs import JobRunner
from syndata.workspace import Workspace
from ui.sessions import SessionReaper


def test_workspace_of_an_ended_session_is_deleted_after_the_grace(tmp_path):
    runner = JobRunner(1, 1, start_method="spawn")
    try:
        reaper = SessionReaper(runner, grace_s=10)
        alive, gone = Workspace.create(tmp_path, "alive"), Workspace.create(tmp_path, "gone")
        reaper.register("alive", alive)
        reaper.register("gone", gone)
        active = {"alive"}.__contains__
        assert reaper.reap(active, now=100.0) == []
        assert gone.path.exists()
        assert reaper.reap(active, now=111.0) == ["gone"]
        assert not gone.path.exists() and alive.path.exists()
    finally:
        runner.shutdown()
