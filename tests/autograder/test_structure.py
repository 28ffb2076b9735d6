"""Structure repair: a learner's cells are matched back to the source, whatever was done to them.

These tests need no kernel: they check the notebook that would run and the repairs reported.
The first tests drive ``assemble`` as grading does; the last ones test each of its steps alone.
"""

import copy

import nbformat
import pytest
from helpers import fill_answers

from autograder import cells, structure
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


# The steps, one by one.

INDEX = structure.SourceIndex.of(SOURCE)


def test_the_index_lists_graded_cells_in_source_order_with_public_checksums():
    assert list(INDEX.graded) == graded_ids(SOURCE)
    assert set(INDEX.locked) == {"setup", "test_compute_cost", "test_compute_gradient"}
    assert set(INDEX.answers) == {"compute_cost", "compute_gradient"}
    public = cells.strip_hidden_tests(INDEX.locked["test_compute_cost"].source)
    assert INDEX.public["test_compute_cost"] == structure._checksum(public)


def test_identify_uses_the_grade_id_then_the_content_only_for_lost_ids():
    nb = learner()
    test = copy.deepcopy(nb.cells[index_of(nb, "test_compute_cost")])
    assert structure.identify(test, INDEX, {"test_compute_cost"}, {}) == ("test_compute_cost", None)
    test.metadata["nbgrader"]["grade_id"] = "other"
    gid, note = structure.identify(test, INDEX, {"other"}, {})
    assert gid == "test_compute_cost" and "by its content" in note
    # the id is still in the notebook (or already matched): the content decides nothing
    assert structure.identify(test, INDEX, {"test_compute_cost"}, {}) == (None, None)
    assert structure.identify(test, INDEX, set(), {"test_compute_cost": test}) == (None, None)
    answer = nbformat.v4.new_code_cell(ANSWER)
    gid, note = structure.identify(answer, INDEX, set(), {})
    assert gid == "compute_cost" and "by the name it defines" in note


def test_own_cells_lose_their_grading_metadata_and_outputs():
    cell = nbformat.v4.new_code_cell("x = 1", outputs=[], execution_count=3)
    cell.metadata["nbgrader"] = {"grade": True, "grade_id": "bonus", "points": 5}
    kept, notes = structure.own_cell(cell, None, INDEX)
    assert "nbgrader" not in kept.metadata and kept.execution_count is None
    assert notes == ["ignored grading metadata of a cell not in the source ('bonus')"]
    assert "nbgrader" in cell.metadata, "the learner's cell itself is not modified"


def test_match_cells_drops_duplicate_locked_cells_and_attaches_own_cells():
    nb = learner()
    at = index_of(nb, "compute_cost")
    nb.cells.insert(at + 1, nbformat.v4.new_code_cell("HELPER = 1"))
    nb.cells.append(copy.deepcopy(nb.cells[index_of(nb, "setup")]))
    matching = structure.match_cells(INDEX, nb)
    assert list(matching.found) == graded_ids(SOURCE)
    assert [c.source for c in matching.attached["compute_cost"]] == ["HELPER = 1"]
    assert matching.notes == ["dropped a duplicate of the locked cell 'setup'"]


def test_order_notes_say_when_graded_cells_were_moved():
    nb = learner()
    assert structure.order_notes(INDEX, structure.match_cells(INDEX, nb)) == []
    nb.cells.append(nb.cells.pop(index_of(nb, "setup")))
    assert structure.order_notes(INDEX, structure.match_cells(INDEX, nb)) == [
        "put the graded cells back in the order of the source"
    ]


def test_restore_locked_always_returns_the_source_cell():
    source = INDEX.locked["test_compute_cost"]
    public = INDEX.public["test_compute_cost"]
    learner_copy = copy.deepcopy(source)
    learner_copy.source = cells.strip_hidden_tests(source.source)  # as released: no hidden tests
    assert structure.restore_locked(source, learner_copy, public) == (source, [])
    learner_copy.source = "print('passed')"
    cell, notes = structure.restore_locked(source, learner_copy, public)
    assert cell.source == source.source and "replaced the edited cell" in notes[0]
    cell, notes = structure.restore_locked(source, None, public)
    assert cell.source == source.source and "restored the missing cell" in notes[0]


def test_restore_answer_keeps_the_code_and_takes_the_source_metadata():
    source = INDEX.answers["compute_cost"]
    raw = nbformat.v4.new_raw_cell(ANSWER, metadata=copy.deepcopy(source.metadata))
    raw.metadata["nbgrader"]["points"] = 100
    cell, notes = structure.restore_answer(raw, source)
    assert cell.cell_type == "code" and cell.source == ANSWER
    mine, theirs = cells.nbgrader_meta(cell), cells.nbgrader_meta(source)
    assert all(mine.get(key) == theirs.get(key) for key in structure.GRADING_KEYS)
    assert notes == [
        "turned the answer cell 'compute_cost' back into a code cell",
        "restored the grading metadata of the answer cell 'compute_cost'",
    ]


def test_rebuild_puts_a_restored_test_right_after_the_cell_before_it_in_the_source():
    nb = learner()
    nb.cells = [c for c in nb.cells if cells.grade_id(c) != "test_compute_cost"]
    out, notes = structure.rebuild(INDEX, structure.match_cells(INDEX, nb))
    ids = [cells.grade_id(c) for c in out if cells.grade_id(c)]
    assert ids == graded_ids(SOURCE)
    assert notes == ["restored the missing cell 'test_compute_cost' from the source"]
