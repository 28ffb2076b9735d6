"""The reference a notebook is graded against: built once per lab, shipped to every grader.

Two constructors, one per use:

- ``Reference.for_grading(lab, root)``: the instructor source, with what each of its test cells
  records when run (public and hidden tests) and the lab's provenance. The records are computed
  in the same sandbox as learners' notebooks and cached in the course root while the provenance
  is unchanged.
- ``Reference.for_check(lab)``: the released student notebook, without records: the learner's
  self-check, judged by the kernel's replies to the public tests alone.

A batch builds the grading reference once, in the coordinator, and sends it to its workers.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from pathlib import Path

from nbformat import NotebookNode

from autograder import cells
from autograder.coursedir import CourseRoot, write_json
from autograder.execution import error_text, run_lab
from autograder.provenance import LabProvenance, lab_provenance
from autograder.syllabus import REPO_ROOT, Lab


class BrokenSourceError(RuntimeError):
    """The instructor source fails or records nothing in one of its own test cells."""


@dataclass(frozen=True)
class Reference:
    """What a notebook of ``lab`` is graded against.

    Attributes:
        lab: the lab.
        notebook: the notebook whose structure and locked cells are restored.
        expected: the source's records by test grade id (grading), or None (self-check).
        provenance: the lab's provenance (grading), or None (self-check).
    """

    lab: Lab
    notebook: NotebookNode
    expected: dict[str, list[dict]] | None = None
    provenance: LabProvenance | None = None

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
    def for_check(cls, lab: Lab) -> Reference:
        """The released student notebook: public tests only, judged by the kernel's replies."""
        return cls(lab, cells.read_notebook(REPO_ROOT / lab.notebook))


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
