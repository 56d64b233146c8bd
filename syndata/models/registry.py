"""The models users can choose, one ``ModelSpec`` each, and the factory that fits them."""

from __future__ import annotations

from syndata.errors import ModelError
from syndata.models.spec import ModelSpec, Param

DISTRIBUTIONS = ("beta", "truncnorm", "gamma", "norm", "uniform", "gaussian_kde")
_DEVICE = Param(
    "device", "Device", "choice", "auto", choices=("auto", "cpu", "cuda"),
    help="auto uses a CUDA GPU when one is available.",
)
_BUDGET = Param(
    "time_budget_minutes", "Time budget (minutes)", "float", 0.0, 0.0, 24 * 60.0,
    help="0 = train for the given epochs. Otherwise the first epochs are timed and training "
    "stops at the last epoch that fits the budget.",
)


def _epochs(default: int) -> Param:
    return Param("epochs", "Epochs", "int", default, 1, 10_000,
                 help="Passes over the data. More is better and slower; try 1 first.")


def _batch(default: int, step_note: str = "") -> Param:
    return Param("batch_size", "Batch size", "int", default, 10, 100_000, help=step_note)


def _distribution(default: str) -> Param:
    return Param("default_distribution", "Marginal distribution", "choice", default,
                 choices=DISTRIBUTIONS, help="Distribution fitted to each numerical column.")


MODELS: dict[str, ModelSpec] = {
    spec.name: spec
    for spec in (
        ModelSpec(
            "gaussian_copula", "Gaussian copula (SDV)",
            "Fast statistical model: fitted marginals joined by a Gaussian copula.",
            single_table=True, multi_table=False, gpu=False,
            params=(_distribution("beta"),),
        ),
        ModelSpec(
            "ctgan", "CTGAN (SDV)",
            "Conditional GAN; strong on categorical and multi-modal columns, slow on CPU.",
            single_table=True, multi_table=False, gpu=True,
            params=(_epochs(300), _batch(500, "Rounded to a multiple of 10 (PacGAN packing)."),
                    Param("learning_rate", "Learning rate", "float", 2e-4, 1e-6, 1.0),
                    _DEVICE, _BUDGET),
        ),
        ModelSpec(
            "tvae", "TVAE (SDV)",
            "Variational autoencoder; often faster and steadier than CTGAN.",
            single_table=True, multi_table=False, gpu=True,
            params=(_epochs(300), _batch(500), _DEVICE, _BUDGET),
        ),
        ModelSpec(
            "copulagan", "CopulaGAN (SDV)",
            "CTGAN on copula-normalised columns.",
            single_table=True, multi_table=False, gpu=True,
            params=(_epochs(300), _batch(500, "Rounded to a multiple of 10 (PacGAN packing)."),
                    _distribution("beta"), _DEVICE, _BUDGET),
        ),
        ModelSpec(
            "hma", "HMA (SDV)",
            "Hierarchical copulas over related tables; at most 5 tables and depth 2.",
            single_table=False, multi_table=True, gpu=False,
            params=(_distribution("beta"),),
        ),
        ModelSpec(
            "irgan", "IRGAN (ours)",
            "Relational GAN for any acyclic schema: table by table, keys valid by construction.",
            single_table=True, multi_table=True, gpu=True,
            params=(_epochs(20), _batch(500),
                    Param("learning_rate", "Learning rate", "float", 1e-3, 1e-6, 1.0),
                    Param("hidden_size", "Hidden units", "int", 128, 16, 1024,
                          help="Width of the generator and discriminator layers."),
                    Param("precision", "Matrix precision", "choice", "auto",
                          choices=("auto", "float32", "bfloat16"),
                          help="auto trains in bfloat16 on CPUs that multiply it natively "
                          "(AVX-512 BF16 or AMX: about twice as fast), float32 elsewhere."),
                    _DEVICE, _BUDGET),
        ),
    )
}


def get_spec(name: str) -> ModelSpec:
    """The spec of a model by name, with the list of names when it is unknown."""
    try:
        return MODELS[name]
    except KeyError:
        raise ModelError(
            f"Unknown model '{name}'. Choose one of: {', '.join(MODELS)}."
        ) from None


def models_for(multi_table: bool) -> list[ModelSpec]:
    """The models that can fit one table (False) or a group of related tables (True)."""
    return [s for s in MODELS.values() if (s.multi_table if multi_table else s.single_table)]
