"""What the tests of CTGAN, TVAE and CopulaGAN check alike: orders accepted, memory that grows
with the data, and a 1-epoch fit that samples the real columns and the rows asked for."""

from __future__ import annotations

import pandas as pd

from syndata import synthesis
from syndata.metadata import Schema
from syndata.models import get_family


def accepts_orders_and_memory_grows(name: str, shop: dict[str, pd.DataFrame]) -> None:
    """Orders pass the family's check; twice the rows, or a category column with 40 values
    instead of 3, needs more memory."""
    family = get_family(name)
    orders = shop["orders"]
    assert family.check(Schema.detect(shop).subset(["orders"]), {"orders": orders}) is None
    schema = Schema.detect({"orders": orders})
    assert schema.tables["orders"].columns["status"].sdtype == "categorical"
    base = family.estimate_memory(schema, {"orders": orders}, {})
    longer = family.estimate_memory(schema, {"orders": pd.concat([orders, orders])}, {})
    varied = orders.assign(status=[f"s{i % 40}" for i in range(len(orders))])
    wider = family.estimate_memory(schema, {"orders": varied}, {})
    assert base < longer and base < wider
    assert family.estimate_memory(schema, {"orders": orders}, {"batch_size": 5000}) > base


def one_epoch_fit_samples(name: str, shop: dict[str, pd.DataFrame], params: dict) -> None:
    """A 1-epoch fit on orders samples its columns, the rows asked for, the same per seed."""
    schema = Schema.detect(shop).subset(["orders"])
    model = synthesis.fit(name, schema, shop, {"epochs": 1, **params})
    out = model.sample(rows=23, seed=4)["orders"]
    assert list(out.columns) == list(shop["orders"].columns) and len(out) == 23
    assert out["order_id"].is_unique
    assert set(out["status"]) <= {"new", "paid", "sent"}
    pd.testing.assert_frame_equal(out, model.sample(rows=23, seed=4)["orders"])
    assert model.info.model == name and model.info.epochs_used == 1
    assert model.info.params["epochs"] == 1 and model.info.device == "cpu"
