"""Collect the submissions of a lab and grade them all: in parallel, resumable, with progress.

Each submission gets a result record (``autograder.results.SubmissionResult``), written by the
worker that graded it (``autograder.submission``) as soon as it is done
(``<course>/results/<lab>/<student>.json``, replaced atomically), with a ``SubmissionStatus``.
A grader error is not saved: the next run retries.

The lab's reference (the source, its records and the lab's provenance) is read from the course
root's cache, or built once by a worker while the others already run submissions (they wait for
its records only to judge); the coordinator sends it to every worker. Each record carries its
provenance: the submission's sha256 and the lab's. A submission whose record has the same
provenance is up to date and is not graded again, so a batch that was killed resumes where it
stopped. Only the coordinating process writes nbgrader's gradebook; at the start of a run it
first records any result the gradebook is missing (a batch killed between the two writes loses
nothing). Work runs in a local process pool, or on a Dask cluster.
"""

from __future__ import annotations

import multiprocessing
import os
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from contextlib import ExitStack, contextmanager
from typing import TYPE_CHECKING

from autograder import gradebook
from autograder.coursedir import CourseRoot
from autograder.provenance import lab_provenance
from autograder.reference import Reference, build_for_batch
from autograder.results import SubmissionResult, SubmissionStatus
from autograder.submission import Submission, grade_submission, up_to_date
from autograder.syllabus import Lab

if TYPE_CHECKING:
    from nbgrader.api import Gradebook


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
    gb: Gradebook, lab: Lab, saved: dict[str, SubmissionResult | None], subs: list[Submission]
) -> None:
    """Put in the gradebook the saved results it lacks (a batch killed between two writes)."""
    for sub in subs:
        result = saved[sub.student]
        if result is not None and not gradebook.is_recorded(gb, lab, result):
            gradebook.record(gb, lab, result, sub.folder)


def _source_passes(building: Future, futures: dict[Future, Submission]) -> None:
    """Wait for the source's run; if it fails, cancel the gradings that have not started and
    raise its error (nothing is graded against a broken source)."""
    try:
        building.result()
    except BaseException:
        for future in futures:
            future.cancel()
        raise


def _reference(pool: Executor, lab: Lab, root: CourseRoot) -> tuple[Reference, Future | None]:
    """The lab's grading reference: from the cache, or built by a worker (the source runs there
    once) while the others already run submissions and wait for its records to judge them.

    Returns:
        The reference to send to the workers, and the build's future (None when cached).
    """
    cached = Reference.cached(lab, root)
    if cached is not None:
        return cached, None
    handoff = root.course_dir / "reference" / f"{lab.id}.{uuid.uuid4().hex}.json"
    building = pool.submit(build_for_batch, lab, root, handoff)
    return Reference.awaiting(lab, handoff), building


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
    provenance = lab_provenance(lab)
    subs = submissions(lab, root)
    saved = {s.student: None if force else up_to_date(root, lab, provenance, s) for s in subs}
    todo = [s for s in subs if saved[s.student] is None]
    where = scheduler or f"{workers} workers"
    progress(f"{lab.id}: {len(subs)} submissions, {len(subs) - len(todo)} up to date, "
             f"grading {len(todo)} on {where}")  # fmt: skip
    results: list[SubmissionResult] = []
    root_path = str(root.root)
    start = time.monotonic()
    with ExitStack() as stack:
        if todo:  # the workers start (and one runs the source) while nbgrader loads here
            pool = stack.enter_context(_executor(workers, scheduler))
            reference, building = _reference(pool, lab, root)
            futures = {
                pool.submit(grade_submission, reference, s.student, str(s.folder), root_path): s
                for s in todo
            }
            if reference.handoff is not None:
                stack.callback(reference.handoff.unlink, missing_ok=True)
        gb = stack.enter_context(gradebook.open_gradebook(root))
        _record_missing(gb, lab, saved, subs)
        if not todo:
            return results
        if building is not None:
            _source_passes(building, futures)
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
