"""The shape of a metadata JSON document, checked before any of it is read.

A hand-edited or foreign file can hold anything: a table that is ``null``, ``columns`` as a
list, a column that is a string, JSON nested thousands deep. Reading such a document field
by field fails deep inside with an ``AttributeError`` that names nothing the user can find.
So the document is checked first against a JSON Schema of SDV's metadata format (both the
multi-table and the single-table form), and the first problem is reported with its path:
``tables.orders.columns: expected an object``. Then the checks the format cannot express:
composite keys (not supported yet), unknown sdtypes, and regular expressions that SDV's
key generator cannot produce values from.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError as SchemaViolation

from syndata.errors import MetadataError
from syndata.vocabulary import EXTRA_SDTYPES, SDTYPES

# Deeper documents are refused before validation: metadata is four levels deep, and
# recursive code (json, jsonschema, repr) would hit Python's recursion limit on deep input.
MAX_DEPTH = 32

_NAME = {"type": "string", "minLength": 1}
_KEY = {"anyOf": [_NAME, {"type": "array", "items": _NAME, "minItems": 1}]}
_COLUMN = {
    "type": "object",
    "required": ["sdtype"],
    "properties": {
        "sdtype": _NAME,
        "datetime_format": {"type": "string"},
        "regex_format": {"type": "string"},
        "computer_representation": {"type": "string"},
        "pii": {"type": "boolean"},
    },
}
_TABLE = {
    "type": "object",
    "required": ["columns"],
    "properties": {
        "columns": {"type": "object", "additionalProperties": _COLUMN},
        "primary_key": {"anyOf": [_KEY, {"type": "null"}]},
        "reference": {"type": "boolean"},
        "sequence_key": {"anyOf": [_NAME, {"type": "null"}]},
        "sequence_index": {"anyOf": [_NAME, {"type": "null"}]},
    },
}
_RELATIONSHIP = {
    "type": "object",
    "required": ["parent_table_name", "parent_primary_key", "child_table_name",
                 "child_foreign_key"],
    "properties": {
        "parent_table_name": _NAME,
        "parent_primary_key": _KEY,
        "child_table_name": _NAME,
        "child_foreign_key": _KEY,
    },
}
METADATA_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["tables"],
    "properties": {
        "METADATA_SPEC_VERSION": {"type": "string"},
        "tables": {"type": "object", "minProperties": 1, "additionalProperties": _TABLE},
        "relationships": {"anyOf": [{"type": "array", "items": _RELATIONSHIP},
                                    {"type": "null"}]},
        "groups": {"anyOf": [{"type": "object", "additionalProperties": {
            "type": "array", "items": _NAME}}, {"type": "null"}]},
    },
}
_VALIDATOR = Draft202012Validator(METADATA_SCHEMA)
_TYPE_WORDS = {"object": "an object", "array": "a list", "string": "text", "null": "null",
               "boolean": "true or false", "number": "a number", "integer": "a whole number"}


def normalised(data: Any) -> dict[str, Any]:
    """The document checked, in multi-table form; a ``MetadataError`` names any problem."""
    check_depth(data)
    if isinstance(data, Mapping) and "tables" not in data and "columns" in data:
        data = {"tables": {"table": dict(data)}}
    if not isinstance(data, Mapping):
        raise MetadataError(
            f"The metadata must be a JSON object with a 'tables' entry, not {_kind(data)}. "
            "Export it from SDV or from this app.")
    errors = sorted(_VALIDATOR.iter_errors(data), key=_error_order)
    if errors:
        raise MetadataError(f"{_describe(errors[0])}. Fix the metadata file or export it "
                            "again from SDV or from this app.")
    _check_keys(data)
    _check_columns(data)
    return dict(data)


def check_depth(data: Any) -> None:
    """Refuse documents nested deeper than ``MAX_DEPTH``, without recursing."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise MetadataError(
                f"The metadata is nested more than {MAX_DEPTH} levels deep; SDV metadata is "
                "at most 4. This is not a metadata file: export it again.")
        if isinstance(value, Mapping):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)


