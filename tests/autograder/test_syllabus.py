"""The manifest is complete and agrees with the notebooks it lists."""

import importlib
import re

import pytest

from autograder import cells
from autograder.syllabus import REPO_ROOT, SyllabusError, load_syllabus, parse_syllabus

SYLLABUS = load_syllabus()
GRADED = [lab for lab in SYLLABUS.labs if lab.graded]


def test_every_course_has_its_week_folders():
    for course in SYLLABUS.courses:
        for week in course.weeks:
            assert (REPO_ROOT / course.id / f"week{week}").is_dir(), f"{course.id}/week{week}"


@pytest.mark.parametrize("lab", SYLLABUS.labs, ids=lambda lab: lab.id)
def test_lab_files_and_names(lab):
    assert re.fullmatch(r"c\dw\d-[a-z0-9-]+", lab.id)
    assert (REPO_ROOT / lab.notebook).is_file(), lab.notebook
    assert lab.notebook.parent.as_posix() == lab.week_dir
    assert lab.week in next(c for c in SYLLABUS.courses if c.id == lab.course).weeks
    prefix = f"C{lab.course[-1]}_W{lab.week}_"
    assert lab.notebook.name.startswith(prefix), f"{lab.notebook.name} should start {prefix}"
    if not lab.graded:
        assert re.fullmatch(rf"{prefix}Lab\d\d_[A-Za-z0-9_]+\.ipynb", lab.notebook.name)
    nb = cells.read_notebook(REPO_ROOT / lab.notebook)
    assert nb.metadata["autograder"]["lab"] == lab.id


@pytest.mark.parametrize("lab", GRADED, ids=lambda lab: lab.id)
def test_graded_lab_exercises_match_the_source_cells(lab):
    assert lab.source.parent == lab.notebook.parent / "source"
    assert lab.source.name == lab.notebook.name
    source = cells.read_notebook(REPO_ROOT / lab.source)
    assert source.metadata["autograder"]["lab"] == lab.id
    answers = [cells.grade_id(c) for c in source.cells if cells.is_answer_cell(c)]
    tests = {cells.grade_id(c): cells.points(c) for c in source.cells if cells.is_test_cell(c)}
    assert answers == [e.answer_id for e in lab.exercises]
    assert tests == {e.test_id: e.points for e in lab.exercises}
    # each answer cell is followed by its test cell, as COURSE.md requires
    ids = [cells.grade_id(c) for c in source.cells]
    for exercise in lab.exercises:
        assert ids[ids.index(exercise.answer_id) + 1] == exercise.test_id


@pytest.mark.parametrize("key", sorted(SYLLABUS.datasets))
def test_dataset_loaders_exist(key):
    module, _, name = SYLLABUS.datasets[key].loader.rpartition(".")
    assert callable(getattr(importlib.import_module(module), name))


def test_every_dataset_is_used_by_a_lab():
    used = {key for lab in SYLLABUS.labs for key in lab.datasets}
    assert used == set(SYLLABUS.datasets)


def test_lookup_errors_name_what_exists():
    with pytest.raises(SyllabusError, match="c1w2-linear-regression"):
        SYLLABUS.lab("no-such-lab")
    with pytest.raises(SyllabusError, match="courseN/weekM"):
        SYLLABUS.labs_in_week("course9/week9")
    assert [lab.id for lab in SYLLABUS.labs_in_week("course1/week2")] == [
        lab.id for lab in SYLLABUS.labs if lab.week_dir == "course1/week2"
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- just a list", "must be a mapping"),
        ("course_id: x\nlabs:\n  - {id: a}", "malformed"),
        (
            "course_id: x\nlabs:\n  - {id: a, title: t, course: course1, week: 1, graded: true,"
            " notebook: n.ipynb}",
            "needs a source notebook",
        ),
        (
            "course_id: x\nlabs:\n  - {id: a, title: t, course: course1, week: 1, graded: false,"
            " notebook: n.ipynb, datasets: [nope]}",
            "undeclared data sets",
        ),
    ],
)
def test_malformed_manifests_are_rejected_with_a_reason(text, message):
    with pytest.raises(SyllabusError, match=message):
        parse_syllabus(text)
