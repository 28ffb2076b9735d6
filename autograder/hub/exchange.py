"""nbgrader's submit, with the submission kept private to the learner who made it.

nbgrader leaves a submission's files readable by everyone (0644) in a folder that everyone may
write (0777), and relies on a random suffix of its name, in an inbound folder that learners cannot
list, to hide it. Whoever learns the name could read the learner's notebook and submission secret
(and with it find the learner's feedback), or replace the notebook. Here the submission is the
learner's alone (0600 files, 0700 folders); the instructor collects as root (``make collect``).
"""

from __future__ import annotations

import os
from pathlib import Path

from nbgrader.exchange.default.submit import ExchangeSubmit


def make_private(folder: Path) -> None:
    """Make a folder tree its owner's alone: 0700 folders, 0600 files (links left untouched)."""
    for dirpath, _, filenames in os.walk(folder):
        for name in filenames:
            path = Path(dirpath) / name
            if not path.is_symlink():
                path.chmod(0o600)
        Path(dirpath).chmod(0o700)


class PrivateSubmit(ExchangeSubmit):
    """nbgrader's submit; the copy in the inbound folder is then the learner's alone."""

    def copy_files(self) -> None:
        super().copy_files()
        make_private(Path(self.inbound_path) / self.assignment_filename)
