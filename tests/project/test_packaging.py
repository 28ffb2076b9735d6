"""The wheel built from pyproject.toml holds every module of utils and autograder, and a
non-editable install of it imports what the notebooks import."""

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from autograder.syllabus import REPO_ROOT


def _modules(folder: Path) -> set[str]:
    return {p.relative_to(folder.parent).as_posix() for p in folder.rglob("*.py")} | {
        p.relative_to(folder.parent).as_posix() for p in folder.rglob("*.mplstyle")
    }


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built from a clean copy of the project (setuptools reuses a build/ folder, which
    could hold modules the configuration no longer includes)."""
    source, out = tmp_path_factory.mktemp("source"), tmp_path_factory.mktemp("wheel")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO_ROOT / name, source / name)
    for package in ("utils", "autograder"):
        shutil.copytree(REPO_ROOT / package, source / package,
                        ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
         "--wheel-dir", str(out), str(source)],
        check=True, capture_output=True, cwd=out,
    )  # fmt: skip
    (found,) = out.glob("ml_course-*.whl")
    return found


@pytest.mark.slow
def test_the_wheel_lists_every_module_of_both_packages(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = _modules(REPO_ROOT / "utils") | _modules(REPO_ROOT / "autograder")
    assert {"utils/checks/kmeans.py", "utils/interactive/cost.py", "utils/labs/rl.py"} <= expected
    assert expected - names == set()


@pytest.mark.slow
def test_a_plain_install_imports_what_the_notebooks_import(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target),
         str(wheel)],
        check=True, capture_output=True,
    )  # fmt: skip
    code = (
        "import utils, utils.checks.kmeans, utils.interactive.cost, utils.labs.rl, utils.session\n"
        "import autograder.cli\n"
        "from utils import plotting\n"
        "assert plotting.STYLE_PATH.is_file()\n"
        "print(utils.__file__)"
    )
    # -S: no site processing, so the editable install's finder (a .pth file) is not loaded; the
    # environment's packages (numpy...) are on PYTHONPATH after the wheel's copy.
    path = os.pathsep.join([str(target), sysconfig.get_paths()["purelib"]])
    result = subprocess.run(
        [sys.executable, "-S", "-c", code], cwd=tmp_path, capture_output=True, text=True,
        env={"PYTHONPATH": path, "MPLBACKEND": "agg", "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()).is_relative_to(target)
