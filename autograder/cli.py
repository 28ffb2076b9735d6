"""``python -m autograder``: release labs, check and grade notebooks, run a batch, export grades.

Exit codes: 0 when the command did its work (``grade`` exits 0 whatever the score; ``check`` exits 0
only when every public test passes, 1 otherwise); 2 with a one-line reason when it could not run
(not a notebook, unknown lab or week, an instructor source that fails its own tests).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from autograder import outline, readme, sandbox
from autograder.cells import UnreadableNotebook
from autograder.coursedir import CourseRoot
from autograder.deadlines import DeadlineError
from autograder.grading import check_file, grade_file
from autograder.reference import BrokenSourceError
from autograder.results import GradeReport, SubmissionStatus, TestStatus
from autograder.syllabus import Lab, Syllabus, SyllabusError, load_syllabus


class CommandError(Exception):
    """A reason to stop with exit code 2 and a one-line message."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m autograder", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--root", help="course root for nbgrader (default: $COURSE_ROOT or .nbgrader/)"
    )
    parser.add_argument(
        "--db-url", help="gradebook database URL (default: $COURSE_DB_URL, or SQLite in the root)"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sub.add_parser("labs", help="list the labs of the manifest")
    p = sub.add_parser("release", help="generate student notebooks and release them")
    p.add_argument("lab", nargs="?", help="lab id, e.g. c1w2-linear-regression")
    p.add_argument("--week", help="release every graded lab of a week, e.g. course1/week2")
    p.add_argument("--no-exchange", action="store_true", help="only regenerate the notebook")
    p = sub.add_parser("check", help="run a notebook's public tests (the learner's self-check)")
    p.add_argument("notebook", type=Path)
    p = sub.add_parser("submit", help="submit a notebook of a graded lab through the exchange")
    p.add_argument("notebook", type=Path)
    p = sub.add_parser("grade", help="grade a notebook with public and hidden tests")
    p.add_argument("notebook", type=Path)
    p.add_argument("--json", action="store_true", help="print the report as one JSON object")
    p = sub.add_parser("collect", help="collect a lab's submissions from the exchange")
    p.add_argument("lab")
    p = sub.add_parser("autograde", help="grade every collected submission of a lab")
    p.add_argument("lab")
    p.add_argument("--workers", type=int, help="submissions graded at once (default: the cores)")
    p.add_argument("--force", action="store_true", help="grade again even if up to date")
    p.add_argument("--scheduler", help="grade on a Dask cluster: tcp://HOST:PORT of its scheduler")
    p = sub.add_parser("feedback", help="write HTML feedback for a lab's graded submissions")
    p.add_argument("lab")
    p = sub.add_parser("export", help="write the grades CSV of every student and lab")
    p.add_argument("--output", type=Path, help="CSV file (default: print to stdout)")
    p.add_argument("--lms", choices=("canvas", "moodle"), help="a gradebook import layout")
    p = sub.add_parser("extend", help="give a learner more days for a lab's due date")
    p.add_argument("lab")
    p.add_argument("student")
    p.add_argument("days", type=float)
    p = sub.add_parser(
        "readme",
        help="regenerate the README's generated tables, START_HERE.md and each lab's outline",
    )
    p.add_argument("--check", action="store_true", help="exit 1 if the README is out of date")
    return parser


def _print_report(report: GradeReport, *, public: bool) -> None:
    kind = "public tests only" if public else "public and hidden tests"
    print(f"{report.notebook} ({report.lab}), {kind}")
    for test in report.tests:
        mark = "PASS" if test.status is TestStatus.PASSED else "FAIL"
        points = f"{test.score:g}/{test.max_score:g}"
        print(f"  {mark} {test.exercise:<24} {points:>7}  {test.status}")
        for line in test.message.splitlines():
            print(f"       {line}")
    for note in report.diagnostics:
        print(f"  note: {note}")
    passed = sum(t.status is TestStatus.PASSED for t in report.tests)
    score = f"{report.score:g}/{report.max_score:g}"
    print(f"{passed} of {len(report.tests)} exercises pass; score {score}")


def _labs_to_release(args: argparse.Namespace, syllabus: Syllabus) -> list[Lab]:
    if bool(args.lab) == bool(args.week):
        raise CommandError("give a lab id or --week courseN/weekM (one of them)")
    labs = [syllabus.lab(args.lab)] if args.lab else syllabus.labs_in_week(args.week)
    graded = [lab for lab in labs if lab.graded]
    if args.lab and not graded:
        raise CommandError(f"{args.lab} is an optional lab: there is nothing to release")
    return graded


def _root(args: argparse.Namespace) -> CourseRoot:
    return CourseRoot.from_env(args.root, args.db_url)


# One function per command. Modules that import nbgrader (slow to import) are imported by the
# commands that need them, so that a learner's `check` starts quickly.


def _labs(args: argparse.Namespace, syllabus: Syllabus) -> int:
    for lab in syllabus.labs:
        kind = "graded" if lab.graded else "optional"
        print(f"{lab.id:<32} {lab.week_dir:<14} {kind:<8} {lab.notebook}")
    return 0


def _release(args: argparse.Namespace, syllabus: Syllabus) -> int:
    from autograder import release

    root = _root(args)
    for lab in _labs_to_release(args, syllabus):
        path, backup = release.release(lab, root, to_exchange=not args.no_exchange)
        where = "" if args.no_exchange else f" and to the exchange in {root.exchange_dir}"
        print(f"released {lab.id}: {os.path.relpath(path)}{where}")
        if backup is not None:
            print(f"  {os.path.relpath(path)} held changes not in git: they are kept in "
                  f"{os.path.relpath(backup)}")  # fmt: skip
    return 0


def _warn_without_sandbox() -> None:
    if warning := sandbox.warning():
        print(warning, file=sys.stderr)


def _check_or_grade(args: argparse.Namespace, syllabus: Syllabus) -> int:
    _warn_without_sandbox()
    if args.command == "check":
        report = check_file(args.notebook, syllabus=syllabus).report
        _print_report(report, public=True)
        return 0 if all(t.status is TestStatus.PASSED for t in report.tests) else 1
    report = grade_file(args.notebook, root=_root(args), syllabus=syllabus).report
    if args.json:
        print(json.dumps(report.to_json(), indent=1))
    else:
        _print_report(report, public=False)
    return 0


def _collect(args: argparse.Namespace, syllabus: Syllabus) -> int:
    from autograder.collect import collect

    root = _root(args)
    subs = collect(syllabus.lab(args.lab), root)
    print(f"{args.lab}: {len(subs)} submissions collected in {root.course_dir / 'submitted'}")
    return 0


def _autograde(args: argparse.Namespace, syllabus: Syllabus) -> int:
    from autograder import batch

    _warn_without_sandbox()
    root = _root(args)
    results = batch.autograde(
        syllabus.lab(args.lab), root, workers=args.workers, force=args.force,
        scheduler=args.scheduler,
    )  # fmt: skip
    statuses = {s: sum(r.status is s for r in results) for s in SubmissionStatus}
    print(", ".join(f"{n} {s}" for s, n in statuses.items()))
    return 0


def _submit(args: argparse.Namespace, syllabus: Syllabus) -> int:
    from autograder import submit

    try:
        lab = submit.lab_of(args.notebook, syllabus)
        stamp = submit.submit(args.notebook, lab, _root(args))
    except submit.SubmitError as exc:
        raise CommandError(str(exc)) from None
    print(f"submitted {args.notebook} to {lab.id} at {stamp}")
    return 0


def _feedback(args: argparse.Namespace, syllabus: Syllabus) -> int:
    from autograder import feedback

    root = _root(args)
    files = feedback.generate_feedback(syllabus.lab(args.lab), root)
    print(f"{args.lab}: {len(files)} feedback files in {root.course_dir / 'feedback'}")
    released, skipped = feedback.release_feedback(files, root)
    print(f"{args.lab}: feedback released to the exchange for {len(released)} learners "
          "(Fetch Feedback in the Assignments panel shows it)")  # fmt: skip
    if skipped:
        print(f"  not released (submitted outside the exchange, no submission_secret.txt): "
              f"{', '.join(skipped)}")  # fmt: skip
    return 0


def _export(args: argparse.Namespace, syllabus: Syllabus) -> int:
    from autograder import export

    rows = export.grade_rows(_root(args), syllabus)
    text = export.lms_csv(rows, syllabus, args.lms) if args.lms else export.to_csv(rows)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        print(f"wrote {args.output}")
    else:
        print(text, end="")
    return 0


def _extend(args: argparse.Namespace, syllabus: Syllabus) -> int:
    from autograder import deadlines

    due = deadlines.extend(_root(args), syllabus.lab(args.lab), args.student, args.days)
    when = f"due {due:%Y-%m-%d %H:%M} UTC" if due else "the lab has no due date (course.yml)"
    print(f"{args.student}: {args.days:g} more days for {args.lab}: {when}")
    return 0


def _readme(args: argparse.Namespace, syllabus: Syllabus) -> int:
    from autograder import home

    if args.check:
        current = readme.README_PATH.read_text(encoding="utf-8")
        stale = [name for name, fresh in (
            ("README.md", readme.render(current, syllabus) == current),
            (home.HOME_PATH.name, home.is_current(syllabus)),
        ) if not fresh]  # fmt: skip
        stale += [f"the outline of {path.as_posix()}" for path in outline.stale(syllabus)]
        if stale:
            print(f"{' and '.join(stale)} out of date: run `make readme`")
            return 1
        return 0
    changed = readme.update(syllabus=syllabus)
    print("README.md updated" if changed else "README.md already up to date")
    changed = home.update(syllabus)
    print(f"{home.HOME_PATH.name} {'updated' if changed else 'already up to date'}")
    notebooks = outline.update_all(syllabus)
    print(f"outlines updated in {len(notebooks)} notebooks" if notebooks else "outlines up to date")
    return 0


# What stops a command with exit code 2 and a one-line message instead of a traceback.
REFUSALS = (
    CommandError, UnreadableNotebook, SyllabusError, BrokenSourceError, FileNotFoundError,
    DeadlineError,
)  # fmt: skip

COMMANDS = {
    "labs": _labs,
    "release": _release,
    "check": _check_or_grade,
    "grade": _check_or_grade,
    "collect": _collect,
    "autograde": _autograde,
    "submit": _submit,
    "feedback": _feedback,
    "export": _export,
    "extend": _extend,
    "readme": _readme,
}

# what writes into the course directory: on a hub, what it wrote goes back to its owner
WRITES_COURSE = {"release", "grade", "collect", "autograde", "feedback", "export", "extend"}


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m autograder``."""
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args, load_syllabus())
    except REFUSALS as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        if args.command in WRITES_COURSE:  # on a hub, the formgrader's account keeps its course
            _root(args).hand_back()
