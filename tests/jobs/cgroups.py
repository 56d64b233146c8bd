"""A memory cgroup to run a process under a hard limit (cgroup v1 or v2), as root.

Shared by the out-of-memory test of the job runner and ``bench/hosted.py``, which walk the
app inside one as the hosted demo's 1 GB container would hold it.
"""

from __future__ import annotations

import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path


class NoCgroup(Exception):
    """Neither cgroup version's memory controller can be written here."""


@dataclass
class Cgroup:
    """One memory cgroup, v1 or v2, with a hard limit and swap off where allowed."""

    path: Path
    version: int
    swap_off: bool = False

    @classmethod
    def make(cls, name: str, limit: int) -> Cgroup:
        v1, v2 = Path("/sys/fs/cgroup/memory"), Path("/sys/fs/cgroup")
        tried = []
        for version, root, limit_file in ((1, v1, "memory.limit_in_bytes"),
                                          (2, v2, "memory.max")):
            if not (root / limit_file).exists() and not (root / "cgroup.controllers").exists():
                tried.append(f"v{version}: no memory controller at {root}")
                continue
            path = root / name
            try:
                path.mkdir(exist_ok=True)
                (path / limit_file).write_text(str(limit))
            except OSError as error:
                tried.append(f"v{version}: {error.strerror} writing {path / limit_file}")
                continue
            group = cls(path, version)
            group.swap_off = group._turn_swap_off(limit)
            return group
        raise NoCgroup("; ".join(tried))

    def _turn_swap_off(self, limit: int) -> bool:
        name, value = (("memory.memsw.limit_in_bytes", str(limit)) if self.version == 1
                       else ("memory.swap.max", "0"))
        try:
            (self.path / name).write_text(value)
        except OSError:
            return False
        return True

    def usage(self) -> int:
        name = "memory.usage_in_bytes" if self.version == 1 else "memory.current"
        return int((self.path / name).read_text())

    def peak(self) -> int:
        name = "memory.max_usage_in_bytes" if self.version == 1 else "memory.peak"
        return int((self.path / name).read_text())

    def reset_peak(self) -> None:
        """v1 resets on writing 0; v2 (kernel 6.12+) on any write, where it allows it."""
        try:
            name = "memory.max_usage_in_bytes" if self.version == 1 else "memory.peak"
            (self.path / name).write_text("0")
        except OSError:
            pass

    def oom_kills(self) -> int:
        name = "memory.oom_control" if self.version == 1 else "memory.events"
        text = (self.path / name).read_text()
        found = re.search(r"oom_kill (\d+)", text)
        return int(found.group(1)) if found else 0

    def remove(self) -> None:
        for _ in range(50):
            try:
                self.path.rmdir()
                return
            except OSError:
                time.sleep(0.2)
        print(f"could not remove {self.path}: processes are still in it", file=sys.stderr)
