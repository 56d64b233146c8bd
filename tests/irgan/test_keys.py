"""IRGAN regenerates primary keys and ids in the real format, and foreign keys still link.

Each fit is a tiny real one (1 epoch) of the two tables of ``key_tables``, straight into
``IRGANSynthesizer`` with a declared ``regex_format``; the same tables through the app's
path (which reads a format from the values) are in ``tests/models/test_irgan_bridge.py``.
"""

import numpy as np
import pandas as pd
import pytest

from irgan import IRGANConfig, IRGANSynthesizer
from irgan.errors import SchemaError
from irgan.keys import KeyFormat, widened
from tests.irgan.key_tables import assert_linked, key_database, key_metadata

FAST = {"epochs": 1, "hidden_size": 16, "min_steps_per_epoch": 1}



def test_declared_regex_format_wins_over_the_values():
    tables = key_database("letters_dash_digits")
    synth = IRGANSynthesizer(key_metadata(r"KEY-[a-z]{3}"), IRGANConfig(**FAST))
    synth.fit(tables)
    out = synth.sample(seed=1)
    assert out["parents"]["code"].str.fullmatch(r"KEY-[a-z]{3}").all()
    assert_linked(out)


def test_a_format_too_small_for_the_rows_is_widened_not_repeated():
    tables = key_database("carrier")
    synth = IRGANSynthesizer(key_metadata(r"[A-Z]{2}"), IRGANConfig(**FAST))  # 676 codes
    synth.fit(tables)
    out = synth.sample(scale=15, seed=1)  # 900 parents
    keys = out["parents"]["code"]
    assert len(keys) > 676 and keys.is_unique
    assert keys.str.fullmatch(r"[A-Z]{2,3}").all()
    assert keys.str.len().value_counts()[2] == 676  # the real length first
    assert_linked(out)


def test_widening_grows_the_last_class_repeat():
    assert widened(r"[A-Z]{2}-\d{4}", 10**7) == r"[A-Z]{2}-\d{4,5}"
    assert widened(r"C\d", 50) == r"C\d{1,2}"
    assert widened(r"[A-Z]{2}-\d+", 10**20) == r"[A-Z]{2,3}-\d+"  # the open repeat stays
    assert widened(r"[A-Z]\.", 100) == r"[A-Z]{1,2}\."  # an escaped dot is no class
    assert widened(r"ABC", 2) is None


def test_a_literal_format_that_cannot_hold_the_rows_says_so():
    fmt = KeyFormat.fit(pd.Series(["AB"]), "AB", "parents.code")
    assert fmt.generate(1, np.random.default_rng(0)).tolist() == ["AB"]
    with pytest.raises(SchemaError, match=r"parents\.code holds only 1 distinct.* 2 rows"):
        fmt.generate(2, np.random.default_rng(0))
    widen = KeyFormat.fit(pd.Series(["X1", "X2"]), r"X[12]", "parents.code")
    assert widen.generate(3, np.random.default_rng(0)).tolist() == ["X1", "X2", "X11"]


@pytest.mark.parametrize("regex", [r"(?<=A)\d{3}", r"(AA|BB)\d", r"[A-Z"])
def test_a_format_irgan_cannot_generate_from_names_the_column(regex):
    synth = IRGANSynthesizer(key_metadata(regex), IRGANConfig(**FAST))
    with pytest.raises(SchemaError, match=r"regex_format .* of parents\.code"):
        synth.fit(key_database("letters_dash_digits"))


def test_saved_models_of_the_old_format_still_sample_their_keys():
    old = KeyFormat("prefixed", "object", start=7, prefix="C", digits=3)
    del old.regex  # a model pickled before formats had a regex
    assert old.generate(2, np.random.default_rng(0)).tolist() == ["C007", "C008"]


def test_a_format_that_draws_fewer_values_than_it_counts_says_so():
    # RDT counts 121 values for two optional digits but draws only the 100 of two digits
    fmt = KeyFormat.fit(pd.Series(["K7"]), r"K\d?\d?", "t.c")
    values = fmt.generate(100, np.random.default_rng(0))
    assert values.is_unique and values.str.fullmatch(r"K\d{0,2}").all()
    with pytest.raises(SchemaError, match="only 100 distinct values, but 105 rows"):
        fmt.generate(105, np.random.default_rng(0))


def test_values_rdt_draws_twice_are_drawn_once():
    fmt = KeyFormat.fit(pd.Series(["123"]), r"\d{1,2}\d{1,2}", "t.c")  # 12,100 draws
    values = fmt.generate(11_100, np.random.default_rng(0))
    assert values.is_unique and values.str.fullmatch(r"\d{2,4}").all()
    with pytest.raises(SchemaError, match="only 11,100 distinct"):
        fmt.generate(11_101, np.random.default_rng(0))
