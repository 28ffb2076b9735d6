"""Collect the submissions of a lab and grade them all: in parallel, resumable, with progress.

Each submission gets a result record, written by the worker that graded it as soon as it is done
(``<course>/results/<lab>/<student>.json``, replaced atomically), with a status:

- ``graded``: the notebook ran and every test got a status (see ``grading.TEST_STATUSES``);
- ``unreadable``: it could not be graded (not JSON, not a notebook, another lab, no notebook);
- ``grader_error``: the grader itself failed (not saved: the next run tries again).

Each record carries its provenance: the submission's sha256, the hashes of the lab's source, the
pins and the ``utils`` package, and the lab's seed. A submission whose record has the same
submission and provenance hashes is up to date and is not graded again, so a batch that was killed
resumes where it stopped. Only the coordinating process writes nbgrader's gradebook; at the start
of a run it first records any result the gradebook is missing (a batch killed between the two
writes loses nothing). Work runs in a local process pool, or on a Dask cluster.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import shutil
import time
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook, MissingEntry
from sqlalchemy.exc import SAWarning

from autograder import cells
from autograder.coursedir import CourseRoot, write_json
from autograder.grading import grade_file
from autograder.reference import provenance, reference_records
from autograder.syllabus import Lab, load_syllabus

SUBMISSION_STATUSES = ("graded", "unreadable", "grader_error")
# Test statuses that mean the notebook could not finish a test: not a verdict on the answer.
CRASH_STATUSES = ("timeout", "memory", "kernel_died")


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


def grade_submission(lab_id: str, student: str, folder: str, root: str, origin: dict) -> dict:
    """Grade one submission; write its autograded notebook and its result record.

    Runs in a worker (a local process or a Dask worker), so it takes and returns plain values.

    Args:
        lab_id, student, folder: the submission.
        root: the course root.
        origin: the lab's provenance (hashes of source, pins, utils; seed).

    Returns:
        The result record: student, lab, status, reason, score, max_score, provenance, report.
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
        "provenance": {"submission_sha256": _sha256(notebook), **origin},
        "graded_at": time.time(),
        "report": None,
    }
    autograded = course_root.course_dir / "autograded" / student / lab.id
    shutil.rmtree(autograded, ignore_errors=True)  # no stale copy if it is unreadable now
    if notebook is not None:
        try:
            graded = grade_file(notebook, expected_lab=lab.id, root=course_root)
        except cells.UnreadableNotebook as exc:
            record["reason"] = str(exc)
        else:
            graded.report.diagnostics[:0] = notes
            report = graded.report.to_dict()
            record.update(status="graded", score=report["score"], report=report)
            autograded.mkdir(parents=True)
            nbformat.write(graded.notebook, autograded / lab.notebook.name)
            if (Path(folder) / "timestamp.txt").exists():
                shutil.copy2(Path(folder) / "timestamp.txt", autograded / "timestamp.txt")
    write_json(course_root.results_path(lab.id, student), record)
    return record


def _up_to_date(root: CourseRoot, lab: Lab, sub: Submission, origin: dict) -> dict | None:
    """The saved record of a submission graded before with the same inputs, else None."""
    path = root.results_path(lab.id, sub.student)
    if not path.exists():
        return None
    record = json.loads(path.read_text(encoding="utf-8"))
    notebook, _ = pick_notebook(sub.folder, lab)
    wanted = {"submission_sha256": _sha256(notebook), **origin}
    return record if record.get("provenance") == wanted else None


@contextmanager
def _gradebook(root: CourseRoot) -> Iterator[Gradebook]:
    with warnings.catch_warnings(), Gradebook(root.db_url, load_syllabus().course_id) as gb:
        # nbgrader's own SQLAlchemy use warns on every new submission; the rows are written fine.
        warnings.filterwarnings("ignore", category=SAWarning)
        yield gb


def _in_gradebook(gb: Gradebook, lab: Lab, record: dict) -> bool:
    try:
        submission = gb.find_submission(lab.id, record["student"])
    except MissingEntry:
        return False
    tests = (record["report"] or {}).get("tests", [])
    scores = {g.name: g.auto_score for nb in submission.notebooks for g in nb.grades}
    return all(scores.get(t["grade_id"]) == t["score"] for t in tests)


