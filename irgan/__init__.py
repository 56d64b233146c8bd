"""IRGAN: an incremental relational GAN that generates a database table by table.

The synthesizer and its config import torch, so they load on first use: the key and PII
helpers (``irgan.keys``, ``irgan.pii``), which CART uses, then need no torch (125 MB).
"""

import importlib

from irgan.errors import Cancelled, IRGANError, SchemaError, TrainingError

_LAZY = {"IRGANConfig": "irgan.config", "IRGANSynthesizer": "irgan.synthesizer"}

__all__ = [
    "Cancelled",
    "IRGANConfig",
    "IRGANError",
    "IRGANSynthesizer",
    "SchemaError",
    "TrainingError",
]


def __getattr__(name: str) -> object:
    """Import the synthesizer or its config (and torch) when first asked for."""
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'irgan' has no attribute {name!r}")
