"""The reference a notebook is graded against: built once per lab, shipped to every grader.

Two constructors, one per use:

- ``Reference.for_grading(lab, root)``: the instructor source, with what each of its test cells
  records when run (public and hidden tests) and the lab's provenance. The records are computed
  in the same sandbox as learners' notebooks and cached in the course root while the provenance
  is unchanged.
- ``Reference.for_check(lab)``: the released student notebook, without records: the learner's
  self-check, judged by the kernel's replies to the public tests alone.

A batch reads the grading reference from the cache, or has one worker build it while the others
already run submissions: they get ``Reference.awaiting`` (the source, without records yet) and
wait for the records only when they judge, after their notebook has run.
"""

from __future__ import annotations

import copy
import json
import time
from dataclasses import dataclass
from pathlib import Path

from nbformat import NotebookNode

from autograder import cells
from autograder.coursedir import CourseRoot, write_json
from autograder.execution import error_text
from autograder.lab_run import run_lab
from autograder.provenance import LabProvenance, lab_provenance
from autograder.syllabus import REPO_ROOT, Lab

# Beyond the lab's budget, how long a worker waits for another to run the source.
BUILD_MARGIN_SECONDS = 180


class BrokenSourceError(RuntimeError):
    """The instructor source fails or records nothing in one of its own test cells."""


@dataclass(frozen=True)
class Reference:
    """What a notebook of ``lab`` is graded against.

    Attributes:
        lab: the lab.
        notebook: the notebook whose structure and locked cells are restored.
        expected: the source's records by test grade id (grading), or None (self-check, or
            records still being built).
        provenance: the lab's provenance (grading), or None (self-check).
        handoff: where a worker building the records will write them (``awaiting``), or None.
    """

    lab: Lab
    notebook: NotebookNode
    expected: dict[str, list[dict]] | None = None
    provenance: LabProvenance | None = None
    handoff: Path | None = None

    @property
    def grades(self) -> bool:
        """True when results are judged against the source's records (not the self-check)."""
        return self.expected is not None or self.handoff is not None

    def expected_records(self) -> dict[str, list[dict]] | None:
        """The source's records by test grade id: at hand, or, for a reference being built, as
        soon as the builder has written them (None for the self-check).

        Raises:
            BrokenSourceError: the builder failed, or wrote nothing in time.
        """
        if self.handoff is None:
            return self.expected
        deadline = time.monotonic() + self.lab.seconds + BUILD_MARGIN_SECONDS
        while not self.handoff.exists():
            if time.monotonic() > deadline:
                raise BrokenSourceError(f"the records of {self.lab.id}'s source never came")
            time.sleep(0.05)
        outcome = json.loads(self.handoff.read_text(encoding="utf-8"))
        if "error" in outcome:
            raise BrokenSourceError(outcome["error"])
        return outcome["records"]

    @classmethod
    def for_grading(cls, lab: Lab, root: CourseRoot) -> Reference:
        """The instructor source with its records, from the cache or from a run in the sandbox.

        Raises:
            BrokenSourceError: a test cell of the source fails, or records nothing.
        """
        cached = cls.cached(lab, root)
        if cached is not None:
            return cached
        source = cells.read_notebook(REPO_ROOT / lab.source)
        provenance = lab_provenance(lab, source)
        records = source_records(lab, source)
        # graders may read the cache meanwhile: it is replaced atomically
        write_json(_cache_path(lab, root), {"provenance": provenance.to_json(), "records": records})
        return cls(lab, source, records, provenance)

    @classmethod
    def cached(cls, lab: Lab, root: CourseRoot) -> Reference | None:
        """The grading reference from the course root's cache, or None when it has none for the
        lab's current provenance (then ``for_grading`` runs the source)."""
        cache = _cache_path(lab, root)
        if not cache.exists():
            return None
        source = cells.read_notebook(REPO_ROOT / lab.source)
        provenance = lab_provenance(lab, source)
        saved = json.loads(cache.read_text(encoding="utf-8"))
        if saved.get("provenance") != provenance.to_json():
            return None
        return cls(lab, source, saved["records"], provenance)

    @classmethod
    def awaiting(cls, lab: Lab, handoff: Path) -> Reference:
        """The source without its records, which ``build_for_batch`` is writing to ``handoff``."""
        source = cells.read_notebook(REPO_ROOT / lab.source)
        return cls(lab, source, provenance=lab_provenance(lab, source), handoff=handoff)

    @classmethod
    def for_check(cls, lab: Lab) -> Reference:
        """The released student notebook: public tests only, judged by the kernel's replies."""
        return cls(lab, cells.read_notebook(REPO_ROOT / lab.notebook))


def build_for_batch(lab: Lab, root: CourseRoot, handoff: Path) -> Reference:
    """Build the grading reference in a worker and hand its records (or its failure) over to the
    workers waiting for them, through ``handoff``, a file only this batch uses.

    Raises:
        BrokenSourceError: the source fails its own tests.
    """
    try:
        reference = Reference.for_grading(lab, root)
    except Exception as exc:  # any failure must reach the waiting workers
        write_json(handoff, {"error": str(exc)})
        raise
    write_json(handoff, {"records": reference.expected})
    return reference


def _cache_path(lab: Lab, root: CourseRoot) -> Path:
    return root.course_dir / "reference" / f"{lab.id}.json"


def source_records(lab: Lab, source: NotebookNode) -> dict[str, list[dict]]:
    """Run the lab's source in the sandbox: every record of each test cell, by grade id.

    Raises:
        BrokenSourceError: a test cell of the source fails, or records nothing.
    """
    nb = copy.deepcopy(source)  # run in place: outputs are filled in
    run = run_lab(nb, lab, record=True)
    by_test: dict[str, list[dict]] = {}
    for index, cell in enumerate(nb.cells):
        if not cells.is_test_cell(cell):
            continue
        gid = cells.grade_id(cell)
        reply = run.replies.get(index, {})
        if reply.get("status") != "ok":
            error = " ".join(error_text(reply).split()) if reply else "it did not run"
            raise BrokenSourceError(f"the source of {lab.id} fails its own test {gid}: {error}")
        if not run.records.get(index):
            raise BrokenSourceError(
                f"the test {gid} of {lab.id} records nothing: use utils.records.record so that"
                " the autograder can check it outside the learner's kernel"
            )
        by_test[gid] = run.records[index]
    return by_test
