"""SDV's data pass on the Prepare page: each distinct value checked once, same verdicts.

The pass shows SDV only the columns whose values it must judge, each distinct value once
(``validation._sdv_view``); these tests pin that nothing it used to catch slips through.
"""

import pandas as pd

from syndata.metadata import Schema
from syndata.validation import validate


def _schema(df: pd.DataFrame, **sdtypes: str) -> Schema:
    schema = Schema.detect({"t": df})
    for column, sdtype in sdtypes.items():
        schema.set_sdtype("t", column, sdtype, "%Y-%m-%d" if sdtype == "datetime" else None)
    return schema


def test_a_bad_date_after_the_first_rows_is_found_with_its_fix():
    days = pd.date_range("2020-01-01", periods=900).strftime("%Y-%m-%d").tolist()
    days[700] = "2020-13-45"
    df = pd.DataFrame({"row": range(900), "day": days})
    problems = validate(_schema(df, day="datetime"), {"t": df})
    (problem,) = problems
    assert "'2020-13-45' does not match the datetime format %Y-%m-%d" in problem.message
    assert [f.label for f in problem.fixes] == ["Make day categorical"]


def test_values_only_sdv_judges_are_still_judged_among_repeats():
    df = pd.DataFrame({"row": range(300), "flag": ["yes", "no", "yes"] * 100})
    problems = validate(_schema(df, flag="boolean"), {"t": df})
    assert any("Invalid values found for boolean column 'flag'" in p.message for p in problems)

