"""A shuffled copy of the weather slice (same marginals, no pairs left) and its evaluation,
shared by the score and JSON tests; the data fixtures are in ``tests/conftest.py``."""

import pytest

from syndata.evaluation import evaluate
from tests.evaluation.shuffling import shuffle_columns


@pytest.fixture(scope="session")
def shuffled_weather(weather, weather_schema):
    real = {"weather": weather}
    synthetic = {"weather": shuffle_columns(weather)}
    return real, synthetic, evaluate(real, synthetic, weather_schema)
