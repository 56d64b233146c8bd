"""The offline demos: each loads from installed packages and passes the pre-fit checks."""

import pytest

from syndata.demos import DEMOS, load_demo
from syndata.errors import SyndataError
from syndata.models import get_family
from syndata.validation import validate


@pytest.mark.parametrize("key", list(DEMOS))
def test_demos_load_offline_and_validate(key):
    demo = load_demo(key)
    assert demo.tables and [p for p in validate(demo.schema, demo.tables) if p.blocking] == []


def test_multi_table_demo_has_the_four_foreign_keys():
    schema = load_demo("flights_multi").schema
    assert sorted(r.child_key for r in schema.relationships) == [
        "carrier", "dest", "origin", "tailnum"]
    assert get_family("hma").check(schema) is None
    flights = load_demo("flights_multi").tables["flights"]
    assert flights["tailnum"].isna().any()


def test_unknown_demo():
    with pytest.raises(SyndataError, match="Unknown demo"):
        load_demo("nope")


def test_each_load_is_a_fresh_copy_that_callers_may_edit():
    first = load_demo("wine")
    first.tables["wine"].drop(index=first.tables["wine"].index[:100], inplace=True)
    first.schema.set_sdtype("wine", "cultivar", "id")
    again = load_demo("wine")
    assert len(again.tables["wine"]) == 178
    assert again.schema.tables["wine"].columns["cultivar"].sdtype == "categorical"
    assert again.title == DEMOS["wine"]
