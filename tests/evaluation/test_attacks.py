"""The attacks find a model that memorises and stay near zero for one that does not.

"Members" are the training rows, "non-members" a holdout drawn from the same population;
a memorising model's synthetic data is a copy of the members, an honest one an independent
draw from the population.
"""

import argparse
import json

import numpy as np
import pandas as pd
import pytest

from syndata.commands.evaluate import run
from syndata.errors import EvaluationError
from syndata.evaluation import evaluate
from syndata.evaluation.attacks import (
    attribute_attack,
    membership_attack,
    sensitive_columns,
)
from syndata.metadata import Schema
from syndata.report import render_report
from tests.specs import table_schema, table_spec

SDTYPES = {"age": "numerical", "income": "numerical", "city": "categorical",
           "plan": "categorical"}
TABLE = table_schema(SDTYPES)


def population(rows: int, seed: int) -> pd.DataFrame:
    """Rows of one population: income follows age, plan follows city, with noise."""
    rng = np.random.default_rng(seed)
    age = rng.uniform(18, 80, rows)
    city = rng.choice(["Oslo", "Lyon", "Graz", "Turin"], rows)
    plan = np.where(rng.random(rows) < 0.7, np.where(city == "Oslo", "gold", "basic"),
                    rng.choice(["gold", "basic", "free"], rows))
    return pd.DataFrame({"age": age.round(1), "income": (age * 900 + rng.normal(0, 9000, rows)
                                                         ).round(0),
                         "city": city, "plan": plan})


@pytest.fixture(scope="module")
def sides() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(members, non-members, independent synthetic rows), 400 each."""
    return population(400, 1), population(400, 2), population(400, 3)


def test_membership_advantage_is_high_for_copies(sides):
    members, holdout, _ = sides
    risk = membership_attack(members, holdout, members.copy(), TABLE, seed=0)
    assert risk.advantage > 0.9
    assert risk.auc == pytest.approx(0.5 + risk.advantage / 2)
    assert (risk.members, risk.non_members) == (400, 400)


def test_membership_advantage_is_near_zero_for_independent_rows(sides):
    members, holdout, independent = sides
    risk = membership_attack(members, holdout, independent, TABLE, seed=0)
    assert abs(risk.advantage) < 0.1


def test_attribute_inference_finds_copies_not_independent_rows(sides):
    members, holdout, independent = sides
    copied = attribute_attack(members, holdout, members.copy(), TABLE, ["income", "plan"],
                              seed=0)
    honest = attribute_attack(members, holdout, independent, TABLE, ["income", "plan"], seed=0)
    assert [r.column for r in copied] == ["income", "plan"]
    assert all(r.baseline == "holdout" for r in copied)
    assert copied[0].member_success > 0.95 and copied[0].advantage > 0.3
    assert all(abs(r.advantage) < 0.1 for r in honest)


def test_attribute_inference_without_holdout_uses_the_naive_guess(sides):
    members, _, independent = sides
    numeric, label = attribute_attack(members, None, independent, TABLE, ["income", "plan"],
                                      seed=0)
    assert (numeric.baseline, label.baseline) == ("median guess", "majority guess")
    majority = members["plan"].value_counts(normalize=True).iloc[0]
    assert label.baseline_success == pytest.approx(majority)


def test_sensitive_columns_prefer_personal_data_else_the_most_distinct(sides):
    members, _, _ = sides
    assert sensitive_columns(TABLE, members, {"city"}) == (["city"], "personal-data columns")
    columns, why = sensitive_columns(TABLE, members, set())
    assert columns == ["income", "age", "city"] and "distinct" in why


def test_membership_needs_columns_and_rows(sides):
    members, holdout, _ = sides
    only_key = table_schema({"id": "id"}, primary_key="id")
    with pytest.raises(EvaluationError, match="nothing to compare"):
        membership_attack(pd.DataFrame({"id": [1, 2]}), pd.DataFrame({"id": [3, 4]}),
                          pd.DataFrame({"id": [5]}), only_key, seed=0)
    with pytest.raises(EvaluationError, match="2 holdout rows"):
        membership_attack(members, holdout.head(1), members, TABLE, seed=0)


def test_evaluate_json_has_the_attacks(sides):
    members, holdout, _ = sides
    schema = Schema.from_dict({"tables": {"t": table_spec(SDTYPES)}})
    result = evaluate({"t": members}, {"t": members.copy()}, schema, holdout={"t": holdout})
    privacy = result.to_json()["privacy"]
    json.dumps(privacy)
    table = privacy["tables"]["t"]
    assert privacy["membership_advantage"] == table["membership"]["advantage"] > 0.9
    assert {r["column"] for r in table["attribute_inference"]} == {"income", "age", "city"}
    assert [c["column"] for c in table["value_overlap"]] == list(SDTYPES)
    names = [f["name"] for f in privacy["findings"]]
    assert "Membership inference" in names and "Attribute inference: income" in names
    page = render_report(result, {"t": members}, {"t": members.copy()}, schema)
    assert "Membership attack advantage" in page and "2 x (AUC - 0.5)" in page
    assert "Real values per column" in page and "near-unique values copied" in page


def test_without_holdout_the_membership_attack_says_what_it_needs(sides):
    members, _, independent = sides
    schema = Schema.from_dict({"tables": {"t": table_spec(SDTYPES)}})
    result = evaluate({"t": members}, {"t": independent}, schema)
    finding = next(f for f in result.privacy.findings if f.name == "Membership inference")
    assert finding.value is None and "holdout" in finding.reading
    assert result.to_json()["privacy"]["membership_advantage"] is None
    assert result.not_computed == []


def test_a_holdout_without_the_columns_is_refused(sides):
    members, holdout, _ = sides
    schema = Schema.from_dict({"tables": {"t": table_spec(SDTYPES)}})
    with pytest.raises(EvaluationError, match="holdout table 't' lacks column"):
        evaluate({"t": members}, {"t": members}, schema, holdout={"t": holdout[["age"]]})
    with pytest.raises(EvaluationError, match="holdout has a table 'x'"):
        evaluate({"t": members}, {"t": members}, schema, holdout={"x": holdout})


def test_evaluate_command_takes_a_holdout(sides, tmp_path):
    members, holdout, independent = sides
    for folder, frame in (("real", members), ("holdout", holdout), ("synthetic", independent)):
        (tmp_path / folder).mkdir()
        frame.to_csv(tmp_path / folder / "t.csv", index=False)
    (tmp_path / "metadata.json").write_text(
        Schema.from_dict({"tables": {"t": table_spec(SDTYPES)}}).to_json())
    args = argparse.Namespace(
        real=[str(tmp_path / "real")], synthetic=[str(tmp_path / "synthetic")],
        holdout=[str(tmp_path / "holdout")], metadata=str(tmp_path / "metadata.json"),
        target=None, model=None, out=str(tmp_path / "r.html"), json=str(tmp_path / "s.json"))
    run(args)
    privacy = json.loads((tmp_path / "s.json").read_text())["privacy"]
    assert abs(privacy["membership_advantage"]) < 0.15
    assert privacy["tables"]["t"]["membership"]["non_members"] == 400
    args.holdout = [str(tmp_path / "nowhere")]
    with pytest.raises(EvaluationError, match="The holdout path .*nowhere does not exist"):
        run(args)
