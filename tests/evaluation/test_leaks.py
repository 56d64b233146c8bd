"""Real values through a column: flagged before the fit, measured per column after it.

Unique phone numbers typed as a plain categorical are what a user's metadata can do; a
low-cardinality categorical (every value real by nature) must not be flagged.
"""

import numpy as np
import pandas as pd
import pytest
from faker import Faker

from syndata.cli import build_parser
from syndata.evaluation.leaks import value_overlap
from syndata.metadata import Schema
from syndata.validation import LeakFacts, check, leak_problems, validate
from tests.specs import table_schema, table_spec

ROWS = 60
SDTYPES = {"cust_id": "id", "tel": "categorical", "code": "categorical",
           "segment": "categorical", "amount": "numerical"}


@pytest.fixture(scope="module")
def customers() -> pd.DataFrame:
    """Unique phone numbers and order codes, a 2-value segment, amounts."""
    fake = Faker("en_US")
    fake.seed_instance(17)
    rng = np.random.default_rng(17)
    return pd.DataFrame({
        "cust_id": range(ROWS),
        "tel": [fake.unique.phone_number() for _ in range(ROWS)],
        "code": [f"Q{v}-{w}" for v, w in zip(rng.choice(9000, ROWS, replace=False) + 1000,
                                             rng.choice(list("ABCD"), ROWS), strict=True)],
        "segment": rng.choice(["retail", "business"], ROWS),
        "amount": rng.gamma(2.0, 30.0, ROWS).round(2),
    })


def schema_of(sdtypes: dict) -> Schema:
    return Schema.from_dict({"tables": {"t": table_spec(sdtypes, primary_key="cust_id")}})


def test_phone_numbers_typed_categorical_are_flagged_with_the_pii_fix(customers):
    problems = leak_problems(schema_of(SDTYPES), {"t": customers})
    by_column = {p.fixes[0].args[1]: p for p in problems}
    assert set(by_column) == {"tel", "code"}
    tel, code = by_column["tel"], by_column["code"]
    assert "phone numbers" in tel.message and "Regenerate it as PII (phone_number)" in tel.message
    assert tel.fixes[0].args == ("t", "tel", "phone_number")
    assert "100% of its values are distinct" in code.message
    assert code.fixes[0].args == ("t", "code", "id")
    assert not any(p.blocking for p in problems)


def test_low_cardinality_regenerated_and_nearly_empty_columns_are_not_flagged(customers):
    fixed = schema_of(SDTYPES | {"tel": "phone_number", "code": "id"})
    assert leak_problems(fixed, {"t": customers}) == []
    few = customers.assign(code=customers["code"].where(customers.index < 9))
    assert leak_problems(schema_of(SDTYPES | {"tel": "phone_number"}), {"t": few}) == []


def test_leak_warnings_list_on_the_check_tab_but_never_block_a_fit(customers):
    schema, tables = schema_of(SDTYPES), {"t": customers}
    assert [p for p in validate(schema, tables) if not p.blocking] == leak_problems(
        schema, tables)
    check(schema, tables)


def test_facts_read_once_give_the_same_warnings_under_any_schema(customers):
    """The Prepare page reads ``LeakFacts`` once per data version; a type edit only applies
    the new schema to them."""
    facts = {"t": LeakFacts.of(customers)}
    for sdtypes in (SDTYPES, SDTYPES | {"tel": "phone_number"}, SDTYPES | {"segment": "id"}):
        schema, tables = schema_of(sdtypes), {"t": customers}
        assert leak_problems(schema, tables, facts) == leak_problems(schema, tables)


def test_every_column_reports_its_share_of_real_values(customers):
    meta = table_schema(SDTYPES, primary_key="cust_id")
    copied = {o.column: o for o in value_overlap(customers, customers.copy(), meta)}
    assert list(copied) == list(SDTYPES)
    assert all(o.real_share == 1.0 for o in copied.values())
    assert copied["tel"].flagged and copied["code"].flagged and copied["amount"].flagged
    assert not copied["segment"].flagged and copied["segment"].distinct_share < 0.05
    assert copied["cust_id"].key and not copied["cust_id"].flagged
    fresh = customers.assign(tel=[f"+1 555 01{i:02d}" for i in range(ROWS)],
                             amount=customers["amount"] + 0.001)
    other = {o.column: o for o in value_overlap(customers, fresh, meta)}
    assert other["tel"].real_share == 0.0 and not other["tel"].flagged
    assert other["amount"].real_share == 0.0


def test_synthesize_warns_in_one_line_about_a_near_unique_categorical(
        customers, tmp_path, capsys):
    customers.to_csv(tmp_path / "t.csv", index=False)
    metadata = tmp_path / "metadata.json"
    metadata.write_text(schema_of(SDTYPES).to_json())
    args = build_parser().parse_args([
        "synthesize", "--data", str(tmp_path / "t.csv"), "--metadata", str(metadata),
        "--model", "gaussian_copula", "--out", str(tmp_path / "out")])
    args.run(args)
    stderr = capsys.readouterr().err
    warnings = [line for line in stderr.splitlines() if line.startswith("warning: ")]
    assert [line for line in warnings if "t.code" in line] == [
        "warning: t.code is typed categorical but 100% of its values are distinct, each "
        "pointing at about one row; it is learned as categories: values shared by 5 or more "
        "rows come back as real ones, the rarer ones as look-alikes masked before the fit. "
        "Treat it as an id (new values in the real format), or give it a PII sdtype if it is "
        "personal data."]
    assert sum("t.tel" in line for line in warnings) == 1
