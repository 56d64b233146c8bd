"""One IRGAN model fitted once (1 epoch on 5 wine columns) for every ui test that lists it."""

import pytest

from syndata import synthesis
from syndata.metadata import Schema


@pytest.fixture(scope="session")
def wine():
    from sklearn.datasets import load_wine

    return {"wine": load_wine(as_frame=True).frame.iloc[:, :5]}


@pytest.fixture(scope="session")
def irgan_model(wine):
    return synthesis.fit("irgan", Schema.detect(wine), wine, {"epochs": 1, "batch_size": 100})
