"""Checks of data and schema together, run before any fit.

Every problem is found in one pass so the user fixes them all at once, and most come with a
``Fix`` the Prepare page applies in one click. SDV's own validation runs last, to catch what
our checks do not know about, with its message cleaned up.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from syndata.errors import MetadataError, ValidationError, one_line
from syndata.metadata import Column, Relationship, Schema, Table, topological_order
from syndata.models.masking import RARE_COUNT, ValueSpread
from syndata.pii import PiiFinding, detect_pii
from syndata.reference_names import reference_name_columns
from syndata.vocabulary import PII_SDTYPES

# PII sdtypes that are Faker functions, so SDV accepts them as key types. The IP address
# ones are not (Faker calls them ipv4 and ipv6): SDV refuses those keys, and so do we.
FAKER_KEY_SDTYPES = frozenset(PII_SDTYPES) - {"ipv4_address", "ipv6_address"}
# Sdtypes whose real values a model learns as labels and samples back: a near-unique or
# personal-looking column of these leaks real values (an id is regenerated, unless it looks
# like personal data, which a user's metadata can type id).
_LABEL_SDTYPES = frozenset({"categorical", "ordinal", "text", "unknown"})
# Fewer values than this say nothing about uniqueness (one plane's speed is "100% distinct").
_MIN_VALUES_FOR_UNIQUE = 2 * RARE_COUNT
_LEARNED_AS_LABELS = (
    f"it is learned as categories: values shared by {RARE_COUNT} or more rows come back as "
    "real ones, the rarer ones as look-alikes masked before the fit"
)


@dataclass(frozen=True)
class Fix:
    """An edit that resolves a problem: ``action`` names a function of ``apply_fix``."""

    action: str
    label: str
    args: tuple[Any, ...] = ()


@dataclass(frozen=True)
class Problem:
    """One thing to fix before fitting, in words a user can act on.

    ``blocking=False`` marks a warning: the fit may go ahead, but the output may carry real
    values (``leak_problems``).
    """

    message: str
    table: str | None = None
    fixes: tuple[Fix, ...] = field(default_factory=tuple)
    blocking: bool = True


def validate(
    schema: Schema, tables: Mapping[str, pd.DataFrame], sdv_data_checks: bool = True,
    leak_checks: bool = True,
) -> list[Problem]:
    """All problems of ``schema`` with ``tables`` (none ``blocking``: ready to fit).

    ``sdv_data_checks=False`` skips SDV's own pass over the data, which every SDV ``fit``
    repeats anyway: the fit path saves that time, the Prepare page keeps it.
    ``leak_checks=False`` leaves out the warnings of ``leak_problems`` (they block nothing).
    """
    problems: list[Problem] = []
    try:
        topological_order(schema)
    except MetadataError as exc:
        problems.append(Problem(str(exc)))
        return problems
    for name, table in schema.tables.items():
        if name not in tables:
            problems.append(Problem(f"The schema names {name}, but no such table is loaded.", name))
            continue
        problems += _column_problems(name, table.columns, tables[name])
        if table.primary_key and table.primary_key in tables[name]:
            problems += _key_problems(name, table.primary_key, tables[name][table.primary_key])
        if table.sequential:
            problems += _sequence_problems(name, table, tables[name])
    for rel in schema.relationships:
        problems += _key_type_problems(schema, rel)
        if rel.parent in tables and rel.child in tables:
            problems += _relationship_problems(rel, tables)
    if not problems:
        problems += _sdv_problems(schema, tables, sdv_data_checks)
    if leak_checks:
        problems += leak_problems(schema, tables)
    return problems


def check(schema: Schema, tables: Mapping[str, pd.DataFrame]) -> None:
    """Raise ``ValidationError`` listing every blocking problem, if any (before a fit)."""
    problems = validate(schema, tables, sdv_data_checks=False, leak_checks=False)
    if problems:
        raise ValidationError([p.message for p in problems])


@dataclass(frozen=True)
class LeakFacts:
    """What the leak warnings read of one table's values, whatever the schema says: each
    column's ``ValueSpread`` and the personal-looking columns among those with a rare value.

    Schema edits change only which columns are read, so the Prepare page computes these
    once per data version (cached like the profile) and ``leak_problems`` applies the
    schema in milliseconds. ``detect_pii`` (the costly part: 8 s for 100 columns of 100k
    rows) only looks at columns with a value seen in fewer than ``RARE_COUNT`` rows:
    values shared by more rows point at nobody, as masking reads them.
    """

    spreads: dict[str, ValueSpread]
    personal: dict[str, PiiFinding]

    @classmethod
    def of(cls, frame: pd.DataFrame, columns: list[str] | None = None) -> LeakFacts:
        """The facts of ``columns`` (default: every column) of ``frame``."""
        spreads = {str(c): ValueSpread.of(frame[c]) for c in columns or frame.columns}
        unsure = [c for c, spread in spreads.items() if spread.rare]
        return cls(spreads, detect_pii(frame[unsure]) if unsure else {})


def leak_problems(schema: Schema, tables: Mapping[str, pd.DataFrame],
                  facts: Mapping[str, LeakFacts] | None = None) -> list[Problem]:
    """Warnings for plain, non-key columns whose real values would reach the output.

    A column typed as labels (categorical, ordinal, text) whose values are near unique per
    row (over ``NEAR_UNIQUE_SHARE`` distinct among at least ``_MIN_VALUES_FOR_UNIQUE``), or
    any such column or id whose values look like personal data (``detect_pii``), is learned
    value by value: ``syndata.models.masking`` swaps its rare values for look-alikes before
    a fit, the others come back real. The fix regenerates it: its PII sdtype, or ``id``
    (new values in the real format). Names of things in a reference table (airports)
    identify nobody and pass. ``facts``: each table's ``LeakFacts`` where already known
    (the Prepare page's cache); the others are read here, of the checked columns only.
    """
    facts = facts or {}
    return [problem for name in schema.tables if name in tables
            for problem in _table_leaks(schema, name, tables[name], facts.get(name))]


def _table_leaks(schema: Schema, name: str, frame: pd.DataFrame,
                 facts: LeakFacts | None) -> list[Problem]:
    """``leak_problems`` of one table, from its ``facts`` (read now when None)."""
    table = schema.tables[name]
    passed = {table.primary_key} | schema.foreign_keys(name)
    passed |= reference_name_columns(schema, name, frame)
    checked = [column for column, spec in table.columns.items()
               if column in frame and column not in passed
               and (spec.sdtype in _LABEL_SDTYPES or spec.sdtype == "id")]
    facts = facts or LeakFacts.of(frame, checked)
    problems = []
    for column in checked:
        sdtype, spread = table.columns[column].sdtype, facts.spreads[column]
        if column in facts.personal:
            finding = facts.personal[column]
            problems.append(Problem(
                f"{name}.{column} is typed {sdtype} but {finding.explanation}; "
                f"{_LEARNED_AS_LABELS}. Regenerate it as PII ({finding.sdtype}).", name,
                (Fix("set_sdtype", f"Regenerate {column} as {finding.sdtype}",
                     (name, column, finding.sdtype)),), blocking=False))
        elif (sdtype in _LABEL_SDTYPES and spread.near_unique
              and spread.values >= _MIN_VALUES_FOR_UNIQUE):
            problems.append(Problem(
                f"{name}.{column} is typed {sdtype} but {spread.share:.0%} of its values are "
                f"distinct, each pointing at about one row; {_LEARNED_AS_LABELS}. Treat it "
                "as an id (new values in the real format), or give it a PII sdtype if it is "
                "personal data.", name,
                (Fix("set_sdtype", f"Treat {column} as an id", (name, column, "id")),),
                blocking=False))
    return problems


def apply_fix(
    fix: Fix, schema: Schema, tables: dict[str, pd.DataFrame]
) -> tuple[Schema, dict[str, pd.DataFrame]]:
    """Apply a suggested fix; returns new objects, the inputs are left as they were."""
    schema, tables = schema.copy(), dict(tables)
    if fix.action == "set_sdtype":
        table, column, sdtype = fix.args
        schema.set_sdtype(table, column, sdtype)
    elif fix.action == "remove_primary_key":
        schema.remove_primary_key(fix.args[0], tables)
    elif fix.action == "clear_sequence":
        schema.clear_sequence(fix.args[0])
    elif fix.action == "drop_orphans":
        tables = drop_orphans(schema, tables)
    elif fix.action == "align_key":
        tables[fix.args[0]] = _aligned(tables, *fix.args)
    elif fix.action == "drop_table_columns":
        table, columns = fix.args
        tables[table] = tables[table].drop(columns=list(columns))
    else:
        raise MetadataError(f"Unknown fix '{fix.action}'.")
    return schema, tables


def orphan_counts(schema: Schema, tables: Mapping[str, pd.DataFrame]) -> dict[Relationship, int]:
    """Child rows whose (non-null) foreign key matches no parent row, per relationship."""
    counts = {}
    for rel in schema.relationships:
        if rel.parent in tables and rel.child in tables:
            fk = tables[rel.child][rel.child_key]
            orphans = fk.notna() & ~fk.isin(tables[rel.parent][rel.parent_key])
            counts[rel] = int(orphans.sum())
    return counts


def drop_orphans(schema: Schema, tables: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Drop child rows with unknown references, cascading down the schema (SDV's rule).

    Written here rather than calling SDV's ``drop_unknown_references``: that one validates
    the whole metadata and data first and raises its own errors on anything else wrong (a
    cycle, keys of two types, a date format), which ``validate`` reports in our words with
    every other problem. So a schema with a cycle is left as it is, and a relationship whose
    keys hold different kinds of values is skipped (every row would look orphaned).
    """
    out = dict(tables)
    try:
        order = topological_order(schema)
    except MetadataError:
        return out
    for name in order:
        for rel in schema.parents_of(name):
            if rel.parent not in out or rel.child not in out:
                continue
            child, pk = out[rel.child], out[rel.parent][rel.parent_key]
            fk = child[rel.child_key]
            if _kind(fk) != _kind(pk):
                continue
            known = fk.isna() | fk.isin(pk)
            if len(child) and not known.any():
                raise ValidationError([
                    f"{rel.label()}: none of the {len(child):,} rows of {rel.child} references "
                    f"a {rel.parent} that exists, so dropping them would leave {rel.child} "
                    f"empty. Check that {rel.child}.{rel.child_key} refers to "
                    f"{rel.parent}.{rel.parent_key}."])
            out[rel.child] = child[known]
    return out


def _column_problems(name: str, columns: Mapping, df: pd.DataFrame) -> list[Problem]:
    problems = []
    missing = [c for c in columns if c not in df.columns]
    if missing:
        problems.append(Problem(
            f"{name}: the schema lists column(s) {missing} that the data does not have. "
            "Re-detect the schema or upload the right file.", name))
    extra = [c for c in df.columns if c not in columns]
    if extra:
        problems.append(Problem(
            f"{name}: column(s) {extra} are in the data but not in the schema. Add them to "
            "the metadata or drop them from the data.", name,
            (Fix("drop_table_columns", f"Drop {extra} from {name}", (name, tuple(extra))),)))
    for column, spec in columns.items():
        if column not in df.columns:
            continue
        values = df[column].dropna()
        if spec.sdtype == "numerical" and not pd.api.types.is_numeric_dtype(values):
            bad = pd.to_numeric(values, errors="coerce").isna()
            if bad.any():
                problems.append(Problem(
                    f"{name}.{column} is typed numerical but holds text such as "
                    f"'{values[bad].iloc[0]}'.", name,
                    (Fix("set_sdtype", f"Make {column} categorical",
                         (name, column, "categorical")),)))
        if spec.sdtype == "datetime" and spec.datetime_format and len(values):
            # Every distinct value, as SDV parses them: SDV's own pass skips these columns.
            distinct = pd.Series(values.unique())
            fmt = spec.datetime_format.replace("%-", "%")
            parsed = pd.to_datetime(distinct, format=fmt, errors="coerce",
                                    utc="%z" in fmt.lower())
            if parsed.isna().any():
                bad_value = distinct[parsed.isna()].iloc[0]
                problems.append(Problem(
                    f"{name}.{column}: '{bad_value}' does not match the datetime format "
                    f"{spec.datetime_format}. Pick the format the data uses.", name,
                    (Fix("set_sdtype", f"Make {column} categorical",
                         (name, column, "categorical")),)))
    return problems


def _sequence_problems(name: str, table: Table, df: pd.DataFrame) -> list[Problem]:
    """What stops the rows of a sequential table from forming ordered sequences.

    Every row needs its entity (the sequence key) and a place in the order (the index);
    the index must hold values that order: numbers, or datetimes that parse.
    """
    key, index = table.sequence_key, table.sequence_index
    unmark = (Fix("clear_sequence", f"Unmark {name} as sequential", (name,)),)
    if key not in df.columns or index not in df.columns:
        return []
    problems = []
    sdtype = table.columns[index].sdtype
    if sdtype not in ("datetime", "numerical"):
        problems.append(Problem(
            f"{name}.{index} is the sequence index but typed {sdtype}: it must order the rows, "
            "so type it datetime or numerical, or pick another index.", name, unmark))
    elif sdtype == "datetime" and not table.columns[index].datetime_format:
        distinct = pd.Series(df[index].dropna().unique())
        parsed = pd.to_datetime(distinct, errors="coerce", format="mixed")
        if parsed.isna().any():
            problems.append(Problem(
                f"{name}.{index} is the sequence index, but '{distinct[parsed.isna()].iloc[0]}' "
                "is not a date or time, so the rows cannot be ordered. Fix the value or give "
                "the column its datetime format.", name, unmark))
    for role, column in (("sequence key", key), ("sequence index", index)):
        missing = int(df[column].isna().sum())
        if missing:
            problems.append(Problem(
                f"{name}.{column} is the {role} but {missing:,} row(s) have no value there: "
                "each row must belong to one entity at one place in its order. Fill or drop "
                "those rows.", name, unmark))
    return problems


def _key_problems(name: str, key: str, values: pd.Series) -> list[Problem]:
    problems = []
    fix = (Fix("remove_primary_key", f"Remove the primary key of {name}", (name,)),)
    nulls = int(values.isna().sum())
    if nulls:
        problems.append(Problem(
            f"{name}.{key} is the primary key but {nulls} row(s) have no value. Fill them or "
            "pick another key.", name, fix))
    dupes = int(values.dropna().duplicated().sum())
    if dupes:
        example = values[values.duplicated()].iloc[0]
        problems.append(Problem(
            f"{name}.{key} is the primary key but {dupes} value(s) repeat (e.g. '{example}'). "
            "Pick a column that is unique per row, or remove the key.", name, fix))
    return problems


def _key_type_problems(schema: Schema, rel: Relationship) -> list[Problem]:
    """A foreign key must have the sdtype of the primary key it references."""
    pk_type = schema.tables[rel.parent].columns[rel.parent_key].sdtype
    fk_type = schema.tables[rel.child].columns[rel.child_key].sdtype
    if pk_type == fk_type:
        return []
    return [Problem(
        f"{rel.label()}: the foreign key {rel.child}.{rel.child_key} is typed {fk_type} but "
        f"the primary key {rel.parent}.{rel.parent_key} is {pk_type}; both must be "
        f"{pk_type}.", rel.child,
        (Fix("set_sdtype", f"Make {rel.child}.{rel.child_key} {pk_type}",
             (rel.child, rel.child_key, pk_type)),))]


def _relationship_problems(rel: Relationship, tables: Mapping[str, pd.DataFrame]) -> list[Problem]:
    parent, child = tables[rel.parent], tables[rel.child]
    if rel.parent_key not in parent or rel.child_key not in child:
        return []
    pk, fk = parent[rel.parent_key], child[rel.child_key]
    if _kind(pk) != _kind(fk):
        fixable = _aligned_or_none(tables, rel.child, rel.child_key, rel.parent, rel.parent_key)
        fixes = () if fixable is None else (
            Fix("align_key", f"Convert {rel.child}.{rel.child_key} to the type of "
                f"{rel.parent}.{rel.parent_key}",
                (rel.child, rel.child_key, rel.parent, rel.parent_key)),)
        hint = (f" Write both with the same kind of values (the Prepare page converts "
                f"{rel.child}.{rel.child_key} in one click)." if fixes else
                " The values cannot be converted: check that this is the key.")
        return [Problem(
            f"{rel.label()}: the foreign key holds {_kind(fk)} values but the primary key holds "
            f"{_kind(pk)} values.{hint}", rel.child, fixes)]
    orphans = int((fk.notna() & ~fk.isin(pk)).sum())
    if orphans:
        return [Problem(
            f"{rel.label()}: {orphans} row(s) of {rel.child} reference a {rel.parent} that does "
            "not exist. Drop those rows (the Prepare page's fix, or --drop-orphans on the "
            "command line) or add the missing parents.", rel.child,
            (Fix("drop_orphans", "Drop the rows with unknown references"),))]
    return []


def _kind(values: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(values):
        return "boolean"
    if pd.api.types.is_numeric_dtype(values):
        return "numeric"
    return "text"


def _aligned_or_none(tables, child, child_key, parent, parent_key) -> pd.DataFrame | None:
    try:
        return _aligned(tables, child, child_key, parent, parent_key)
    except MetadataError:
        return None


def _aligned(tables, child: str, child_key: str, parent: str, parent_key: str) -> pd.DataFrame:
    """The child table with its foreign key converted to the primary key's type, losslessly."""
    fk, pk = tables[child][child_key], tables[parent][parent_key]
    if _kind(pk) == "numeric":
        converted = pd.to_numeric(fk, errors="coerce")
        lost = converted.isna() & fk.notna()
        if lost.any():
            raise MetadataError(f"{child}.{child_key} has values that are not numbers.")
        if pd.api.types.is_integer_dtype(pk) and (converted.dropna() % 1 == 0).all():
            converted = converted.astype("Int64") if converted.isna().any() else converted.astype(
                "int64")
    else:
        converted = fk.map(_integral_text, na_action="ignore").astype(object)
    out = tables[child].copy()
    out[child_key] = converted
    return out


def _integral_text(value: Any) -> str:
    """1.0 -> '1' so that float-read keys match text keys."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _sdv_problems(
    schema: Schema, tables: Mapping[str, pd.DataFrame], with_data: bool
) -> list[Problem]:
    names = [t for t in schema.tables if t in tables]
    try:
        checked = _without_pii_keys(schema.subset(names))
        metadata = checked.to_sdv()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            metadata.validate()
            if with_data:
                view_schema, view = _sdv_view(checked, {t: tables[t] for t in names})
                view_schema.to_sdv().validate_data(view)
    except MetadataError as exc:
        return [Problem(str(exc))]
    except Exception as exc:  # SDV's InvalidDataError / InvalidMetadataError
        return [Problem(f"SDV: {one_line(exc, 600)}")]
    return []


def _without_pii_keys(schema: Schema) -> Schema:
    """``schema`` with its keys typed as PII (an e-mail key) typed ``id`` instead.

    SDV accepts a key whose sdtype is a Faker function, and to know that it builds a Faker
    of every locale: 3 s of CPU, the first time in a process, on the Check tab. The answer
    is known for ``FAKER_KEY_SDTYPES`` (``tests/test_validation.py`` asserts it), and ``id``
    gets the same verdict from SDV's other key checks; other keys keep their sdtype.
    """
    out = schema.copy()
    for name, table in out.tables.items():
        for key in {table.primary_key} | out.foreign_keys(name):
            if key in table.columns and table.columns[key].sdtype in FAKER_KEY_SDTYPES:
                table.columns[key] = Column("id")
    return out


def _sdv_view(
    schema: Schema, tables: Mapping[str, pd.DataFrame]
) -> tuple[Schema, dict[str, pd.DataFrame]]:
    """The tables as SDV's data pass needs to see them, in the time of their distinct values.

    SDV checks a column that is not a key value by value (each datetime is parsed on its
    own: 30 s for two date columns of 100k rows), and a value's verdict does not depend on
    its row. So a column whose verdict is known is left out: numbers in a numeric column,
    booleans in a boolean one, datetimes with a format (``_column_problems`` parsed every
    one, as SDV would), and types SDV does not check value by value (categories, ids and
    PII). The others show each distinct value once, repeats blanked. Keys keep every row:
    their uniqueness, nulls and references are about rows.
    """
    shown = schema.subset(tables)
    view = {}
    for name, df in tables.items():
        keys = shown.key_columns(name)
        columns = shown.table(name).columns
        kept = [c for c in df.columns if c in keys or c not in columns
                or not _known_valid(columns[c], df[c])] or [df.columns[0]]
        for column in set(columns) - set(kept):
            del columns[column]
        view[name] = pd.DataFrame({
            c: df[c] if c in keys or c not in columns else df[c].where(~df[c].duplicated())
            for c in kept}, index=df.index)
    return shown, view


def _known_valid(column: Column, values: pd.Series) -> bool:
    """True when SDV's value-by-value check of this column cannot fail."""
    if column.sdtype == "numerical":
        return pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)
    if column.sdtype == "boolean":
        return pd.api.types.is_bool_dtype(values)
    if column.sdtype == "datetime":
        return bool(column.datetime_format)
    return True
