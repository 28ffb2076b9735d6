"""One submission: which notebook of its folder is graded, its grading, its result record.

This is what a worker runs (a thread of the batch or a Dask worker), so it imports nothing of
nbgrader's gradebook: ``grade_submission`` gets everything in its arguments, the reference included.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from autograder import cells
from autograder.coursedir import CourseRoot, write_json
from autograder.grading import grade, read_submission
from autograder.provenance import LabProvenance
from autograder.reference import Reference
from autograder.results import SubmissionResult, SubmissionStatus
from autograder.sandbox import read_small_bytes
from autograder.syllabus import Lab


@dataclass(frozen=True)
class Submission:
    """One learner's collected folder for one lab."""

    student: str
    folder: Path


def submissions(lab: Lab, root: CourseRoot) -> list[Submission]:
    """The lab's collected submission folders, ``<course>/submitted/<student>/<lab>/``, by
    student."""
    base = root.course_dir / "submitted"
    return [
        Submission(folder.parent.name, folder)
        for folder in sorted(base.glob(f"*/{lab.id}"))
        if folder.is_dir()
    ]


def pick_notebook(folder: Path, lab: Lab) -> tuple[Path | None, list[str]]:
    """Choose the notebook to grade in a submission folder.

    The file named like the lab's notebook wins; else the first notebook whose metadata names the
    lab (a renamed copy); else the only notebook there (it will be reported unreadable if it is not
    the lab's).

    Returns:
        The notebook (None when the folder has none) and diagnostics about the choice.
    """
    notebooks = sorted(folder.glob("*.ipynb"))
    if not notebooks:
        return None, ["the submission contains no notebook"]
    chosen = folder / lab.notebook.name
    if not chosen.exists():
        chosen = next((nb for nb in notebooks if _names_lab(nb, lab)), notebooks[0])
    notes = []
    if chosen.name != lab.notebook.name:
        notes.append(f"graded {chosen.name!r}, a renamed copy of {lab.notebook.name!r}")
    extra = [nb.name for nb in notebooks if nb != chosen]
    if extra:
        notes.append(f"ignored other notebooks in the submission: {', '.join(extra)}")
    return chosen, notes


def _names_lab(path: Path, lab: Lab) -> bool:
    try:
        return cells.lab_id_of(cells.read_notebook(path)) == lab.id
    except cells.UnreadableNotebook:
        return False


def _sha256(path: Path | None) -> str | None:
    """The hash of a notebook as the grader reads it (None for no notebook, or no regular file)."""
    try:
        data = read_small_bytes(path, cells.NOTEBOOK_LIMIT + 1) if path else None
    except OSError:
        return None
    return hashlib.sha256(data).hexdigest() if data is not None else None


def provenance(lab_provenance: LabProvenance, notebook: Path | None) -> dict:
    """What a submission's grade was computed with: its notebook's hash and the lab's hashes."""
    return {"submission_sha256": _sha256(notebook), **lab_provenance.to_json()}


def grade_submission(
    reference: Reference, student: str, folder: str, root: str
) -> SubmissionResult:
    """Grade one submission; write its autograded notebook and its result record.

    Runs in a worker (a thread of the batch or a Dask worker): everything it needs comes in its
    arguments, the reference built once by the coordinator included.

    Args:
        reference: the lab's grading reference.
        student, folder: the submission.
        root: the course root.

    Returns:
        The submission's result record (also written to the course root).
    """
    course_root, lab = CourseRoot(Path(root)), reference.lab
    notebook, notes = pick_notebook(Path(folder), lab)
    result = SubmissionResult(
        student=student,
        lab=lab.id,
        status=SubmissionStatus.UNREADABLE,
        reason=notes[0] if notebook is None else "",
        max_score=lab.max_score,
        provenance=provenance(reference.provenance, notebook),
        graded_at=time.time(),
    )
    autograded = course_root.course_dir / "autograded" / student / lab.id
    shutil.rmtree(autograded, ignore_errors=True)  # no stale copy if it is unreadable now
    if notebook is not None:
        try:
            submission, _ = read_submission(notebook, expected_lab=lab.id)
        except cells.UnreadableNotebook as exc:
            result.reason = str(exc)
        else:
            graded = grade(submission, reference, notebook_name=str(notebook))
            graded.report.diagnostics[:0] = notes
            result.status = SubmissionStatus.GRADED
            result.score, result.report = graded.report.score, graded.report
            autograded.mkdir(parents=True)
            # json, not nbformat.write: the notebook is valid (the grader built it), and
            # validating it again costs more than writing it
            with (autograded / lab.notebook.name).open("w", encoding="utf-8") as out:
                json.dump(graded.notebook, out, indent=1, ensure_ascii=False)
            if (Path(folder) / "timestamp.txt").exists():
                shutil.copy2(Path(folder) / "timestamp.txt", autograded / "timestamp.txt")
    write_json(course_root.results_path(lab.id, student), result.to_json())
    return result


def up_to_date(
    root: CourseRoot, lab: Lab, lab_provenance: LabProvenance, sub: Submission
) -> SubmissionResult | None:
    """The saved record of a submission graded before with the same inputs, else None."""
    saved = SubmissionResult.read(root.results_path(lab.id, sub.student))
    if saved is None:
        return None
    notebook, _ = pick_notebook(sub.folder, lab)
    return saved if saved.provenance == provenance(lab_provenance, notebook) else None
