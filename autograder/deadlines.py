"""Due dates, extensions and the late rule (``course.yml``'s ``deadlines``).

The rule: a submission later than its due date (plus the learner's extension) loses
``per_day`` of the lab's points for each day or part of a day it is late, at most ``cap`` of them.
The penalty is applied when grades are exported, not when notebooks are graded: an extension
granted after grading changes the exported score without grading anything again.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml

from autograder.coursedir import CourseRoot, course_config, write_json
from autograder.syllabus import Lab, load_syllabus


class DeadlineError(ValueError):
    """``course.yml`` or an extension says something that is not a due date or a rule."""


@dataclass(frozen=True)
class Deadlines:
    """The course's due dates and late rule.

    Attributes:
        due: each lab's due date (aware, UTC), by lab id; labs without one are never late.
        per_day: share of the lab's points lost per started day late.
        cap: the largest share that lateness can cost.
    """

    due: dict[str, datetime] = field(default_factory=dict)
    per_day: float = 0.1
    cap: float = 0.5

    @classmethod
    def load(cls, path: Path | None = None) -> Deadlines:
        """Read the ``deadlines`` section of ``course.yml`` (``coursedir.course_config``).

        Raises:
            DeadlineError: an unknown lab, a date that is not one, a share outside 0..1.
        """
        text = (path or course_config()).read_text(encoding="utf-8")
        data = (yaml.safe_load(text) or {}).get("deadlines") or {}
        known = {lab.id for lab in load_syllabus().graded_labs}
        due = {}
        for lab_id, when in (data.get("due") or {}).items():
            if lab_id not in known:
                raise DeadlineError(f"deadlines.due names {lab_id!r}, which is no graded lab")
            due[lab_id] = _utc(when, f"the due date of {lab_id}")
        late = data.get("late_penalty") or {}
        deadlines = cls(
            due, float(late.get("per_day", cls.per_day)), float(late.get("cap", cls.cap))
        )
        if not (0 <= deadlines.per_day <= 1 and 0 <= deadlines.cap <= 1):
            raise DeadlineError("late_penalty.per_day and .cap are shares of the points: 0 to 1")
        return deadlines

    def due_for(self, lab: Lab, student: str, root: CourseRoot) -> datetime | None:
        """The learner's due date: the lab's, plus the learner's extension."""
        due = self.due.get(lab.id)
        if due is None:
            return None
        return due + timedelta(days=extensions(root).get(lab.id, {}).get(student, 0))

    def penalty(self, lab: Lab, late: timedelta) -> float:
        """The points lost for a submission ``late`` after its due date (0 when on time)."""
        if late <= timedelta(0):
            return 0.0
        days = math.ceil(late / timedelta(days=1))
        return min(self.cap, days * self.per_day) * lab.max_score

    def describe(self, lab: Lab) -> str | None:
        """What a learner reads about the lab's due date and the late rule, or None."""
        due = self.due.get(lab.id)
        if due is None:
            return None
        return (
            f"**Due {due:%A %d %B %Y, %H:%M} UTC.** A later submission loses"
            f" {self.per_day:.0%} of the points per day or part of a day late, at most"
            f" {self.cap:.0%}; the instructor can grant an extension."
        )


def _utc(value: object, what: str) -> datetime:
    if isinstance(value, datetime):
        when = value
    else:
        try:
            when = datetime.fromisoformat(str(value))
        except ValueError:
            raise DeadlineError(f"{what} is {value!r}: write it as 2027-01-15 23:59") from None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def _extensions_path(root: CourseRoot) -> Path:
    return root.course_dir / "extensions.json"


def extensions(root: CourseRoot) -> dict[str, dict[str, float]]:
    """The extensions granted so far: days by student by lab id."""
    path = _extensions_path(root)
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def extend(root: CourseRoot, lab: Lab, student: str, days: float) -> datetime | None:
    """Grant ``student`` ``days`` more for ``lab`` (replacing an earlier extension).

    Returns:
        The learner's new due date (None when the lab has no due date).

    Raises:
        DeadlineError: days not between 0 and 365.
    """
    if not 0 <= days <= 365:
        raise DeadlineError(f"an extension of {days:g} days: give 0 to 365")
    granted = extensions(root)
    granted.setdefault(lab.id, {})[student] = days
    write_json(_extensions_path(root), granted)
    return Deadlines.load().due_for(lab, student, root)
