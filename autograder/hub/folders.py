"""The hub's folder: who may read what.

<folder>/hub/              root only: the hub's database, cookie secret, pid files
<folder>/course/           the grader account and the staff group (2770): sources, submissions,
                           gradebook, results; no learner can enter
<folder>/exchange/         nbgrader's exchange: learners fetch from outbound, drop into inbound
                           (which they cannot list) and fetch their own feedback
<folder>/learner-config/   learners' Jupyter config (read-only): their course id and exchange,
                           and the instructor's nbgrader panels hidden
<folder>/grader-config/    the formgrader's config (staff only): the course directory too
"""

from __future__ import annotations

import grp
import json
import os
import pwd
from pathlib import Path

from traitlets.config import Config

from autograder.hub.settings import HubSettings

# What a learner's JupyterLab does not show: the instructor's nbgrader panels.
INSTRUCTOR_PANELS = (
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:course-list",
)
# The formgrader is shown inside JupyterLab's frames: JupyterHub 4.1+ sends a
# Content-Security-Policy without 'self' as frame ancestor, which blanks it (nbgrader #1870).
FRAME_HEADERS = {"Content-Security-Policy": "frame-ancestors 'self'"}


def _write_json(path: Path, data: dict, mode: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    path.chmod(mode)


def learner_config(settings: HubSettings) -> dict[str, dict]:
    """The files of the learners' Jupyter config folder, by relative path."""
    return {
        "nbgrader_config.json": {
            "CourseDirectory": {"course_id": settings.course_id},
            "Exchange": {"root": str(settings.course_root.exchange_dir)},
            "ExchangeFactory": {"submit": "autograder.hub.exchange.PrivateSubmit"},
        },
        "labconfig/page_config.json": {
            "disabledExtensions": dict.fromkeys(INSTRUCTOR_PANELS, True),
        },
    }


def grader_config(settings: HubSettings) -> dict[str, dict]:
    """The files of the formgrader's Jupyter config folder, by relative path."""
    nbgrader = json.loads(json.dumps(settings.course_root.apply(Config())))
    return {
        "nbgrader_config.json": nbgrader,
        "jupyter_server_config.json": {
            "ServerApp": {"tornado_settings": {"headers": FRAME_HEADERS}},
        },
    }


def prepare(settings: HubSettings) -> None:
    """Create the hub's folder with its owners and modes (as root, after the accounts exist).

    Safe to run again: modes and owners are set again, nothing is removed.
    """
    staff = grp.getgrnam(settings.staff_group).gr_gid
    grader = pwd.getpwnam(settings.grader).pw_uid
    settings.folder.mkdir(parents=True, exist_ok=True)
    settings.folder.chmod(0o755)
    settings.state.mkdir(exist_ok=True)
    settings.state.chmod(0o700)
    course = settings.course_root.course_dir
    course.mkdir(exist_ok=True)
    os.chown(course, grader, staff)
    course.chmod(0o2770)
    exchange = settings.course_root.exchange_dir
    exchange.mkdir(exist_ok=True)
    exchange.chmod(0o777)  # nbgrader's own mode for an exchange root
    for name, data in learner_config(settings).items():
        _write_json(settings.learner_config / name, data, 0o644)
    settings.learner_config.chmod(0o755)
    (settings.learner_config / "labconfig").chmod(0o755)
    for name, data in grader_config(settings).items():
        _write_json(settings.grader_config / name, data, 0o640)
        os.chown(settings.grader_config / name, 0, staff)
    os.chown(settings.grader_config, 0, staff)
    settings.grader_config.chmod(0o750)
