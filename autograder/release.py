"""Generate student notebooks from the instructor sources with nbgrader, and release them."""

from __future__ import annotations

import shutil
import subprocess
import time
from datetime import UTC
from pathlib import Path
from typing import NamedTuple

import nbformat

from autograder.coursedir import CourseRoot
from autograder.deadlines import Deadlines
from autograder.syllabus import REPO_ROOT, Lab


class ReleaseError(RuntimeError):
    """nbgrader could not generate or release a lab; the message carries nbgrader's log."""


DUE_CELL = "course_due_date"  # metadata key of the released notebook's due-date cell


def _check(result: dict, step: str, lab: Lab) -> None:
    if not result["success"]:
        details = result.get("log", "") + result.get("error", "")
        raise ReleaseError(f"{step} failed for {lab.id}:\n{details}")


def generate_student_notebook(lab: Lab, root: CourseRoot) -> Path:
    """Run nbgrader ``generate_assignment`` on the lab's source inside the course root.

    Solutions become ``raise NotImplementedError()`` stubs, hidden tests are removed, outputs are
    cleared, and the lab is recorded in the gradebook.

    Args:
        lab: a graded lab of the manifest.
        root: the course root to generate in.

    Returns:
        The path of the generated student notebook in the course's release folder.
    """
    api = root.api()
    source_dir = root.course_dir / "source" / lab.id
    if source_dir.exists():
        shutil.rmtree(source_dir)
    source_dir.mkdir(parents=True)
    shutil.copy2(REPO_ROOT / lab.source, source_dir / lab.source.name)
    _check(api.generate_assignment(lab.id, force=True, create=True), "generate_assignment", lab)
    return root.course_dir / "release" / lab.id / lab.source.name


def release_to_exchange(lab: Lab, root: CourseRoot) -> None:
    """Copy the generated student version to the nbgrader exchange, where learners fetch it.

    With a due date in ``course.yml``, the released copy opens with it and the late rule (the
    week folder's notebook does not: it is the same for every class), and the gradebook knows it
    (the formgrader marks late submissions).
    """
    api = root.api()
    rule = Deadlines.load()
    if (text := rule.describe(lab)) is not None:
        released = root.course_dir / "release" / lab.id / lab.source.name
        nb = nbformat.read(released, as_version=4)
        nb.cells.insert(0, nbformat.v4.new_markdown_cell(text, metadata={DUE_CELL: True}))
        nbformat.write(nb, released)
        due = rule.due[lab.id].astimezone(UTC).replace(tzinfo=None)  # nbgrader keeps UTC naive
        with api.gradebook as gb:
            gb.update_or_create_assignment(lab.id, duedate=due)
    _check(api.release_assignment(lab.id), "release_assignment", lab)


class Released(NamedTuple):
    """Where a release wrote the student notebook, and where the work it replaced was kept."""

    notebook: Path
    backup: Path | None


def _unchanged_in_git(path: Path) -> bool:
    """True when git tracks ``path`` and it has not changed since its last commit (git status
    lists a changed, untracked or ignored file; outside a clone it fails)."""
    command = ["git", "-C", str(path.parent), "status", "--porcelain", "--ignored", "--", path.name]
    try:
        status = subprocess.run(command, capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError):  # no git: every change counts as work
        return False
    return status.returncode == 0 and not status.stdout.strip()


def keep_work(target: Path, generated: Path) -> Path | None:
    """Copy ``target`` aside when replacing it by ``generated`` would lose work.

    Work would be lost when the file differs both from the new student notebook and from the
    version committed in git: a learner's answers. A committed stub that the instructor
    regenerates after editing the source is not copied (git keeps it).

    Args:
        target: the student notebook about to be replaced.
        generated: the new student notebook.

    Returns:
        The copy (``<name>.backup-<date>-<time>[-n].ipynb`` beside ``target``), or None when
        nothing needed keeping.
    """
    if not target.exists() or target.read_bytes() == generated.read_bytes():
        return None
    if _unchanged_in_git(target):
        return None
    stamp = time.strftime("%Y%m%d-%H%M%S")
    backup = target.with_name(f"{target.stem}.backup-{stamp}{target.suffix}")
    count = 1
    while backup.exists():
        count += 1
        backup = target.with_name(f"{target.stem}.backup-{stamp}-{count}{target.suffix}")
    shutil.copy2(target, backup)
    return backup


def release(lab: Lab, root: CourseRoot, *, to_exchange: bool = True) -> Released:
    """Regenerate the lab's student notebook into its week folder and release it to the exchange.

    A week folder's notebook that holds work (see :func:`keep_work`) is copied aside first.

    Args:
        lab: a graded lab of the manifest.
        root: the course root (course directory and exchange).
        to_exchange: also copy the release to the nbgrader exchange for learners to fetch.

    Returns:
        The student notebook written in the week folder, and the copy of the work it replaced.
    """
    generated = generate_student_notebook(lab, root)
    target = REPO_ROOT / lab.notebook
    backup = keep_work(target, generated)
    shutil.copyfile(generated, target)
    if to_exchange:
        release_to_exchange(lab, root)
    return Released(target, backup)
