"""Loaded by the fork server alone (the runner puts it first in the preload list).

When the server is gone, however it went, the fork server sees its pipe from the server
close and exits. Python's normal exit then tears down every module it preloaded, which
with SDV and torch takes seconds; nothing in the fork server needs that teardown (its
jobs are already told to end by the kernel, see ``worker._die_with_parent``), so its exit
hook ends the process at once instead.
"""

import atexit
import os

_FORK_SERVER_PID = os.getpid()


def _exit_now() -> None:
    """Skip the teardown; only in the fork server itself, never in a process forked from it."""
    if os.getpid() == _FORK_SERVER_PID:
        os._exit(0)


atexit.register(_exit_now)
