"""Collect each learner's newest acceptable submission of a lab from nbgrader's exchange.

nbgrader's own collect copies as the instructor and follows links (a learner's notebook linked to
the instructor's source was collected as the learner's), only warns when a folder is owned by
someone other than the learner it names (a learner could submit in another's name), and stops
the whole collection on one folder that is too large. This one reads the exchange as untrusted:
per learner, the newest submission folder that passes every check is copied; a refused folder
is reported with its reason and the learner's next newest is tried; the other learners are
collected whatever one of them put in the exchange.

A folder is refused when it is not owned by the learner it names (nor by the instructor who
collects, which is every folder on a single machine), when it holds anything but folders and
regular files (a link, a FIFO, a device), when it nests deeper than ``DEPTH_LIMIT`` or holds more
than ``FILES_LIMIT`` entries, or when its files add up to more than ``SIZE_LIMIT`` bytes. Files are
read without following links and copied from what was read, so a folder changed during the copy
cannot slip a link in.
"""

from __future__ import annotations

import errno
import os
import pwd
import shutil
import stat
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from autograder.coursedir import CourseRoot
from autograder.gradebook import submission_time
from autograder.submission import Submission, submissions
from autograder.syllabus import Lab

SIZE_LIMIT = 64 << 20  # bytes of files in one submission folder
FILES_LIMIT = 200  # files and folders in one submission folder
DEPTH_LIMIT = 4  # folders inside one submission folder


class Refused(Exception):
    """A submission folder the collect does not copy (the message says why)."""


@dataclass(frozen=True)
class Entry:
    """One submission folder in the exchange's inbound: ``student+lab+timestamp[+random]``."""

    path: Path
    student: str
    lab: str
    time: datetime

    @classmethod
    def parse(cls, path: Path) -> Entry | None:
        """The entry a folder name describes, or None when the name is not one."""
        from nbgrader.utils import parse_utc

        parts = path.name.rsplit("+", 3)
        if len(parts) < 3:
            return None
        try:
            return cls(path, parts[0], parts[1], parse_utc(parts[2]))
        except (ValueError, OverflowError):
            return None


def _owner_name(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


def _check_owner(entry: Entry, info: os.stat_result) -> None:
    if info.st_uid != os.geteuid() and _owner_name(info.st_uid) != entry.student:
        raise Refused(f"it is owned by {_owner_name(info.st_uid)}, not by {entry.student}")


def _copy_tree(source_fd: int, dest: Path, owner: int, budget: list[int], depth: int) -> None:
    """Copy the folder open at ``source_fd`` into ``dest`` (created), refusing what is not allowed.

    Args:
        budget: [bytes left, entries left], spent as files are copied.
    """
    dest.mkdir()
    with os.scandir(source_fd) as entries:
        for item in sorted(entries, key=lambda e: e.name):
            budget[1] -= 1
            if budget[1] < 0:
                raise Refused(f"it holds more than {FILES_LIMIT} files and folders")
            info = item.stat(follow_symlinks=False)
            if info.st_uid not in (owner, os.geteuid()):
                raise Refused(f"{item.name!r} in it is owned by {_owner_name(info.st_uid)}")
            if stat.S_ISDIR(info.st_mode):
                if depth >= DEPTH_LIMIT:
                    raise Refused(f"its folders nest deeper than {DEPTH_LIMIT}")
                flags = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW
                child = os.open(item.name, flags, dir_fd=source_fd)
                try:
                    _copy_tree(child, dest / item.name, owner, budget, depth + 1)
                finally:
                    os.close(child)
            elif stat.S_ISREG(info.st_mode):
                _copy_file(source_fd, item.name, dest / item.name, budget)
            else:
                raise Refused(f"{item.name!r} in it is not a regular file (a link, a FIFO, ...)")


def _copy_file(source_fd: int, name: str, dest: Path, budget: list[int]) -> None:
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK
    try:
        fd = os.open(name, flags, dir_fd=source_fd)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise Refused(f"{name!r} in it is a link") from exc
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Refused(f"{name!r} in it is not a regular file")
        budget[0] -= info.st_size  # the apparent size: a sparse file counts in full
        if budget[0] < 0:
            raise Refused(f"its files add up to more than {SIZE_LIMIT >> 20} MB")
        with open(dest, "wb") as out:
            while chunk := os.read(fd, 1 << 20):
                out.write(chunk)
    finally:
        os.close(fd)


def copy_submission(entry: Entry, dest: Path) -> None:
    """Copy one submission folder from the exchange to ``dest`` (replaced only on success).

    Raises:
        Refused: the folder breaks a rule (see the module's docstring).
    """
    flags = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW
    try:
        fd = os.open(entry.path, flags)
    except OSError as exc:
        raise Refused(f"it is not a folder ({exc.strerror})") from exc
    partial = dest.with_name(dest.name + ".collecting")
    shutil.rmtree(partial, ignore_errors=True)
    try:
        info = os.fstat(fd)
        _check_owner(entry, info)
        partial.parent.mkdir(parents=True, exist_ok=True)
        _copy_tree(fd, partial, info.st_uid, [SIZE_LIMIT, FILES_LIMIT], 0)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        if partial.parent.is_dir() and not any(partial.parent.iterdir()):
            partial.parent.rmdir()  # no empty learner folder left behind
        raise
    finally:
        os.close(fd)
    shutil.rmtree(dest, ignore_errors=True)
    partial.rename(dest)


def inbound(root: CourseRoot, lab: Lab) -> dict[str, list[Entry]]:
    """The lab's submission folders in the exchange, by learner, newest first."""
    folder = root.course_exchange / "inbound"
    found: dict[str, list[Entry]] = {}
    for path in folder.glob(f"*+{lab.id}+*") if folder.is_dir() else []:
        entry = Entry.parse(path)
        if entry is not None and entry.lab == lab.id:
            found.setdefault(entry.student, []).append(entry)
    return {s: sorted(e, key=lambda x: x.time, reverse=True) for s, e in sorted(found.items())}


def collect(lab: Lab, root: CourseRoot, warn: Callable[[str], None] = print) -> list[Submission]:
    """Copy each learner's newest acceptable submission into ``<course>/submitted``.

    A learner's copy is replaced only by a newer submission. Every refused folder is reported
    through ``warn``, with its reason.

    Returns:
        Every collected submission of the lab (including those collected earlier).
    """
    for student, entries in inbound(root, lab).items():
        if student.startswith(".") or not student.isprintable():
            for entry in entries:
                warn(f"warning: not collected: {entry.path.name!r}: not a learner's name")
            continue
        dest = root.course_dir / "submitted" / student / lab.id
        have = submission_time(dest) if dest.is_dir() else None
        for entry in entries:
            if have is not None and entry.time <= have:
                break  # what was collected before is as new
            try:
                copy_submission(entry, dest)
            except (Refused, OSError) as exc:
                warn(f"warning: not collected: {entry.path.name}: {exc}")
                continue
            break
    return submissions(lab, root)