def _check_keys(data: Mapping[str, Any]) -> None:
    """Composite keys are valid SDV metadata but not supported here yet."""
    for name, table in data["tables"].items():
        key = table.get("primary_key")
        if isinstance(key, list) and len(key) > 1:
            raise MetadataError(
                f"tables.{name}.primary_key: composite primary keys ({', '.join(key)}) are "
                "not supported yet. Add one column that identifies each row (a row number "
                "will do), make it the primary key, and keep the others as plain columns.")
    for i, rel in enumerate(data.get("relationships") or []):
        for field in ("parent_primary_key", "child_foreign_key"):
            if isinstance(rel[field], list) and len(rel[field]) > 1:
                raise MetadataError(
                    f"relationships[{i}].{field}: composite keys ({', '.join(rel[field])}) "
                    "are not supported yet. Give the parent a single id column, reference it "
                    "from one column of the child, and list that relationship instead.")


def _check_columns(data: Mapping[str, Any]) -> None:
    from rdt.transformers.pii.anonymization import is_faker_function

    from syndata.detection import regex_problem

    for name, table in data["tables"].items():
        for column, spec in table["columns"].items():
            path = f"tables.{name}.columns.{column}"
            sdtype = spec["sdtype"]
            if sdtype not in SDTYPES + EXTRA_SDTYPES and not is_faker_function(sdtype):
                raise MetadataError(
                    f"{path}.sdtype: unknown type '{sdtype}'. Use one of: "
                    f"{', '.join(SDTYPES)}.")
            regex = spec.get("regex_format")
            problem = regex_problem(regex) if regex is not None else None
            if problem:
                raise MetadataError(
                    f"{path}.regex_format '{regex}' {problem}. Simplify it to characters, "
                    "classes such as [A-Z] or \\d and repeats such as {4}, or remove it.")


def _error_order(error: SchemaViolation) -> tuple[int, list[str]]:
    """Shallowest first, so a table that is null is reported before what it lacks."""
    return len(error.absolute_path), [str(p) for p in error.absolute_path]


def _specific(error: SchemaViolation) -> SchemaViolation:
    """Inside an ``anyOf``, the failure of the option that matched the value's type.

    ``relationships`` is a list or null: for a list with a bad entry, the entry's problem
    is the one to report, not "expected a list or null".
    """
    if error.validator != "anyOf":
        return error
    depth = len(error.absolute_path)
    subs = [_specific(sub) for sub in error.context or ()]
    closer = [sub for sub in subs if sub.validator not in ("type", "anyOf")
              or len(sub.absolute_path) > depth]
    return min(closer, key=lambda sub: len(sub.absolute_path)) if closer else error


def _describe(error: SchemaViolation) -> str:
    error = _specific(error)
    path = _path(error.absolute_path) or "the metadata"
    if error.validator == "required":
        missing = [k for k in error.validator_value if k not in error.instance]
        return f"{path}: missing the entry '{missing[0]}'"
    if error.validator == "minProperties":
        return f"{path}: lists no table"
    if error.validator == "minLength":
        return f"{path}: is empty, expected a name"
    if error.validator == "minItems":
        return f"{path}: is an empty list, expected a column name"
    expected = _expected(error.schema)
    return f"{path}: expected {expected}, found {_kind(error.instance)}"


def _expected(schema: Mapping[str, Any]) -> str:
    options = schema.get("anyOf")
    if options:
        words = [_expected(option) for option in options]
        return " or ".join(dict.fromkeys(words))
    word = _TYPE_WORDS.get(schema.get("type", ""), "another value")
    if schema.get("type") == "string" and schema.get("minLength"):
        return "a name (text)"
    return word


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the text '{value[:40]}'"
    if isinstance(value, int | float):
        return f"the number {value}"
    return type(value).__name__


def _path(parts) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