def record_in_gradebook(gb: Gradebook, lab: Lab, record: dict, folder: Path) -> None:
    """Store a result in nbgrader's gradebook (auto scores; manual overrides are kept)."""
    stamp = folder / "timestamp.txt"
    extra = {"timestamp": stamp.read_text().strip()} if stamp.exists() else {}
    gb.update_or_create_student(record["student"])
    gb.update_or_create_submission(lab.id, record["student"], **extra)
    for test in (record["report"] or {}).get("tests", []):
        grade = gb.find_grade(test["grade_id"], lab.notebook.stem, lab.id, record["student"])
        grade.auto_score = test["score"]
        grade.needs_manual_grade = grade.manual_score is not None
    gb.db.commit()


@contextmanager
def _executor(workers: int, scheduler: str | None) -> Iterator[Executor]:
    if scheduler:
        from distributed import Client

        with Client(scheduler) as client:
            yield client.get_executor(pure=False)
    else:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            yield pool


def _grader_fault(lab: Lab, sub: Submission, exc: Exception) -> dict:
    """The record of a submission the grader itself failed on (not saved: the next run retries)."""
    return {
        "student": sub.student,
        "lab": lab.id,
        "status": "grader_error",
        "reason": f"the autograder failed on this submission: {exc!r}",
        "score": 0.0,
        "max_score": lab.max_score,
        "report": None,
    }


def _clock(seconds: float) -> str:
    return f"{int(seconds) // 60}:{int(seconds) % 60:02d}"


def autograde(
    lab: Lab,
    root: CourseRoot,
    *,
    workers: int | None = None,
    force: bool = False,
    scheduler: str | None = None,
    progress: Callable[[str], None] = print,
) -> list[dict]:
    """Grade every collected submission of a lab, ``workers`` at a time.

    Args:
        lab: a graded lab.
        root: the course root holding the collected submissions.
        workers: submissions graded at once (default: the number of cores).
        force: grade again even what is up to date.
        scheduler: address of a Dask scheduler (``tcp://host:port``) to grade on instead.
        progress: called with one line per finished submission (bar, counts, ETA).

    Returns:
        The result records of the submissions graded in this run.
    """
    workers = workers or os.cpu_count() or 1
    origin = provenance(lab)
    reference_records(lab, root)  # run the source once, before any worker needs its records
    subs = submissions(lab, root)
    saved = {s.student: None if force else _up_to_date(root, lab, s, origin) for s in subs}
    todo = [s for s in subs if saved[s.student] is None]
    with _gradebook(root) as gb:
        for sub in subs:
            record = saved[sub.student]
            if record is not None and not _in_gradebook(gb, lab, record):
                record_in_gradebook(gb, lab, record, sub.folder)
    where = scheduler or f"{workers} workers"
    progress(f"{lab.id}: {len(subs)} submissions, {len(subs) - len(todo)} up to date, "
             f"grading {len(todo)} on {where}")  # fmt: skip
    records: list[dict] = []
    root_path = str(root.root)
    start = time.monotonic()
    with _executor(workers, scheduler) as pool, _gradebook(root) as gb:
        futures = {
            pool.submit(grade_submission, lab.id, s.student, str(s.folder), root_path, origin): s
            for s in todo
        }
        for done, future in enumerate(as_completed(futures), start=1):
            sub = futures[future]
            try:
                record = future.result()
            except Exception as exc:  # a fault of the grader itself must not stop the batch
                record = _grader_fault(lab, sub, exc)
            else:
                record_in_gradebook(gb, lab, record, sub.folder)
            records.append(record)
            elapsed = time.monotonic() - start
            eta = elapsed / done * (len(todo) - done)
            bar = "#" * (20 * done // len(todo))
            progress(
                f"[{bar:<20}] {done}/{len(todo)} {sub.student}: {record['score']:g}/"
                f"{record['max_score']:g} {record['status']}  elapsed {_clock(elapsed)}"
                f"  ETA {_clock(eta)}"
            )
    return records
