"""Compare synthetic data with real data: quality, diagnostic, privacy, utility.

The HTML report that presents a result is ``syndata.report``.
"""

from syndata.evaluation.evaluate import evaluate
from syndata.evaluation.isolation import NotComputed
from syndata.evaluation.privacy import Finding, TablePrivacy
from syndata.evaluation.result import EvaluationResult, PrivacyResult
from syndata.evaluation.utility import UtilityResult

__all__ = [
    "EvaluationResult",
    "Finding",
    "NotComputed",
    "PrivacyResult",
    "TablePrivacy",
    "UtilityResult",
    "evaluate",
]
