"""A real JupyterLab server on loopback, serving a throw-away copy of the course.

Everything the server, its kernels and nbgrader write goes into one scratch folder: the copy of
the course (Validate saves notebooks, Fetch writes the fetched lab) with its nbgrader course root
(``.nbgrader/``: exchange, gradebook), and the state folders of Jupyter, IPython, matplotlib and
the browser.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from helpers import point_state_dirs

from autograder.syllabus import REPO_ROOT

VENV_BIN = Path(sys.executable).parent
# What the server needs from the repository. `autograder/` is copied too, so that
# `python -m autograder` run in the copy releases into the copy, not into the repository.
COURSE_FILES = (
    "course1", "course4", "syllabus.yml", "course.yml", "nbgrader_config.py", "autograder",
    "START_HERE.md",
)  # fmt: skip
HOME_URL = "/lab/tree/START_HERE.md"  # where `make lab` opens (Makefile: --LabApp.default_url)
START_TIMEOUT = 90.0


def scratch_env(scratch: Path) -> dict[str, str]:
    """The environment of a server (and of the browser) whose state lives under ``scratch``.

    MPLBACKEND is dropped: the test session sets it to Agg, which would hide a learner's plots.
    """
    env = point_state_dirs(scratch, {k: v for k, v in os.environ.items() if k != "MPLBACKEND"})
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    return env


def free_port() -> int:
    """A TCP port nobody listens on at the moment, on loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LabServer:
    """``jupyter lab`` serving a copy of the course, started by :meth:`start`.

    Attributes:
        scratch: the scratch folder of this server.
        root: the copy of the course, the server's working and root folder.
        course_root: the nbgrader course root (``COURSE_ROOT``): course directory and exchange.
        env: the environment of the server; also used for the CLI commands and the browser.
        url: the server's base URL, once started.
        log: the server's output.
    """

    def __init__(self, scratch: Path) -> None:
        self.scratch = scratch
        self.root = scratch / "course"
        self.env = scratch_env(scratch)
        # Inside the served folder, as in the repository (formgrader needs it under the root).
        self.course_root = self.root / ".nbgrader"
        self.env["COURSE_ROOT"] = str(self.course_root)
        self.log = scratch / "jupyter-lab.log"
        self.url = ""
        self._proc: subprocess.Popen | None = None
        self.root.mkdir(parents=True, exist_ok=True)
        for name in COURSE_FILES:
            source, target = REPO_ROOT / name, self.root / name
            if source.is_dir():
                shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"),
                                copy_function=shutil.copy)  # fmt: skip
            else:
                shutil.copy(source, target)  # new times: the file browser says "now" each run

    def run(self, *command: str | Path, timeout: float = 300) -> str:
        """Run a command in the copy with the server's environment; its output, or fail with it."""
        result = subprocess.run(
            [str(c) for c in command], cwd=self.root, env=self.env, timeout=timeout,
            capture_output=True, text=True,
        )  # fmt: skip
        out = result.stdout + result.stderr
        assert result.returncode == 0, f"{' '.join(map(str, command))} failed:\n{out}"
        return out

    def autograder(self, *args: str) -> str:
        """``python -m autograder --root <course root> ARGS`` in the copy (the copy's code)."""
        return self.run(sys.executable, "-m", "autograder", "--root", self.course_root, *args)

    def start(self) -> str:
        """Start the server and wait until it answers; its base URL."""
        port = free_port()
        command = [
            str(VENV_BIN / "jupyter"), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
            "--ServerApp.token=", "--ServerApp.password=", f"--ServerApp.root_dir={self.root}",
            f"--LabApp.default_url={HOME_URL}",
        ]  # fmt: skip
        if os.getuid() == 0:
            command.append("--allow-root")
        with self.log.open("w") as out:
            # cwd: nbgrader's handlers read nbgrader_config.py from the server's working folder.
            self._proc = subprocess.Popen(
                command, cwd=self.root, env=self.env, stdout=out, stderr=subprocess.STDOUT
            )
        self.url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise RuntimeError(f"jupyter lab exited at start:\n{self.log.read_text()}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/status", timeout=5) as response:
                    if response.status == 200:
                        return self.url
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"jupyter lab did not answer in {START_TIMEOUT:.0f} s: see {self.log}")

    def stop(self) -> None:
        """SIGTERM: the server shuts its kernels down and exits."""
        if self._proc is None or self._proc.poll() is not None:
            return
        self._proc.send_signal(signal.SIGTERM)
        try:
            self._proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait(timeout=10)
