"""The version the Prepare views cache on: a new token whenever a table's frame is replaced,
the same version while nothing changes, and a schema edit seen without a counter."""

from syndata.metadata import Schema
from syndata.project import Project
from ui.versions import FrameTokens, version_of


def _project(shop) -> Project:
    return Project(dict(shop), schema=Schema.detect(shop))


def test_equal_schema_and_frames_give_equal_versions(shop):
    project, frames = _project(shop), FrameTokens()
    first, again = version_of(project, frames), version_of(project, frames)
    assert first == again and hash(first) == hash(again)
    assert [name for name, _ in first.data] == ["users", "orders"]
    assert first.digest("users") == again.digest("users") and len(first.digest("users")) == 12


def test_a_replaced_frame_gets_a_new_token_and_only_its_table_key_changes(shop):
    project, frames = _project(shop), FrameTokens()
    before = version_of(project, frames)
    project.tables["orders"] = project.tables["orders"].copy()
    after = version_of(project, frames)
    assert after != before
    assert after.token("orders") != before.token("orders")
    assert after.token("users") == before.token("users")
    assert after.table_key("users") == before.table_key("users")
    assert after.digest("orders") != before.digest("orders")


def test_tokens_differ_between_sessions_and_forget_dropped_tables(shop):
    project = _project(shop)
    one, other = FrameTokens(), FrameTokens()
    assert version_of(project, one).token("users") != version_of(project, other).token("users")
    project.remove_table("orders")
    assert [name for name, _ in version_of(project, one).data] == ["users"]
    assert list(one.seen) == ["users"]


def test_a_schema_edit_changes_the_version_and_that_tables_key(shop):
    project, frames = _project(shop), FrameTokens()
    before = version_of(project, frames)
    project.schema.set_sdtype("users", "age", "categorical")
    after = version_of(project, frames)
    assert after.data == before.data and after.schema != before.schema
    assert after.table_key("users") != before.table_key("users")
    assert after.table_key("orders") == before.table_key("orders")
    assert after.table_meta("users")["columns"]["age"]["sdtype"] == "categorical"


def test_a_new_group_changes_the_version(shop):
    project, frames = _project(shop), FrameTokens()
    before = version_of(project, frames)
    project.schema.group_tables("shop", ["users", "orders"])
    assert version_of(project, frames) != before
