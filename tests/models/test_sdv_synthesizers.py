"""The SDV synthesizer subclasses: copula correlations computed with numpy equal copulas' own."""

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
