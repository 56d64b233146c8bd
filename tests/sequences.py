"""A tiny sequential table for the sequence tests: accounts' events ordered in time.

Each account's states follow a Markov chain (open -> pay -> pay or close -> open), so its
transitions are far from what shuffled states give; events are hours apart.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from syndata.metadata import Schema

_NEXT = {"open": ("pay",), "pay": ("pay", "close"), "close": ("open",)}


def events(accounts: int = 30, seed: int = 0) -> pd.DataFrame:
    """2 to 7 events per account, in time order, datetimes as text."""
    rng = np.random.default_rng(seed)
    rows = []
    for account in range(accounts):
        time = pd.Timestamp("2024-01-01") + pd.Timedelta(days=int(rng.integers(0, 30)))
        state = "close"
        for _ in range(int(rng.integers(2, 8))):
            time += pd.Timedelta(hours=int(rng.integers(1, 48)))
            state = str(rng.choice(_NEXT[state]))
            rows.append({"account_id": f"A{account}", "time": time.strftime("%Y-%m-%d %H:%M:%S"),
                         "state": state, "amount": round(float(rng.normal(50, 10)), 2)})
    return pd.DataFrame(rows)


def events_schema() -> Schema:
    """The schema of ``events``, marked sequential (account_id, ordered by time)."""
    schema = Schema.from_dict({"tables": {"events": {"columns": {
        "account_id": {"sdtype": "id"},
        "time": {"sdtype": "datetime", "datetime_format": "%Y-%m-%d %H:%M:%S"},
        "state": {"sdtype": "categorical"},
        "amount": {"sdtype": "numerical"},
    }}}})
    schema.set_sequence("events", "account_id", "time")
    return schema
