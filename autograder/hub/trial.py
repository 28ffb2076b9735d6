"""A trial hub in a private mount namespace, for the tests and ``make bench-hub``: the accounts it
makes exist only there, and it signs users in with a shared password.

Inside ``unshare -m``: an overlay on ``/etc`` (``useradd`` writes its upper layer), a tmpfs on
``/home``, and an overlay on the repository (the hub closes parts of it to learners: those
changes stay in the upper layer). Outside, ``/etc/passwd``, ``/home`` and the repository are
untouched. The hub, its proxy, its services and every learner's server run in a process group
of their own, killed at the end; the per-learner cgroups are removed.
"""

from __future__ import annotations

import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from autograder.hub.limits import kill_all, remove_groups
from autograder.hub.repository import unreachable_parents
from autograder.hub.settings import PORTS_USED
from autograder.syllabus import REPO_ROOT

PASSWORD = "learn-ml-offline"  # the learners' and assistants' password (shared-password)
ADMIN_PASSWORD = "instructor-of-the-course-" + "0123456789"  # the instructor's: 32+ characters
START_SECONDS = 180
ASSISTANT = "assistant"  # a teaching assistant: not a hub admin


def free_port_block(size: int = PORTS_USED) -> int:
    """A port whose ``size - 1`` successors are free too (the ports a hub uses)."""
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port + size > 65535:
            continue
        try:
            for offset in range(1, size):
                with socket.socket() as s:
                    s.bind(("127.0.0.1", port + offset))
        except OSError:
            continue
        return port


def _script(folder: Path, roster: Path) -> str:
    overlay = "mount -t overlay overlay -o lowerdir={low},upperdir={up},workdir={work} {low}"
    lines = [
        "set -e",
        overlay.format(low="/etc", up=folder / "etc-up", work=folder / "etc-work"),
        "mount -t tmpfs -o mode=0755 tmpfs /home",
        overlay.format(low=REPO_ROOT, up=folder / "repo-up", work=folder / "repo-work"),
    ]
    # This machine's Python may sit where other users cannot pass (pyenv in /root): opened for
    # passing through in the namespace only, as an instructor would install it for all users.
    for i, parent in enumerate(unreachable_parents(Path(sys.executable))):
        for layer in ("up", "work"):
            (folder / f"open{i}-{layer}").mkdir()
        up, work = folder / f"open{i}-up", folder / f"open{i}-work"
        lines += [overlay.format(low=parent, up=up, work=work), f"chmod o+x {parent}"]
    lines += [
        f"{shlex.quote(sys.executable)} -m autograder.hub users {roster}",
        f"exec {shlex.quote(sys.executable)} -m autograder.hub serve",
    ]
    return "\n".join(lines) + "\n"


