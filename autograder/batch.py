"""Collect the submissions of a lab and grade them all: in parallel, resumable, with progress.

Each submission gets a result record (JSON, in the course root's results/ folder) with a status:

- ``graded``: every test reached a verdict, so the score is a genuine score;
- ``crashed``: some test could not finish (a timeout, or the kernel died); look at it;
- ``unreadable``: the submission could not be graded (not a notebook, another lab, no notebook).

The executed notebook goes to nbgrader's autograded/ folder and the scores to nbgrader's gradebook,
so the formgrader shows them and instructors can override them there.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import shutil
import warnings
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook
from sqlalchemy.exc import SAWarning

from autograder import cells
from autograder.coursedir import CourseRoot
from autograder.grading import grade_file
from autograder.syllabus import REPO_ROOT, Lab, load_syllabus

SUBMISSION_STATUSES = ("graded", "crashed", "unreadable")


@dataclass(frozen=True)
class Submission:
    """One learner's collected folder for one lab."""

    student: str
    folder: Path


def collect(lab: Lab, root: CourseRoot) -> list[Submission]:
    """Copy the newest submission of each learner from the exchange into the course directory.

    Returns:
        Every collected submission of the lab (including those collected earlier).
    """
    result = root.api().collect(lab.id, update=True)
    if not result["success"]:
        raise RuntimeError(f"nbgrader collect failed:\n{result.get('log', '')}")
    return submissions(lab, root)


def submissions(lab: Lab, root: CourseRoot) -> list[Submission]:
    """The lab's submission folders, ``<course>/submitted/<student>/<lab>/``, by student."""
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
        return cells.lab_of(cells.read_notebook(path), load_syllabus()).id == lab.id
    except cells.UnreadableNotebook:
        return False


def _sha256(path: Path | None) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path else None


def grade_submission(lab_id: str, student: str, folder: str, root: str) -> dict:
    """Grade one submission and write its autograded notebook and result record.

    Runs in a worker process, so it takes and returns plain values.

    Returns:
        The result record: student, lab, status, reason, score, max_score, hashes, report.
    """
    course_root = CourseRoot(Path(root))
    lab = load_syllabus().lab(lab_id)
    notebook, notes = pick_notebook(Path(folder), lab)
    record = {
        "student": student,
        "lab": lab.id,
        "status": "unreadable",
        "reason": notes[0] if notebook is None else "",
        "score": 0.0,
        "max_score": lab.max_score,
        "submission_sha256": _sha256(notebook),
        "reference_sha256": _sha256(REPO_ROOT / lab.source),
        "report": None,
    }
    autograded = course_root.course_dir / "autograded" / student / lab.id
    shutil.rmtree(autograded, ignore_errors=True)  # no stale copy if it is unreadable now
    if notebook is not None:
        try:
            graded = grade_file(notebook, expected_lab=lab.id)
        except cells.UnreadableNotebook as exc:
            record["reason"] = str(exc)
        else:
            graded.report.diagnostics[:0] = notes
            record.update(
                status="crashed" if graded.crashed else "graded",
                score=graded.report.score,
                report=graded.report.to_dict(),
            )
            autograded.mkdir(parents=True)
            nbformat.write(graded.notebook, autograded / lab.notebook.name)
            if (Path(folder) / "timestamp.txt").exists():
                shutil.copy2(Path(folder) / "timestamp.txt", autograded / "timestamp.txt")
    path = course_root.results_path(lab.id, student)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, indent=1), encoding="utf-8")
    return record


def _up_to_date(root: CourseRoot, lab: Lab, sub: Submission) -> bool:
    """True when this submission was graded before against the same source (resume)."""
    path = root.results_path(lab.id, sub.student)
    if not path.exists():
        return False
    record = json.loads(path.read_text(encoding="utf-8"))
    notebook, _ = pick_notebook(sub.folder, lab)
    same_submission = record.get("submission_sha256") == _sha256(notebook)
    same_source = record.get("reference_sha256") == _sha256(REPO_ROOT / lab.source)
    return same_submission and same_source


def record_in_gradebook(root: CourseRoot, lab: Lab, record: dict, timestamp: str | None) -> None:
    """Store a result in nbgrader's gradebook (auto scores; manual overrides are kept)."""
    course_id = load_syllabus().course_id
    with (
        warnings.catch_warnings(),
        Gradebook(root.db_url, course_id) as gb,
    ):
        # nbgrader's own SQLAlchemy use warns on every new submission; the rows are written fine.
        warnings.filterwarnings("ignore", category=SAWarning)
        gb.update_or_create_student(record["student"])
        extra = {"timestamp": timestamp} if timestamp else {}
        gb.update_or_create_submission(lab.id, record["student"], **extra)
        tests = record["report"]["tests"] if record["report"] else []
        for test in tests:
            grade = gb.find_grade(test["grade_id"], lab.notebook.stem, lab.id, record["student"])
            grade.auto_score = test["score"]
            grade.needs_manual_grade = grade.manual_score is not None
        gb.db.commit()


def _grader_fault(lab: Lab, sub: Submission, exc: Exception) -> dict:
    """The record of a submission the grader itself failed on (not saved: the next run retries)."""
    return {
        "student": sub.student,
        "lab": lab.id,
        "status": "crashed",
        "reason": f"the autograder failed on this submission: {exc!r}",
        "score": 0.0,
        "max_score": lab.max_score,
        "report": None,
    }


def autograde(
    lab: Lab,
    root: CourseRoot,
    *,
    jobs: int = 2,
    force: bool = False,
    progress: Callable[[str], None] = print,
) -> list[dict]:
    """Grade every collected submission of a lab, ``jobs`` at a time.

    Submissions graded before against the same source are skipped unless ``force``; a batch that
    was stopped resumes where it stopped.

    Args:
        lab: a graded lab.
        root: the course root holding the collected submissions.
        jobs: how many submissions to grade at once (one kernel each).
        force: grade again even when up to date.
        progress: called with one line per finished submission.

    Returns:
        The result records of the submissions graded now.
    """
    subs = submissions(lab, root)
    todo = [s for s in subs if force or not _up_to_date(root, lab, s)]
    progress(
        f"{lab.id}: {len(subs)} submissions, {len(subs) - len(todo)} up to date, "
        f"grading {len(todo)} with {jobs} workers"
    )
    records = []
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=max(1, jobs), mp_context=context) as pool:
        futures = {
            pool.submit(grade_submission, lab.id, s.student, str(s.folder), str(root.root)): s
            for s in todo
        }
        for done, future in enumerate(as_completed(futures), start=1):
            sub = futures[future]
            try:
                record = future.result()
            except Exception as exc:  # a fault of the grader itself must not stop the batch
                record = _grader_fault(lab, sub, exc)
            timestamp_file = sub.folder / "timestamp.txt"
            timestamp = timestamp_file.read_text().strip() if timestamp_file.exists() else None
            record_in_gradebook(root, lab, record, timestamp)
            records.append(record)
            bar = "#" * (20 * done // len(todo))
            progress(
                f"[{bar:<20}] {done}/{len(todo)} {sub.student}: "
                f"{record['score']:g}/{record['max_score']:g} {record['status']}"
            )
    return records
