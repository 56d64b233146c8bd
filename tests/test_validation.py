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


def _emails(rows: int = 30) -> dict[str, pd.DataFrame]:
    users = pd.DataFrame({"email": [f"u{i}@example.com" for i in range(rows)],
                          "age": range(rows)})
    visits = pd.DataFrame({"email": [f"u{i % rows}@example.com" for i in range(rows * 2)],
                           "pages": range(rows * 2)})
    return {"users": users, "visits": visits}


def _email_keyed(linked: bool) -> dict:
    tables = {"users": {"primary_key": "email",
                        "columns": {"email": {"sdtype": "email"}, "age": {"sdtype": "numerical"}}},
              "visits": {"columns": {"email": {"sdtype": "email"},
                                     "pages": {"sdtype": "numerical"}}}}
    relationships = [{"parent_table_name": "users", "parent_primary_key": "email",
                      "child_table_name": "visits", "child_foreign_key": "email"}]
    return {"METADATA_SPEC_VERSION": "V1", "tables": tables,
            "relationships": relationships if linked else []}


def test_the_pii_key_types_taken_as_valid_are_the_faker_functions_sdv_accepts():
    """The reason the Check tab may skip SDV's Faker look-up for these PII-typed keys."""
    from rdt.transformers.pii.anonymization import is_faker_function

    from syndata.validation import FAKER_KEY_SDTYPES
    from syndata.vocabulary import PII_SDTYPES

    assert {s for s in PII_SDTYPES if is_faker_function(s)} == FAKER_KEY_SDTYPES


def test_an_email_key_is_checked_without_building_every_locale_of_faker():
    from rdt.transformers.pii.anonymization import get_faker_instance

    for linked in (False, True):
        get_faker_instance.cache_clear()
        schema = Schema.from_dict(_email_keyed(linked))
        assert validate(schema, _emails()) == []
        assert get_faker_instance.cache_info().currsize == 0
        assert schema.tables["users"].columns["email"].sdtype == "email"  # left alone


def test_an_email_key_that_repeats_or_misses_a_parent_is_still_reported():
    tables = _emails()
    tables["users"].loc[1, "email"] = "u0@example.com"
    tables["visits"].loc[0, "email"] = "nobody@example.com"
    text = _messages(validate(Schema.from_dict(_email_keyed(True)), tables))
    assert "repeat" in text and "reference a users that does not exist" in text


def test_a_key_typed_neither_id_nor_a_faker_function_is_still_refused_by_sdv():
    for sdtype in ("categorical", "ipv4_address"):
        data = _email_keyed(False)
        data["tables"]["users"]["columns"]["email"] = {"sdtype": sdtype}
        assert "SDV" in _messages(validate(Schema.from_dict(data), _emails())), sdtype
