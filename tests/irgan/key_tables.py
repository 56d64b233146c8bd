"""Two tiny related tables whose keys come in one real format each, for the key tests.

``parents`` is keyed in one of ``FORMATS``; ``children`` points to it and has a ``ticket``
id. Used by ``tests/irgan/test_keys.py`` (straight into irgan) and by the adapter's tests
(through ``syndata.synthesis.fit``, which reads a format from the values).
"""

import numpy as np
import pandas as pd

PARENTS, CHILDREN = 60, 100


def _letters(rng: np.random.Generator, k: int, n: int) -> list[str]:
    return ["".join(rng.choice(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), k)) for _ in range(n)]


def _keys(kind: str, rng: np.random.Generator) -> list:
    """``PARENTS`` distinct real keys of one kind (letters drawn, so they vary)."""
    keys: list = []
    while len(set(keys)) < PARENTS:
        if kind == "letters_dash_digits":  # AB-1234, XQ-0042
            keys = [f"{a}-{d:04d}" for a, d in zip(
                _letters(rng, 2, PARENTS), rng.integers(0, 10_000, PARENTS), strict=True)]
        elif kind == "mixed_prefix":  # C001, D002
            keys = [f"{a}{d:03d}" for a, d in zip(
                _letters(rng, 1, PARENTS), rng.integers(0, 1000, PARENTS), strict=True)]
        elif kind == "invoice":  # INV-2023-00001
            keys = [f"INV-2023-{d:05d}" for d in rng.choice(99_999, PARENTS, replace=False)]
        elif kind == "carrier":  # 9E, AA, B6
            pool = [a + b for a in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ" for b in "ABEFKLQUVX6"]
            keys = list(rng.choice(pool, PARENTS, replace=False))
        elif kind == "integer":
            keys = list(rng.choice(np.arange(1, 10_000), PARENTS, replace=False))
        elif kind == "zero_padded":  # 000123
            keys = [f"{d:06d}" for d in rng.choice(999_999, PARENTS, replace=False)]
    return keys


# the real format of each kind, as a person would write it
FORMATS = {
    "letters_dash_digits": r"[A-Z]{2}-\d{4}",
    "mixed_prefix": r"[A-Z]\d{3}",
    "invoice": r"INV-2023-\d{5}",
    "carrier": r"[0-9A-Z]{2}",
    "integer": r"\d+",
    "zero_padded": r"\d{6}",
}


def key_database(kind: str, seed: int = 0) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    keys = _keys(kind, rng)
    parents = pd.DataFrame({"code": keys, "size": rng.normal(10, 2, PARENTS).round(2)})
    children = pd.DataFrame({
        "child_id": np.arange(1, CHILDREN + 1),
        "code": rng.choice(np.array(keys, dtype=object), CHILDREN),
        "ticket": [f"TK-{d:05d}" for d in rng.choice(99_999, CHILDREN, replace=False)],
        "amount": rng.gamma(2, 10, CHILDREN).round(2),
    })
    if kind == "integer":
        parents["code"] = parents["code"].astype("int64")
        children["code"] = children["code"].astype("int64")
    return {"parents": parents, "children": children}


def key_metadata(regex: str | None = None) -> dict:
    code = {"sdtype": "id", **({"regex_format": regex} if regex else {})}
    return {
        "tables": {
            "parents": {"primary_key": "code",
                        "columns": {"code": code, "size": {"sdtype": "numerical"}}},
            "children": {"primary_key": "child_id", "columns": {
                "child_id": {"sdtype": "id"}, "code": {"sdtype": "id"},
                "ticket": {"sdtype": "id"}, "amount": {"sdtype": "numerical"}}},
        },
        "relationships": [{"parent_table_name": "parents", "parent_primary_key": "code",
                           "child_table_name": "children", "child_foreign_key": "code"}],
    }


def assert_linked(out: dict[str, pd.DataFrame]) -> None:
    assert out["parents"]["code"].is_unique and out["children"]["child_id"].is_unique
    assert out["children"]["code"].isin(out["parents"]["code"]).all()

