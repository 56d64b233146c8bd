"""bench/schemas.py plants what it says: rules hold on every generated row, lookup labels
are unique and complete, keys are valid, the chain is deep; check_structure sees breakage."""

import pandas as pd
import pytest

from bench.schemas import PRESETS, SchemaError, check_structure, generate
from syndata.sdv_metadata import schema_from_dict


@pytest.fixture(scope="module", params=sorted(PRESETS))
def generated(request):
    return generate(request.param, rows=600, seed=3)


def test_every_rule_holds_and_every_lookup_is_a_set_of_unique_labels(generated):
    measured = check_structure(generated.tables, generated.planted)
    kinds = {item.kind for item in generated.planted}
    assert "rule" in kinds
    for item in generated.planted:
        if item.kind == "rule":
            assert measured[item.key] == 1.0, item.key
        elif item.kind == "lookup":
            assert measured[item.key] == {"repeats": 0, "missing": 0, "ok": True}


def test_keys_are_unique_and_every_foreign_key_points_at_a_parent_row(generated):
    schema = schema_from_dict(generated.metadata)
    assert set(schema.tables) == set(generated.tables)
    for name, table in schema.tables.items():
        frame = generated.tables[name]
        assert list(frame.columns) == list(table.columns)
        assert frame[table.primary_key].is_unique
    for rel in schema.relationships:
        keys = generated.tables[rel.child][rel.child_key].dropna()
        assert keys.isin(generated.tables[rel.parent][rel.parent_key]).all(), rel


def test_retail_and_chain5_are_deep_and_retail_has_every_planted_shape():
    retail = generate("retail", rows=600)
    assert schema_from_dict(retail.metadata).depth() >= 4
    assert schema_from_dict(generate("chain5", rows=600).metadata).depth() >= 4
    kinds = {type(item).__name__ for item in retail.planted}
    assert kinds >= {"Product", "ChildSum", "DateOrder", "Hierarchy", "UniqueLabels", "Noise",
                     "HighCardinality", "ChildrenSkew", "NullableKey"}
    measured = check_structure(retail.tables, retail.planted)
    assert 0.5 < measured["order_items.substitute_id null share"] < 0.9
    assert measured["order_items.order_id children max/mean"] > 3
    assert measured["orders.noise_o noise max|rho|"] < 0.2
    two_to_products = [r for r in retail.metadata["relationships"]
                       if r["parent_table_name"] == "products"
                       and r["child_table_name"] == "order_items"]
    assert len(two_to_products) == 2


def test_high_cardinality_tag_has_thousands_of_values_at_a_larger_size():
    big = generate("lookup", rows=8000)
    assert check_structure(big.tables, big.planted)["sales.tag distinct"] >= 2000


def test_same_seed_same_tables_other_seed_other_tables():
    a, b, c = generate("chain5", 300, seed=1), generate("chain5", 300, seed=1), \
        generate("chain5", 300, seed=2)
    for name in a.tables:
        pd.testing.assert_frame_equal(a.tables[name], b.tables[name])
    assert not a.tables["level5"].equals(c.tables["level5"])


def test_check_structure_reports_broken_rules_and_repeated_or_missing_labels():
    schema = generate("lookup", rows=300)
    tables = {name: frame.copy() for name, frame in schema.tables.items()}
    tables["sales"].loc[0, "amount"] += 1
    tables["categories"].loc[1, "name"] = tables["categories"].loc[0, "name"]
    measured = check_structure(tables, schema.planted)
    assert measured["sales.amount = quantity * unit_price"] == pytest.approx(1 - 1 / 300)
    assert measured["categories.name unique labels"] == {"repeats": 1, "missing": 1, "ok": False}


def test_synthetic_dates_read_back_as_text_are_checked_too():
    schema = generate("retail", rows=300)
    orders = schema.tables["orders"].copy()
    orders.loc[:9, "shipped_at"] = "2000-01-01"
    measured = check_structure({**schema.tables, "orders": orders}, schema.planted)
    assert measured["orders.ordered_at <= shipped_at"] == pytest.approx(1 - 10 / len(orders))


def test_unknown_preset_and_too_few_rows_are_refused_saying_what_to_pass():
    with pytest.raises(SchemaError, match="Choose one of: retail"):
        generate("nope")
    with pytest.raises(SchemaError, match="at least 100"):
        generate("retail", rows=10)
