"""Adversarial submissions: each is graded as the batch grades it, and its exact outcome asserted.

The cases are in tests/adversarial/<lab id>.yml. Besides the outcome, every case checks that the
grader's folders on the host are as the grader left them and that no process of the sandbox's
user outlives the grading.
"""

import copy
import re
from pathlib import Path

import nbformat
import pytest
import yaml
from conftest import fill_answers

from autograder import batch, cells
from autograder.coursedir import CourseRoot
from autograder.grading import grade_file
from autograder.reference import provenance
from autograder.sandbox import kernel_uids, processes_of
from autograder.syllabus import REPO_ROOT, load_syllabus

LAB = load_syllabus().lab("c1w2-linear-regression")
SPEC = yaml.safe_load((Path(__file__).parent / "adversarial" / f"{LAB.id}.yml").read_text())
STUDENT = "mallory"


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    """A course root with things worth stealing: a gradebook and another learner's submission."""
    course_root = CourseRoot(tmp_path_factory.mktemp("adversarial"))
    alice = course_root.course_dir / "submitted" / "alice" / LAB.id
    alice.mkdir(parents=True)
    (alice / LAB.notebook.name).write_text("alice's work")
    (course_root.course_dir / "gradebook.db").write_text("the gradebook")
    return course_root


def _index(nb, gid):
    return next(i for i, c in enumerate(nb.cells) if cells.grade_id(c) == gid)


def _apply(nb, edits):
    for gid in edits.get("delete", []):
        del nb.cells[_index(nb, gid)]
    for gid in edits.get("duplicate", []):
        nb.cells.append(copy.deepcopy(nb.cells[_index(nb, gid)]))
    for gid, source in edits.get("source", {}).items():
        nb.cells[_index(nb, gid)].source = source
    for gid, kind in edits.get("retype", {}).items():
        old = nb.cells[_index(nb, gid)]
        make = nbformat.v4.new_markdown_cell if kind == "markdown" else nbformat.v4.new_raw_cell
        nb.cells[_index(nb, gid)] = make(old.source, metadata=old.metadata)
    for gid, changes in edits.get("metadata", {}).items():
        nb.cells[_index(nb, gid)].metadata["nbgrader"].update(changes)
    for gid, new in edits.get("rename", {}).items():
        nb.cells[_index(nb, gid)].metadata["nbgrader"]["grade_id"] = new
    if "lab" in edits:
        nb.metadata["autograder"]["lab"] = edits["lab"]


def _code(text, root):
    return text.replace("@ROOT@", str(root.course_dir)).replace("@REPO@", str(REPO_ROOT))


def build(case, folder, root):
    """Write the case's submission into ``folder``; returns the submitted file."""
    folder.mkdir(parents=True)
    path = folder / case.get("filename", LAB.notebook.name)
    if "file" in case:
        path.write_text(case["file"])
        return path
    answers = {name: _code(code, root) for name, code in {**SPEC["right"],
               **case.get("answers", {})}.items()}  # fmt: skip
    nb = fill_answers(LAB, answers)
    for offset, code in enumerate(case.get("prepend", [])):
        nb.cells.insert(2 + offset, nbformat.v4.new_code_cell(_code(code, root)))
    _apply(nb, case.get("edits", {}))
    if case.get("nbformat") == 3:
        nbformat.write(nbformat.convert(nb, 3), path, version=3)
    else:
        nbformat.write(nb, path)
    for name in case.get("extra", []):
        (folder / name).write_text(path.read_text())
    return path


def leftover_processes() -> list[int]:
    """Processes of any uid this process's kernels used (there must be none after a grading)."""
    return processes_of(kernel_uids())


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SPEC["cases"]))
def test_adversarial_submission(name, root, tmp_path):
    case = SPEC["cases"][name]
    expect = case["expect"]
    path = build(case, tmp_path / STUDENT / LAB.id, root)
    before = _snapshot(root)

    if "submitted_to" in case:
        with pytest.raises(cells.UnreadableNotebook, match=re.escape(expect["reason"])):
            grade_file(path, expected_lab=case["submitted_to"], root=root)
        return
    record = batch.grade_submission(LAB.id, STUDENT, str(path.parent), str(root.root),
                                    provenance(LAB))  # fmt: skip

    assert record["status"] == expect["status"], record
    if expect["status"] == "unreadable":
        assert expect["reason"] in record["reason"]
    else:
        tests = {t["exercise"]: t for t in record["report"]["tests"]}
        assert {e: t["status"] for e, t in tests.items()} == expect["tests"], tests
        earned = sum(e.points for e in LAB.exercises if expect["tests"][e.name] == "passed")
        assert record["score"] == earned
        for exercise, text in expect.get("messages", {}).items():
            assert text in tests[exercise]["message"], tests[exercise]
        for note in expect.get("notes", []):
            assert note in record["report"]["diagnostics"], record["report"]["diagnostics"]

    for relative in expect.get("untouched", []):
        assert not (root.course_dir / relative).exists(), relative
    # The grader wrote this learner's result and autograded copy, and changed nothing else.
    after = _snapshot(root)
    own = (root.results_dir, root.course_dir / "autograded")
    changed = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
    assert all(any(p == o or o in p.parents for o in own) for p in changed), changed
    assert leftover_processes() == []


def _snapshot(root):
    """Every file of the course folder (but the reference cache) with its content."""
    return {
        p: p.read_bytes()
        for p in root.course_dir.rglob("*")
        if p.is_file() and "reference" not in p.relative_to(root.course_dir).parts
    }


def test_every_attack_of_the_issue_has_a_case():
    names = set(SPEC["cases"])
    for required in [
        "redefines_the_public_check", "redefines_what_the_test_calls",
        "monkeypatches_numpy_builtins_and_exceptions", "overrides_showtraceback_and_excepthook",
        "reads_the_expected_value_from_the_callers_frames", "imports_the_graders_package",
        "deletes_duplicates_and_edits_test_cells", "changes_metadata_and_grade_ids",
        "turns_cells_into_markdown", "calls_os_exit", "calls_sys_exit", "kills_the_kernel",
        "loops_forever", "memory_bomb", "fork_bomb", "prints_100_mb", "writes_a_1_gb_file",
        "reads_the_source_notebook", "reads_the_gradebook_and_another_submission",
        "opens_a_network_socket", "prints_text_that_imitates_a_pass",
        "writes_into_the_graders_folders", "not_json", "empty_file",
        "submitted_to_another_lab", "nbformat_3", "renamed_file", "extra_notebooks",
    ]:  # fmt: skip
        assert required in names, required
