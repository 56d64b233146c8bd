"""IRGAN regenerates primary keys and ids in the real format, and foreign keys still link.

Each case is a tiny real fit (1 epoch) of two tables, ``parents`` keyed in one format and
``children`` pointing to it, through the app's path (``syndata.synthesis.fit``: the adapter
reads a format from values that have none) or straight into ``IRGANSynthesizer`` with a
declared ``regex_format``.
"""

import numpy as np
import pandas as pd
import pytest

from irgan import IRGANSynthesizer
from irgan.keys import KeyFormat, widened
from syndata import synthesis
from syndata.errors import MetadataError
from syndata.metadata import Schema

PARENTS, CHILDREN = 60, 100
FAST = {"epochs": 1, "hidden_size": 16, "min_steps_per_epoch": 1}


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


def _database(kind: str, seed: int = 0) -> dict[str, pd.DataFrame]:
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


def _metadata(regex: str | None = None) -> dict:
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


def _assert_linked(out: dict[str, pd.DataFrame]) -> None:
    assert out["parents"]["code"].is_unique and out["children"]["child_id"].is_unique
    assert out["children"]["code"].isin(out["parents"]["code"]).all()


@pytest.mark.parametrize("kind", list(FORMATS))
def test_app_fit_keeps_the_real_key_format(kind):
    tables = _database(kind)
    schema = Schema.from_dict(_metadata())  # no regex_format: read from the values
    fitted = synthesis.fit("irgan", schema, tables, {"epochs": 1, "hidden_size": 16})
    out = fitted.sample(scale=1.0, seed=1)
    keys = out["parents"]["code"].astype(str)
    assert len(keys) == PARENTS
    bad = keys[~keys.str.fullmatch(FORMATS[kind])]
    assert bad.empty, f"{kind}: {bad.head().tolist()} do not look like {tables['parents'].code[0]}"
    tickets = out["children"]["ticket"]
    assert tickets.str.fullmatch(r"TK-\d{5}").all() and tickets.is_unique
    _assert_linked(out)


def test_declared_regex_format_wins_over_the_values():
    tables = _database("letters_dash_digits")
    synth = IRGANSynthesizer(_metadata(r"KEY-[a-z]{3}"), **FAST)
    synth.fit(tables)
    out = synth.sample(seed=1)
    assert out["parents"]["code"].str.fullmatch(r"KEY-[a-z]{3}").all()
    _assert_linked(out)


def test_a_format_too_small_for_the_rows_is_widened_not_repeated():
    tables = _database("carrier")
    synth = IRGANSynthesizer(_metadata(r"[A-Z]{2}"), **FAST)  # 676 codes
    synth.fit(tables)
    out = synth.sample(scale=15, seed=1)  # 900 parents
    keys = out["parents"]["code"]
    assert len(keys) > 676 and keys.is_unique
    assert keys.str.fullmatch(r"[A-Z]{2,3}").all()
    assert keys.str.len().value_counts()[2] == 676  # the real length first
    _assert_linked(out)


def test_widening_grows_the_last_class_repeat():
    assert widened(r"[A-Z]{2}-\d{4}", 10**7) == r"[A-Z]{2}-\d{4,5}"
    assert widened(r"C\d", 50) == r"C\d{1,2}"
    assert widened(r"[A-Z]{2}-\d+", 10**20) == r"[A-Z]{2,3}-\d+"  # the open repeat stays
    assert widened(r"[A-Z]\.", 100) == r"[A-Z]{1,2}\."  # an escaped dot is no class
    assert widened(r"ABC", 2) is None


def test_a_literal_format_that_cannot_hold_the_rows_says_so():
    fmt = KeyFormat.fit(pd.Series(["AB"]), "AB", "parents.code")
    assert fmt.generate(1, np.random.default_rng(0)).tolist() == ["AB"]
    with pytest.raises(MetadataError, match=r"parents\.code holds only 1 distinct.* 2 rows"):
        fmt.generate(2, np.random.default_rng(0))
    widen = KeyFormat.fit(pd.Series(["X1", "X2"]), r"X[12]", "parents.code")
    assert widen.generate(3, np.random.default_rng(0)).tolist() == ["X1", "X2", "X11"]


@pytest.mark.parametrize("regex", [r"(?<=A)\d{3}", r"(AA|BB)\d", r"[A-Z"])
def test_a_format_irgan_cannot_generate_from_names_the_column(regex):
    synth = IRGANSynthesizer(_metadata(regex), **FAST)
    with pytest.raises(MetadataError, match=r"regex_format .* of parents\.code"):
        synth.fit(_database("letters_dash_digits"))


def test_saved_models_of_the_old_format_still_sample_their_keys():
    old = KeyFormat("prefixed", "object", start=7, prefix="C", digits=3)
    del old.regex  # a model pickled before formats had a regex
    assert old.generate(2, np.random.default_rng(0)).tolist() == ["C007", "C008"]


def test_a_format_that_draws_fewer_values_than_it_counts_says_so():
    # RDT counts 121 values for two optional digits but draws only the 100 of two digits
    fmt = KeyFormat.fit(pd.Series(["K7"]), r"K\d?\d?", "t.c")
    values = fmt.generate(100, np.random.default_rng(0))
    assert values.is_unique and values.str.fullmatch(r"K\d{0,2}").all()
    with pytest.raises(MetadataError, match="only 100 distinct values, but 105 rows"):
        fmt.generate(105, np.random.default_rng(0))


def test_values_rdt_draws_twice_are_drawn_once():
    fmt = KeyFormat.fit(pd.Series(["123"]), r"\d{1,2}\d{1,2}", "t.c")  # 12,100 draws
    values = fmt.generate(11_100, np.random.default_rng(0))
    assert values.is_unique and values.str.fullmatch(r"\d{2,4}").all()
    with pytest.raises(MetadataError, match="only 11,100 distinct"):
        fmt.generate(11_101, np.random.default_rng(0))
