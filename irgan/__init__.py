"""IRGAN: an incremental relational GAN that generates a database table by table."""

from irgan.synthesizer import IRGANSynthesizer

__all__ = ["IRGANSynthesizer"]
