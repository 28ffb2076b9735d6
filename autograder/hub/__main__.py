"""``python -m autograder.hub``: set up the machine for the course's hub, serve it, add learners.

Run as root (the hub runs each user's server as that user's Linux account). Exit codes: 0 done;
2 with a one-line reason when it cannot run.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import yaml

from autograder.hub import accounts, folders, kubernetes, repository
from autograder.hub.settings import HubSettings, SettingsError, proxy_command
from autograder.syllabus import REPO_ROOT

CONFIG_FILE = Path(__file__).with_name("jupyterhub_config.py")


def setup(settings: HubSettings) -> None:
    """The staff's accounts, the hub's folder, the repository closed to learners."""
    if os.geteuid() != 0:
        raise SettingsError("the hub runs each user's server as that user: run it as root")
    python = Path(sys.executable)
    if blocked := repository.unreachable_parents(REPO_ROOT, python, settings.folder):
        raise SettingsError(
            f"other users cannot pass through {blocked[0]}, above this repository, its Python"
            f" ({python.resolve()}) or the hub's folder: put them where every user may pass (the"
            " course in /srv, Python 3.11 from /usr or /usr/local), then run make setup again"
        )
    accounts.ensure_staff(settings)
    folders.prepare(settings)
    closed = repository.close_to_learners(settings.staff_group)
    print(f"staff group {settings.staff_group}: {', '.join(settings.staff)}")
    print(f"closed to learners: {', '.join(p.name for p in closed[:4])} and {len(closed) - 4} more")
    print(f"course directory (staff only): {settings.course_root.course_dir}")


def serve(settings: HubSettings) -> None:
    """Set up, then replace this process with JupyterHub."""
    if not proxy_command().exists():
        raise SettingsError("configurable-http-proxy is missing: run make hub-setup")
    setup(settings)
    print(f"serving the course at http://{settings.address}:{settings.port}/", flush=True)
    os.chdir(settings.state)
    jupyterhub = [sys.executable, "-m", "jupyterhub", "-f", str(CONFIG_FILE)]
    os.execv(sys.executable, jupyterhub)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m autograder.hub", description=__doc__.split("\n")[0]
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sub.add_parser("setup", help="accounts, the hub's folder, the repository closed to learners")
    sub.add_parser("serve", help="set up, then serve the hub")
    p = sub.add_parser("users", help="create the accounts of a roster (CSV with a username column)")
    p.add_argument("roster", type=Path)
    p = sub.add_parser("values", help="write the Zero to JupyterHub (Kubernetes) values")
    p.add_argument("--image", default="ml-course/learner", help="the learners' image")
    p.add_argument("--tag", default="latest", help="its tag")
    p.add_argument("--output", type=Path, default=Path("values.yaml"))
    args = parser.parse_args(argv)
    try:
        settings = HubSettings.from_env()
        if args.command == "setup":
            setup(settings)
        elif args.command == "serve":
            serve(settings)
        elif args.command == "values":
            data = kubernetes.values(settings, image=args.image, tag=args.tag,
                                     roster=accounts.saved_roster(settings))  # fmt: skip
            args.output.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
            print(f"wrote {args.output} (Zero to JupyterHub values; no cluster is started here)")
        else:
            created, known = accounts.import_roster(settings, args.roster)
            print(f"{len(created)} accounts created, {len(known)} already there;"
                  f" the hub lets them sign up at its next start")  # fmt: skip
    except (SettingsError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
