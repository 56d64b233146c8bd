"""The per-value national id validators run only where they can say yes, once per value."""

import pandas as pd

from syndata import pii


class _Counting:
    """A validator that accepts nothing and records what it was asked."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def is_valid(self, value: str) -> bool:
        self.asked.append(value)
        return False


def _counted(monkeypatch) -> _Counting:
    counting = _Counting()
    monkeypatch.setattr(pii, "_national_id_validators", lambda: (counting,))
    return counting


def test_a_date_column_never_reaches_the_national_id_validators(monkeypatch):
    counting = _counted(monkeypatch)
    days = pd.date_range("2020-01-01", periods=400, freq="D")
    for text in (days.strftime("%Y-%m-%d"), days.strftime("%d.%m.%Y")):
        assert pii.detect_pii(pd.DataFrame({"signup": text})) == {}
    assert counting.asked == []


def test_each_distinct_value_is_validated_once(monkeypatch):
    counting = _counted(monkeypatch)
    codes = pd.Series([f"AB{i:06d}X" for i in range(20)] * 50)
    assert not pii._national_id_valid(codes).any()
    assert sorted(counting.asked) == sorted(set(codes))
