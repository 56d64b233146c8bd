"""IRGAN: an incremental relational GAN that generates a database table by table."""

from irgan.config import IRGANConfig
from irgan.errors import Cancelled, IRGANError, SchemaError, TrainingError
from irgan.synthesizer import IRGANSynthesizer

__all__ = [
    "Cancelled",
    "IRGANConfig",
    "IRGANError",
    "IRGANSynthesizer",
    "SchemaError",
    "TrainingError",
]
