"""What CTGAN, TVAE and CopulaGAN share: PacGAN batches, memory, the advice on pairs."""

from syndata.metadata import Schema
from syndata.models import get_family
from syndata.models.sdv_gan import packed_batch


def test_batches_are_multiples_of_ten_and_at_least_ten():
    assert [packed_batch(b) for b in (1, 14, 15, 500, 503)] == [10, 10, 20, 500, 500]


def test_copulagan_needs_ctgans_memory_plus_the_copula(shop):
    schema = Schema.detect(shop).subset(["orders"])
    orders = {"orders": shop["orders"]}
    ctgan = get_family("ctgan").estimate_memory(schema, orders, {})
    assert get_family("copulagan").estimate_memory(schema, orders, {}) > ctgan


def test_pairs_advice_offers_the_other_joint_models():
    advice = get_family("tvae").pairs_advice(False, "HMA or IRGAN")
    assert advice.startswith("train TVAE for more epochs")
    assert "CTGAN, CopulaGAN, IRGAN" in advice
