"""The course's spawner: JupyterHub's local-process spawner, each server as its user's own Linux
account, inside the learner's limits (``limits.LearnerGroup``).

A learner who signed up (``native`` authenticator) and was approved gets a Linux account at the
first start of the server.
"""

from __future__ import annotations

from jupyterhub.spawner import LocalProcessSpawner, set_user_setuid
from traitlets import Integer, Unicode

from autograder.hub import accounts, limits


class CourseSpawner(LocalProcessSpawner):
    """A server in the user's account and cgroups; whatever it leaves is killed when it stops."""

    memory_mb = Integer(3072, config=True, help="memory of a learner's server and kernels (MB)")
    processes = Integer(512, config=True, help="processes and threads a learner may run")
    group_parent = Unicode("ml-course-hub", config=True, help="the parent cgroup of learners")

    def _group(self) -> limits.LearnerGroup | None:
        return (
            limits.LearnerGroup(self.group_parent, self.user.name) if limits.available() else None
        )

    def make_preexec_fn(self, name: str):
        """Join the learner's groups (as root, in the new process), then become the learner."""
        become_user = set_user_setuid(name)
        group = self._group()

        def preexec() -> None:
            if group is not None:
                group.join()
            become_user()

        return preexec

    async def start(self):
        if accounts.ensure_user(self.user.name):
            self.log.info("created the Linux account of %s", self.user.name)
        group = self._group()
        if group is not None:
            group.create(memory_mb=self.memory_mb, processes=self.processes)
        return await super().start()

    async def stop(self, now: bool = False) -> None:
        await super().stop(now=now)
        group = self._group()
        if group is not None:
            if left := group.end_all():
                self.log.warning("processes of %s survived its server: %s", self.user.name, left)
            group.remove()
