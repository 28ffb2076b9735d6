"""Where the nbgrader course directory, exchange and gradebook live, and nbgrader's config for them.

The root defaults to ``.nbgrader/`` in the repository (git-ignored) and can be moved with the
``COURSE_ROOT`` environment variable or the CLI's ``--root`` option:

    <root>/course/      nbgrader's course directory: source/ release/ submitted/ autograded/
                        feedback/, gradebook.db, and results/ (one JSON report per submission)
    <root>/exchange/    nbgrader's exchange, where learners fetch and submit
"""

from __future__ import annotations

import json
import os
import stat
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from traitlets.config import Config

from autograder.roster import ROSTER_NAME
from autograder.syllabus import REPO_ROOT, load_syllabus

if TYPE_CHECKING:
    from nbgrader.apps import NbGraderAPI


def course_config() -> Path:
    """The running course's settings: ``$COURSE_CONFIG``, else ``course.yml`` in the repository
    (the hub, its accounts and limits, the due dates)."""
    return Path(os.environ.get("COURSE_CONFIG") or REPO_ROOT / "course.yml")


def write_json(path: Path, data: dict) -> None:
    """Write a JSON file of the course root atomically: a reader never sees half a file, and a
    writer killed half-way leaves the previous version."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, suffix=".tmp") as tmp:
        json.dump(data, tmp, indent=1)
    os.replace(tmp.name, path)


@dataclass(frozen=True)
class CourseRoot:
    """The folder that holds one nbgrader course directory and its exchange.

    Attributes:
        root: the folder.
        database: an SQLAlchemy URL for the gradebook (e.g. ``postgresql://...``); None for the
            default SQLite file in the course directory.
    """

    root: Path
    database: str | None = None

    @classmethod
    def from_env(cls, root: str | Path | None = None, database: str | None = None) -> CourseRoot:
        """The root given, else ``$COURSE_ROOT``, else ``.nbgrader/`` in the repository; the
        gradebook URL given, else ``$COURSE_DB_URL``, else SQLite."""
        chosen = root or os.environ.get("COURSE_ROOT") or REPO_ROOT / ".nbgrader"
        return cls(Path(chosen).resolve(), database or os.environ.get("COURSE_DB_URL") or None)

    @property
    def course_dir(self) -> Path:
        return self.root / "course"

    @property
    def exchange_dir(self) -> Path:
        return self.root / "exchange"

    @property
    def course_exchange(self) -> Path:
        """The course's folder in the exchange: ``inbound``, ``outbound`` and ``feedback``."""
        return self.exchange_dir / load_syllabus().course_id

    @property
    def db_url(self) -> str:
        """The gradebook: the database given, else SQLite where nbgrader puts it by default."""
        return self.database or f"sqlite:///{self.course_dir / 'gradebook.db'}"

    @property
    def roster_path(self) -> Path:
        """The learners' names (``autograder.roster``), beside the course directory."""
        return self.root / ROSTER_NAME

    @property
    def results_dir(self) -> Path:
        return self.course_dir / "results"

    def results_path(self, lab_id: str, student: str) -> Path:
        """Where the grade report of one submission is kept (JSON)."""
        return self.results_dir / lab_id / f"{student}.json"

    def hand_back(self) -> int:
        """Give what a command run as root wrote in the course directory to the directory's own
        owner and group, readable and writable by the group: on a hub, the grader account and the
        staff group, whose formgrader reads and writes the gradebook and submissions. Nothing
        happens where the directory is root's (one clone, one user).

        Returns:
            How many files and folders changed owner.
        """
        if os.geteuid() != 0 or not self.course_dir.is_dir():
            return 0
        owner = self.course_dir.stat()
        if owner.st_uid == 0:
            return 0
        changed = 0
        for folder, subfolders, files in os.walk(self.course_dir):
            for name in (*subfolders, *files):
                path = os.path.join(folder, name)
                current = os.lstat(path)
                if (current.st_uid, current.st_gid) == (owner.st_uid, owner.st_gid):
                    continue
                os.chown(path, owner.st_uid, owner.st_gid, follow_symlinks=False)
                if not stat.S_ISLNK(current.st_mode):
                    extra = 0o070 if stat.S_ISDIR(current.st_mode) else 0o060
                    os.chmod(path, stat.S_IMODE(current.st_mode) | extra)
                changed += 1
        return changed

    def apply(self, config: Config) -> Config:
        """Point nbgrader at this course directory and exchange.

        Args:
            config: an nbgrader Config to update (e.g. ``get_config()`` in nbgrader_config.py).

        Returns:
            The same Config.
        """
        config.CourseDirectory.root = str(self.course_dir)
        config.CourseDirectory.db_url = self.db_url
        config.CourseDirectory.course_id = load_syllabus().course_id
        config.Exchange.root = str(self.exchange_dir)
        # Releasing a lab again replaces the released copy in the exchange.
        config.ExchangeReleaseAssignment.force = True
        return config

    def config(self) -> Config:
        """A fresh nbgrader Config for this root, with the directories created."""
        self.course_dir.mkdir(parents=True, exist_ok=True)
        self.exchange_dir.mkdir(parents=True, exist_ok=True)
        return self.apply(Config())

    def api(self, extra: Config | None = None) -> NbGraderAPI:
        """nbgrader's Python API on this course root.

        Args:
            extra: more nbgrader configuration, merged over this root's.

        nbgrader runs the ``alembic`` command of its own environment to open the gradebook, so the
        folder of this interpreter's scripts is put first on PATH (``make`` calls .venv/bin/python
        directly, without activating the environment).
        """
        from nbgrader.apps import NbGraderAPI  # slow to import: only for commands that use it

        scripts = str(Path(sys.executable).parent)
        if os.environ.get("PATH", "").split(os.pathsep)[0] != scripts:
            os.environ["PATH"] = scripts + os.pathsep + os.environ.get("PATH", "")
        config = self.config()
        if extra is not None:
            config.merge(extra)
        return NbGraderAPI(config=config)
