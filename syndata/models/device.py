"""Resolving ``auto``/``cpu``/``cuda`` the same way for every torch-based model."""

from __future__ import annotations

from syndata.errors import ModelError


def resolve_device(device: str) -> str:
    """``cuda`` when asked for (or ``auto``) and available, else ``cpu``; explain a refusal."""
    import torch

    if device not in ("auto", "cpu", "cuda"):
        raise ModelError(f"Device must be auto, cpu or cuda, not '{device}'.")
    if device == "cuda" and not torch.cuda.is_available():
        raise ModelError(
            "CUDA was requested but this machine has no usable GPU. Choose auto or cpu."
        )
    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    return device
