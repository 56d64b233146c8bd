"""Compare synthetic data with real data: quality, diagnostic, privacy, utility, report."""

from syndata.evaluation.evaluate import evaluate
from syndata.evaluation.isolation import NotComputed
from syndata.evaluation.privacy import Finding, TablePrivacy
from syndata.evaluation.report import render_report
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
    "render_report",
]
