"""The profile counts each column's distinct values once; its figures stay pandas' own."""

import numpy as np
import pandas as pd
import pytest

from syndata.profile import profile_column


def test_figures_from_distinct_values_match_pandas_on_every_row():
    rng = np.random.default_rng(0)
    days = pd.Series(pd.date_range("2021-01-01", periods=40).strftime("%Y-%m-%d"))
    dates = days.sample(5000, replace=True, random_state=0).reset_index(drop=True)
    dates[rng.random(5000) < 0.1] = None
    numbers = pd.Series(rng.integers(0, 30, 5000) / 4).where(rng.random(5000) > 0.05)
    date_profile = profile_column(dates.rename("d"), "datetime")
    parsed = pd.to_datetime(dates)
    assert (date_profile.minimum, date_profile.maximum) == (parsed.min(), parsed.max())
    assert abs(date_profile.mean - parsed.mean()) < pd.Timedelta("1ms")
    assert (date_profile.nulls, date_profile.distinct) == (dates.isna().sum(), dates.nunique())
    number_profile = profile_column(numbers.rename("n"), "numerical")
    assert number_profile.mean == pytest.approx(numbers.mean())
    assert number_profile.top_values == [
        (str(v), int(c)) for v, c in numbers.value_counts().head(5).items()]
