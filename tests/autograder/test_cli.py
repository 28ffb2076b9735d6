"""``python -m autograder``: what learners and instructors type, its output and exit codes."""

import json
import shutil
import subprocess
import sys

import nbformat
import pytest

from autograder import cells, cli, reference
from autograder.results import TestStatus
from autograder.syllabus import REPO_ROOT, load_syllabus

LAB = load_syllabus().lab("c1w2-linear-regression")
REPORT_KEYS = {"lab", "notebook", "score", "max_score", "tests", "diagnostics"}
TEST_KEYS = {"grade_id", "exercise", "score", "max_score", "status", "message", "quotes_kernel"}


def autograder(*args, cwd=REPO_ROOT):
    return subprocess.run(
        [sys.executable, "-m", "autograder", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.slow
def test_grade_json_gives_the_source_full_marks(tmp_path):
    renamed = tmp_path / "my copy.ipynb"  # the lab is read from metadata, not the file name
    shutil.copy(REPO_ROOT / LAB.source, renamed)
    result = autograder("grade", renamed, "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert set(report) == REPORT_KEYS
    assert report["lab"] == LAB.id and report["notebook"] == str(renamed)
    assert report["score"] == report["max_score"] == LAB.max_score
    for test in report["tests"]:
        assert set(test) == TEST_KEYS and test["status"] == "passed"


@pytest.mark.slow
def test_grade_json_gives_the_student_notebook_zero_and_exits_0():
    result = autograder("grade", LAB.notebook, "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["score"] == 0 and report["max_score"] == LAB.max_score
    assert all(set(t) == TEST_KEYS and t["status"] in set(TestStatus) for t in report["tests"])
    assert {t["status"] for t in report["tests"]} == {"failed"}
    assert all("not written yet" in t["message"] for t in report["tests"])


@pytest.mark.slow
def test_check_runs_public_tests_and_exits_1_until_all_pass():
    student = autograder("check", LAB.notebook)
    assert student.returncode == 1
    assert "public tests only" in student.stdout
    assert "FAIL compute_cost" in student.stdout and "not written yet" in student.stdout
    solved = autograder("check", LAB.source)
    assert solved.returncode == 0, solved.stdout
    assert "2 of 2 exercises pass" in solved.stdout


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("not json at all", "not a notebook: not valid JSON"),
        ("", "is empty"),
        ('{"cells": []}', "without an nbformat version"),
        ('{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}', "does not name"),
        (
            '{"cells": [], "metadata": {"autograder": {"lab": "c9w9-nope"}},'
            ' "nbformat": 4, "nbformat_minor": 5}',
            "unknown lab 'c9w9-nope'",
        ),
    ],
    ids=["not-json", "empty", "no-version", "no-lab", "unknown-lab"],
)
def test_grade_refuses_what_it_cannot_grade_with_one_line(tmp_path, content, reason):
    path = tmp_path / "x.ipynb"
    path.write_text(content)
    result = autograder("grade", path, "--json")
    assert result.returncode == 2
    assert result.stdout == ""
    assert reason in result.stderr and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.slow
def test_a_source_that_fails_its_own_tests_is_one_line_and_exit_2(tmp_path, monkeypatch, capsys):
    broken = cells.read_notebook(REPO_ROOT / LAB.source)
    for cell in broken.cells:
        if cells.grade_id(cell) == "compute_cost":
            cell.source = "def compute_cost(x, y, w, b):\n    return 0.0\n"
    copy = tmp_path / "repo" / LAB.source
    copy.parent.mkdir(parents=True)
    nbformat.write(broken, copy)
    monkeypatch.setattr(reference, "REPO_ROOT", tmp_path / "repo")
    code = cli.main(["--root", str(tmp_path / "root"), "grade", str(REPO_ROOT / LAB.notebook)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("error: the source of c1w2-linear-regression fails its own test")
    assert len(err.strip().splitlines()) == 1, err


def test_grade_of_a_missing_file_exits_2(tmp_path):
    result = autograder("grade", tmp_path / "nope.ipynb")
    assert result.returncode == 2 and "cannot read" in result.stderr


def test_release_needs_a_known_lab_or_week():
    assert "unknown lab" in autograder("release", "c9w9-nope").stderr
    assert "unknown week" in autograder("release", "--week", "course9/week1").stderr
    assert autograder("release").returncode == 2


def test_labs_lists_the_manifest():
    out = autograder("labs").stdout
    assert all(lab.id in out for lab in load_syllabus().labs)


def test_readme_is_up_to_date_with_the_manifest():
    text = (REPO_ROOT / "README.md").read_text()
    for block in ("contents", "data"):
        assert f"<!-- {block}:start -->" in text and f"<!-- {block}:end -->" in text
    result = autograder("readme", "--check")
    assert result.returncode == 0, result.stdout
