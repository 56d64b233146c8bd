"""Degrees per parent and null references follow the real distribution and totals."""

import numpy as np

from irgan.degree import DegreeModel, NullModel


def test_degrees_sum_to_the_total_and_keep_the_childless_share():
    rng = np.random.default_rng(0)
    context = rng.normal(size=(200, 3)).astype(np.float32)
    degrees = np.where(rng.uniform(size=200) < 0.25, 0, rng.integers(1, 6, 200))
    model = DegreeModel.fit(context, degrees, seed=0)
    out = model.sample(context, int(degrees.sum()), np.random.default_rng(1))
    assert out.sum() == degrees.sum() and out.min() >= 0
    assert abs((out == 0).mean() - (degrees == 0).mean()) < 0.05
    assert out.max() <= degrees.max() + 1


def test_a_one_to_one_relationship_gives_no_parent_two_children():
    context = np.zeros((50, 2), dtype=np.float32)
    degrees = np.array([1] * 30 + [0] * 20)
    model = DegreeModel.fit(context, degrees, seed=0)
    assert model.one_to_one
    out = model.sample(context, 30, np.random.default_rng(2))
    assert out.sum() == 30 and out.max() == 1


def test_null_references_keep_the_real_share():
    rng = np.random.default_rng(0)
    features = rng.normal(size=(400, 2))
    is_null = features[:, 0] > 0.5
    model = NullModel.fit(features, is_null, seed=0)
    out = model.sample(features, np.random.default_rng(3))
    assert out.sum() == round(is_null.mean() * 400)
    assert out[features[:, 0] > 0.5].mean() > out[features[:, 0] <= 0.5].mean()
    assert not NullModel.fit(features, np.zeros(400, bool), 0).sample(features, rng).any()
