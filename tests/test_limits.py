"""Row/column caps and the memory estimate refuse what is too big, with a clear message."""

from __future__ import annotations

import contextlib
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from syndata.errors import LimitError, ModelError
from syndata.limits import (
    GIB,
    MIB,
    _cgroup_room,
    available_memory,
    check_memory,
    check_table_limits,
    estimate_marginal_seconds,
    held_memory,
)
from syndata.metadata import Schema
from syndata.models import get_family

ROOT = Path(__file__).resolve().parents[1]


def estimate_fit_memory(tables: dict[str, pd.DataFrame], metadata: dict, model: str,
                        params: dict) -> int:
    """The family's estimate, as the fit asks for it."""
    return get_family(model).estimate_memory(Schema.from_dict(metadata), tables, params)


def _table(rows: int, numbers: int = 3, categories: int = 0, levels: int = 10) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({f"x{i}": rng.normal(size=rows) for i in range(numbers)})
    for i in range(categories):
        frame[f"c{i}"] = rng.integers(0, levels, size=rows).astype(str)
    return frame


def _metadata(tables: dict[str, pd.DataFrame], links=()) -> dict:
    def sdtype(series: pd.Series) -> str:
        return "numerical" if pd.api.types.is_numeric_dtype(series) else "categorical"

    keys = {p: "id" for p, _ in links} | {c: "pid" for _, c in links}
    return {
        "tables": {
            name: {"columns": {c: {"sdtype": "id" if c == keys.get(name) else sdtype(frame[c])}
                               for c in frame.columns},
                   **({"primary_key": "id"} if keys.get(name) == "id" else {})}
            for name, frame in tables.items()
        },
        "relationships": [
            {"parent_table_name": p, "parent_primary_key": "id", "child_table_name": c,
             "child_foreign_key": "pid"}
            for p, c in links
        ],
    }


def test_tables_within_caps_pass():
    check_table_limits({"a": _table(10)}, max_rows=10, max_columns=3)
    check_table_limits({"a": _table(10)}, max_rows=None, max_columns=None)


def test_caps_name_every_table_its_size_and_what_to_do():
    tables = {"orders": _table(1_500, numbers=3), "wide": _table(5, numbers=12)}
    with pytest.raises(LimitError) as caught:
        check_table_limits(tables, max_rows=1_000, max_columns=10)
    message = str(caught.value)
    assert "orders has 1,500 rows, above the limit of 1,000" in message
    assert "sample of at most 1,000 rows" in message
    assert "wide has 12 columns, above the limit of 10" in message
    assert "drop 2 column(s)" in message


def test_estimate_grows_with_rows_and_categories():
    small, large = _table(1_000, categories=2), _table(100_000, categories=2)
    for model in ("gaussian_copula", "ctgan", "tvae", "copulagan", "irgan"):
        a = estimate_fit_memory({"t": small}, _metadata({"t": small}), model, {})
        b = estimate_fit_memory({"t": large}, _metadata({"t": large}), model, {})
        assert b > a > 0, model
    narrow = _table(50_000, numbers=0, categories=2, levels=5)
    many = _table(50_000, numbers=0, categories=2, levels=5_000)
    assert estimate_fit_memory({"t": many}, _metadata({"t": many}), "ctgan", {}) > (
        3 * estimate_fit_memory({"t": narrow}, _metadata({"t": narrow}), "ctgan", {})
    )


def test_gans_need_more_than_the_copula():
    frame = _table(200_000, numbers=5, categories=5, levels=50)
    meta = _metadata({"t": frame})
    copula = estimate_fit_memory({"t": frame}, meta, "gaussian_copula", {})
    assert estimate_fit_memory({"t": frame}, meta, "ctgan", {}) > 2 * copula


def test_hma_cost_grows_with_children_widths():
    parent = pd.DataFrame({"id": range(20_000), "a": np.arange(20_000.0)})
    narrow_child = pd.DataFrame({"pid": np.arange(60_000) % 20_000, "x": np.ones(60_000)})
    wide_child = narrow_child.assign(**{f"y{i}": np.ones(60_000) for i in range(20)})
    narrow = {"p": parent, "c": narrow_child}
    wide = {"p": parent, "c": wide_child}
    small = estimate_fit_memory(narrow, _metadata(narrow, [("p", "c")]), "hma", {})
    big = estimate_fit_memory(wide, _metadata(wide, [("p", "c")]), "hma", {})
    assert big > 5 * small
    assert big > GIB // 8


def test_id_and_pii_columns_are_not_modelled():
    frame = pd.DataFrame({"key": [f"k{i}" for i in range(10_000)], "x": np.ones(10_000)})
    as_id = {"tables": {"t": {"columns": {"key": {"sdtype": "id"},
                                          "x": {"sdtype": "numerical"}}}}}
    as_category = {"tables": {"t": {"columns": {"key": {"sdtype": "categorical"},
                                                "x": {"sdtype": "numerical"}}}}}
    as_email = {"tables": {"t": {"columns": {"key": {"sdtype": "email"},
                                             "x": {"sdtype": "numerical"}}}}}
    by_id = estimate_fit_memory({"t": frame}, as_id, "ctgan", {})
    assert estimate_fit_memory({"t": frame}, as_category, "ctgan", {}) > 2 * by_id
    assert estimate_fit_memory({"t": frame}, as_email, "ctgan", {}) == by_id


