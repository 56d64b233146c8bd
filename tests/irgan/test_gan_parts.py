"""The GAN's vectorised span handling, batch sizing, precision choice and sdtypes."""

import numpy as np
import pandas as pd
import pytest
import torch
from torch.nn import functional as F

from irgan import IRGANSynthesizer
from irgan.device import _cpu_has_bf16, resolve_precision
from irgan.encoding import DISCRETE, NUMERIC, Span
from irgan.gan import GANConfig, TabularGAN, _SpanLayout
from syndata.errors import ModelError

SPANS = [
    Span("a", NUMERIC, 0, 1),
    Span("b", DISCRETE, 1, 3, np.array([0.5, 0.3, 0.2])),
    Span("c", NUMERIC, 4, 1),
    Span("d", DISCRETE, 5, 2, np.array([0.9, 0.1])),
]
WIDTH = 7


def test_activate_softmaxes_each_discrete_span_and_passes_numbers_through():
    layout = _SpanLayout(SPANS, WIDTH, [SPANS[1], SPANS[3]], "cpu")
    raw = torch.randn(64, WIDTH) * 5
    out = layout.activate(raw)
    assert torch.equal(out[:, 0], raw[:, 0]) and torch.equal(out[:, 4], raw[:, 4])
    assert torch.allclose(out[:, 1:4].sum(1), torch.ones(64), atol=1e-5)
    assert torch.allclose(out[:, 5:7].sum(1), torch.ones(64), atol=1e-5)
    assert (out[:, 1:4] >= 0).all()


def test_condition_loss_is_the_cross_entropy_of_the_forced_span():
    layout = _SpanLayout(SPANS, WIDTH, [SPANS[1], SPANS[3]], "cpu")
    raw = torch.randn(6, WIDTH)
    cat = torch.tensor([0, 2, 3, 4, 1, 0])  # ids 0-2 are span b, 3-4 span d
    mask = torch.tensor([True, True, True, True, False, False])
    expected = torch.stack(
        [
            F.cross_entropy(raw[0:1, 1:4], torch.tensor([0])),
            F.cross_entropy(raw[1:2, 1:4], torch.tensor([2])),
            F.cross_entropy(raw[2:3, 5:7], torch.tensor([0])),
            F.cross_entropy(raw[3:4, 5:7], torch.tensor([1])),
        ]
    ).mean()
    assert torch.allclose(layout.condition_loss(raw, cat, mask), expected, atol=1e-5)


@pytest.mark.parametrize(
    ("rows", "batch", "steps"),
    [(20_000, 500, 40), (1_458, 300, 5), (16, 10, 5)],
)
def test_small_tables_take_smaller_batches_not_more_passes(rows, batch, steps):
    gan = TabularGAN(SPANS, WIDTH, 0, GANConfig(batch_size=500, min_steps=5), "cpu")
    assert gan._batch(rows) == batch
    assert gan.steps_per_epoch(rows) == steps


def test_precision_choices():
    assert resolve_precision("float32", "cpu") == "float32"
    assert resolve_precision("bfloat16", "cuda") == "bfloat16"
    assert resolve_precision("auto", "cuda") == "float32"
    assert resolve_precision("auto", "cpu") == ("bfloat16" if _cpu_has_bf16() else "float32")
    with pytest.raises(ModelError, match="Unknown precision"):
        resolve_precision("half", "cpu")


def test_an_ordinal_column_keeps_its_real_values():
    rng = np.random.default_rng(0)
    df = pd.DataFrame(
        {"year": 2013, "size": rng.choice(["S", "M", "L"], 200), "x": rng.normal(size=200)}
    )
    meta = {
        "tables": {
            "t": {
                "columns": {
                    "year": {"sdtype": "ordinal"},
                    "size": {"sdtype": "ordinal"},
                    "x": {"sdtype": "numerical"},
                }
            }
        },
        "relationships": [],
    }
    model = IRGANSynthesizer(meta, epochs=1, hidden_size=32, device="cpu")
    model.fit({"t": df})
    out = model.sample(seed=1)["t"]
    assert (out["year"] == 2013).all()
    assert set(out["size"]) <= {"S", "M", "L"}
