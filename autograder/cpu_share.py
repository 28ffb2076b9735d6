"""A CPU share per graded kernel: a cgroup of its own, with the same weight as every other's.

Without it, the machine's CPU is shared per process: a learner whose code starts eight busy
processes takes eight ninths of it from a learner graded beside, whose tests then time out. In a
cgroup of its own, each kernel (with every process it starts) gets an equal share, whatever its
number of processes. Kernels run inside bubblewrap, where ``/sys`` is not mounted: they cannot
leave their group.

This uses cgroup v1's cpu controller (``/sys/fs/cgroup/cpu``), where it is mounted and the grader
runs as root; elsewhere ``available()`` is False and kernels share the CPU as plain processes.
"""

from __future__ import annotations

import atexit
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

CPU_ROOT = Path("/sys/fs/cgroup/cpu")
SHARES = 1024  # the kernel default: every kernel's group weighs the same
PREFIX = "autograder-"
_creating = threading.Lock()  # grading threads create their kernels' groups one at a time


def available() -> bool:
    """True when kernels can get a CPU share (cgroup v1's cpu controller, as root)."""
    writable = (CPU_ROOT / "cpu.shares").is_file() and os.access(CPU_ROOT, os.W_OK)
    return os.geteuid() == 0 and writable


def _remove_stale() -> None:
    """Remove the empty groups of grader processes that are gone (another grader process may be
    removing them at the same time)."""
    for parent in CPU_ROOT.glob(f"{PREFIX}*"):
        pid = parent.name.removeprefix(PREFIX)
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            _remove_parent(parent)


def _remove_parent(parent: Path) -> None:
    """Remove a grader process's group and its empty kernel groups."""
    try:
        groups = [group for group in parent.iterdir() if group.is_dir()]
    except FileNotFoundError:  # removed meanwhile
        return
    for group in groups:
        _rmdir(group)
    _rmdir(parent)


def _rmdir(path: Path) -> None:
    try:
        path.rmdir()
    except OSError:  # a process still in it: the next start tries again
        pass


@dataclass
class CpuShare:
    """One kernel's cgroup: ``/sys/fs/cgroup/cpu/autograder-<grader pid>/<name>``."""

    path: Path

    @classmethod
    def create(cls, name: str) -> CpuShare | None:
        """A new group for one kernel, or None where cgroups are not available."""
        if not available():
            return None
        parent = CPU_ROOT / f"{PREFIX}{os.getpid()}"
        with _creating:
            if not parent.exists():  # this grader process's first kernel
                _remove_stale()
                parent.mkdir()
                atexit.register(_remove_parent, parent)
        path = parent / name
        path.mkdir(exist_ok=True)
        (path / "cpu.shares").write_text(str(SHARES))
        return cls(path)

    def join(self, pids: Iterable[int]) -> None:
        """Move processes (with all their threads) into the group; their children follow."""
        for pid in pids:
            try:
                (self.path / "cgroup.procs").write_text(str(pid))
            except OSError:  # it ended meanwhile
                continue

    def members(self) -> list[int]:
        """The pids in the group."""
        return [int(line) for line in (self.path / "cgroup.procs").read_text().split()]

    def remove(self) -> None:
        """Remove the group (once its processes have ended)."""
        _rmdir(self.path)
