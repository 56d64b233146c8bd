"""TableRows, TableModel's contexts and the condition a child row is generated from."""

import numpy as np
import pandas as pd

from irgan.context import ContextBuilder
from irgan.encoding import TableEncoder
from irgan.schema import ForeignKey
from irgan.table import TableModel, TableRows, child_condition


def test_child_condition_holds_parent_summary_null_flag_group_size_and_position():
    parent_ctx = np.array([[10.0], [20.0]], dtype=np.float32)
    summary = np.array([[0.5], [0.75]], dtype=np.float32)
    out = child_condition(parent_ctx, np.array([0, 0, 1, -1]), summary)
    assert out.shape == (4, 2 + 1 + 2)
    assert out[:, :2].tolist() == [[10.0, 0.5], [10.0, 0.5], [20.0, 0.75], [0.0, 0.0]]
    assert out[:, 2].tolist() == [0.0, 0.0, 0.0, 1.0]  # the null flag
    assert np.allclose(out[:, 3], np.log1p([2, 2, 1, 0]))  # group size
    assert np.allclose(out[:, 4], [0.25, 0.75, 0.5, 0.0])  # position in the group


def test_contexts_reach_one_level_further_up_per_depth_and_refill_the_same_way():
    fk = ForeignKey(parent="p", parent_key="id", child="c", column="pid")
    parent = TableRows(np.ones((3, 2), np.float32), contexts=[
        np.full((3, 1), 5.0, np.float32), np.full((3, 1), 7.0, np.float32)])
    child = TableRows(np.zeros((4, 1), np.float32), parents={"pid": np.array([0, 2, -1, 1])})
    enc = TableEncoder.fit(pd.DataFrame({"x": [0.0]}), {}, 50)
    model = TableModel("c", 4, ["pid"], enc)
    model.fit_contexts(child, [fk], {"p": parent}, dims=32, depth=2, seed=0)
    assert [c.shape for c in child.contexts] == [(4, 1), (4, 3), (4, 3)]
    assert all(isinstance(b, ContextBuilder) for b in model.context_builders)
    assert child.context is child.contexts[-1]
    again = TableRows(child.encoded, child.parents)
    model.fill_contexts(again, [fk], {"p": parent})
    assert all(np.allclose(a, b) for a, b in zip(again.contexts, child.contexts, strict=True))
