"""TableFitter: one table's fit step by step, and the epoch reports over all tables."""

import numpy as np
import pandas as pd
import pytest

from irgan import Cancelled, IRGANConfig
from irgan.fitter import EpochCallback, TableFitter
from irgan.schema import Schema

CONFIG = IRGANConfig(device="cpu", hidden_size=16, min_steps_per_epoch=1, batch_size=50)


def _fitters():
    rng = np.random.default_rng(0)
    few = pd.DataFrame({"id": range(3), "size": [1.0, 2.0, 3.0]})
    many = pd.DataFrame({"id": range(30), "w": rng.normal(size=30)})
    child = pd.DataFrame({"few_id": rng.integers(0, 3, 120), "many_id": rng.integers(0, 30, 120),
                          "v": rng.normal(size=120)})
    child.loc[:9, "few_id"] = None
    idt, num = {"sdtype": "id"}, {"sdtype": "numerical"}
    meta = {
        "tables": {"few": {"primary_key": "id", "columns": {"id": idt, "size": num}},
                   "many": {"primary_key": "id", "columns": {"id": idt, "w": num}},
                   "child": {"columns": {"few_id": idt, "many_id": idt, "v": num}}},
        "relationships": [
            {"parent_table_name": p, "parent_primary_key": "id", "child_table_name": "child",
             "child_foreign_key": f"{p}_id"} for p in ("few", "many")],
    }
    schema = Schema.from_metadata(meta)
    frames = {"few": few, "many": many, "child": child}
    parents = {"few": {}, "many": {},
               "child": {f"{p}_id": pd.Index(frames[p]["id"]).get_indexer(child[f"{p}_id"])
                         for p in ("few", "many")}}
    fitters = {name: TableFitter.start(schema.tables[name], frames[name], parents[name], CONFIG)
               for name in schema.order}
    for fitter in fitters.values():
        fitter.fit_contexts(fitters, CONFIG)
    return fitters


def test_the_key_over_most_parents_is_primary_and_the_other_is_matched():
    fitters = _fitters()
    child = fitters["child"]
    for fitter in fitters.values():
        fitter.fit_links(fitters, 0, lambda: False, lambda _: None)
    model = child.model
    assert model.primary.column == "many_id" and [fk.column for fk in model.others] == ["few_id"]
    own = child.rows.encoded.shape[1]
    a, b = model.expected_spans["few_id"]
    assert a == own and child.data.shape == (120, b) and len(child.condition) == 120
    assert model.other_null["few_id"].share == pytest.approx(10 / 120)
    assert model.primary_counts == (120, 0)
    assert fitters["few"].condition is None and fitters["few"].data.shape[0] == 3


def test_a_cancel_between_key_models_stops_the_fit():
    fitters = _fitters()
    with pytest.raises(Cancelled):
        fitters["child"].fit_links(fitters, 0, lambda: True, lambda _: None)


def test_epoch_reports_count_steps_over_all_tables_and_keep_2_percent_back():
    fitters = _fitters()
    for fitter in fitters.values():
        fitter.fit_links(fitters, 0, lambda: False, lambda _: None)
        fitter.build_gan(CONFIG.generator_config("float32"), "cpu")
    child = fitters["child"]
    seen = []
    callback = EpochCallback(child.steps * 2, seen.append)
    child.model.epochs = 2
    callback(child, 0, 0.5)
    callback(child, 1, 0.25)
    assert [p.fraction for p in seen] == [0.49, 0.98]
    assert [(p.table, p.epoch, p.epochs, p.loss) for p in seen] == [
        ("child", 1, 2, 0.5), ("child", 2, 2, 0.25)]
