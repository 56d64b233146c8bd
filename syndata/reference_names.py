"""Names of things in reference tables, which identify nobody and so are kept as they are.

Masking (``syndata.models.masking``) and the evaluation report (``syndata.evaluation.
redaction``) treat a categorical whose values are nearly all distinct as identifying: in a
customers table such a column is a free-text id or a person's name. In a lookup table that
other tables reference (airports, airlines, stores, products) the same shape is a list of
entity names, ``John F Kennedy Intl`` or ``Delta Air Lines Inc.``, that a user expects back
as they are; look-alikes (``Xuvn W Bqfvwla Ecyr``) make the output useless and protect
nobody. Both places ask this module, so a report shows what a model may hold.

A column is such a name only when every condition holds:

* its table is a parent of another table (reference data, not the facts about people);
* no column of the table holds personal data: no person-kind PII sdtype, nothing that
  ``syndata.pii.detect_pii`` flags (a customers or employees table keeps all its masking);
* it is a plain categorical or text column, not a key and not typed ``id``;
* its distinct values read as names: letters, no digits, no ``@`` (codes, ticket numbers
  and e-mails do not).
"""

from __future__ import annotations

import re
from collections.abc import Collection

import pandas as pd

from syndata.metadata import Schema
from syndata.pii import detect_pii
from syndata.vocabulary import is_pii_sdtype

NAME_SHARE = 0.9
"""Share of a column's distinct values that must read as names."""
_NAME_SDTYPES = frozenset({"categorical", "text"})
# PII sdtypes that describe places and organisations as often as people: a stores table
# with a city or a company is still reference data.
_THING_SDTYPES = frozenset({"city", "country", "postcode", "company", "url"})
_NAME = re.compile(r"^(?=.*[^\W\d_]{2})[^\d@]+$")


def reference_name_columns(
    schema: Schema, table: str, frame: pd.DataFrame, personal: Collection[str] | None = None
) -> set[str]:
    """Columns of ``table`` that name things in reference data, kept unmasked.

    ``personal`` is the table's personal-data columns when the caller has them already
    (the report does); otherwise they are detected here, and only for a referenced table
    with name-like columns, since ``detect_pii`` is the costly part.
    """
    if not any(r.parent == table and r.child != table for r in schema.relationships):
        return set()
    spec = schema.tables[table]
    keys = {spec.primary_key} | schema.foreign_keys(table)
    names = {c for c, col in spec.columns.items()
             if c in frame and c not in keys and col.sdtype in _NAME_SDTYPES
             and _reads_as_names(frame[c])}
    if not names:
        return set()
    if any(is_pii_sdtype(col.sdtype) and col.sdtype not in _THING_SDTYPES
           for col in spec.columns.values()):
        return set()
    if personal is None:
        plain = [c for c, col in spec.columns.items()
                 if c in frame and not is_pii_sdtype(col.sdtype)]
        personal = detect_pii(frame[plain]) if plain else {}
    people = [c for c in personal if c not in spec.columns
              or spec.columns[c].sdtype not in _THING_SDTYPES]
    return set() if people else names


def _reads_as_names(series: pd.Series) -> bool:
    if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series) \
            or pd.api.types.is_datetime64_any_dtype(series):
        return False
    distinct = pd.Series(series.dropna().unique())
    if distinct.empty or not distinct.map(lambda v: isinstance(v, str)).all():
        return False
    return bool(distinct.str.match(_NAME).mean() >= NAME_SHARE)
