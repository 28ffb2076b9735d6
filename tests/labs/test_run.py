"""Every notebook of the manifest runs top to bottom, prints what its text says it will, and
draws no figure wider than a laptop shows.

Optional labs run as committed; graded labs run their instructor source (the student version
raises NotImplementedError by design; tests/labs/test_answers.py grades it). Figures are drawn as
JupyterLab draws them (the inline backend, ipympl after ``%matplotlib widget``, whose tools leave a
still image beside the live one), and every image is measured.
"""

import re
import time

import nbformat
import pytest
from helpers import png_size

from autograder.lab_run import run_lab
from autograder.syllabus import REPO_ROOT, load_syllabus
from utils.plotting import FIT_WIDTH_PX

SYLLABUS = load_syllabus()
EXPECTED_BLOCK = re.compile(r"\*\*Expected output:?\*\*[^\n]*\n```\n(.*?)\n```", re.DOTALL)


def _stdout(cell) -> str:
    return "".join(o.get("text", "") for o in cell.outputs if o.get("name") == "stdout")


def _image_widths(cell) -> list[int]:
    """The pixel widths of the PNG images a cell's outputs show."""
    data = [o.get("data", {}) for o in cell.get("outputs", [])]
    return [png_size(d["image/png"])[0] for d in data if "image/png" in d]


@pytest.mark.slow
@pytest.mark.parametrize("lab", SYLLABUS.labs, ids=lambda lab: lab.id)
def test_notebook_runs_and_prints_its_expected_outputs(lab):
    path = REPO_ROOT / (lab.source if lab.graded else lab.notebook)
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell("%matplotlib inline"))  # as JupyterLab draws
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

    widths = [(cell.id, w) for cell in nb.cells for w in _image_widths(cell)]
    too_wide = [(cell, w) for cell, w in widths if w > FIT_WIDTH_PX]
    assert not too_wide, f"{lab.id}: figures wider than {FIT_WIDTH_PX} px: {too_wide}"
    widest = max((w for _, w in widths), default=0)
    print(f"{lab.id}: {len(widths)} figures, the widest {widest} px")
