"""Adversarial submissions: each is graded as the batch grades it, and its exact outcome asserted.

The cases are in adversarial/<lab id>.yml beside this file. Besides the outcome, every case
checks that the grader's folders on the host are as the grader left them and that no process of
the sandbox's user outlives the grading.
"""

import copy
import json
import os
import re
from pathlib import Path

import nbformat
import pytest
import yaml
from helpers import fill_answers, lab_answers

from autograder import batch, cells, export
from autograder.coursedir import CourseRoot
from autograder.grading import read_submission
from autograder.reference import Reference
from autograder.release import generate_student_notebook
from autograder.results import SubmissionResult, SubmissionStatus, TestStatus
from autograder.sandbox import kernel_uids, processes_of
from autograder.submission import grade_submission
from autograder.syllabus import REPO_ROOT, load_syllabus

SYLLABUS = load_syllabus()
LAB = SYLLABUS.lab("c1w2-linear-regression")
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


@pytest.fixture(scope="module")
def reference(root):
    return Reference.for_grading(LAB, root)


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
    if "file_expr" in case:  # a file too large or too deep to spell out: a Python expression
        path.write_text(eval(case["file_expr"], {"json": json}))
        return path
    if case.get("fifo"):
        os.mkfifo(path)
        return path
    if "link_to" in case:
        path.symlink_to(_code(case["link_to"], root))
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
def test_adversarial_submission(name, root, reference, tmp_path):
    case = SPEC["cases"][name]
    expect = case["expect"]
    path = build(case, tmp_path / STUDENT / LAB.id, root)
    before = _snapshot(root)

    if "submitted_to" in case:
        with pytest.raises(cells.UnreadableNotebook, match=re.escape(expect["reason"])):
            read_submission(path, expected_lab=case["submitted_to"])
        return
    result = grade_submission(reference, STUDENT, str(path.parent), str(root.root))

    assert result.status == expect["status"], result
    if result.status is SubmissionStatus.UNREADABLE:
        assert expect["reason"] in result.reason
    else:
        tests = {t.exercise: t for t in result.tests}
        assert {e: t.status for e, t in tests.items()} == expect["tests"], tests
        earned = sum(e.points for e in LAB.exercises if expect["tests"][e.name] == "passed")
        assert result.score == earned
        for exercise, text in expect.get("messages", {}).items():
            assert text in tests[exercise].message, tests[exercise]
        for note in expect.get("notes", []):
            assert note in result.report.diagnostics, result.report.diagnostics

    if "max_bytes" in expect:  # nothing the kernel sent grew the grader's files past the caps
        graded = root.course_dir / "autograded" / STUDENT / LAB.id / LAB.notebook.name
        assert graded.stat().st_size < expect["max_bytes"]
        assert root.results_path(LAB.id, STUDENT).stat().st_size < expect["max_bytes"]

    for relative in expect.get("untouched", []):
        assert not (root.course_dir / relative).exists(), relative
    # The grader wrote this learner's result and autograded copy, and changed nothing else.
    after = _snapshot(root)
    own = (root.results_dir, root.course_dir / "autograded")
    changed = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
    assert all(any(p == o or o in p.parents for o in own) for p in changed), changed
    assert leftover_processes() == []


SYSTEM_V = """
import ctypes
libc = ctypes.CDLL(None, use_errno=True)
libc.shmat.restype = ctypes.c_void_p
IPC_CREAT, KEY = 0o1000, 0x5EC12E7
"""


