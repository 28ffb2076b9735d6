"""Collect reads the exchange as untrusted: per learner, the newest acceptable folder is copied,
a refused one is reported and the learner's next newest tried, and the others are collected."""

import os
from pathlib import Path

import nbformat
import pytest
from helpers import fill_answers, lab_answers

from autograder.collect import SIZE_LIMIT, collect
from autograder.coursedir import CourseRoot
from autograder.syllabus import REPO_ROOT, load_syllabus

SYLLABUS = load_syllabus()
LAB = SYLLABUS.lab("c1w2-linear-regression")
NOBODY = 65534  # a uid with a name (nobody) that is no learner of these tests
MALLORY = 54321  # a uid without a name


@pytest.fixture
def root(tmp_path):
    return CourseRoot(tmp_path)


def submit(root: CourseRoot, student: str, day: int, text: str | None = None) -> Path:
    """A submission folder in the exchange as nbgrader's submit makes it; returns the folder."""
    stamp = f"2026-12-0{day} 10:00:00.000000 UTC"
    folder = root.exchange_dir / SYLLABUS.course_id / "inbound" / f"{student}+{LAB.id}+{stamp}+x"
    folder.mkdir(parents=True)
    if text is None:
        answers = next(iter(lab_answers(LAB.id)["correct"].values()))
        nbformat.write(fill_answers(LAB, answers), folder / LAB.notebook.name)
    else:
        (folder / LAB.notebook.name).write_text(text)
    (folder / "timestamp.txt").write_text(stamp)
    return folder


def collected_text(root: CourseRoot, student: str) -> str:
    return (root.course_dir / "submitted" / student / LAB.id / LAB.notebook.name).read_text()


def test_the_newest_submission_of_each_learner_is_collected(root):
    submit(root, "alice", 1, "first")
    submit(root, "alice", 3, "third")
    submit(root, "bob", 2, "bob's")
    warnings = []
    subs = collect(LAB, root, warn=warnings.append)
    assert [s.student for s in subs] == ["alice", "bob"] and warnings == []
    assert collected_text(root, "alice") == "third"
    submit(root, "alice", 2, "second, submitted late with an earlier time")
    collect(LAB, root, warn=warnings.append)
    assert collected_text(root, "alice") == "third"


def test_a_notebook_linked_to_the_source_is_refused_and_the_one_before_collected(root):
    submit(root, "alice", 1, "alice's own work")
    newest = submit(root, "alice", 2)
    (newest / LAB.notebook.name).unlink()
    (newest / LAB.notebook.name).symlink_to(REPO_ROOT / LAB.source)
    warnings = []
    collect(LAB, root, warn=warnings.append)
    assert collected_text(root, "alice") == "alice's own work"
    assert warnings == [
        f"warning: not collected: {newest.name}: {LAB.notebook.name!r} in it is not a regular"
        " file (a link, a FIFO, ...)"
    ]


def test_a_folder_in_another_learners_name_is_refused(root):
    """mallory (here uid 65534, nobody) submits as alice: alice's own submission is graded."""
    submit(root, "alice", 1, "alice's own work")
    forged = submit(root, "alice", 2, "mallory's wrong answers")
    for path in (forged, *forged.iterdir()):
        os.chown(path, NOBODY, NOBODY)
    warnings = []
    collect(LAB, root, warn=warnings.append)
    assert collected_text(root, "alice") == "alice's own work"
    assert warnings == [
        f"warning: not collected: {forged.name}: it is owned by nobody, not by alice"
    ]


def test_a_folder_owned_by_the_learner_it_names_is_collected(root):
    folder = submit(root, "nobody", 1, "nobody's work")
    for path in (folder, *folder.iterdir()):
        os.chown(path, NOBODY, NOBODY)
    assert [s.student for s in collect(LAB, root, warn=pytest.fail)] == ["nobody"]


def test_a_file_planted_by_another_learner_refuses_the_folder(root):
    folder = submit(root, "nobody", 1)
    planted = folder / "planted.txt"
    planted.write_text("from mallory")
    for path in (folder, *folder.iterdir()):
        os.chown(path, NOBODY, NOBODY)
    os.chown(planted, MALLORY, MALLORY)
    warnings = []
    assert collect(LAB, root, warn=warnings.append) == []
    assert warnings == [
        f"warning: not collected: {folder.name}: 'planted.txt' in it is owned by uid {MALLORY}"
    ]


def test_an_oversized_folder_is_refused_and_the_others_collected(root):
    big = submit(root, "alice", 1)
    with open(big / "data.bin", "wb") as out:  # sparse: 101 MB on paper, nothing on disk
        out.truncate(101 << 20)
    submit(root, "bob", 1)
    warnings = []
    subs = collect(LAB, root, warn=warnings.append)
    assert [s.student for s in subs] == ["bob"]
    assert warnings == [
        f"warning: not collected: {big.name}: its files add up to more than {SIZE_LIMIT >> 20} MB"
    ]
    assert not (root.course_dir / "submitted" / "alice").exists()


def test_fifos_deep_folders_and_odd_names_are_refused(root):
    fifo = submit(root, "alice", 1)
    os.mkfifo(fifo / "pipe")
    deep = submit(root, "bob", 1)
    (deep / "a" / "b" / "c" / "d" / "e").mkdir(parents=True)
    dots = submit(root, "..", 1)
    warnings = []
    assert collect(LAB, root, warn=warnings.append) == []
    assert sorted(warnings) == sorted([
        f"warning: not collected: {fifo.name}: 'pipe' in it is not a regular file (a link, a FIFO,"
        " ...)",
        f"warning: not collected: {deep.name}: its folders nest deeper than 4",
        f"warning: not collected: {dots.name!r}: not a learner's name",
    ])  # fmt: skip
    assert not (root.course_dir / "submitted").exists() or not any(
        (root.course_dir / "submitted").iterdir()
    )
