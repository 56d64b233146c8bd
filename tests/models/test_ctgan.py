"""CTGAN: its settings, the SDV synthesizer they build, its memory and a 1-epoch fit."""

from sdv.metadata import Metadata

from syndata.metadata import Schema
from syndata.models import get_family
from tests.models.neural import accepts_orders_and_memory_grows, one_epoch_fit_samples


def test_spec_offers_a_single_table_gan_with_a_learning_rate():
    family = get_family("ctgan")
    assert (family.name, family.label, family.short) == ("ctgan", "CTGAN (SDV)", "CTGAN")
    assert family.spec.single_table and not family.spec.multi_table and family.spec.gpu
    assert family.spec.resolve() == {"epochs": 300, "batch_size": 500, "learning_rate": 2e-4,
                                     "device": "auto", "time_budget_minutes": 0.0}
    assert family.has_epochs and not family.relational


def test_the_synthesizer_gets_a_packed_batch_and_one_rate_for_both_networks(shop):
    metadata: Metadata = Schema.detect(shop).subset(["orders"]).to_sdv()
    family = get_family("ctgan")
    params = family.spec.resolve({"epochs": 4, "batch_size": 123, "learning_rate": 0.01})
    synth = family.synthesizer(metadata, params, "cpu")
    assert (synth.epochs, synth.batch_size) == (4, 120)
    assert synth.generator_lr == synth.discriminator_lr == 0.01
    assert synth.enable_gpu is False


def test_orders_are_accepted_and_memory_grows_with_the_data(shop):
    accepts_orders_and_memory_grows("ctgan", shop)


def test_a_one_epoch_fit_samples_the_columns_and_rows(shop):
    one_epoch_fit_samples("ctgan", shop, {"batch_size": 50})
