"""Sequence checks on a tiny hand-built table: a copy scores 1, shuffled orders score low."""

import numpy as np
import pytest

from syndata.errors import EvaluationError
from syndata.evaluation.sequences import sequence_checks, sequence_frame, table_sequences
from syndata.metadata import Column
from tests.sequences import events, events_schema


def _scores(synthetic):
    return sequence_checks({"events": events()}, {"events": synthetic}, events_schema())[0]


def test_a_copy_scores_one():
    scores = _scores(events())
    assert scores.lengths == scores.gaps == scores.score == 1.0
    assert scores.transitions == {"state": 1.0}
    assert scores.ordered_real == scores.ordered_synthetic == 1.0


def test_shuffled_states_lose_their_transitions():
    rng = np.random.default_rng(0)
    frame = events()
    shuffled = frame.assign(state=rng.permutation(frame["state"].to_numpy()))
    scores = _scores(shuffled)
    assert scores.transitions["state"] < 0.8
    assert scores.lengths == 1.0


def test_shuffled_times_lose_gaps_and_order():
    rng = np.random.default_rng(0)
    frame = events()
    shuffled = frame.assign(time=rng.permutation(frame["time"].to_numpy()))
    scores = _scores(shuffled)
    assert scores.gaps < 0.6
    assert scores.ordered_synthetic < 0.5


def test_rows_out_of_order_read_as_unordered_only():
    scores = _scores(events().sample(frac=1.0, random_state=0))
    assert scores.score == 1.0
    assert scores.ordered_synthetic < 0.5


def test_numeric_index_and_frame_for_the_report():
    schema = events_schema()
    frame = events().assign(step=lambda f: f.groupby("account_id").cumcount())
    schema.table("events").columns["step"] = Column("numerical")
    schema.set_sequence("events", "account_id", "step")
    scores = table_sequences(frame, frame, "events", schema.table("events"))
    assert scores.gaps == 1.0
    table = sequence_frame([scores])
    assert {"lengths (rows per entity)", "gaps in step", "transitions of state"} <= set(
        table["check"])


def test_a_synthetic_table_without_the_key_is_named():
    with pytest.raises(EvaluationError, match="lacks the sequence column"):
        _scores(events().drop(columns=["account_id"]))
