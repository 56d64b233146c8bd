"""A ``Schema`` from data frames: column types, primary keys, key formats, relationships.

SDV's pass gives the column types (``sdv_metadata.sdv_detected``); ``syndata.detection``
corrects dates and key formats, ``syndata.keys`` picks each primary key and accepts the
foreign keys it is confident about (the rest are offered by
``keys.relationship_candidates``). Editing the schema afterwards is ``syndata.metadata``'s
concern; this module only reads values.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from syndata import detection, keys
from syndata.errors import MetadataError
from syndata.metadata import Schema
from syndata.pii import detect_pii
from syndata.sdv_metadata import sdv_detected
from syndata.vocabulary import PII_SDTYPES


def detect_schema(tables: Mapping[str, pd.DataFrame]) -> Schema:
    """Detect types with SDV, then keys, formats and relationships from the values."""
    schema = sdv_detected(tables)
    for name, df in tables.items():
        detect_primary_key(schema, str(name), df)
    detection.refine(schema, tables)
    for cand in keys.accepted(keys.relationship_candidates(schema, tables)):
        try:
            schema.add_relationship(cand.parent, cand.child, cand.child_key)
        except MetadataError:
            continue
    if len(schema.tables) > 1 and schema.relationships:
        schema.groups["all tables"] = list(schema.tables)
    return schema


def detect_primary_key(schema: Schema, table: str, df: pd.DataFrame) -> None:
    """Our choice of primary key replaces SDV's (which takes the first unique column).

    Datetimes are never keys, and neither are columns that look like personal data by
    name or by values: a key is regenerated in the real values' format, and for unique
    e-mails such as ``user12@example.org`` that format reproduces real addresses. A user
    who wants such a key sets it by hand.
    """
    spec = schema.table(table)
    dates = {c for c, v in spec.columns.items() if v.sdtype == "datetime"}
    pii = {c for c, v in spec.columns.items() if v.sdtype in PII_SDTYPES}
    chosen = keys.primary_key(table, df, dates | pii | set(detect_pii(df)))
    old = spec.primary_key
    if chosen == old:
        return
    if old and old in spec.columns and old in df:
        spec.columns[old].natural = detection.value_sdtype(df[old])
    if chosen is None:
        schema.remove_primary_key(table)
    else:
        schema.set_primary_key(table, chosen)


def learn_key_formats(schema: Schema, tables: Mapping[str, pd.DataFrame]) -> None:
    """Give each text id column without a ``regex_format`` the format of its values.

    Metadata written by hand or exported by SDV rarely has one, and SDV then writes keys
    such as ``C001`` or ``0042`` as ``sdv-id-aBcDeF``: the output no longer looks like the
    input and joins on it break. Columns that look like personal data are left alone, as
    for a detected key: a format read from unique e-mails rebuilds real ones.
    """
    for name, table in schema.tables.items():
        if name not in tables:
            continue
        personal = set(detect_pii(tables[name]))
        for column, spec in table.columns.items():
            if (spec.sdtype == "id" and "regex_format" not in spec.formats
                    and column not in personal):
                schema.learn_key_format(name, column, tables)