def test_unknown_model_is_refused():
    with pytest.raises(ModelError, match="gaussian_copula"):
        estimate_fit_memory({"t": _table(5)}, {"tables": {}}, "magic_model", {})


def test_check_memory_refuses_what_does_not_fit():
    check_memory(100 * MIB, available=1 * GIB)
    with pytest.raises(LimitError) as caught:
        check_memory(3 * GIB, available=2 * GIB)
    message = str(caught.value)
    assert "about 3.0 GiB" in message and "only 2.0 GiB is available" in message
    assert "sample of the rows" in message and "gaussian_copula" in message
    with pytest.raises(LimitError, match="Fitting ctgan"):
        check_memory(900 * MIB, available=1 * GIB, what="Fitting ctgan")


def test_a_ctgan_fit_on_many_valued_columns_is_refused():
    frame = _table(200_000, numbers=1, categories=3, levels=5_000)
    estimate = estimate_fit_memory({"t": frame}, _metadata({"t": frame}), "ctgan", {})
    assert estimate > 20 * GIB
    with pytest.raises(LimitError, match="would need about"):
        check_memory(estimate, available=16 * GIB)


def test_machine_memory_is_read():
    assert available_memory() > 10 * MIB
    check_memory(MIB)
    with pytest.raises(LimitError):
        check_memory(available_memory() * 2)


def _budget_messages(*checks: str) -> list[str]:
    """Each check's refusal (or "ok") with a budget of what the process holds + a worker +
    100 MiB, in a fresh interpreter: pytest's own children (servers and workers of other
    tests) come and go, and the budget counts a process's children."""
    code = "\n".join([
        "from syndata.errors import LimitError",
        "from syndata.limits import MIB, WORKER_START, check_memory, held_memory, "
        "set_memory_budget",
        "set_memory_budget((held_memory() + WORKER_START) // MIB + 100)",
        *(f"try:\n    {check}\n    print('ok')\nexcept LimitError as error:\n"
          "    print(' '.join(str(error).split()))" for check in checks),
    ])
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, check=True, timeout=60)
    return done.stdout.splitlines()


def test_the_budget_leaves_room_beside_what_the_app_holds():
    small, large, given = _budget_messages(
        "check_memory(50 * MIB)", "check_memory(300 * MIB)",
        "check_memory(300 * MIB, available=1024 * MIB)")
    assert small == "ok" and given == "ok"  # a given amount is checked on its own
    assert "would need about 300 MiB of memory besides the 260 MiB a job starts with" in large
    assert "keeps the app within" in large
    assert re.search(r"holds \d+ MiB now, which leaves (9\d|10\d) MiB", large)
    assert "sample of the rows" in large and "SYNDATA_MEMORY_BUDGET_MB" in large


def test_the_budget_charges_what_the_familys_worker_starts_with():
    default, lighter, heavy = _budget_messages(
        "check_memory(300 * MIB)", "check_memory(300 * MIB, worker_start=WORKER_START - 250 * MIB)",
        "check_memory(600 * MIB, worker_start=140 * MIB)")
    assert default != "ok" and lighter == "ok"
    assert "besides the 140 MiB a job starts with" in heavy


def test_held_memory_counts_this_process_and_its_workers_without_shared_code():
    import psutil

    process = psutil.Process()
    rss, shared = 0, 0
    for member in [process, *process.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            info = member.memory_info()
            rss, shared = rss + info.rss, shared + info.shared
    assert 10 * MIB < held_memory() <= rss - shared + 512 * MIB


@pytest.mark.parametrize(("version", "files", "room"), [
    (2, {"memory.max": "1000", "memory.current": "600",
         "memory.stat": "anon 400\ninactive_file 100\n"}, 500),
    (2, {"memory.max": "max", "memory.current": "600", "memory.stat": "anon 1\n"}, None),
    (1, {"memory.limit_in_bytes": "1000", "memory.usage_in_bytes": "900",
         "memory.stat": "rss 500\ntotal_inactive_file 50\n"}, 150),
])
def test_a_cgroup_limit_counts_its_file_cache_as_free(tmp_path, version, files, room):
    group = tmp_path / "app"
    group.mkdir()
    for name, text in files.items():
        (group / name).write_text(text)
    names = (("memory.max", "memory.current", "inactive_file") if version == 2 else
             ("memory.limit_in_bytes", "memory.usage_in_bytes", "total_inactive_file"))

    assert _cgroup_room(tmp_path, group.relative_to(tmp_path), *names) == room


def test_marginal_seconds_grow_with_columns_and_capped_rows():
    wide = _table(1_000, numbers=1_500, categories=500)
    narrow = _table(1_000, numbers=15, categories=5)
    assert estimate_marginal_seconds(wide, Schema.from_dict(_metadata({"t": wide})), "t") > 120
    assert estimate_marginal_seconds(narrow, Schema.from_dict(_metadata({"t": narrow})), "t") < 10
    long = _table(400_000, numbers=10)
    schema = Schema.from_dict(_metadata({"t": long}))
    full = estimate_marginal_seconds(long, schema, "t")
    capped = estimate_marginal_seconds(long, schema, "t", max_rows=50_000)
    assert capped < full / 5
