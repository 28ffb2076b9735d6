"""Read syllabus.yml, the manifest that lists every course, week, data set and lab."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
SYLLABUS_PATH = REPO_ROOT / "syllabus.yml"


class SyllabusError(ValueError):
    """The manifest is malformed, or names a lab, week or file that does not exist."""


@dataclass(frozen=True)
class Exercise:
    """One graded exercise: an answer cell ``name`` followed by the test cell ``test_<name>``."""

    name: str
    points: float

    @property
    def answer_id(self) -> str:
        return self.name

    @property
    def test_id(self) -> str:
        return f"test_{self.name}"


@dataclass(frozen=True)
class Dataset:
    """A data set a lab uses: where it comes from and under which licence."""

    key: str
    loader: str
    description: str
    package: str
    licence: str


@dataclass(frozen=True)
class Lab:
    """One lab of the manifest. Paths are relative to the repository root."""

    id: str
    title: str
    course: str
    week: int
    graded: bool
    notebook: Path
    source: Path | None
    exercises: tuple[Exercise, ...]
    datasets: tuple[str, ...]
    seconds: float
    cell_timeout: float
    memory_mb: int
    files: tuple[Path, ...]  # files the lab ships beside its notebook (graded in the sandbox)

    @property
    def week_dir(self) -> str:
        """The lab's week folder, e.g. ``course1/week2``."""
        return f"{self.course}/week{self.week}"

    @property
    def max_score(self) -> float:
        return float(sum(e.points for e in self.exercises))

    def exercise_of_test(self, grade_id: str) -> Exercise | None:
        """The exercise whose test cell has this grade id, if any."""
        return next((e for e in self.exercises if e.test_id == grade_id), None)


@dataclass(frozen=True)
class Course:
    id: str
    title: str
    weeks: dict[int, str]


@dataclass(frozen=True)
class Syllabus:
    course_id: str
    courses: tuple[Course, ...]
    datasets: dict[str, Dataset]
    labs: tuple[Lab, ...]

    def lab(self, lab_id: str) -> Lab:
        """The lab with this id; SyllabusError names the known ids otherwise."""
        for lab in self.labs:
            if lab.id == lab_id:
                return lab
        known = ", ".join(lab.id for lab in self.labs)
        raise SyllabusError(f"unknown lab {lab_id!r}; the syllabus has: {known}")

    def labs_in_week(self, week_dir: str) -> list[Lab]:
        """Every lab of a week folder such as ``course1/week2``."""
        week_dir = week_dir.strip("/")
        if not any(f"{c.id}/week{w}" == week_dir for c in self.courses for w in c.weeks):
            raise SyllabusError(f"unknown week {week_dir!r}; expected courseN/weekM")
        return [lab for lab in self.labs if lab.week_dir == week_dir]

    @property
    def graded_labs(self) -> list[Lab]:
        return [lab for lab in self.labs if lab.graded]


def _parse_lab(raw: dict) -> Lab:
    try:
        budget = raw.get("budget", {})
        lab = Lab(
            id=raw["id"],
            title=raw["title"],
            course=raw["course"],
            week=int(raw["week"]),
            graded=bool(raw["graded"]),
            notebook=Path(raw["notebook"]),
            source=Path(raw["source"]) if raw.get("source") else None,
            exercises=tuple(
                Exercise(e["name"], float(e["points"])) for e in raw.get("exercises", [])
            ),
            datasets=tuple(raw.get("datasets", [])),
            seconds=float(budget.get("seconds", 60)),
            cell_timeout=float(budget.get("cell_timeout", 30)),
            memory_mb=int(budget.get("memory_mb", 4096)),
            files=tuple(Path(raw["notebook"]).parent / f for f in raw.get("files", [])),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise SyllabusError(f"lab entry {raw!r} is malformed: {exc!r}") from exc
    if lab.graded and (lab.source is None or not lab.exercises):
        raise SyllabusError(f"graded lab {lab.id} needs a source notebook and exercises")
    return lab


def parse_syllabus(text: str) -> Syllabus:
    """Parse the manifest's YAML text.

    Args:
        text: the contents of syllabus.yml.

    Returns:
        The Syllabus, with every lab checked for required fields and unique ids.
    """
    raw = yaml.safe_load(text)
    if not isinstance(raw, dict):
        raise SyllabusError("syllabus.yml must be a mapping")
    courses = tuple(
        Course(c["id"], c["title"], {int(k): v for k, v in c["weeks"].items()})
        for c in raw.get("courses", [])
    )
    datasets = {key: Dataset(key=key, **d) for key, d in raw.get("datasets", {}).items()}
    labs = tuple(_parse_lab(entry) for entry in raw.get("labs", []))
    ids = [lab.id for lab in labs]
    if len(set(ids)) != len(ids):
        raise SyllabusError(f"duplicate lab ids in syllabus.yml: {sorted(ids)}")
    for lab in labs:
        unknown = set(lab.datasets) - set(datasets)
        if unknown:
            raise SyllabusError(f"lab {lab.id} uses undeclared data sets {sorted(unknown)}")
    return Syllabus(course_id=raw["course_id"], courses=courses, datasets=datasets, labs=labs)


@cache
def load_syllabus(path: Path = SYLLABUS_PATH) -> Syllabus:
    """Load and check the manifest (cached: it does not change while a process runs)."""
    return parse_syllabus(Path(path).read_text(encoding="utf-8"))