@pytest.mark.slow
def test_system_v_ipc_is_each_kernels_own_and_limited(root, reference, tmp_path):
    """Shared memory outlives the process that made it and is not counted by RLIMIT_AS: a
    segment one learner's kernel leaves must not reach the next kernel (the same zygote forks
    both), and a kernel cannot hold more than its share."""
    alice = {"prepend": [SYSTEM_V + (
        "segment = libc.shmget(KEY, 4096, IPC_CREAT | 0o666)\n"
        "ctypes.memmove(libc.shmat(segment, None, 0), b'alice answers', 13)\n"
    )], "answers": {"compute_gradient": SYSTEM_V + (
        "def compute_gradient(x, y, w, b):\n"
        "    assert libc.shmget(KEY + 1, 1 << 30, IPC_CREAT | 0o666) == -1, 'made 1 GB of it'\n"
        "    err = w * x + b - y\n"
        "    return np.mean(err * x), np.mean(err)\n"
    )}}  # fmt: skip
    mallory = {"answers": {"compute_cost": SYSTEM_V + (
        "def compute_cost(x, y, w, b):\n"
        "    assert libc.shmget(KEY, 0, 0) == -1, 'read the segment of the kernel before'\n"
        "    return np.sum((w * x + b - y) ** 2) / (2 * len(x))\n"
    )}}  # fmt: skip
    for student, case in (("ipc-alice", alice), ("ipc-mallory", mallory)):
        path = build(case, tmp_path / student / LAB.id, root)
        result = grade_submission(reference, student, str(path.parent), str(root.root))
        assert result.score == LAB.max_score, result.tests


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
        "control_folder_exit_status_fifo", "control_folder_exit_status_folder_and_text",
        "control_folder_exit_status_links_to_host_files", "control_folder_nested_3000_deep",
        "control_folder_filled_with_200_mb",
        "raises_exceptions_named_like_the_graders_statuses",
        "raises_memory_error_without_using_memory", "raises_a_40_mb_exception_message",
        "updates_a_display_with_120_mb", "fills_widget_comm_state_with_96_mb",
        "lone_surrogate_in_a_cell", "metadata_nested_100000_deep", "fifty_mb_of_tiny_cells",
        "hundred_thousand_cells", "notebook_is_a_fifo", "notebook_links_to_the_source",
    ]:  # fmt: skip
        assert required in names, required


def test_every_keras_model_that_lies_has_a_case_in_its_lab():
    """Models and optimizers that lie about themselves are graded with their labs' mistakes
    (tests/labs/test_answers.py): each must lose its exercise although the public check passes."""
    for lab_id, name, exercise in [
        ("c2w1-nn-binary", "lies_relu_named_sigmoid", "model"),
        ("c2w2-nn-multiclass", "lies_custom_dense_returns_a_constant_table", "model"),
        ("c2w3-applying-ml", "lies_l1_regularizer_claims_l2", "model_r"),
        ("c3w2-content-based", "lies_tanh_tower_named_relu", "user_NN"),
        ("c3w3-deep-q-learning", "lies_sgd_named_adam", "optimizer"),
    ]:
        entry = lab_answers(lab_id)["wrong"][name]
        assert entry["loses"] == [exercise] and entry["public"] == "pass", (lab_id, name)


@pytest.mark.slow
def test_attacks_in_a_batch_neither_stop_it_nor_touch_other_results(tmp_path):
    root = CourseRoot(tmp_path / "root")
    generate_student_notebook(LAB, root)
    attacks = ["fork_bomb", "memory_bomb", "kills_the_kernel", "prints_100_mb", "not_json",
               "writes_into_the_graders_folders"]  # fmt: skip
    for name in attacks:
        build(SPEC["cases"][name], root.course_dir / "submitted" / name / LAB.id, root)
    honest = root.course_dir / "submitted" / "honest" / LAB.id
    honest.mkdir(parents=True)
    right = next(iter(lab_answers(LAB.id)["correct"].values()))
    nbformat.write(fill_answers(LAB, right), honest / LAB.notebook.name)

    results = batch.autograde(LAB, root, workers=2, progress=lambda line: None)
    by_student = {r.student: r for r in results}
    assert sorted(by_student) == sorted([*attacks, "honest"])
    assert by_student["honest"].score == LAB.max_score
    for name in attacks:
        expect = SPEC["cases"][name]["expect"]
        assert by_student[name].status == expect["status"], name
        if expect["status"] == SubmissionStatus.GRADED:
            statuses = {t.exercise: t.status for t in by_student[name].tests}
            assert statuses == expect["tests"], name
    saved = SubmissionResult.read(root.results_path(LAB.id, "honest"))
    assert saved.score == LAB.max_score  # no attack reached another learner's result
    rows = [row for row in export.grade_rows(root, SYLLABUS) if row["lab"] == LAB.id]
    assert len(rows) == len(attacks) + 1


def test_the_expected_statuses_are_statuses():
    for case in SPEC["cases"].values():
        expect = case["expect"]
        SubmissionStatus(expect["status"])
        for status in expect.get("tests", {}).values():
            TestStatus(status)
