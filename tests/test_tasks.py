"""The job targets in the runner's ``(progress, cancel, **kwargs)`` form, called as a worker
calls them: arguments and results that pickle, progress passed on, cancel honoured."""

import pickle

import pytest

from syndata.errors import CancelledError
from syndata.metadata import Schema
from syndata.tasks import fit_job, sample_job


def test_fit_then_sample_pass_progress_on_and_pickle(shop):
    users = {"users": shop["users"]}
    kwargs = pickle.loads(pickle.dumps({"model": "gaussian_copula",
                                        "schema": Schema.detect(users),
                                        "tables": users, "params": {}}))
    reports = []
    model = pickle.loads(pickle.dumps(fit_job(reports.append, lambda: False, **kwargs)))
    assert model.info.model == "gaussian_copula" and model.info.tables == ["users"]
    assert reports and reports[-1].fraction == pytest.approx(1.0)

    sampled = []
    first = sample_job(sampled.append, lambda: False, model=model, rows=7, scale=None, seed=3)
    again = sample_job(lambda p: None, lambda: False, model=model, rows=7, scale=None, seed=3)
    assert list(first) == ["users"] and len(first["users"]) == 7
    assert first["users"].equals(again["users"])
    assert sampled and sampled[-1].fraction == 1.0 and sampled[-1].message == "sampled"
    assert len(sample_job(lambda p: None, lambda: False, model=model, rows=None, scale=0.5,
                          seed=0)["users"]) == 25


def test_a_fit_stops_when_its_cancel_check_says_so(shop):
    with pytest.raises(CancelledError, match="Cancelled by the user"):
        fit_job(lambda p: None, lambda: True, model="hma", schema=Schema.detect(shop),
                tables=shop, params={})
