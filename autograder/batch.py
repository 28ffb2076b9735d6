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
nothing). Work runs in threads of this process (each grading's notebook runs in a kernel forked
from the lab's one zygote, so a thread mostly waits), or on a Dask cluster.
"""

from __future__ import annotations

import multiprocessing
import os
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import (
    Executor,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    as_completed,
)
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from autograder import gradebook
from autograder.coursedir import CourseRoot
from autograder.provenance import lab_provenance
from autograder.reference import Reference, build_for_batch
from autograder.results import SubmissionResult, SubmissionStatus
from autograder.roster import Names, read_names
from autograder.submission import Submission, grade_submission, submissions, up_to_date
from autograder.syllabus import Lab

if TYPE_CHECKING:
    from nbgrader.api import Gradebook


@contextmanager
def executor(
    workers: int, scheduler: str | None = None, *, threads: bool = False
) -> Iterator[Executor]:
    """A pool of ``workers`` local processes (or threads), or a Dask cluster's executor at
    ``scheduler``.

    Args:
        threads: threads of this process instead of processes, for work done mostly in other
            processes (a grading's notebook runs in a kernel): one set of imports and one zygote
            serve every worker, where each worker process would start its own.
    """
    if scheduler:
        from distributed import Client

        with Client(scheduler) as client:
            yield client.get_executor(pure=False)
    elif threads:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            yield pool
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


def _refused(student: str, reason: str) -> str:
    return f"warning: {student!r}'s result is in its result file, not in the gradebook: {reason}"


def _record_missing(
    gb: Gradebook,
    lab: Lab,
    saved: dict[str, SubmissionResult | None],
    subs: list[Submission],
    names: dict[str, Names],
    progress: Callable[[str], None],
) -> None:
    """Put in the gradebook the saved results it lacks (a batch killed between two writes)."""
    for sub in subs:
        result = saved[sub.student]
        if result is not None and not gradebook.is_recorded(gb, lab, result):
            if reason := gradebook.record(gb, lab, result, sub.folder, names.get(sub.student)):
                progress(_refused(sub.student, reason))


def _cancel(futures: dict[Future, Submission]) -> None:
    for future in futures:
        future.cancel()


def _source_passes(building: Future, futures: dict[Future, Submission]) -> None:
    """Wait for the source's run; if it fails, cancel the gradings that have not started and
    raise its error (nothing is graded against a broken source)."""
    try:
        building.result()
    except BaseException:
        _cancel(futures)
        raise


def _reference(
    pool: Executor, lab: Lab, root: CourseRoot, handoff: Path
) -> tuple[Reference, Future | None]:
    """The lab's grading reference: from the cache, or built by a worker (the source runs there
    once) while the others already run submissions and wait for its records to judge them.

    Args:
        handoff: where the builder writes the records for the waiting workers (this batch's).

    Returns:
        The reference to send to the workers, and the build's future (None when cached).
    """
    cached = Reference.cached(lab, root)
    if cached is not None:
        return cached, None
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
            # Removed after the pool has stopped: a running grading may still wait for it.
            handoff = root.course_dir / "reference" / f"{lab.id}.{uuid.uuid4().hex}.json"
            stack.callback(handoff.unlink, missing_ok=True)
            pool = stack.enter_context(executor(workers, scheduler, threads=True))
            reference, building = _reference(pool, lab, root, handoff)
            futures = {
                pool.submit(grade_submission, reference, s.student, str(s.folder), root_path): s
                for s in todo
            }
            # If this process fails (or is interrupted), gradings not yet started are dropped.
            stack.callback(_cancel, futures)
        gb = stack.enter_context(gradebook.open_gradebook(root))
        names = read_names(root.roster_path)
        _record_missing(gb, lab, saved, subs, names, progress)
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
                if reason := gradebook.record(gb, lab, result, sub.folder, names.get(sub.student)):
                    progress(_refused(sub.student, reason))
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
