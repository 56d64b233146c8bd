"""SDV's synthesizers as syndata subclasses them, for speed at size and for text columns.

Imported only where a fit or a sample runs (it loads SDV and torch); module level, so
fitted models pickle.
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
from copulas.multivariate import GaussianMultivariate
from copulas.utils import EPSILON
from sdv.single_table import CopulaGANSynthesizer, GaussianCopulaSynthesizer

from syndata.models import gaussian_copula


class MarginalsOnSample(GaussianMultivariate):
    """copulas' Gaussian copula, its marginals fitted on ``gaussian_copula.MARGINAL_ROWS`` rows.

    The correlation matrix comes from numpy's ``corrcoef`` (BLAS) instead of pandas'
    pairwise ``DataFrame.corr``, which took 92 s of a 2,000-column fit; the normal scores
    have no missing values, so both give the same matrix (pandas' pairwise handling of
    missing values is kept for the case they do).
    """

    def _fit_columns(self, X):
        if len(X) > gaussian_copula.MARGINAL_ROWS:
            X = X.sample(n=gaussian_copula.MARGINAL_ROWS, random_state=0)
        return super()._fit_columns(X)

    def _get_correlation(self, X):
        scores = self._transform_to_normal(X)
        if np.isnan(scores).any():
            return super()._get_correlation(X)
        with np.errstate(invalid="ignore", divide="ignore"):
            correlation = np.atleast_2d(np.corrcoef(scores, rowvar=False))
        constant = np.ptp(scores, axis=0) == 0  # pandas: no correlation at all, as SDV expects
        correlation[constant, :] = correlation[:, constant] = 0.0
        correlation = np.nan_to_num(correlation, nan=0.0)
        if np.linalg.cond(correlation) > 1.0 / sys.float_info.epsilon:
            correlation = correlation + np.identity(len(correlation)) * EPSILON
        return pd.DataFrame(correlation, index=self.columns, columns=self.columns)


class GaussianCopulaOnSample(GaussianCopulaSynthesizer):
    """SDV's GaussianCopula fitting its marginals on a sample of long tables."""

    def _initialize_model(self, numerical_distributions):
        return MarginalsOnSample(distribution=numerical_distributions)


class CopulaGANKeepingText(CopulaGANSynthesizer):
    """SDV 2.0's CopulaGAN with non-numeric columns kept out of its Gaussian normaliser.

    CopulaGAN sends every column that is not categorical/boolean/ordinal to a
    ``GaussianNormalizer``, so a text ``id`` column that is not the primary key (a foreign
    key fitted on its own, an account code) fails with "could not convert string to float".
    Such columns go to CTGAN as they are, which treats them as discrete. Module level, so
    fitted models pickle.
    """

    def _create_gaussian_normalizer_config(self, processed_data):
        config = super()._create_gaussian_normalizer_config(processed_data)
        for column in processed_data.columns:
            if not pd.api.types.is_numeric_dtype(processed_data[column]):
                config["transformers"][column] = None
                config["sdtypes"][column] = "categorical"
        return config
