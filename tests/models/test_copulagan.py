"""CopulaGAN: its settings, the synthesizer that keeps text, its memory, and a 1-epoch fit."""

from syndata.metadata import Schema
from syndata.models import get_family
from syndata.models.sdv_synthesizers import CopulaGANKeepingText
from tests.models.neural import accepts_orders_and_memory_grows, one_epoch_fit_samples


def test_spec_offers_a_gan_on_copula_marginals():
    family = get_family("copulagan")
    assert (family.name, family.label, family.short) == (
        "copulagan", "CopulaGAN (SDV)", "CopulaGAN")
    assert family.spec.single_table and not family.spec.multi_table
    assert family.spec.resolve() == {"epochs": 300, "batch_size": 500,
                                     "default_distribution": "beta", "device": "auto",
                                     "time_budget_minutes": 0.0}


def test_the_synthesizer_keeps_text_and_gets_a_packed_batch(shop):
    metadata = Schema.detect(shop).subset(["orders"]).to_sdv()
    family = get_family("copulagan")
    params = family.spec.resolve({"epochs": 3, "batch_size": 77, "default_distribution": "norm"})
    synth = family.synthesizer(metadata, params, "cpu")
    assert isinstance(synth, CopulaGANKeepingText)
    assert (synth.epochs, synth.batch_size, synth.default_distribution) == (3, 80, "norm")


def test_orders_are_accepted_and_memory_grows_with_the_data(shop):
    accepts_orders_and_memory_grows("copulagan", shop)


def test_a_one_epoch_fit_samples_the_columns_and_rows(shop):
    one_epoch_fit_samples("copulagan", shop, {"batch_size": 50})
