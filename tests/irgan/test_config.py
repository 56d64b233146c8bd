"""IRGANConfig: the defaults, the refusals and the GAN settings it hands on."""

import dataclasses

import pytest

from irgan import IRGANConfig, IRGANError, IRGANSynthesizer
from irgan.argn import ARGNConfig
from irgan.gan import GANConfig


def test_defaults_are_the_documented_ones():
    assert dataclasses.asdict(IRGANConfig()) == {
        "epochs": 20, "batch_size": 500, "learning_rate": 3e-3, "device": "auto", "seed": 0,
        "time_budget_s": None, "hidden_size": 128, "context_dims": 32, "context_depth": 2,
        "max_categories": 50, "min_steps_per_epoch": 5, "cpu_threads": 1, "precision": "auto",
        "column_rules": True, "rules_off": (), "generator": "argn",
    }


@pytest.mark.parametrize("bad", [{"epochs": 0}, {"batch_size": 0}, {"learning_rate": 0.0}])
def test_a_bad_value_is_refused_when_the_config_is_made(bad):
    with pytest.raises(IRGANError, match="epochs and batch_size must be at least 1"):
        IRGANConfig(**bad)


def test_the_gan_gets_the_networks_settings_at_the_resolved_precision():
    gan = IRGANConfig(hidden_size=64, batch_size=30, learning_rate=0.01, generator="gan",
                      min_steps_per_epoch=2).generator_config("bfloat16")
    assert isinstance(gan, GANConfig)
    assert (gan.hidden, gan.batch_size, gan.learning_rate, gan.min_steps, gan.precision) == (
        64, 30, 0.01, 2, "bfloat16")


def test_the_autoregressive_generator_gets_half_the_hidden_units_per_column():
    argn = IRGANConfig(hidden_size=64, batch_size=30, learning_rate=0.01,
                       min_steps_per_epoch=2).generator_config("float32")
    assert isinstance(argn, ARGNConfig)
    assert (argn.hidden, argn.batch_size, argn.learning_rate, argn.min_steps) == (32, 30, 0.01, 2)


def test_an_unknown_generator_is_refused_naming_the_choices():
    with pytest.raises(IRGANError, match="generator must be one of argn, gan, not 'vae'"):
        IRGANConfig(generator="vae")


def test_a_synthesizer_without_a_config_takes_the_defaults():
    meta = {"tables": {"t": {"columns": {"x": {"sdtype": "numerical"}}}}}
    synth = IRGANSynthesizer(meta)
    assert synth.config == IRGANConfig()
    assert synth.device in ("cpu", "cuda") and synth.precision in ("float32", "bfloat16")
