"""Advice when the model that made the data is unknown: none named, or not one of ours.

It answers the advice methods of ``ModelFamily`` (``shapes_advice``...) so the evaluation
asks one object either way; it is no family and fits nothing.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class UnnamedModel:
    """``name``: what the user called the model (a model file from another version), or
    None when they did not say."""

    name: str | None = None

    def shapes_advice(self, multi_table: bool, relational_models: str) -> str:
        if multi_table:
            return f"train longer or compare {relational_models}."
        return ("train for more epochs, or try GaussianCopula, which matches each column's "
                "distribution directly.")

    def pairs_advice(self, multi_table: bool, relational_models: str) -> str:
        if multi_table:
            return f"train longer or compare {relational_models}."
        return "train longer, or compare a neural model (CTGAN, TVAE) or IRGAN."

    def relational_advice(self, problem: str, relational_models: str) -> str:
        if self.name is None:
            return (
                f"{problem}: if the tables were fitted independently, use a relational model "
                f"({relational_models}); otherwise train it for more epochs."
            )
        return (f"{problem}: {self.name} fits each table on its own; use a relational model "
                f"({relational_models}) instead.")

    def poor_advice(self, multi_table: bool) -> str:
        if self.name is None:
            return "train for more epochs or compare another model."
        return f"train {self.name} for more epochs or compare another model."
