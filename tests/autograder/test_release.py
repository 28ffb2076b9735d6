"""A release never replaces a learner's work in a week folder without keeping a copy."""

import subprocess

import pytest

from autograder.release import keep_work

STUB = '{"cells": ["raise NotImplementedError()"]}\n'
NEW_STUB = '{"cells": ["raise NotImplementedError()", "a new exercise"]}\n'
ANSWER = '{"cells": ["return np.sum(err ** 2) / (2 * m)"]}\n'


def git(folder, *args):
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True)


@pytest.fixture
def week(tmp_path):
    """A week folder in a git clone, its student notebook committed as the stub."""
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.email", "t@example.org")
    git(tmp_path, "config", "user.name", "t")
    (tmp_path / "Lab.ipynb").write_text(STUB)
    git(tmp_path, "add", "Lab.ipynb")
    git(tmp_path, "commit", "-q", "-m", "stub")
    (tmp_path / "generated.ipynb").write_text(NEW_STUB)
    return tmp_path


def test_a_learners_answers_are_kept_before_the_notebook_is_replaced(week):
    (week / "Lab.ipynb").write_text(ANSWER)
    backup = keep_work(week / "Lab.ipynb", week / "generated.ipynb")
    assert backup is not None and backup.parent == week
    assert backup.name.startswith("Lab.backup-") and backup.suffix == ".ipynb"
    assert backup.read_text() == ANSWER
    second = keep_work(week / "Lab.ipynb", week / "generated.ipynb")  # the same second: a new name
    assert second != backup and second.read_text() == ANSWER


def test_the_committed_stub_and_an_identical_notebook_need_no_copy(week):
    assert keep_work(week / "Lab.ipynb", week / "generated.ipynb") is None  # instructor's update
    (week / "Lab.ipynb").write_text(NEW_STUB)
    assert keep_work(week / "Lab.ipynb", week / "generated.ipynb") is None  # nothing changes
    assert keep_work(week / "Missing.ipynb", week / "generated.ipynb") is None
    assert sorted(p.name for p in week.glob("*.ipynb")) == ["Lab.ipynb", "generated.ipynb"]


def test_without_git_any_difference_is_kept(tmp_path):
    (tmp_path / "Lab.ipynb").write_text(STUB)
    (tmp_path / "generated.ipynb").write_text(NEW_STUB)
    backup = keep_work(tmp_path / "Lab.ipynb", tmp_path / "generated.ipynb")
    assert backup is not None and backup.read_text() == STUB
