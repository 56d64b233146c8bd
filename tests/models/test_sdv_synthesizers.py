"""The SDV synthesizer subclasses: copula correlations computed with numpy equal copulas' own,
marginals of long tables fitted on a sample, CopulaGAN's text columns kept from the normaliser."""

import numpy as np
import pandas as pd


def test_correlations_from_numpy_equal_copulas_own_with_a_constant_column():
    from copulas.multivariate import GaussianMultivariate

    from syndata.models.sdv_synthesizers import MarginalsOnSample

    rng = np.random.default_rng(0)
    frame = pd.DataFrame(rng.normal(size=(400, 5)).cumsum(axis=1), columns=list("abcde"))
    frame["flat"] = 1.0
    ours = MarginalsOnSample(distribution="copulas.univariate.BetaUnivariate")
    theirs = GaussianMultivariate(distribution="copulas.univariate.BetaUnivariate")
    with np.errstate(all="ignore"):
        ours.fit(frame)
        theirs.fit(frame)
    np.testing.assert_allclose(ours.correlation.to_numpy(), theirs.correlation.to_numpy(),
                               atol=1e-12)


def _accounts() -> pd.DataFrame:
    rng = np.random.default_rng(2)
    return pd.DataFrame({"account": [f"AC{i % 7:03d}" for i in range(60)],
                         "amount": rng.gamma(2, 10, 60).round(2),
                         "kind": rng.choice(["a", "b"], 60)})


def test_copulagan_sends_text_columns_to_ctgan_and_numbers_to_the_normaliser():
    from syndata.metadata import Schema
    from syndata.models.sdv_synthesizers import CopulaGANKeepingText

    frame = _accounts()
    schema = Schema.detect({"t": frame})
    schema.set_sdtype("t", "account", "id")
    synth = CopulaGANKeepingText(schema.to_sdv(), epochs=1)
    config = synth._create_gaussian_normalizer_config(frame)
    assert config["transformers"]["account"] is None
    assert config["sdtypes"]["account"] == "categorical"
    assert config["transformers"]["amount"] is not None
    assert config["sdtypes"]["amount"] == "numerical"


def test_gaussian_copula_on_sample_fits_a_copula_with_sampled_marginals(monkeypatch):
    from syndata.metadata import Schema
    from syndata.models import gaussian_copula
    from syndata.models.sdv_synthesizers import GaussianCopulaOnSample, MarginalsOnSample

    monkeypatch.setattr(gaussian_copula, "MARGINAL_ROWS", 20)
    frame = _accounts()[["amount", "kind"]]
    synth = GaussianCopulaOnSample(Schema.detect({"t": frame}).to_sdv())
    synth.fit({"t": frame})
    assert type(synth._model) is MarginalsOnSample
    assert len(synth.sample(15)["t"]) == 15


def test_marginals_are_fitted_on_the_first_rows_sample_of_a_long_table(monkeypatch):
    from copulas.multivariate import GaussianMultivariate

    from syndata.models import gaussian_copula
    from syndata.models.sdv_synthesizers import MarginalsOnSample

    monkeypatch.setattr(gaussian_copula, "MARGINAL_ROWS", 20)
    frame = pd.DataFrame(np.random.default_rng(4).gamma(2, 3, (80, 2)), columns=["a", "b"])
    ours = MarginalsOnSample(distribution="copulas.univariate.GammaUnivariate")
    theirs = GaussianMultivariate(distribution="copulas.univariate.GammaUnivariate")
    ours.fit(frame)
    theirs.fit(frame.sample(n=20, random_state=0))
    assert [u.to_dict() for u in ours.univariates] == [u.to_dict() for u in theirs.univariates]
    whole = GaussianMultivariate(distribution="copulas.univariate.GammaUnivariate")
    whole.fit(frame)
    assert [u.to_dict() for u in ours.univariates] != [u.to_dict() for u in whole.univariates]
