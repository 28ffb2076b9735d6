"""The course repository on a hub: what learners' servers may read of it, and nothing more.

Learners' servers run the repository's Python environment and import ``utils`` and
``autograder`` from it (read-only), and ``python -m autograder check`` reads the released student
notebooks and the files labs ship beside them. Everything else is the staff's: the instructor
sources with their solutions and hidden tests, the tests with their right answers, git's history,
the self-study course root. Those are given to the staff group and closed to others; only the
top of each is changed (a closed folder closes everything under it).
"""

from __future__ import annotations

import grp
import os
import stat
from pathlib import Path

from autograder.syllabus import REPO_ROOT, load_syllabus

# What learners' servers need at the top of the repository.
LEARNER_READABLE = {".venv", "utils", "autograder", "syllabus.yml", "pyproject.toml", "README.md"}


def staff_only(repo: Path = REPO_ROOT) -> list[Path]:
    """What only the staff may read: every top-level entry that learners do not need, and each
    course's ``source`` folders (inside folders learners read)."""
    courses = {course.id for course in load_syllabus().courses}
    closed = [
        entry
        for entry in sorted(repo.iterdir())
        if entry.name not in LEARNER_READABLE and entry.name not in courses
    ]
    sources = sorted({(repo / lab.source).parent for lab in load_syllabus().labs if lab.source})
    return closed + sources


def unreachable_parents(*paths: Path) -> list[Path]:
    """Folders above ``paths`` that other users cannot pass through (e.g. /root, where pyenv
    keeps its interpreters): learners' servers could not run what lies below."""
    parents = dict.fromkeys(p for path in paths for p in path.resolve().parents if p.exists())
    return [p for p in parents if not os.stat(p).st_mode & stat.S_IXOTH]


def close_to_learners(group: str, repo: Path = REPO_ROOT) -> list[Path]:
    """Give ``staff_only`` to ``group`` (read and pass through) and close it to everyone else;
    open the repository's own folder for passing through.

    Returns:
        The paths closed.
    """
    gid = grp.getgrnam(group).gr_gid
    closed = staff_only(repo)
    for path in closed:
        os.chown(path, -1, gid, follow_symlinks=False)
        mode = stat.S_IMODE(os.lstat(path).st_mode)
        group_bits = stat.S_IRGRP | (stat.S_IXGRP if path.is_dir() else 0)
        os.chmod(path, (mode | group_bits) & ~0o007)
    repo.chmod(stat.S_IMODE(repo.stat().st_mode) | stat.S_IXOTH | stat.S_IROTH)
    return closed
