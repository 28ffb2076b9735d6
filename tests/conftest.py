"""Test-wide setup: Jupyter, IPython, matplotlib, Keras and browser state live in a scratch folder.

The variables are set when pytest imports this file, before any test module imports matplotlib or
starts a kernel, and kernels inherit them. HOME itself points into the scratch folder, so anything
that ignores the variables is caught there (tests/project/test_isolation.py checks it stays empty).

Markers (``make test-fast`` runs what has none of them): ``slow`` (whole notebooks or nbgrader's
pipeline), ``browser`` (JupyterLab in chromium), ``postgres`` (a PostgreSQL server).
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from helpers import point_state_dirs

SCRATCH = Path(tempfile.mkdtemp(prefix="course-tests-"))
point_state_dirs(SCRATCH, os.environ)
os.environ["COURSE_ROOT"] = str(SCRATCH / "course-root")
os.environ["MPLBACKEND"] = "Agg"
os.environ.update({"TF_CPP_MIN_LOG_LEVEL": "2", "TF_ENABLE_ONEDNN_OPTS": "0"})  # as `make` sets
os.environ["COURSE_QUICK"] = "1"  # long trainings run their short version (utils.session.quick)
atexit.register(shutil.rmtree, SCRATCH, ignore_errors=True)


@pytest.fixture(scope="session")
def syllabus():
    from autograder.syllabus import load_syllabus

    return load_syllabus()


@pytest.fixture(scope="session")
def scratch() -> Path:
    """The test session's scratch folder, where every state folder points."""
    return SCRATCH
