"""Structure repair: a learner's cells are matched back to the source, whatever was done to them.

These tests need no kernel: they check the notebook that would run and the repairs reported.
"""

import copy

import nbformat
import pytest
from conftest import fill_answers

from autograder import cells
from autograder.structure import assemble
from autograder.syllabus import REPO_ROOT, load_syllabus

LAB = load_syllabus().lab("c1w2-linear-regression")
SOURCE = cells.read_notebook(REPO_ROOT / LAB.source)
ANSWER = "def compute_cost(x, y, w, b):\n    return 0.5\n"


def learner():
    return fill_answers(LAB, {"compute_cost": ANSWER})


def graded_ids(nb):
    return [cells.grade_id(c) for c in nb.cells if cells.grade_id(c)]


def index_of(nb, gid):
    return next(i for i, c in enumerate(nb.cells) if cells.grade_id(c) == gid)


def run_order(nb):
    """The notebook after repair: graded ids in order, and the answer cell of compute_cost."""
    out, notes = assemble(SOURCE, nb)
    answer = next(c for c in out.cells if cells.grade_id(c) == "compute_cost")
    return out, notes, answer


def test_an_untouched_notebook_needs_no_repair_and_gets_the_hidden_tests():
    out, notes, answer = run_order(learner())
    assert notes == []
    assert graded_ids(out) == graded_ids(SOURCE)
    assert answer.source == ANSWER
    test = out.cells[index_of(out, "test_compute_cost")]
    assert cells.HIDDEN_BEGIN in test.source, "grading runs the source's hidden tests"
    assert len(out.cells) == len(SOURCE.cells)


def test_deleted_locked_cells_are_restored_in_place():
    nb = learner()
    nb.cells = [c for c in nb.cells if cells.grade_id(c) not in ("setup", "test_compute_cost")]
    out, notes, _ = run_order(nb)
    assert graded_ids(out) == graded_ids(SOURCE)
    assert index_of(out, "test_compute_cost") == index_of(out, "compute_cost") + 1
    assert "restored the missing cell 'setup' from the source" in notes
    assert "restored the missing cell 'test_compute_cost' from the source" in notes


def test_duplicated_cells():
    nb = learner()
    test = nb.cells[index_of(nb, "test_compute_cost")]
    answer = nb.cells[index_of(nb, "compute_cost")]
    nb.cells += [copy.deepcopy(test), copy.deepcopy(answer)]
    out, notes, _ = run_order(nb)
    assert graded_ids(out) == graded_ids(SOURCE)
    assert "dropped a duplicate of the locked cell 'test_compute_cost'" in notes
    assert "kept a duplicate of the answer cell 'compute_cost' as an ordinary cell" in notes
    assert sum(c.source == ANSWER for c in out.cells) == 2  # the copy still runs, ungraded


def test_edited_test_cells_are_replaced_by_the_source():
    nb = learner()
    nb.cells[index_of(nb, "test_compute_cost")].source = "print('All tests passed!')"
    out, notes, _ = run_order(nb)
    assert out.cells[index_of(out, "test_compute_cost")].source == (
        SOURCE.cells[index_of(SOURCE, "test_compute_cost")].source
    )
    assert "replaced the edited cell 'test_compute_cost' with the source's" in notes


def test_reordered_cells_go_back_to_the_source_order_with_their_neighbours():
    nb = learner()
    helper = nbformat.v4.new_code_cell("HELPER = 1")
    answer_at = index_of(nb, "compute_cost")
    nb.cells.insert(answer_at + 1, helper)  # the learner's own cell after the answer
    answer, helper = nb.cells.pop(answer_at), nb.cells.pop(answer_at)
    nb.cells += [answer, helper]  # answer and helper moved to the end, after every test
    out, notes, _ = run_order(nb)
    assert graded_ids(out) == graded_ids(SOURCE)
    assert "put the graded cells back in the order of the source" in notes
    assert out.cells[index_of(out, "compute_cost") + 1].source == "HELPER = 1"


@pytest.mark.parametrize("cell_type", ["markdown", "raw"])
def test_retyped_cells_become_code_again(cell_type):
    nb = learner()
    for gid in ("compute_cost", "test_compute_cost"):
        old = nb.cells[index_of(nb, gid)]
        new = nbformat.v4.new_markdown_cell(old.source, metadata=old.metadata)
        if cell_type == "raw":
            new = nbformat.v4.new_raw_cell(old.source, metadata=old.metadata)
        nb.cells[index_of(nb, gid)] = new
    out, notes, answer = run_order(nb)
    assert answer.cell_type == "code" and answer.source == ANSWER
    assert out.cells[index_of(out, "test_compute_cost")].cell_type == "code"
    assert "turned the answer cell 'compute_cost' back into a code cell" in notes


def test_edited_metadata_is_recognised_by_content_and_by_name():
    nb = learner()
    test = nb.cells[index_of(nb, "test_compute_cost")]
    test.metadata["nbgrader"]["grade_id"] = "renamed"  # a test cell whose grade id was edited
    answer = nb.cells[index_of(nb, "compute_cost")]
    del answer.metadata["nbgrader"]  # an answer cell whose metadata was removed
    out, notes, answer = run_order(nb)
    assert graded_ids(out) == graded_ids(SOURCE)
    assert answer.source == ANSWER
    assert cells.nbgrader_meta(answer)["solution"] is True
    assert "recognised the cell 'test_compute_cost' by its content (its metadata was edited)" in (
        notes
    )
    assert "recognised the answer cell 'compute_cost' by the name it defines" in notes


def test_grading_metadata_cannot_be_forged():
    nb = learner()
    answer = nb.cells[index_of(nb, "compute_cost")]
    answer.metadata["nbgrader"].update(grade=True, points=100)  # an answer cell claiming points
    fake = nbformat.v4.new_code_cell("pass")
    fake.metadata["nbgrader"] = {"grade": True, "grade_id": "bonus", "points": 99}
    nb.cells.append(fake)
    out, notes, answer = run_order(nb)
    assert cells.nbgrader_meta(answer).get("points") is None
    assert not cells.is_test_cell(answer)
    tests = [c for c in out.cells if cells.is_test_cell(c)]
    assert sum(cells.points(c) for c in tests) == LAB.max_score
    assert "restored the grading metadata of the answer cell 'compute_cost'" in notes
    assert "ignored grading metadata of a cell not in the source ('bonus')" in notes


def test_a_deleted_answer_cell_is_reported():
    nb = learner()
    nb.cells = [c for c in nb.cells if cells.grade_id(c) != "compute_cost"]
    out, notes = assemble(SOURCE, nb)
    assert "compute_cost" not in graded_ids(out)
    assert "the answer cell 'compute_cost' is missing" in notes
