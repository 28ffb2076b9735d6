"""Every notebook of the manifest runs top to bottom, and prints what its text says it will.

Optional labs run as committed; graded labs run their instructor source (the student version
raises NotImplementedError by design; tests/labs/test_answers.py grades it).
"""

import re
import time

import nbformat
import pytest

from autograder.lab_run import run_lab
from autograder.syllabus import REPO_ROOT, load_syllabus

SYLLABUS = load_syllabus()
EXPECTED_BLOCK = re.compile(r"\*\*Expected output:?\*\*[^\n]*\n```\n(.*?)\n```", re.DOTALL)


def _stdout(cell) -> str:
    return "".join(o.get("text", "") for o in cell.outputs if o.get("name") == "stdout")


@pytest.mark.slow
@pytest.mark.parametrize("lab", SYLLABUS.labs, ids=lambda lab: lab.id)
def test_notebook_runs_and_prints_its_expected_outputs(lab):
    path = REPO_ROOT / (lab.source if lab.graded else lab.notebook)
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    run = run_lab(nb, lab, record=False)  # the sandbox and budget of grading
    print(f"{lab.id}: {time.perf_counter() - start:.1f} s (budget {lab.seconds:g} s)")
    assert not run.kernel_died and not run.skipped and not run.truncated
    errors = [
        f"cell {i} ({nb.cells[i].id}): {r.get('ename')}: {r.get('evalue')}"
        for i, r in run.replies.items()
        if r.get("status") != "ok"
    ]
    assert not errors, errors
    code_cells = sum(c.cell_type == "code" for c in nb.cells)
    assert len(run.replies) == code_cells

    checked = 0
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        blocks = EXPECTED_BLOCK.findall(cell.source)
        assert len(blocks) == cell.source.count("Expected output"), (
            f"{lab.id}, cell {cell.id}: state outputs as **Expected output:** and a code block"
        )
        for block in blocks:
            following = next(c for c in nb.cells[index + 1 :] if c.cell_type == "code")
            printed = _stdout(following)
            for line in filter(None, (line.strip() for line in block.splitlines())):
                assert line in printed, f"{lab.id}: expected {line!r} after cell {cell.id}"
                checked += 1
    print(f"{lab.id}: {checked} stated output lines match")
