import pandas as pd

from syndata.metadata import Schema
from syndata.validation import apply_fix, orphan_counts, validate


def _messages(problems):
    return " | ".join(p.message for p in problems)


def test_clean_data_has_no_problems(shop):
    assert validate(Schema.detect(shop), shop) == []


def test_repeated_primary_key_is_reported_with_a_fix(shop):
    schema = Schema.detect(shop)
    users = shop["users"].copy()
    users.loc[1, "user_id"] = 1
    problems = validate(schema, {**shop, "users": users})
    assert "repeat" in _messages(problems)
    fix = next(f for p in problems for f in p.fixes if f.action == "remove_primary_key")
    fixed_schema, _ = apply_fix(fix, schema, {**shop, "users": users})
    assert fixed_schema.tables["users"].primary_key is None
    assert fixed_schema.tables["users"].columns["user_id"].sdtype == "numerical"
    assert schema.tables["users"].primary_key == "user_id"  # the input is left alone


def test_orphans_are_counted_and_dropped(shop):
    schema = Schema.detect(shop)
    orders = shop["orders"].copy()
    orders.loc[:4, "user_id"] = 999
    tables = {**shop, "orders": orders}
    (rel, count), = orphan_counts(schema, tables).items()
    assert count == 5
    problems = validate(schema, tables)
    fix = next(f for p in problems for f in p.fixes if f.action == "drop_orphans")
    _, fixed = apply_fix(fix, schema, tables)
    assert len(fixed["orders"]) == 195 and validate(schema, fixed) == []


def test_key_type_mismatch_is_explained_and_fixed(shop):
    schema = Schema.detect(shop)
    orders = shop["orders"].assign(user_id=shop["orders"]["user_id"].astype(str))
    tables = {**shop, "orders": orders}
    problems = validate(schema, tables)
    assert "text values but the primary key holds numeric" in _messages(problems)
    fix = next(f for p in problems for f in p.fixes if f.action == "align_key")
    _, fixed = apply_fix(fix, schema, tables)
    assert pd.api.types.is_integer_dtype(fixed["orders"]["user_id"])
    assert validate(schema, fixed) == []


def test_wrong_types_and_formats_are_reported_together(shop):
    schema = Schema.detect(shop)
    schema.set_sdtype("users", "country", "numerical")
    schema.set_sdtype("users", "joined", "datetime", "%d/%m/%Y")
    problems = validate(schema, shop)
    text = _messages(problems)
    assert "users.country is typed numerical" in text
    assert "does not match the datetime format %d/%m/%Y" in text
    assert all(p.fixes for p in problems)


def test_missing_and_extra_columns(shop):
    schema = Schema.detect(shop)
    users = shop["users"].drop(columns=["age"]).assign(extra=1)
    text = _messages(validate(schema, {**shop, "users": users}))
    assert "['age'] that the data does not have" in text and "['extra']" in text
