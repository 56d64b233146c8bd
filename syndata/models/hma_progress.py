"""HMA with real progress: table by table, parent by parent, cancellable between steps.

SDV 2.0's ``HMASynthesizer.fit`` prepares every table (``_assign_table_transformers``), then
for every relationship fits one copula per parent row on that parent's children
(``_get_extension``, minutes on thousands of parents), then models each augmented table
(``_model_tables``); sampling draws each child table parent row by parent row
(``_add_child_rows``). None of it reports anything but tqdm bars. ``ProgressHMA`` hooks those
methods to report "table x (i of n)" with a fraction of the whole fit or sample.

SDV skips any parent whose copula raises, so a cancel cannot be raised from inside the
per-parent loop: the hook stops fitting further copulas (each remaining parent fails at
once) and raises ``CancelledError`` when the relationship's loop returns. The hooks hold
callbacks only inside ``tracking``, so a fitted model pickles without them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sdv.multi_table import HMASynthesizer
from sdv.single_table import GaussianCopulaSynthesizer

from syndata.errors import CancelledError
from syndata.progress import CancelCheck, Progress, ProgressCallback, never_cancel

_REPORTS_PER_STEP = 50
"""Reports within one step (parents of one relationship): enough for a moving bar."""


@dataclass
class _Tracker:
    """Steps done so far of a fit or sample, and where to report them."""

    progress: ProgressCallback
    cancel: CancelCheck
    stage: str
    steps: int
    done: int = 0
    cancelled: bool = False

    def report(self, message: str, within: float = 0.0) -> None:
        fraction = min(0.99, (self.done + min(within, 1.0)) / max(self.steps, 1))
        self.progress(Progress(self.stage, fraction, message))

    def check_cancel(self) -> None:
        if self.cancelled or self.cancel():
            self.cancelled = True
            raise CancelledError()


class ProgressHMA(HMASynthesizer):
    """``HMASynthesizer`` reporting each table and relationship while it fits and samples."""

    _tracker: _Tracker | None = None

    @contextmanager
    def tracking(self, progress: ProgressCallback, stage: str, steps: int,
                 cancel: CancelCheck = never_cancel) -> Iterator[None]:
        """Report to ``progress`` (``steps`` in all) while the block runs."""
        self._tracker = _Tracker(progress, cancel, stage, steps)
        self._pending: dict[str, list[int]] = {}  # child table: [parent rows, rows done]
        try:
            yield
        finally:
            del self._tracker, self._pending

    def fit_steps(self) -> int:
        """Steps of a fit: prepare each table, each relationship, model each table."""
        return 2 * len(self.metadata.tables) + len(self.metadata.relationships)

    def sample_steps(self) -> int:
        """Steps of a sample: one per table."""
        return len(self.metadata.tables)

    def _step(self, message: str) -> None:
        tracker = self._tracker
        if tracker is not None:
            tracker.check_cancel()
            tracker.report(message)
            tracker.done += 1

    def _assign_table_transformers(self, synthesizer, table_name, table_data):
        count = len(self.metadata.tables)
        index = list(self.metadata.tables).index(table_name) + 1
        self._step(f"preparing table {table_name} ({index} of {count})")
        return super()._assign_table_transformers(synthesizer, table_name, table_data)

    def _get_extension(self, child_name, child_table, foreign_key, progress_bar_desc):
        tracker = self._tracker
        if tracker is None:
            return super()._get_extension(child_name, child_table, foreign_key,
                                          progress_bar_desc)
        parent = next(r["parent_table_name"] for r in self.metadata.relationships
                      if r["child_table_name"] == child_name
                      and r["child_foreign_key"] == foreign_key)
        where = (f"learning {child_name} per {parent} row ({self._learned_relationships + 1} "
                 f"of {len(self.metadata.relationships)} relationships)")
        tracker.check_cancel()
        tracker.report(where)
        keys = child_table.get(foreign_key, child_table.index)
        parents = max(1, keys.nunique(dropna=False))
        every = max(1, parents // _REPORTS_PER_STEP)
        fitted = [0]

        def copula(*args: Any, **kwargs: Any) -> GaussianCopulaSynthesizer:
            tracker.check_cancel()  # SDV skips this parent; the loop then runs out quickly
            fitted[0] += 1
            if fitted[0] % every == 0:
                tracker.report(f"{where}: {fitted[0]:,} of {parents:,} parents",
                               fitted[0] / parents)
            return GaussianCopulaSynthesizer(*args, **kwargs)

        self._synthesizer = copula
        try:
            extension = super()._get_extension(child_name, child_table, foreign_key,
                                               progress_bar_desc)
        finally:
            del self._synthesizer
        tracker.check_cancel()
        tracker.done += 1
        return extension

    def _set_extended_columns_distributions(self, synthesizer, table_name, valid_columns):
        if self._tracker is not None and "_synthesizer" not in self.__dict__:
            index = list(self.metadata.tables).index(table_name) + 1
            self._step(f"modelling table {table_name} ({index} of {len(self.metadata.tables)})")
        return super()._set_extended_columns_distributions(synthesizer, table_name,
                                                           valid_columns)

    def _sample_rows(self, synthesizer, num_rows=None, batch_size=None,
                     max_tries_per_batch=100):
        table = getattr(synthesizer, "_table_name", None)
        if self._tracker is not None and table in self._roots():
            self._step(self._sampling(table))
        return super()._sample_rows(synthesizer, num_rows, batch_size, max_tries_per_batch)

    def _sample_children(self, table_name, sampled_data, scale=1.0, batch_size=None,
                         max_tries_per_batch=100):
        if self._tracker is not None:
            for child in self.metadata._get_child_map()[table_name]:
                if child not in sampled_data:
                    self._pending[child] = [len(sampled_data[table_name]), 0]
        return super()._sample_children(table_name, sampled_data, scale, batch_size,
                                        max_tries_per_batch)

    def _add_child_rows(self, child_name, parent_name, parent_row, sampled_data,
                        num_rows=None, batch_size=None, max_tries_per_batch=100):
        tracker = self._tracker
        if tracker is not None and parent_row is not None and child_name in self._pending:
            counts = self._pending[child_name]
            counts[1] += 1
            total, done = counts
            if done == 1 or done % max(1, total // _REPORTS_PER_STEP) == 0:
                tracker.report(f"{self._sampling(child_name)}: {done:,} of {total:,} "
                               f"{parent_name} rows", (done - 1) / total)
            if done == total:
                tracker.done += 1
                del self._pending[child_name]
        return super()._add_child_rows(child_name, parent_name, parent_row, sampled_data,
                                       num_rows, batch_size, max_tries_per_batch)

    def _sampling(self, table: str) -> str:
        return f"sampling table {table} ({self._tracker.done + 1} of {self._tracker.steps})"

    def _roots(self) -> set[str]:
        return set(self.metadata.tables) - set(self.metadata._get_parent_map())
