"""Generate student notebooks from the instructor sources with nbgrader, and release them."""

from __future__ import annotations

import shutil
from pathlib import Path

from autograder.coursedir import CourseRoot
from autograder.syllabus import REPO_ROOT, Lab


class ReleaseError(RuntimeError):
    """nbgrader could not generate or release a lab; the message carries nbgrader's log."""


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
    """Copy the generated student version to the nbgrader exchange, where learners fetch it."""
    _check(root.api().release_assignment(lab.id), "release_assignment", lab)


def release(lab: Lab, root: CourseRoot, *, to_exchange: bool = True) -> Path:
    """Regenerate the lab's student notebook into its week folder and release it to the exchange.

    Args:
        lab: a graded lab of the manifest.
        root: the course root (course directory and exchange).
        to_exchange: also copy the release to the nbgrader exchange for learners to fetch.

    Returns:
        The student notebook written in the week folder.
    """
    generated = generate_student_notebook(lab, root)
    target = REPO_ROOT / lab.notebook
    shutil.copyfile(generated, target)
    if to_exchange:
        release_to_exchange(lab, root)
    return target
