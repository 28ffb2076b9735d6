"""The running course's settings (``course.yml``) and where a hub keeps its files."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from autograder.coursedir import CourseRoot, course_config
from autograder.syllabus import REPO_ROOT, load_syllabus

PROXY = REPO_ROOT / ".hub-proxy" / "node_modules" / ".bin" / "configurable-http-proxy"
# Environment variables that replace what course.yml says (a test's hub, a second course).
ENV_OVERRIDES = {
    "HUB_FOLDER": ("folder", Path),
    "HUB_ADDRESS": ("address", str),
    "HUB_PORT": ("port", int),
    "HUB_AUTHENTICATOR": ("authenticator", str),
    "HUB_ASSISTANTS": ("teaching_assistants", lambda text: tuple(text.split(","))),
}
AUTHENTICATORS = ("native", "shared-password")
USERNAME = re.compile(r"^[a-z][a-z0-9_-]{0,30}$")  # a Linux account name and a hub user name


class SettingsError(ValueError):
    """``course.yml`` says something the hub cannot run with."""


def check_username(name: str) -> str:
    """Return ``name`` if it can be both a Linux account and a hub user.

    Raises:
        SettingsError: it cannot.
    """
    if not USERNAME.match(name):
        raise SettingsError(
            f"{name!r} cannot be an account name: lower-case letters, digits, - and _,"
            " starting with a letter, at most 31 characters"
        )
    return name


# The hub uses PORTS_USED ports from its own: the public one, then these offsets.
PROXY_API_OFFSET, HUB_OFFSET, FORMGRADER_OFFSET = 1, 2, 3
PORTS_USED = 4


@dataclass(frozen=True)
class HubSettings:
    """What ``course.yml`` says.

    Attributes:
        course_id: the nbgrader course id (from syllabus.yml).
        address, port: where the hub listens.
        folder: the hub's folder (state, course directory, exchange).
        authenticator: ``native`` or ``shared-password``.
        instructor, grader, teaching_assistants: the staff's account names.
        memory_mb, processes: each learner's limits (server and kernels together).
        idle_minutes: a learner's server idle this long is stopped.
    """

    course_id: str
    address: str = "127.0.0.1"
    port: int = 8000
    folder: Path = Path("/srv/ml-course")
    authenticator: str = "native"
    instructor: str = "instructor"
    grader: str = "grader"
    teaching_assistants: tuple[str, ...] = field(default_factory=tuple)
    memory_mb: int = 3072
    processes: int = 512
    idle_minutes: int = 60

    @property
    def proxy_api_port(self) -> int:
        return self.port + PROXY_API_OFFSET

    @property
    def hub_port(self) -> int:
        return self.port + HUB_OFFSET

    @property
    def formgrader_port(self) -> int:
        return self.port + FORMGRADER_OFFSET

    @classmethod
    def load(cls, path: Path | None = None, **overrides) -> HubSettings:
        """Read ``course.yml``; ``overrides`` replace what it says (e.g. a test's folder).

        Raises:
            SettingsError: an unknown authenticator, a bad account name, a staff account twice.
        """
        data = yaml.safe_load((path or course_config()).read_text(encoding="utf-8")) or {}
        hub, accounts = data.get("hub", {}), data.get("accounts", {})
        learners = data.get("learners", {})
        settings = cls(
            course_id=load_syllabus().course_id,
            address=str(hub.get("address", cls.address)),
            port=int(hub.get("port", cls.port)),
            folder=Path(hub.get("folder", cls.folder)),
            authenticator=hub.get("authenticator", cls.authenticator),
            instructor=accounts.get("instructor", cls.instructor),
            grader=accounts.get("grader", cls.grader),
            teaching_assistants=tuple(accounts.get("teaching_assistants") or ()),
            memory_mb=int(learners.get("memory_mb", cls.memory_mb)),
            processes=int(learners.get("processes", cls.processes)),
            idle_minutes=int(learners.get("idle_minutes", cls.idle_minutes)),
        )
        return replace(settings, **overrides).checked()

    @classmethod
    def from_env(cls, path: Path | None = None) -> HubSettings:
        """``load``, with the ``HUB_*`` environment variables over what the file says."""
        overrides = {
            field_name: kind(os.environ[var])
            for var, (field_name, kind) in ENV_OVERRIDES.items()
            if os.environ.get(var)
        }
        return cls.load(path, **overrides)

    def checked(self) -> HubSettings:
        """These settings, once checked (see ``load``)."""
        if self.authenticator not in AUTHENTICATORS:
            raise SettingsError(
                f"hub.authenticator is {self.authenticator!r}:"
                f" use one of {', '.join(AUTHENTICATORS)}"
            )
        for name in self.staff:
            check_username(name)
        if len(set(self.staff)) != len(self.staff):
            raise SettingsError(
                "the instructor, the grader and each assistant need accounts of their own"
            )
        return self

    @property
    def staff(self) -> tuple[str, ...]:
        """Every staff account: the instructor, the grader service account, the assistants."""
        return (self.instructor, self.grader, *self.teaching_assistants)

    @property
    def staff_group(self) -> str:
        """The Linux group that may read the course directory and the repository's sources."""
        return f"{self.course_id}-staff"

    @property
    def formgrade_group(self) -> str:
        """The hub group whose members reach the formgrader (nbgrader's naming)."""
        return f"formgrade-{self.course_id}"

    @property
    def course_root(self) -> CourseRoot:
        """The course directory (staff only) and the exchange (learners' nbgrader permissions)."""
        return CourseRoot(self.folder)

    @property
    def state(self) -> Path:
        """The hub's own files (database, cookie secret, proxy token): root's alone."""
        return self.folder / "hub"

    @property
    def learner_config(self) -> Path:
        """The Jupyter config folder of learners' servers (their nbgrader exchange and course)."""
        return self.folder / "learner-config"

    @property
    def grader_config(self) -> Path:
        """The Jupyter config folder of the formgrader service (the course directory too)."""
        return self.folder / "grader-config"


def proxy_command() -> Path:
    """configurable-http-proxy, as ``make hub-setup`` installs it."""
    return PROXY
