"""The version of a session's data and schema that every cached Prepare view keys on.

Profiles, checks, PII findings, relationship candidates and charts take seconds on 100k
rows, so they are computed once per version and served from cache on every other rerun.
Hashing the frames on each rerun would itself take seconds, so the version is not a hash
of the data: each table frame gets a token the first time this session sees that object,
and a new token whenever the object is replaced. Every data edit replaces the frame
(uploads, dropped columns, dropped orphans, aligned keys: syndata never changes a loaded
frame in place), so the token changes with the data in O(tables). The schema part is its
JSON text, a few kilobytes: any edit of a type, key, relationship or group, by any page or
by a metadata upload, changes it without anyone having to remember to bump a counter.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from syndata.project import Project


@dataclass
class FrameTokens:
    """The token of each loaded frame; the frames are held so that an id is never reused."""

    seen: dict[str, tuple[pd.DataFrame, str]] = field(default_factory=dict)

    def tokens(self, tables: dict[str, pd.DataFrame]) -> tuple[tuple[str, str], ...]:
        """``(name, token)`` per table in order; forgets tables that are gone.

        A token is a random UUID: unique across sessions, so one server-wide cache serves
        them all, and across module reloads, which would restart a counter.
        """
        current = {}
        for name, frame in tables.items():
            known = self.seen.get(name)
            current[name] = (known if known and known[0] is frame
                             else (frame, uuid.uuid4().hex))
        self.seen = current
        return tuple((name, token) for name, (_, token) in current.items())


@dataclass(frozen=True)
class Version:
    """What the loaded tables and the schema are now; equal versions give equal views."""

    data: tuple[tuple[str, str], ...]
    schema: str
    metadata: dict[str, Any] = field(compare=False, hash=False, repr=False)

    def token(self, table: str) -> str:
        """The data token of one table."""
        return dict(self.data)[table]

    def table_meta(self, table: str) -> dict[str, Any]:
        """One table's SDV metadata (columns and primary key), as the views take it."""
        return self.metadata["tables"][table]

    def table_key(self, table: str) -> str:
        """Changes with that table's data, column types or primary key, and nothing else."""
        return f"{self.token(table)}:{json.dumps(self.table_meta(table), sort_keys=True)}"

    def digest(self, table: str) -> str:
        """``table_key`` in 12 characters, for widget keys that must follow the table."""
        return hashlib.sha1(self.table_key(table).encode()).hexdigest()[:12]


def version_of(project: Project, frames: FrameTokens) -> Version:
    """The project's version now (cheap: no pass over the rows)."""
    metadata = project.schema.to_dict()
    schema = json.dumps(metadata | {"groups": project.schema.groups}, sort_keys=True)
    return Version(frames.tokens(project.tables), schema, metadata)
