"""The reference records of a lab: what its instructor source records when run, cached by hash.

Grading compares a learner's records with these, outside the learner's kernel. The source runs in
the same sandbox as learners' notebooks; the result is cached in the course root and reused while
the source, the pins and the ``utils`` package are unchanged (their hashes are the provenance that
every grade records).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from autograder import cells
from autograder.coursedir import CourseRoot, write_json
from autograder.execution import error_text, run_lab
from autograder.syllabus import REPO_ROOT, Lab

PINS_PATH = REPO_ROOT / "requirements.txt"
UTILS_DIR = REPO_ROOT / "utils"


class ReferenceError(RuntimeError):
    """The instructor source fails or records nothing in one of its own test cells."""


def sha256_file(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def tree_sha256(folder: Path) -> str:
    """One hash of every source file of a package folder (names and contents)."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def provenance(lab: Lab) -> dict:
    """The hashes and seed that identify what a grade of this lab was computed with."""
    source = cells.read_notebook(REPO_ROOT / lab.source)
    setup = cells.cell_source(source, "setup")
    seed = re.search(r"^SEED = (\d+)", setup, flags=re.MULTILINE)
    return {
        "source_sha256": sha256_file(REPO_ROOT / lab.source),
        "pins_sha256": sha256_file(PINS_PATH),
        "utils_sha256": tree_sha256(UTILS_DIR),
        "seed": int(seed.group(1)) if seed else None,
    }


def reference_records(lab: Lab, root: CourseRoot) -> dict[str, list[dict]]:
    """Every record of each test cell of the lab's source, by the test cell's grade id.

    Runs the source in the sandbox unless a cached run with the same provenance exists.

    Raises:
        ReferenceError: a test cell of the source fails, or records nothing.
    """
    key = provenance(lab)
    cache = root.course_dir / "reference" / f"{lab.id}.json"
    if cache.exists():
        saved = json.loads(cache.read_text(encoding="utf-8"))
        if saved.get("provenance") == key:
            return saved["records"]
    nb = cells.read_notebook(REPO_ROOT / lab.source)
    run = run_lab(nb, lab, record=True)
    by_test: dict[str, list[dict]] = {}
    for index, cell in enumerate(nb.cells):
        if not cells.is_test_cell(cell):
            continue
        gid = cells.grade_id(cell)
        reply = run.replies.get(index, {})
        if reply.get("status") != "ok":
            error = error_text(reply) if reply else "it did not run"
            raise ReferenceError(f"the source of {lab.id} fails its own test {gid}: {error}")
        if not run.records.get(index):
            raise ReferenceError(
                f"the test {gid} of {lab.id} records nothing: use utils.records.record so that"
                " the autograder can check it outside the learner's kernel"
            )
        by_test[gid] = run.records[index]
    write_json(cache, {"provenance": key, "records": by_test})  # graders may read it meanwhile
    return by_test
