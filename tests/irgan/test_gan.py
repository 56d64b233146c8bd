"""The GAN's vectorised span handling, batch sizing, precision choice and sdtypes."""

import numpy as np
import pandas as pd
import pytest
import torch
from torch.nn import functional as F

from irgan import IRGANConfig, IRGANSynthesizer
from irgan.encoding import DISCRETE, NUMERIC, Span
from irgan.gan import GANConfig, TabularGAN, _SpanLayout

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


def test_the_gan_still_generates_a_table_when_chosen():
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"x": rng.normal(size=300), "k": rng.choice(["a", "b"], 300)})
    meta = {"tables": {"t": {"columns": {"x": {"sdtype": "numerical"},
                                         "k": {"sdtype": "categorical"}}}},
            "relationships": []}
    model = IRGANSynthesizer(meta, IRGANConfig(generator="gan", epochs=1, device="cpu"))
    model.fit({"t": df})
    out = model.sample(seed=0)["t"]
    assert isinstance(model._models["t"].gan, TabularGAN)
    assert len(out) == 300 and set(out["k"]) <= {"a", "b"}
