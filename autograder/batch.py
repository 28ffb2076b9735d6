"""Collect the submissions of a lab and grade them all: in parallel, resumable, with progress.

Each submission gets a result record (``autograder.results.SubmissionResult``), written by the
worker that graded it as soon as it is done (``<course>/results/<lab>/<student>.json``, replaced
atomically), with a ``SubmissionStatus``. A grader error is not saved: the next run retries.

The coordinator builds the lab's reference once (``Reference.for_grading``: the source, its
records and the lab's provenance) and sends it to the workers. Each record carries its
provenance: the submission's sha256 and the lab's. A submission whose record has the same
provenance is up to date and is not graded again, so a batch that was killed resumes where it
stopped. Only the coordinating process writes nbgrader's gradebook; at the start of a run it
first records any result the gradebook is missing (a batch killed between the two writes loses
nothing). Work runs in a local process pool, or on a Dask cluster.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import shutil
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograder import cells, gradebook
from autograder.coursedir import CourseRoot, write_json
from autograder.grading import grade, read_submission
from autograder.reference import Reference
from autograder.results import SubmissionResult, SubmissionStatus
from autograder.syllabus import Lab


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
        return cells.lab_id_of(cells.read_notebook(path)) == lab.id
    except cells.UnreadableNotebook:
        return False


def _sha256(path: Path | None) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path else None


def _provenance(reference: Reference, notebook: Path | None) -> dict:
    return {"submission_sha256": _sha256(notebook), **reference.provenance.to_json()}


def grade_submission(
    reference: Reference, student: str, folder: str, root: str
) -> SubmissionResult:
    """Grade one submission; write its autograded notebook and its result record.

    Runs in a worker (a local process or a Dask worker): everything it needs comes in its
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
        provenance=_provenance(reference, notebook),
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
            nbformat.write(graded.notebook, autograded / lab.notebook.name)
            if (Path(folder) / "timestamp.txt").exists():
                shutil.copy2(Path(folder) / "timestamp.txt", autograded / "timestamp.txt")
    write_json(course_root.results_path(lab.id, student), result.to_json())
    return result


def _up_to_date(root: CourseRoot, reference: Reference, sub: Submission) -> SubmissionResult | None:
    """The saved record of a submission graded before with the same inputs, else None."""
    saved = SubmissionResult.read(root.results_path(reference.lab.id, sub.student))
    if saved is None:
        return None
    notebook, _ = pick_notebook(sub.folder, reference.lab)
    return saved if saved.provenance == _provenance(reference, notebook) else None


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


def _grader_fault(lab: Lab, sub: Submission, exc: Exception) -> SubmissionResult:
    """The record of a submission the grader itself failed on (not saved: the next run retries)."""
    return SubmissionResult(
        student=sub.student,
        lab=lab.id,
        status=SubmissionStatus.GRADER_ERROR,
        reason=f"the autograder failed on this submission: {exc!r}",
        max_score=lab.max_score,
    )


def _clock(seconds: float) -> str:
    return f"{int(seconds) // 60}:{int(seconds) % 60:02d}"


def _record_missing(
    root: CourseRoot, lab: Lab, saved: dict[str, SubmissionResult | None], subs: list[Submission]
) -> None:
    """Put in the gradebook the saved results it lacks (a batch killed between two writes)."""
    with gradebook.open_gradebook(root) as gb:
        for sub in subs:
            result = saved[sub.student]
            if result is not None and not gradebook.is_recorded(gb, lab, result):
                gradebook.record(gb, lab, result, sub.folder)


def autograde(
    lab: Lab,
    root: CourseRoot,
    *,
    workers: int | None = None,
    force: bool = False,
    scheduler: str | None = None,
    progress: Callable[[str], None] = print,
) -> list[SubmissionResult]:
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
    reference = Reference.for_grading(lab, root)  # the source runs here, once, if not cached
    subs = submissions(lab, root)
    saved = {s.student: None if force else _up_to_date(root, reference, s) for s in subs}
    todo = [s for s in subs if saved[s.student] is None]
    _record_missing(root, lab, saved, subs)
    where = scheduler or f"{workers} workers"
    progress(f"{lab.id}: {len(subs)} submissions, {len(subs) - len(todo)} up to date, "
             f"grading {len(todo)} on {where}")  # fmt: skip
    results: list[SubmissionResult] = []
    root_path = str(root.root)
    start = time.monotonic()
    with _executor(workers, scheduler) as pool, gradebook.open_gradebook(root) as gb:
        futures = {
            pool.submit(grade_submission, reference, s.student, str(s.folder), root_path): s
            for s in todo
        }
        for done, future in enumerate(as_completed(futures), start=1):
            sub = futures[future]
            try:
                result = future.result()
            except Exception as exc:  # a fault of the grader itself must not stop the batch
                result = _grader_fault(lab, sub, exc)
            else:
                gradebook.record(gb, lab, result, sub.folder)
            results.append(result)
            elapsed = time.monotonic() - start
            eta = elapsed / done * (len(todo) - done)
            bar = "#" * (20 * done // len(todo))
            progress(
                f"[{bar:<20}] {done}/{len(todo)} {sub.student}: {result.score:g}/"
                f"{result.max_score:g} {result.status}  elapsed {_clock(elapsed)}"
                f"  ETA {_clock(eta)}"
            )
    return results
