import stat

from autograder.hub.exchange import make_private


def test_a_submission_becomes_its_owners_alone(tmp_path):
    folder = tmp_path / "learner1+c1w2+2026-12-05+abc"
    (folder / "data").mkdir(parents=True)
    for path in (folder / "lab.ipynb", folder / "data" / "x.csv"):
        path.write_text("{}")
        path.chmod(0o644)
    folder.chmod(0o777)  # as nbgrader's submit leaves it
    make_private(folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "data").stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "lab.ipynb").stat().st_mode) == 0o600
    assert stat.S_IMODE((folder / "data" / "x.csv").stat().st_mode) == 0o600
