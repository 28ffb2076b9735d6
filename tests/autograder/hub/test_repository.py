from autograder.hub.repository import LEARNER_READABLE, staff_only
from autograder.syllabus import REPO_ROOT, load_syllabus


def test_sources_tests_and_history_are_staff_only():
    closed = set(staff_only())
    for name in (".git", "tests", "bench"):
        if (REPO_ROOT / name).exists():
            assert REPO_ROOT / name in closed
    for lab in load_syllabus().labs:
        if lab.source:
            assert (REPO_ROOT / lab.source).parent in closed


def test_what_learners_servers_need_stays_open():
    closed = set(staff_only())
    for name in LEARNER_READABLE:
        assert REPO_ROOT / name not in closed
    for lab in load_syllabus().labs:  # student notebooks and the files labs ship
        for path in [lab.notebook, *lab.files]:
            assert not any((REPO_ROOT / path).is_relative_to(c) for c in closed), path
