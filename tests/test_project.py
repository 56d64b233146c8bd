"""The tables being prepared: unique names, detected links, and the user's edits kept."""

import pytest

from syndata.errors import IngestError
from syndata.project import Project


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


def test_dropping_a_key_column_removes_its_link_and_says_which(shop):
    project = Project()
    project.add_table(shop["users"], "users.csv")
    project.add_table(shop["orders"], "orders.csv")
    assert project.drop_columns("orders", ["user_id"]) == ["orders.user_id -> users.user_id"]
    assert "user_id" not in project.tables["orders"]
    assert "user_id" not in project.schema.tables["orders"].columns
    assert project.schema.relationships == []


def test_summary_counts_rows_columns_keys_and_links(shop):
    project = Project()
    project.add_table(shop["users"], "users.csv")
    project.add_table(shop["orders"], "orders.csv")
    assert project.summary().to_dict("records") == [
        {"table": "users", "source": "users.csv", "rows": 50, "columns": 4,
         "primary key": "user_id", "links": 1},
        {"table": "orders", "source": "orders.csv", "rows": 200, "columns": 4,
         "primary key": "order_id", "links": 1},
    ]
    assert Project().empty and not project.empty
