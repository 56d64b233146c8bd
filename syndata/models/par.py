"""PAR (SDV's PARSynthesizer): a recurrent network over the rows of each entity, in order.

The one sequential model among SDV's: a table marked sequential (``Table.sequence_key``, the
entity, and ``Table.sequence_index``, the order) is cut into one sequence per entity; a
Gaussian copula draws each new entity's context and a GRU (``deepecho``) draws its rows one
after another, the index as gaps from the first one. It samples whole sequences, so a
request for N rows becomes about N / (mean rows per entity) sequences.

Our metadata hands SDV the sequence keys only here (``syndata.sdv_metadata.SEQUENCE_KEYS``):
SDV's other synthesizers would regenerate the sequence key as a key.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from syndata.limits import MIB
from syndata.models.family import Shapes
from syndata.models.sdv_family import SdvFamily, SdvModel
from syndata.models.spec import DEVICE, TIME_BUDGET, ModelSpec, epochs_param

if TYPE_CHECKING:
    from collections.abc import Callable

    import pandas as pd
    from sdv.metadata import Metadata

    from syndata.limits import Column
    from syndata.metadata import Schema
    from syndata.models.base import FitInfo, FittedModel
    from syndata.models.sdv_names import ColumnNames
    from syndata.progress import CancelCheck, ProgressCallback

_HIDDEN = 32
"""deepecho's GRU width (``PARNet``'s ``hidden_size``)."""
_TENSOR_COPIES = 6
"""Float32 copies of the padded sequences a fit holds at once: the per-sequence tensors,
their packed and padded forms, the network's output padded, and its gradient."""


def par_width(columns: list[Column]) -> int:
    """deepecho's encoded width of a row: one slot per category (and missing), three per
    number (mean, spread, missing), plus the start/body/end token."""
    width = 3
    for column in columns:
        if column.sdtype in ("categorical", "boolean"):
            width += column.categories + 1
        else:
            width += 3
    return width


class PAR(SdvFamily):
    """Memory: deepecho encodes every row as a float32 vector (``par_width``) and pads all
    sequences to the longest, so the padded size (entities x longest sequence) counts, not
    the rows; the GRU itself is tiny (32 units)."""

    spec = ModelSpec(
        "par", "PAR (SDV, sequential)",
        "Recurrent network over each entity's rows in order (SDV's PARSynthesizer); needs a "
        "table marked sequential.",
        single_table=True, multi_table=False, gpu=True,
        params=(epochs_param(128), DEVICE, TIME_BUDGET),
    )
    short = "PAR"
    fixed_memory = 160 * MIB

    def check(
        self, schema: Schema, tables: Mapping[str, pd.DataFrame] | None = None
    ) -> str | None:
        sequential = schema.sequential_tables()
        if len(schema.tables) != 1 or not sequential:
            return ("PAR models one sequential table: give it that table alone, marked "
                    "sequential (its sequence key, the entity column, and its sequence index, "
                    "the order column: in Prepare, or --sequence TABLE=KEY:INDEX on the "
                    "command line).")
        return None

    def data_memory(self, shapes: Shapes, params: Mapping[str, Any]) -> int:
        return sum(n * par_width(shapes.columns[t]) * 4 * 2 for t, n in shapes.rows.items())

    def estimate_memory(
        self, schema: Schema, tables: Mapping[str, pd.DataFrame], params: Mapping[str, Any]
    ) -> int:
        """The base estimate plus the padded sequences (entities x longest) and the GRU's
        activations over them."""
        from syndata.limits import modelled_columns

        total = super().estimate_memory(schema, tables, params)
        for name in schema.sequential_tables(tables):
            frame = tables[name]
            lengths = frame.groupby(schema.table(name).sequence_key, dropna=True).size()
            if lengths.empty:
                continue
            padded = len(lengths) * (int(lengths.max()) + 2)
            width = par_width(modelled_columns(frame, schema, name))
            total += padded * (width * _TENSOR_COPIES + _HIDDEN * 4) * 4
        return int(total)

    def sdv_metadata(self, schema: Schema, names: list[str], renames: ColumnNames) -> Metadata:
        """SDV's metadata with the table's sequence key and index set (by SDV's names)."""
        metadata = super().sdv_metadata(schema, names, renames)
        table = schema.table(names[0])
        renamed = renames.renamed.get(names[0], {})
        metadata.set_sequence_key(renamed.get(table.sequence_key, table.sequence_key),
                                  names[0])
        metadata.set_sequence_index(renamed.get(table.sequence_index, table.sequence_index),
                                    names[0])
        return metadata

    def synthesizer(self, metadata: Metadata, params: dict[str, Any], device: str) -> Any:
        from sdv.sequential import PARSynthesizer

        return PARSynthesizer(metadata, epochs=params["epochs"], cuda=device == "cuda")

    def loss(self, synthesizer: Any) -> Callable[[], float | None]:
        """deepecho's latest epoch loss, once there is one."""

        def latest() -> float | None:
            values = getattr(getattr(synthesizer, "_model", None), "loss_values", None)
            if values is None or len(values) == 0:
                return None
            return float(values["Loss"].iloc[-1])

        return latest

    def _fit(
        self, schema: Schema, tables: dict[str, pd.DataFrame], params: dict[str, Any],
        progress: ProgressCallback, cancel: CancelCheck,
    ) -> FittedModel:
        model = super()._fit(schema, tables, params, progress, cancel)
        name = model.info.tables[0]
        entities = int(tables[name][schema.table(name).sequence_key].nunique())
        return ParModel(model.info, model.synthesizer, model.column_names, entities)

    def shapes_advice(self, multi_table: bool, relational_models: str) -> str:
        return ("train PAR for more epochs (its default, 128, is a minimum for long "
                "sequences), or compare GaussianCopula for the columns alone.")

    def pairs_advice(self, multi_table: bool, relational_models: str) -> str:
        return "train PAR for more epochs, or compare IRGAN."


class ParModel(SdvModel):
    """A fitted PARSynthesizer; ``entities`` is the real number of sequences, so a scale
    of 1 draws as many sequences as the real table has entities."""

    def __init__(self, info: FitInfo, synthesizer: Any, column_names: ColumnNames,
                 entities: int):
        super().__init__(info, synthesizer, column_names)
        self.entities = entities

    def _reset(self) -> None:
        """Forget the ids drawn so far by the context copula and the data processor
        (PARSynthesizer has no ``reset_sampling`` of its own)."""
        self.synthesizer._context_synthesizer.reset_sampling()
        self.synthesizer._data_processor.reset_sampling()

    def _draw(self, scale: float, seed: int) -> dict[str, pd.DataFrame]:
        """``scale`` x the real entities, each a whole sequence, seeded (the context copula
        through SDV, the recurrent network through torch)."""
        import torch

        synth = self.synthesizer
        synth._context_synthesizer._set_random_state(seed)
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(seed)
            return synth.sample_sequences(num_sequences=max(1, round(scale * self.entities)))


FAMILY = PAR()
