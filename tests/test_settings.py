"""Runtime settings from defaults, SYNDATA_* variables and secrets overrides."""

import tempfile
from pathlib import Path

import pytest

from syndata.errors import ConfigError
from syndata.settings import load_settings

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("cpus", "jobs", "threads"), [(1, 1, 1), (2, 2, 1), (8, 4, 2), (64, 4, 16)]
)
def test_local_defaults_share_the_cpus_out(cpus, jobs, threads):
    settings = load_settings({}, cpu_count=cpus)

    assert not settings.hosted
    assert (settings.max_concurrent_jobs, settings.threads_per_job) == (jobs, threads)
    assert settings.max_rows is None and settings.max_epochs is None


def test_workspace_root_is_in_the_temp_folder_not_the_repo():
    root = load_settings({}).workspace_root

    assert root.parent == Path(tempfile.gettempdir())
    assert not root.resolve().is_relative_to(REPO)


def test_hosted_demo_caps_rows_epochs_and_jobs():
    settings = load_settings({"SYNDATA_HOSTED": "1"}, cpu_count=8)

    assert settings.hosted
    assert settings.max_concurrent_jobs == 1
    assert settings.max_rows == 20_000 and settings.max_epochs == 50
    assert settings.threads_per_job <= 2
    assert settings.memory_budget_mb == 800


@pytest.mark.parametrize(("environ", "budget"), [
    ({}, None), ({"SYNDATA_MEMORY_BUDGET_MB": "600"}, 600),
    ({"SYNDATA_HOSTED": "1", "SYNDATA_MEMORY_BUDGET_MB": "off"}, None),
])
def test_the_memory_budget_is_off_locally_and_can_be_set(environ, budget):
    assert load_settings(environ).memory_budget_mb == budget


def test_environment_variables_set_each_value(tmp_path):
    settings = load_settings(
        {
            "SYNDATA_MAX_JOBS": "3",
            "SYNDATA_THREADS_PER_JOB": "2",
            "SYNDATA_MAX_ROWS": "1000",
            "SYNDATA_MAX_EPOCHS": "none",
            "SYNDATA_WORKSPACE_ROOT": str(tmp_path),
        },
        cpu_count=8,
    )

    assert (settings.max_concurrent_jobs, settings.threads_per_job) == (3, 2)
    assert settings.max_rows == 1000 and settings.max_epochs is None
    assert settings.workspace_root == tmp_path


def test_fewer_jobs_get_more_threads_each():
    assert load_settings({"SYNDATA_MAX_JOBS": "1"}, cpu_count=8).threads_per_job == 8


def test_overrides_beat_the_environment():
    settings = load_settings(
        {"SYNDATA_HOSTED": "0", "SYNDATA_MAX_ROWS": "10"},
        {"hosted": True, "max_rows": "20"},
        cpu_count=4,
    )

    assert settings.hosted and settings.max_rows == 20 and settings.max_epochs == 50


@pytest.mark.parametrize(
    ("environ", "overrides", "message"),
    [
        ({"SYNDATA_MAX_JOBS": "many"}, None, "SYNDATA_MAX_JOBS='many' is not a whole number"),
        ({"SYNDATA_MAX_JOBS": "0"}, None, "must be 1 or more"),
        ({"SYNDATA_HOSTED": "maybe"}, None, "not a yes/no value"),
        ({}, {"max_rowz": 5}, "Unknown setting"),
    ],
)
def test_unusable_values_say_what_to_fix(environ, overrides, message):
    with pytest.raises(ConfigError, match=message):
        load_settings(environ, overrides)