@dataclass
class LiveHub:
    """A running hub: its URL, its folder, the process that owns its namespace."""

    folder: Path
    port: int
    process: subprocess.Popen
    log: Path
    sessions: dict[str, requests.Session] = field(default_factory=dict)

    @property
    def course_folder(self) -> Path:
        """The hub's folder: course directory, exchange, state (``HUB_FOLDER``)."""
        return self.folder / "srv"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the hub stopped: {self.log.read_text()[-3000:]}")
            try:
                if requests.get(f"{self.url}/hub/api", timeout=5).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"the hub did not answer in time: {self.log.read_text()[-3000:]}")

    def login(self, user: str, password: str = PASSWORD) -> requests.Session:
        """A browser-like session of ``user``, logged in (cookies and the XSRF token)."""
        session = requests.Session()
        page = session.get(f"{self.url}/hub/login", timeout=30)
        xsrf = re.search(r'name="_xsrf" value="([^"]+)"', page.text)
        form = {"username": user, "password": password, "_xsrf": xsrf.group(1) if xsrf else ""}
        answer = session.post(f"{self.url}/hub/login", data=form, timeout=30)
        if "hub/login" in answer.url and answer.status_code != 200 or "Invalid" in answer.text:
            raise RuntimeError(f"{user} could not log in: {answer.status_code} {answer.url}")
        self.sessions[user] = session
        return session

    def api(self, user: str, method: str, path: str, **kwargs) -> requests.Response:
        """Call the hub's REST API as a logged-in user (with the hub's XSRF token)."""
        session = self.sessions[user]
        token = {"X-XSRFToken": session.cookies.get("_xsrf", path="/hub/")}
        return session.request(method, f"{self.url}/hub/api{path}", headers=token, timeout=60,
                               **kwargs)  # fmt: skip

    def server(self, user: str, method: str, path: str, **kwargs) -> requests.Response:
        """Call ``user``'s own server (its REST API, the Assignments panel's handlers) as
        ``as_user`` (default: ``user``), with the XSRF token of that server's cookie."""
        session = self.sessions[kwargs.pop("as_user", user)]
        token = {"X-XSRFToken": session.cookies.get("_xsrf", path=f"/user/{user}/") or ""}
        return session.request(method, f"{self.url}/user/{user}{path}", headers=token,
                               timeout=120, **kwargs)  # fmt: skip

    def start_server(self, user: str) -> None:
        """Start ``user``'s server (unless it runs or is starting) and wait until it is ready."""
        answer = self.api(user, "POST", f"/users/{user}/server")
        starting = answer.status_code == 400 and "already" in answer.text.lower()
        assert answer.status_code in (201, 202) or starting, answer.text
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            model = self.api(user, "GET", f"/users/{user}").json()
            server = model.get("servers", {}).get("", {})
            if server.get("ready"):
                return
            time.sleep(0.5)
        raise RuntimeError(f"{user}'s server did not start: {self.log.read_text()[-3000:]}")

    def open_server(self, user: str) -> requests.Session:
        """Open ``user``'s JupyterLab as the browser does (through the hub's OAuth), so that the
        session also holds the server's cookie and XSRF token for its REST API."""
        session = self.sessions[user]
        page = session.get(f"{self.url}/user/{user}/lab", timeout=120)
        assert page.status_code == 200 and f"/user/{user}/lab" in page.url, (
            page.status_code,
            page.url,
        )
        return session

    def inside(
        self, *command: str, user: str | None = None, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess:
        """Run a command in the hub's mount namespace (its accounts), as ``user`` if given, with
        ``env`` added to this process's environment."""
        prefix = ["nsenter", f"--target={self.process.pid}", "--mount", "--"]
        if user is not None:
            prefix += ["runuser", "-u", user, "--"]
        return subprocess.run([*prefix, *command], capture_output=True, text=True, timeout=600,
                              env={**os.environ, **(env or {})})  # fmt: skip

    def autograder(
        self, *args: str, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess:
        """``python -m autograder ARGS`` on the hub's course, as the instructor runs it (root)."""
        course = [sys.executable, "-m", "autograder", "--root", str(self.course_folder)]
        return self.inside(*course, *args, env=env)

    def processes(self) -> list[int]:
        """Pids of processes whose command line or environment names the hub's folder."""
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit() or int(entry.name) == os.getpid():
                continue
            try:
                text = (entry / "cmdline").read_bytes() + (entry / "environ").read_bytes()
            except OSError:
                continue
            if str(self.folder).encode() in text:
                found.append(int(entry.name))
        return found

    def stop(self) -> list[int]:
        """Stop the hub and everything it started.

        Returns:
            Pids still alive after (none, when nothing escaped).
        """
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass
        kill_all(self.processes, timeout=30, interval=0.2)
        remove_groups(f"ml-course-hub-{self.port}")  # the learners' groups, now empty
        return self.processes()


def start_hub(roster_names: list[str]) -> LiveHub:
    """Start a hub (shared-password authenticator) with ``roster_names`` as learners."""
    folder = Path(tempfile.mkdtemp(prefix="live-hub-"))
    folder.chmod(0o755)  # the hub's folder is inside: every account passes through
    for name in ("etc-up", "etc-work", "repo-up", "repo-work"):
        (folder / name).mkdir()
    roster = folder / "roster.csv"
    roster.write_text("username,email\n" + "".join(f"{n},{n}@example.org\n" for n in roster_names))
    port = free_port_block()
    (folder / "start.sh").write_text(_script(folder, roster))
    env = {
        "PATH": f"{Path(sys.executable).parent}:/usr/sbin:/usr/bin:/sbin:/bin",
        "LANG": "C.UTF-8",
        "HUB_FOLDER": str(folder / "srv"),
        "HUB_PORT": str(port),
        "HUB_ADDRESS": "127.0.0.1",
        "HUB_AUTHENTICATOR": "shared-password",
        "HUB_PASSWORD": PASSWORD,
        "HUB_ADMIN_PASSWORD": ADMIN_PASSWORD,
        "HUB_ASSISTANTS": ASSISTANT,
    }
    log = folder / "hub.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            ["unshare", "--mount", "--propagation", "private", "bash", str(folder / "start.sh")],
            env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    hub = LiveHub(folder=folder, port=port, process=process, log=log)
    try:
        hub.wait_until_up()
    except BaseException:
        hub.stop()
        raise
    return hub
