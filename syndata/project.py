"""A user's working set: the real tables, where they came from, and their schema.

The app keeps one ``Project`` per browser session; the CLI builds one from files. Adding a
table detects its types and its links to the tables already there without undoing the
edits the user made to those.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from syndata.demos import load_demo
from syndata.errors import MetadataError
from syndata.ingest import CsvOptions, read_csv_bytes, table_name_for
from syndata.metadata import Schema
from syndata.pii import apply_detected_pii


@dataclass
class Project:
    """Real tables by name, each table's source file, and the schema being prepared."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    schema: Schema = field(default_factory=Schema)

    @property
    def empty(self) -> bool:
        return not self.tables

    def add_csv(self, data: bytes, filename: str, options: CsvOptions | None = None) -> str:
        """Parse a CSV and add it as a new table; returns the (unique) table name."""
        df = read_csv_bytes(data, filename, options or CsvOptions())
        return self.add_table(df, filename)

    def add_table(self, df: pd.DataFrame, source: str) -> str:
        """Add a table, detect its types and the relationships it takes part in.

        PII-looking columns get their PII type at once, so a user who changes nothing on
        the Prepare page still gets fake values there, never copies of real ones.
        """
        name = table_name_for(source, self.tables)
        detected = Schema.detect({**self.tables, name: df})
        apply_detected_pii(detected, {name: df})
        self.tables[name] = df
        self.sources[name] = source
        self.schema.tables[name] = detected.tables[name]
        for rel in detected.relationships:
            if name in (rel.parent, rel.child) and rel not in self.schema.relationships:
                self._link(rel.parent, rel.child, rel.child_key)
        return name

    def _link(self, parent: str, child: str, child_key: str) -> None:
        """Add a detected relationship unless the user's edits make it invalid."""
        if self.schema.tables[parent].primary_key is None:
            return
        try:
            self.schema.add_relationship(parent, child, child_key)
        except MetadataError:
            return

    def remove_table(self, name: str) -> None:
        self.schema.drop_table(name)
        del self.tables[name]
        self.sources.pop(name, None)

    def drop_columns(self, table: str, columns: list[str]) -> list[str]:
        """Drop columns from the data and the schema; returns the relationships removed."""
        removed = self.schema.drop_columns(table, columns)
        self.tables[table] = self.tables[table].drop(columns=columns)
        return [r.label() for r in removed]

    @classmethod
    def from_demo(cls, key: str) -> Project:
        demo = load_demo(key)
        return cls(dict(demo.tables), {t: f"demo: {demo.title}" for t in demo.tables},
                   demo.schema)

    def summary(self) -> pd.DataFrame:
        """One row per table for the home page."""
        rows = []
        for name, df in self.tables.items():
            table = self.schema.tables.get(name)
            rows.append({
                "table": name, "source": self.sources.get(name, ""), "rows": len(df),
                "columns": df.shape[1],
                "primary key": (table.primary_key if table else None) or "",
                "links": sum(name in (r.parent, r.child) for r in self.schema.relationships),
            })
        return pd.DataFrame(rows)
