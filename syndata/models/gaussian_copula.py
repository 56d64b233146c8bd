"""GaussianCopula (SDV): fitted marginals joined by a Gaussian copula; the fastest model.

Long tables fit each marginal on a sample (``MARGINAL_ROWS``) and wide ones switch an
unchosen beta marginal to a normal one (``lighter_marginals``): see
``syndata.models.sdv_synthesizers`` for the copula itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from syndata.limits import MIB, copula_bytes, copula_width, estimate_marginal_seconds
from syndata.models.family import Shapes
from syndata.models.sdv_family import SdvFamily
from syndata.models.spec import ModelSpec, distribution_param

if TYPE_CHECKING:
    import pandas as pd
    from sdv.metadata import Metadata

    from syndata.metadata import Schema

MARGINAL_ROWS = 50_000
"""Rows a column's marginal is fitted on. SDV fits each marginal (a beta by default, by
Nelder-Mead over every value) on all rows: about 5 s a column at 200,000 rows on the
development machine. Parameters fitted on a 50,000-row random sample differ from the
full-data ones by far less than the sampling noise of the synthetic data (see
``bench/big_csv.py``); the correlations still use every row."""

BETA_BUDGET_SECONDS = 120.0
"""Above this estimated time for beta marginals, an unset marginal becomes ``norm``."""


class LighterMarginals:
    """A copula-based family whose unchosen beta marginals become normal on wide tables;
    ``marginal_rows`` is the cap on the rows a marginal is fitted on (None: all)."""

    marginal_rows: int | None = None

    def adapt(
        self, schema: Schema, tables: Mapping[str, pd.DataFrame], given: Mapping[str, Any],
        resolved: dict[str, Any],
    ) -> list[str]:
        return lighter_marginals(schema, tables, given, resolved, self.marginal_rows)


def lighter_marginals(
    schema: Schema, tables: Mapping[str, pd.DataFrame], given: Mapping[str, Any],
    resolved: dict[str, Any], max_rows: int | None,
) -> list[str]:
    """Switch a default beta marginal to ``norm`` where the beta fits alone would take minutes.

    Wide tables are where this bites: 2,000 columns at 1,000 rows spend about 6 minutes in
    per-column beta fits, while a normal marginal is fitted in closed form. A distribution
    the user chose is kept. ``max_rows`` caps the rows a marginal is fitted on. Returns the
    note for the fitted model, if any.
    """
    if (len(schema.tables) != 1 or given.get("default_distribution") is not None
            or resolved.get("default_distribution") != "beta"):
        return []
    table = next(iter(schema.tables))
    seconds = estimate_marginal_seconds(tables[table], schema, table, max_rows)
    if seconds <= BETA_BUDGET_SECONDS:
        return []
    resolved["default_distribution"] = "norm"
    return [f"{table} has {tables[table].shape[1]:,} columns x {len(tables[table]):,} rows: "
            f"fitting a beta marginal to each column would take about {seconds:,.0f} s, so "
            "each got a normal marginal instead (fitted in a fraction of that). Choose the "
            "beta marginal explicitly to fit it anyway."]


class GaussianCopula(LighterMarginals, SdvFamily):
    """Memory: one float column per modelled column, a handful of copies while RDT
    transforms and the copula fits, plus the k x k correlation matrix. Measured peak growth
    of the fitting process (2 CPU cores, torch already imported) at 300k rows x 10 columns:
    230 MiB against an estimate of 287 MiB."""

    spec = ModelSpec(
        "gaussian_copula", "Gaussian copula (SDV)",
        "Fast statistical model: fitted marginals joined by a Gaussian copula.",
        single_table=True, multi_table=False, gpu=False,
        params=(distribution_param("beta"),),
    )
    short = "GaussianCopula"
    fixed_memory = 32 * MIB
    marginal_rows = MARGINAL_ROWS

    def data_memory(self, shapes: Shapes, params: Mapping[str, Any]) -> int:
        return sum(copula_bytes(n, copula_width(shapes.columns[t]))
                   for t, n in shapes.rows.items())

    def synthesizer(self, metadata: Metadata, params: dict[str, Any], device: str) -> Any:
        from syndata.models.sdv_synthesizers import GaussianCopulaOnSample

        return GaussianCopulaOnSample(metadata,
                                      default_distribution=params["default_distribution"])

    def shapes_advice(self, multi_table: bool, relational_models: str) -> str:
        return ("try another marginal distribution (e.g. 'gaussian_kde' or 'truncnorm'), or a "
                "neural model (CTGAN, TVAE) or IRGAN.")

    def pairs_advice(self, multi_table: bool, relational_models: str) -> str:
        return "a neural model (CTGAN, TVAE) or IRGAN usually keeps them better."


FAMILY = GaussianCopula()
