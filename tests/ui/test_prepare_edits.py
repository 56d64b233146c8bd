"""The Prepare page's edits, each one plain call on the project that says what it did; a
metadata upload replaces the schema only when it describes exactly the loaded tables."""

import pytest

from syndata.errors import MetadataError
from syndata.keys import KeyCandidate
from syndata.metadata import Schema
from syndata.project import Project
from syndata.validation import Fix
from ui import prepare_edits as edits

LINK = "orders.user_id -> users.user_id"


def _project(shop) -> Project:
    project = Project(dict(shop), {t: "test" for t in shop}, Schema.detect(shop))
    assert [r.label() for r in project.schema.relationships] == [LINK]
    return project


def test_removing_a_key_names_the_relationships_it_took(shop):
    project = _project(shop)
    assert edits.remove_key(project, "users") == f"Removed the key of users and {LINK}"
    assert project.schema.tables["users"].primary_key is None
    assert not project.schema.relationships
    assert edits.remove_key(project, "orders") == "Removed the key of orders"


def test_dropping_columns_drops_them_from_data_and_schema(shop):
    project = _project(shop)
    assert edits.drop_columns(project, "orders", ["status", "user_id"]) == (
        f"Dropped 2 column(s); removed {LINK}")
    assert list(project.tables["orders"].columns) == ["order_id", "amount"]
    assert list(project.schema.tables["orders"].columns) == ["order_id", "amount"]
    assert shop["orders"].shape[1] == 4
    assert edits.drop_columns(project, "users", ["age"]) == "Dropped 1 column(s)"


def test_unlink_and_link_again(shop):
    project = _project(shop)
    assert edits.unlink(project, LINK) == f"Removed {LINK}"
    assert not project.schema.relationships
    assert edits.link(project.schema, "users", "orders", "user_id") == f"Added {LINK}"
    assert [r.label() for r in project.schema.relationships] == [LINK]


def test_group_and_ungroup(shop):
    schema = _project(shop).schema
    assert edits.group(schema, "  shop ", ["users", "orders"]) == "Group shop saved"
    assert schema.groups["shop"] == ["users", "orders"]
    assert edits.ungroup(schema, "shop") == "Ungrouped shop" and "shop" not in schema.groups
    with pytest.raises(MetadataError, match="no group named shop"):
        edits.ungroup(schema, "shop")


def test_a_fix_replaces_the_projects_schema_and_tables(shop):
    project = _project(shop)
    fix = Fix("drop_table_columns", "Drop status", ("orders", ("status",)))
    assert edits.fix(project, fix) == "Drop status"
    assert "status" not in project.tables["orders"] and "status" in shop["orders"]


def test_uploaded_metadata_replaces_the_schema_when_it_fits_the_tables(shop):
    project = _project(shop)
    uploaded = Schema.detect(shop)
    uploaded.set_sdtype("users", "age", "categorical")
    message = edits.use_metadata(project, uploaded.to_json(), "meta.json")
    assert message == "Metadata loaded; check the problems listed under Check."
    assert project.schema.tables["users"].columns["age"].sdtype == "categorical"


def test_uploaded_metadata_for_other_tables_is_refused_saying_which(shop):
    project = _project(shop)
    other = Schema.detect({"users": shop["users"], "items": shop["orders"]})
    with pytest.raises(MetadataError, match=r"names table\(s\) \['items'\] that are not loaded"):
        edits.use_metadata(project, other.to_json(), "meta.json")
    fewer = Schema.detect({"users": shop["users"]})
    with pytest.raises(MetadataError, match=r"does not describe the loaded table\(s\) "
                                            r"\['orders'\].*Load data page"):
        edits.use_metadata(project, fewer.to_json(), "meta.json")
    assert [r.label() for r in project.schema.relationships] == [LINK]


def test_best_per_column_keeps_the_first_candidate_of_each_child_column():
    def candidate(parent: str, child_key: str, score: float) -> KeyCandidate:
        return KeyCandidate(parent, "id", "orders", child_key, score, "names match")

    found = [candidate("users", "user_id", 0.9), candidate("people", "user_id", 0.5),
             candidate("shops", "shop_id", 0.8)]
    best = edits.best_per_column(found)
    assert [(c.parent, c.child_key) for c in best] == [("users", "user_id"), ("shops", "shop_id")]
    assert edits.best_per_column([]) == [] and isinstance(best[0], KeyCandidate)
