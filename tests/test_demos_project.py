import pytest

from syndata.demos import DEMOS, load_demo
from syndata.errors import IngestError, SyndataError
from syndata.models import get_family
from syndata.project import Project
from syndata.validation import validate


@pytest.mark.parametrize("key", list(DEMOS))
def test_demos_load_offline_and_validate(key):
    demo = load_demo(key)
    assert demo.tables and validate(demo.schema, demo.tables) == []


def test_multi_table_demo_has_the_four_foreign_keys():
    schema = load_demo("flights_multi").schema
    assert sorted(r.child_key for r in schema.relationships) == [
        "carrier", "dest", "origin", "tailnum"]
    assert get_family("hma").check(schema) is None
    flights = load_demo("flights_multi").tables["flights"]
    assert flights["tailnum"].isna().any()


def test_unknown_demo():
    with pytest.raises(SyndataError, match="Unknown demo"):
        load_demo("nope")


def test_project_names_are_unique_and_links_are_detected(shop):
    project = Project()
    project.add_csv(shop["users"].to_csv(index=False).encode(), "users.csv")
    project.add_csv(shop["orders"].to_csv(index=False).encode(), "orders.csv")
    second = project.add_csv(shop["users"].to_csv(index=False).encode(), "users.csv")
    assert second != "users" and second in project.tables
    labels = [r.label() for r in project.schema.relationships]
    assert "orders.user_id -> users.user_id" in labels
    assert list(project.summary()["table"]) == ["users", "orders", second]
    project.remove_table("users")
    assert not any("users" in (r.parent, r.child) for r in project.schema.relationships)


def test_user_edits_survive_a_new_upload(shop):
    project = Project()
    project.add_table(shop["users"], "users.csv")
    project.schema.set_sdtype("users", "age", "categorical")
    project.add_table(shop["orders"], "orders.csv")
    assert project.schema.tables["users"].columns["age"].sdtype == "categorical"


def test_bad_csv_names_the_file():
    with pytest.raises(IngestError, match="empty.csv"):
        Project().add_csv(b"", "empty.csv")
