"""Linux accounts of the course: the staff group, the grader service account, learners, a roster.

Every user of the hub is a Linux account of its own (the local-process spawner runs each server
as its user), so the file system keeps learners apart. Accounts are made with ``useradd``; nothing
here ever removes one.
"""

from __future__ import annotations

import csv
import grp
import pwd
import subprocess
from pathlib import Path

from autograder.hub.settings import HubSettings, SettingsError, check_username

NO_LOGIN = "/usr/sbin/nologin"  # hub users have no shell login; JupyterLab's terminal runs bash


def exists(name: str) -> bool:
    """True when a Linux account ``name`` exists."""
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def ensure_group(name: str) -> None:
    """Create the Linux group ``name`` unless it exists."""
    try:
        grp.getgrnam(name)
    except KeyError:
        subprocess.run(["groupadd", name], check=True, capture_output=True)


def ensure_user(name: str, *, groups: tuple[str, ...] = ()) -> bool:
    """Create the Linux account ``name`` (its own group, a private home) unless it exists, and
    add it to ``groups``.

    Returns:
        True when the account was created now.
    """
    check_username(name)
    created = not exists(name)
    if created:
        command = ["useradd", "--create-home", "--user-group", "--shell", NO_LOGIN, name]
        subprocess.run(command, check=True, capture_output=True)
        Path(pwd.getpwnam(name).pw_dir).chmod(0o700)
    for group in groups:
        subprocess.run(["usermod", "--append", "--groups", group, name], check=True,
                       capture_output=True)  # fmt: skip
    return created


def ensure_staff(settings: HubSettings) -> None:
    """The staff group with the instructor, the grader and the assistants in it."""
    ensure_group(settings.staff_group)
    for name in settings.staff:
        ensure_user(name, groups=(settings.staff_group,))


def read_roster(path: Path) -> list[str]:
    """The learners' account names of a roster: a CSV file with a ``username`` column (other
    columns, such as name or email, are ignored), or one name per line.

    Raises:
        SettingsError: a name that cannot be an account, or a name twice.
    """
    text = path.read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    if lines and "username" in [c.strip().lower() for c in next(csv.reader(lines[:1]))]:
        rows = csv.DictReader(lines)
        key = next(f for f in rows.fieldnames or [] if f.strip().lower() == "username")
        names = [row[key].strip() for row in rows if row.get(key, "").strip()]
    else:
        names = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    for name in names:
        check_username(name)
    if duplicates := sorted({n for n in names if names.count(n) > 1}):
        raise SettingsError(f"the roster {path} names {', '.join(duplicates)} more than once")
    return names


def roster_file(settings: HubSettings) -> Path:
    """Where the hub keeps the imported roster (one account name per line)."""
    return settings.state / "roster.txt"


def saved_roster(settings: HubSettings) -> list[str]:
    """The learners imported so far."""
    path = roster_file(settings)
    return read_roster(path) if path.exists() else []


def import_roster(settings: HubSettings, path: Path) -> tuple[list[str], list[str]]:
    """Create an account for every learner of a roster and add them to the hub's roster.

    Returns:
        The accounts created now, and those that existed.

    Raises:
        SettingsError: a bad roster, or a learner named like a staff account.
    """
    names = read_roster(path)
    if clash := sorted(set(names) & set(settings.staff)):
        raise SettingsError(f"the roster names staff accounts: {', '.join(clash)}")
    created = [name for name in names if ensure_user(name)]
    known = [name for name in names if name not in created]
    saved = roster_file(settings)
    saved.parent.mkdir(parents=True, exist_ok=True)
    merged = list(dict.fromkeys([*saved_roster(settings), *names]))
    saved.write_text("".join(f"{name}\n" for name in merged), encoding="utf-8")
    return created, known
