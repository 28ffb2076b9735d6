"""Each learner's limits on a hub: one cgroup per learner (cgroup v1) for the server and every
kernel and process it starts: memory, number of processes, and an equal CPU weight.

The spawner puts the server's process in the groups before it becomes the learner (``join``), so
nothing the learner starts is ever outside them; when the server stops, whatever is left in them
is killed (``end_all``).
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

CGROUPS = Path("/sys/fs/cgroup")
CONTROLLERS = ("memory", "pids", "cpu")


def available() -> bool:
    """True where per-learner groups can be made: cgroup v1's memory, pids and cpu, as root."""
    return os.geteuid() == 0 and all((CGROUPS / c / "cgroup.procs").is_file() for c in CONTROLLERS)


def kill_all(find: Callable[[], list[int]], timeout: float, interval: float = 0.05) -> list[int]:
    """Kill the processes ``find`` lists, again and again, until it lists none or ``timeout``
    seconds have passed (a process may start another while it is being killed).

    Returns:
        The pids ``find`` still lists at the end.
    """
    deadline = time.monotonic() + timeout
    while (left := find()) and time.monotonic() < deadline:
        for pid in left:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                continue
        time.sleep(interval)
    return find()


@dataclass(frozen=True)
class LearnerGroup:
    """The groups ``/sys/fs/cgroup/<controller>/<parent>/<user>`` of one learner."""

    parent: str
    user: str

    def path(self, controller: str) -> Path:
        return CGROUPS / controller / self.parent / self.user

    def create(self, *, memory_mb: int, processes: int) -> None:
        """Create the groups (or keep them) with these limits."""
        for controller in CONTROLLERS:
            self.path(controller).mkdir(parents=True, exist_ok=True)
        (self.path("memory") / "memory.limit_in_bytes").write_text(str(memory_mb << 20))
        (self.path("pids") / "pids.max").write_text(str(processes))
        (self.path("cpu") / "cpu.shares").write_text("1024")

    def join(self) -> None:
        """Move the calling process into the groups (its children follow)."""
        for controller in CONTROLLERS:
            (self.path(controller) / "cgroup.procs").write_text(str(os.getpid()))

    def members(self) -> list[int]:
        """The pids in the learner's groups."""
        text = (self.path("pids") / "cgroup.procs").read_text()
        return [int(pid) for pid in text.split()]

    def end_all(self, timeout: float = 10.0) -> list[int]:
        """Kill every process left in the groups and wait for them to go.

        Returns:
            The pids still there after ``timeout`` seconds (none, normally).
        """
        return kill_all(self.members, timeout)

    def remove(self) -> None:
        """Remove the groups (once empty)."""
        for controller in CONTROLLERS:
            try:
                self.path(controller).rmdir()
            except OSError:
                continue


def remove_groups(parent: str) -> None:
    """Remove a hub's empty learner groups and their parent (``/sys/fs/cgroup/*/<parent>``)."""
    for controller in CONTROLLERS:
        folder = CGROUPS / controller / parent
        for group in [*folder.glob("*/"), folder] if folder.exists() else []:
            try:
                group.rmdir()
            except OSError:  # a process still in it
                continue
