"""Learners' names for the gradebook and the formgrader, from the course's roster.

The roster is ``roster.csv`` in the course root: a CSV file with a ``username`` column (nbgrader's
``id`` also works) and, optionally, ``first_name`` and ``last_name`` (other columns, such as
email, are ignored). A learner the roster does not name is shown by their user name.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

ROSTER_NAME = "roster.csv"


@dataclass(frozen=True)
class Names:
    """What the formgrader shows for a learner ("last_name, first_name")."""

    first_name: str
    last_name: str

    @classmethod
    def of_user(cls, username: str) -> Names:
        """A learner without a roster entry: the user name."""
        return cls(first_name="", last_name=username)


def read_names(path: Path) -> dict[str, Names]:
    """The names a roster gives, by user name; none when there is no roster or no name column.

    Args:
        path: the roster CSV (it need not exist).
    """
    if not path.is_file():
        return {}
    rows = csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines())
    columns = {field.strip().lower(): field for field in rows.fieldnames or []}
    key = columns.get("username") or columns.get("id")
    first, last = columns.get("first_name"), columns.get("last_name")
    if key is None or (first is None and last is None):
        return {}
    names = {}
    for row in rows:
        user = (row.get(key) or "").strip()
        if user:
            given = Names((row.get(first) or "").strip(), (row.get(last) or "").strip())
            names[user] = given if given.first_name or given.last_name else Names.of_user(user)
    return names
