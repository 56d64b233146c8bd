"""Per-token spaces on a real runner: idle ones are deleted with their folder, busy or
recently seen ones stay, and each token sees only its own resources."""

from __future__ import annotations

import weakref

import pandas as pd
import pytest

from syndata.api.errors import NotFound
from syndata.api.resources import Dataset, SyntheticEntry, new_id
from syndata.api.store import Store
from syndata.jobs import JobRunner
from syndata.metadata import Schema
from tests.jobs.targets import sleep_long, wait_sleeping

IDLE_S = 100.0


@pytest.fixture(scope="module")
def runner():
    job_runner = JobRunner(1, 1, preload=["syndata.jobs.worker"])
    yield job_runner
    job_runner.shutdown()


@pytest.fixture
def clock():
    return [0.0]


@pytest.fixture
def store(runner, tmp_path, clock):
    spaces = Store(runner, tmp_path, IDLE_S, clock=lambda: clock[0])
    yield spaces
    spaces.close_all()


def _dataset() -> Dataset:
    tables = {"t": pd.DataFrame({"a": [1, 2, 3]})}
    return Dataset(new_id("ds"), tables, Schema.detect(tables), {"t": "t.csv"})


def test_an_idle_space_is_deleted_with_its_folder(store, clock):
    space = store.space("token-a")
    dataset = _dataset()
    space.datasets[dataset.id] = dataset
    clock[0] = IDLE_S - 1
    assert store.sweep_idle() == []
    store.space("token-a")  # a request: idle time starts again
    clock[0] = 2 * IDLE_S - 2
    assert store.sweep_idle() == []
    clock[0] = 2 * IDLE_S
    assert store.sweep_idle() == ["token-a"]
    assert not space.workspace.path.exists() and space.empty
    assert store.space("token-a").datasets == {}


def test_a_space_with_a_running_job_is_kept(store, runner, clock):
    space = store.space("token-b")
    job = runner.submit(sleep_long, {"seconds": 60.0}, space.workspace, "sleep")
    space.synthetic["sy_1"] = SyntheticEntry("sy_1", "md_1", None, None, 0, job)
    wait_sleeping(runner, job)
    clock[0] = 10 * IDLE_S
    assert store.sweep_idle() == []
    runner.cancel(job, space.workspace)
    assert store.sweep_idle() == ["token-b"]
    assert not space.workspace.path.exists()


def test_ids_are_found_only_in_their_own_space(store):
    mine, theirs = store.space("token-c"), store.space("token-d")
    dataset = _dataset()
    mine.datasets[dataset.id] = dataset
    assert mine.get("datasets", dataset.id) is dataset
    with pytest.raises(NotFound, match="No dataset with id"):
        theirs.get("datasets", dataset.id)
    assert mine.workspace.path != theirs.workspace.path


def test_the_last_resource_deleted_closes_the_space(store):
    space = store.space("token-e")
    dataset = _dataset()
    space.datasets[dataset.id] = dataset
    assert store.close_if_empty(space) is False
    del space.datasets[dataset.id]
    assert store.close_if_empty(space) is True
    assert not space.workspace.path.exists() and store.spaces() == []


def test_deleted_resources_are_not_kept(store, runner):
    """What the server held for a token goes with its last resource: no table is still
    referenced (cycles included) and the runner forgets the space's finished jobs."""
    space = store.space("token-f")
    kept, dropped = _dataset(), _dataset()
    space.datasets.update({kept.id: kept, dropped.id: dropped})
    job = runner.submit(sleep_long, {"seconds": 0.0}, space.workspace, "sleep")
    space.synthetic["sy_2"] = SyntheticEntry("sy_2", "md_1", None, None, 0, job,
                                             tables=dropped.tables)
    runner.wait(job, 30)
    table = weakref.ref(dropped.tables["t"])
    del space.datasets[dropped.id], space.synthetic["sy_2"], dropped
    assert store.close_if_empty(space) is False
    assert table() is None
    del space.datasets[kept.id]
    assert store.close_if_empty(space) is True
    assert runner.jobs(space.workspace) == []
