import os
import stat

import pytest

from autograder.coursedir import CourseRoot

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="giving files away needs root")


def test_what_root_writes_goes_to_the_course_directorys_owner(tmp_path):
    root = CourseRoot(tmp_path)
    (root.course_dir / "submitted" / "ada").mkdir(parents=True)
    (root.course_dir / "submitted" / "ada" / "lab.ipynb").write_text("{}")
    (root.course_dir / "gradebook.db").write_text("")
    os.chmod(root.course_dir / "gradebook.db", 0o644)
    os.chown(root.course_dir, 54321, 54322)  # the grader account and the staff group
    assert root.hand_back() == 4
    for path in [*root.course_dir.rglob("*")]:
        assert (path.stat().st_uid, path.stat().st_gid) == (54321, 54322), path
    assert stat.S_IMODE((root.course_dir / "gradebook.db").stat().st_mode) == 0o664
    assert root.hand_back() == 0  # nothing new


def test_a_course_directory_of_root_is_left_alone(tmp_path):
    root = CourseRoot(tmp_path)
    (root.course_dir / "results").mkdir(parents=True)
    assert root.hand_back() == 0
