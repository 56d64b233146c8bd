"""Verdict bands and the advice they lead to."""

import pandas as pd

from syndata.evaluation import evaluate
from syndata.evaluation.evaluate import fit_context
from syndata.evaluation.level import NOT_SCORED, FitContext, quality_level, recommendations
from syndata.metadata import Schema


def test_bands():
    assert [quality_level(s) for s in (0.95, 0.9, 0.85, 0.75, 0.5)] == [
        "Excellent",
        "Excellent",
        "Good",
        "Fair",
        "Poor",
    ]


def test_advice_names_weak_columns_and_properties():
    columns = pd.DataFrame({"Table": ["t", "t"], "Column": ["good", "bad"], "Score": [0.95, 0.4]})
    advice = recommendations(
        0.6, 0.9, {"Column Shapes": 0.7, "Cardinality": 0.5}, columns, None, True, 0.2
    )
    text = " ".join(advice)
    assert "t / bad (0.40)" in text and "t / good" not in text
    assert "Diagnostic score 0.90" in text
    assert "relational model" in text and "epochs" in text
    assert "copy" in text and "poor" in text


def test_clean_result_says_ready():
    advice = recommendations(0.95, 1.0, {"Column Shapes": 0.95}, None, None, False, 1.2)
    assert advice == ["Quality is high and no privacy issue was found: ready for use."]


def test_a_table_of_ids_is_not_scored_rather_than_poor():
    frame = pd.DataFrame({"id": range(30)})
    metadata = {"tables": {"t": {"primary_key": "id", "columns": {"id": {"sdtype": "id"}}}}}
    result = evaluate({"t": frame}, {"t": frame}, Schema.from_dict(metadata))
    assert result.level == NOT_SCORED
    assert result.to_json()["quality"] is None
    assert "No quality score" in result.recommendations[0]


_WEAK = {"Column Shapes": 0.6, "Column Pair Trends": 0.6, "Cardinality": 0.5,
         "Intertable Trends": 0.5}


def _advice(context: FitContext) -> str:
    weak = _WEAK if context.multi_table else {"Column Shapes": 0.6, "Column Pair Trends": 0.6}
    return " ".join(recommendations(0.75, 1.0, weak, None, None, False, 1.0, context=context))


def test_multi_table_advice_names_relational_models_never_single_table_ones():
    for model in (None, "hma", "irgan"):
        text = _advice(FitContext(model=model, multi_table=True))
        assert "CTGAN" not in text and "TVAE" not in text and "GaussianCopula" not in text
        assert "IRGAN" in text
    assert "HMA or IRGAN" in _advice(FitContext(multi_table=True))
    assert "fit IRGAN" in _advice(FitContext(model="hma", multi_table=True))
    independent = _advice(FitContext(model="ctgan", multi_table=True))
    assert "CTGAN fits each table on its own" in independent and "HMA or IRGAN" in independent


def test_schemas_beyond_hma_get_the_relational_models_that_take_them():
    limited = FitContext(multi_table=True, refusals={"hma": "HMA handles at most 5 tables"})
    text = _advice(limited)
    assert "HMA" not in text.replace("HMA handles", "") and "IRGAN" in text
    tables = {f"t{i}": {"columns": {"id": {"sdtype": "id"}}, "primary_key": "id"}
              for i in range(6)}
    relationships = [
        {"parent_table_name": f"t{i}", "parent_primary_key": "id",
         "child_table_name": f"t{i + 1}", "child_foreign_key": "id"}
        for i in range(5)
    ]
    schema = Schema.from_dict({"tables": tables, "relationships": relationships})
    context = fit_context(schema, None)
    assert context.multi_table and context.refusals and context.relational_models == "IRGAN or CART"


def test_single_table_advice_depends_on_the_model():
    copula = _advice(FitContext(model="gaussian_copula"))
    assert "CTGAN, TVAE" in copula and "HMA" not in copula
    ctgan = _advice(FitContext(model="ctgan"))
    assert "train CTGAN for more epochs" in ctgan and "compare TVAE, CopulaGAN, IRGAN" in ctgan
    assert "IRGAN for more epochs" in _advice(FitContext(model="irgan"))
    assert "HMA" not in _advice(FitContext())


def test_clean_verdict_says_when_some_checks_did_not_run():
    advice = recommendations(0.95, 1.0, {}, None, None, False, 1.0, incomplete=True)
    assert "checks that ran" in advice[0] and "ready for use" not in advice[0]


def test_the_app_job_passes_the_fitted_model_to_the_advice(airline_tables, airline_meta):
    from syndata.tasks import evaluate_job

    flights = airline_tables["flights"].assign(carrier="UA")
    synthetic = {"airlines": airline_tables["airlines"], "flights": flights}
    kwargs = {"real": airline_tables, "synthetic": synthetic,
              "schema": Schema.from_dict(airline_meta), "target": None}
    hma = evaluate_job(lambda p: None, lambda: False, **kwargs, model="hma")
    assert hma.properties["Cardinality"] < 0.8
    text = " ".join(hma.recommendations)
    assert "fit IRGAN and compare" in text and "CTGAN" not in text
    unknown = " ".join(evaluate_job(lambda p: None, lambda: False, **kwargs).recommendations)
    assert "HMA or IRGAN" in unknown and "CTGAN" not in unknown


def test_poor_quality_advice_offers_epochs_only_to_models_that_have_them():
    def last(context):
        return recommendations(0.5, 1.0, {}, None, None, False, 1.0, context=context)[-1]

    hma = last(FitContext(model="hma", multi_table=True))
    assert hma.endswith("compare another model (IRGAN).")
    assert "epochs" not in last(FitContext(model="gaussian_copula"))
    assert "CTGAN, TVAE, IRGAN" in last(FitContext(model="gaussian_copula"))
    assert "train TVAE for more epochs" in last(FitContext(model="tvae"))
