"""Contexts: compressed to the budget, the same compression for real and generated rows."""

import numpy as np

from irgan.context import ContextBuilder, gather


def test_a_wide_context_is_compressed_and_standardised():
    rng = np.random.default_rng(0)
    parts = [rng.normal(size=(300, 40)), rng.normal(size=(300, 10))]
    builder = ContextBuilder(16)
    ctx = builder.fit_transform(parts, seed=0)
    assert ctx.shape == (300, 16) and ctx.dtype == np.float32
    assert np.allclose(ctx.mean(axis=0), 0, atol=1e-4) and np.allclose(ctx.std(axis=0), 1, 1e-3)
    assert np.allclose(builder.transform(parts), ctx, atol=1e-5)


def test_a_narrow_context_keeps_its_columns():
    parts = [np.arange(20, dtype=float).reshape(10, 2)]
    builder = ContextBuilder(16)
    assert builder.fit_transform(parts, seed=0).shape == (10, 2) and builder.pca is None


def test_gather_gives_each_child_its_parent_and_a_null_reference_zeros_and_a_flag():
    parents = np.array([[1.0, 2.0], [3.0, 4.0]], dtype=np.float32)
    out = gather(parents, np.array([1, -1, 0]))
    assert out.tolist() == [[3.0, 4.0, 0.0], [0.0, 0.0, 1.0], [1.0, 2.0, 0.0]]
