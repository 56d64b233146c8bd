"""A fitted model file holds no real PII and no rare value of an identifying column.

Each model family is fitted (tiny: one epoch, 40 rows) on a detected schema, pickled with
``model_bytes`` and searched for every real value, as UTF-8 (pickled ``str``) and as
UTF-32 (numpy string arrays).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from faker import Faker

from syndata import synthesis
from syndata.export import model_bytes
from syndata.metadata import Schema
from syndata.models.masking import RARE_COUNT, identifying_columns, mask_identifying

ROWS = 40
SECRET_COLUMNS = ("kontakt", "tel", "ref", "ticket", "member_no", "contact")


@pytest.fixture(scope="module")
def people() -> pd.DataFrame:
    fake = Faker("en_US")
    fake.seed_instance(11)
    shared = [fake.email() for _ in range(ROWS // 2)]
    return pd.DataFrame({
        "person_id": range(1, ROWS + 1),
        "kontakt": [fake.email() for _ in range(ROWS)],
        "tel": [fake.phone_number() for _ in range(ROWS)],
        "ref": [fake.ssn() for _ in range(ROWS)],
        "ticket": [f"TK-{fake.unique.random_int(10000, 99999)}-{fake.lexify('??').upper()}"
                   for _ in range(ROWS)],
        "member_no": [f"M{fake.unique.random_int(100000, 999999)}Q" for _ in range(ROWS)],
        "contact": shared * 2,
        "segment": ["retail", "business"] * (ROWS // 2),
        "amount": np.random.default_rng(0).gamma(2.0, 10.0, ROWS).round(2),
    })


def _columns(**sdtypes: str) -> dict:
    return {c: {"sdtype": t} for c, t in sdtypes.items()}


@pytest.fixture(scope="module")
def people_schema() -> Schema:
    """PII typed as detection types it, plus a user's plain choices: ``contact`` (e-mails)
    declared categorical, ``member_no`` an id that is not a key (SDV 2.0 learns such ids as
    categoricals) and ``ticket`` a near-unique categorical."""
    return Schema.from_dict({"tables": {"people": {"primary_key": "person_id", "columns": _columns(
        person_id="id", kontakt="email", tel="phone_number", ref="ssn", ticket="categorical",
        member_no="id", contact="categorical", segment="categorical", amount="numerical",
    )}}})


def _leaked(blob: bytes, values) -> list[str]:
    return [v for v in map(str, values)
            if v.encode() in blob or v.encode("utf-32-le") in blob]


def _secrets(frame: pd.DataFrame) -> list[str]:
    return [v for c in SECRET_COLUMNS if c in frame for v in frame[c].dropna().unique()]


@pytest.mark.parametrize("model", ["gaussian_copula", "ctgan", "tvae", "copulagan", "irgan"])
def test_single_table_model_files_hold_no_real_value(model, people, people_schema):
    params = {} if model == "gaussian_copula" else {"epochs": 1}
    fitted = synthesis.fit(model, people_schema, {"people": people}, params)
    assert _leaked(model_bytes(fitted), _secrets(people)) == []
    sample = fitted.sample(rows=10, seed=0)["people"]
    assert not sample[list(SECRET_COLUMNS)].isin(_secrets(people)).any().any()
    assert set(sample["segment"]) <= {"retail", "business"}  # frequent values stay real
    assert any("ticket" in note and "look-alikes" in note for note in fitted.info.notes)


@pytest.fixture(scope="module")
def club(people) -> tuple[dict[str, pd.DataFrame], Schema]:
    """people (parent) -> visits (child) with a phone and a near-unique remark."""
    fake = Faker("en_US")
    fake.seed_instance(12)
    visits = pd.DataFrame({
        "visit_id": range(1, 3 * ROWS + 1),
        "person_id": [1 + i % ROWS for i in range(3 * ROWS)],
        "caller": [fake.phone_number() for _ in range(3 * ROWS)],
        "remark": [f"{fake.word()} {fake.unique.random_int(1000, 9999)}"
                   for _ in range(3 * ROWS)],
        "minutes": np.random.default_rng(1).integers(5, 90, 3 * ROWS),
    })
    tables = {"people": people[["person_id", "kontakt", "ticket", "segment"]], "visits": visits}
    schema = Schema.from_dict({
        "tables": {
            "people": {"primary_key": "person_id", "columns": _columns(
                person_id="id", kontakt="email", ticket="categorical", segment="categorical")},
            "visits": {"primary_key": "visit_id", "columns": _columns(
                visit_id="id", person_id="id", caller="phone_number", remark="categorical",
                minutes="numerical")},
        },
        "relationships": [{"parent_table_name": "people", "parent_primary_key": "person_id",
                           "child_table_name": "visits", "child_foreign_key": "person_id"}],
    })
    return tables, schema


@pytest.mark.parametrize("model", ["hma", "gaussian_copula", "irgan"])
def test_multi_table_model_files_hold_no_real_value(model, club):
    tables, schema = club
    fitted = synthesis.fit(model, schema, tables, {"epochs": 1} if model == "irgan" else {})
    secrets = [*_secrets(tables["people"]), *tables["visits"]["caller"],
               *tables["visits"]["remark"]]
    assert _leaked(model_bytes(fitted), secrets) == []
    assert any("visits.remark" in note for note in fitted.info.notes)


def test_rare_values_become_distinct_look_alikes_and_frequent_ones_stay():
    values = ["AB-1234", "AB-1234", "cd.77", "Zürich 9", "x", "N/A"] + ["N/A"] * RARE_COUNT
    frame = pd.DataFrame({"k": range(len(values)), "code": values})
    schema = Schema.from_dict({"tables": {"t": {"primary_key": "k", "columns": {
        "k": {"sdtype": "id"}, "code": {"sdtype": "id"}}}}})
    masked = mask_identifying(schema, {"t": frame})["t"]
    code = masked["code"]
    assert (code == "N/A").sum() == RARE_COUNT + 1  # seen often enough to identify nobody
    assert code[0] == code[1] and code[0] != "AB-1234"  # one look-alike per real value
    assert not code[:5].isin(values).any()
    assert code[:5].nunique() == 4
    assert [len(v) for v in code[[0, 2, 3]]] == [7, 5, 8]
    assert code[0][:2].isupper() and code[0][2] == "-" and code[0][3:].isdigit()
    assert code[2][:2].islower() and code[2][2] == "." and code[2][3:].isdigit()
    assert masked.attrs["syndata_masked"] == {"code": 4}
    assert frame["code"].tolist() == values  # the real frame is untouched


def test_numbers_keep_their_dtype_and_magnitude():
    frame = pd.DataFrame({"k": range(30), "card": [4000000000000000 + 7919 * i
                                                    for i in range(30)]})
    schema = Schema.from_dict({"tables": {"t": {"primary_key": "k", "columns": {
        "k": {"sdtype": "id"}, "card": {"sdtype": "id"}}}}})
    card = mask_identifying(schema, {"t": frame})["t"]["card"]
    assert card.dtype == frame["card"].dtype
    assert not card.isin(frame["card"]).any()
    assert card.between(10**15, 10**16 - 1).all()


def test_which_columns_are_identifying(people, people_schema):
    chosen = identifying_columns(people_schema, "people", people)
    # ids (not the key), near-unique categoricals and personal data typed categorical;
    # PII-typed columns are faked anyway, amounts and segments identify nobody
    assert sorted(chosen) == ["contact", "member_no", "ticket"]


def test_small_value_spaces_still_get_new_distinct_values():
    frame = pd.DataFrame({"k": range(126), "ref": list(range(1, 41)) * 3 + ["-", ".", "", "x",
                                                                            "--", "y"]})
    frame["label"] = pd.Series(["a", "b", "c", "d", "e", "a"] * 21, dtype="category")
    schema = Schema.from_dict({"tables": {"t": {"primary_key": "k", "columns": {
        "k": {"sdtype": "id"}, "ref": {"sdtype": "id"}, "label": {"sdtype": "id"}}}}})
    masked = mask_identifying(schema, {"t": frame})["t"]
    real = set(map(str, frame["ref"]))
    fakes = masked["ref"].map(str)
    assert not fakes.isin(real).any()
    assert fakes.nunique() == frame["ref"].map(str).nunique()
    assert masked["label"].dtype == "category" and masked["label"].tolist() == frame[
        "label"].tolist()  # each seen 21+ times: not rare


def test_whole_numbers_stay_whole_numbers():
    frame = pd.DataFrame({"k": range(120), "n": list(range(1, 41)) * 3})
    schema = Schema.from_dict({"tables": {"t": {"primary_key": "k", "columns": {
        "k": {"sdtype": "id"}, "n": {"sdtype": "id"}}}}})
    n = mask_identifying(schema, {"t": frame})["t"]["n"]
    assert n.dtype == "int64" and not n.isin(range(1, 41)).any() and n.nunique() == 40
