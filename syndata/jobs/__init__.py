"""Background jobs: fits, long samples and evaluations off the page, one process each.

``JobRunner`` queues and runs targets ``target(progress, cancel, **kwargs) -> result`` in
worker processes and reports ``JobStatus`` snapshots; results come back through the
session's ``Workspace``.
"""

from syndata.jobs.runner import DEFAULT_PRELOAD, JobRunner
from syndata.jobs.status import JobState, JobStatus

__all__ = ["DEFAULT_PRELOAD", "JobRunner", "JobState", "JobStatus"]
