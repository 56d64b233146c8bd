"""TVAE: its settings, the SDV synthesizer they build (no PacGAN rounding), memory, a fit."""

from syndata.metadata import Schema
from syndata.models import get_family
from tests.models.neural import accepts_orders_and_memory_grows, one_epoch_fit_samples


def test_spec_offers_a_single_table_autoencoder():
    family = get_family("tvae")
    assert (family.name, family.label, family.short) == ("tvae", "TVAE (SDV)", "TVAE")
    assert family.spec.single_table and not family.spec.multi_table and family.spec.gpu
    assert family.spec.resolve() == {"epochs": 300, "batch_size": 500, "device": "auto",
                                     "time_budget_minutes": 0.0}


def test_the_synthesizer_keeps_the_batch_size_as_given(shop):
    metadata = Schema.detect(shop).subset(["orders"]).to_sdv()
    family = get_family("tvae")
    synth = family.synthesizer(metadata, family.spec.resolve({"epochs": 2, "batch_size": 123}),
                               "cpu")
    assert (synth.epochs, synth.batch_size, synth.enable_gpu) == (2, 123, False)


def test_orders_are_accepted_and_memory_grows_with_the_data(shop):
    accepts_orders_and_memory_grows("tvae", shop)


def test_a_one_epoch_fit_samples_the_columns_and_rows(shop):
    one_epoch_fit_samples("tvae", shop, {"batch_size": 50})
