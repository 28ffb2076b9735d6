"""Tests keep Jupyter, IPython, matplotlib and Keras state out of the home folder."""

import os
from pathlib import Path

import pytest
from helpers import STATE_DIRS

from autograder.grading import grade_file
from autograder.syllabus import REPO_ROOT


def test_state_folders_point_into_the_scratch_folder(scratch):
    for var in [*STATE_DIRS, "COURSE_ROOT"]:
        assert Path(os.environ[var]).is_relative_to(scratch), var


@pytest.mark.slow
def test_grading_writes_nothing_into_home(syllabus):
    lab = syllabus.graded_labs[0]
    grade_file(REPO_ROOT / lab.source)
    home = Path(os.environ["HOME"])
    assert list(home.iterdir()) == [], f"something wrote into HOME: {list(home.iterdir())}"
