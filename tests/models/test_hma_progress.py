"""HMA's progress: each table and relationship reported with a rising fraction, and a
fit that stops between tables and parents when cancelled."""

import pytest

from syndata import synthesis
from syndata.errors import CancelledError
from syndata.metadata import Schema
from tests.models.customers import customers_orders


def _fit_events(tables, cancel_after=None):
    events = []

    def cancel():
        return cancel_after is not None and len(events) >= cancel_after

    schema = Schema.detect(tables)
    model = synthesis.fit("hma", schema, tables, progress=events.append, cancel=cancel)
    return model, events


def test_hma_reports_each_table_and_relationship_with_a_rising_fraction():
    tables = customers_orders("score", "x")
    model, events = _fit_events(tables)
    messages = [e.message for e in events]
    assert "preparing table customers (1 of 2)" in messages
    assert "preparing table orders (2 of 2)" in messages
    assert any(m.startswith("learning orders per customers row (1 of 1 relationships): ")
               and m.endswith(" parents") for m in messages)
    assert "modelling table customers (1 of 2)" in messages
    fractions = [e.fraction for e in events]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert len(set(fractions)) >= 6

    sampled = []
    model.sample(seed=0, progress=sampled.append)
    texts = [e.message for e in sampled]
    assert "sampling table customers (1 of 2)" in texts
    assert any(t.startswith("sampling table orders (2 of 2): ") for t in texts)
    fractions = [e.fraction for e in sampled]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert not hasattr(model.synthesizer, "_pending")


@pytest.mark.parametrize("cancel_after", [1, 4])
def test_hma_fit_can_be_cancelled_between_tables_and_parents(cancel_after):
    tables = customers_orders("score", "x")
    with pytest.raises(CancelledError):
        _fit_events(tables, cancel_after=cancel_after)
