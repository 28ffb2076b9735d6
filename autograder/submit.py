"""A learner's submission of the notebook they worked on, from wherever it is.

nbgrader's ``submit`` takes a folder named after the lab in the current folder (what the
Assignments panel's Fetch writes); a learner of a single clone works in the week folder instead.
``python -m autograder submit <notebook>`` stages that notebook under the lab's name and hands it
to nbgrader's exchange, which records it in the inbound folder and the learner's cache as the panel
would.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from autograder import cells
from autograder.coursedir import CourseRoot
from autograder.syllabus import Lab, Syllabus


class SubmitError(RuntimeError):
    """The notebook cannot be submitted; the message says why and what to do."""


def lab_of(path: Path, syllabus: Syllabus) -> Lab:
    """The graded lab a notebook belongs to (its metadata names it).

    Raises:
        SubmitError: not a readable notebook, or not a graded lab's.
    """
    try:
        lab_id = cells.lab_id_of(cells.read_notebook(path))
    except cells.UnreadableNotebook as exc:
        raise SubmitError(f"{path} cannot be submitted: {exc}") from None
    lab = next((lab for lab in syllabus.graded_labs if lab.id == lab_id), None)
    if lab is None:
        raise SubmitError(f"{path} is not a graded lab's notebook: there is nothing to submit")
    return lab


def submit(path: Path, lab: Lab, root: CourseRoot) -> str:
    """Submit the notebook at ``path`` to ``lab`` through the exchange of ``root``.

    Returns:
        The submission's timestamp, as nbgrader recorded it.

    Raises:
        SubmitError: the lab is not released (nothing to submit to) or nbgrader refused.
    """
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange import ExchangeError, ExchangeFactory

    config = root.config()
    if not (root.course_exchange / "outbound" / lab.id).is_dir():
        raise SubmitError(f"{lab.id} is not released yet: the instructor releases it first "
                          f"(make release LAB={lab.id})")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="submit-") as staging:
        folder = Path(staging) / lab.id  # the folder nbgrader's submit expects
        folder.mkdir()
        shutil.copyfile(path, folder / lab.notebook.name)
        config.Exchange.assignment_dir = staging
        config.CourseDirectory.assignment_id = lab.id
        coursedir = CourseDirectory(config=config)
        sender = ExchangeFactory(config=config).Submit(
            coursedir=coursedir, authenticator=Authenticator(config=config), config=config
        )
        try:
            sender.start()
        except ExchangeError as exc:
            raise SubmitError(f"nbgrader refused the submission of {lab.id}: {exc}") from None
    return str(sender.timestamp)
