"""The two-command promise: pins in one place, `make help`, extensions on, `make lab` serves."""

import asyncio
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml
from helpers import point_state_dirs
from tornado import websocket

from autograder.syllabus import REPO_ROOT

JUPYTER = str(Path(sys.executable).with_name("jupyter"))


def test_every_pin_is_exact_and_says_which_course_needs_it():
    pins = [
        line
        for line in (REPO_ROOT / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert len(pins) >= 15
    for line in pins:
        assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[\w.]+ +# \S.*", line), line
    names = {line.split("==")[0].lower() for line in pins}
    assert {"numpy", "matplotlib", "jupyterlab", "nbgrader", "ipywidgets", "ipympl"} <= names
    assert {"tensorflow-cpu", "scikit-learn"} <= names


def test_conda_environment_installs_the_same_pins():
    env = yaml.safe_load((REPO_ROOT / "environment.yml").read_text())
    assert "python=3.11" in env["dependencies"]
    pip = next(d for d in env["dependencies"] if isinstance(d, dict))["pip"]
    assert pip == ["-r requirements.txt"]


def test_make_help_lists_every_target_with_a_line():
    makefile = (REPO_ROOT / "Makefile").read_text()
    targets = re.findall(r"^([a-z][a-z0-9-]*):", makefile, flags=re.MULTILINE)
    described = re.findall(r"^([a-z][a-z0-9-]*):.*## ", makefile, flags=re.MULTILINE)
    assert targets == described, "every target needs a ## description"
    out = subprocess.run(["make", "help"], cwd=REPO_ROOT, capture_output=True, text=True).stdout
    for target in targets:
        assert re.search(rf"^  make {target} +\S", out, flags=re.MULTILINE), target
    for promise in ("lab", "test", "setup", "release", "autograde", "feedback", "grades"):
        assert promise in targets


def test_setup_is_up_to_date_and_reinstalls_only_when_pins_change():
    def question(*extra):
        return subprocess.run(
            ["make", "--question", *extra, ".venv/.setup-done"], cwd=REPO_ROOT
        ).returncode

    assert question() == 0, "make setup would reinstall although nothing changed"
    assert question("--what-if=requirements.txt") == 1
    assert question("--what-if=pyproject.toml") == 1


def _run_plain(*command: str) -> str:
    """stdout and stderr of a command, without colour codes."""
    result = subprocess.run(command, capture_output=True, text=True)
    return re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)


def test_jupyterlab_extensions_are_enabled():
    plain = _run_plain(JUPYTER, "labextension", "list")
    for ext in ("@jupyter/nbgrader", "@jupyter-widgets/jupyterlab-manager", "jupyter-matplotlib"):
        assert re.search(rf"{re.escape(ext)} v\S+ enabled OK", plain), ext
    plain = _run_plain(JUPYTER, "server", "extension", "list")
    for ext in ("formgrader", "validate_assignment", "assignment_list"):
        assert re.search(rf"nbgrader\.server_extensions\.{ext} enabled", plain), ext


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


TERMINAL_COMMANDS = "command -v nbgrader; python -m autograder --help; echo finished-$((6 * 7))"


def _without_venv_on_path() -> dict[str, str]:
    """This process's environment with .venv/bin off PATH, as in a learner's fresh shell."""
    venv_bin = str(REPO_ROOT / ".venv" / "bin")
    path = [p for p in os.environ.get("PATH", "").split(os.pathsep) if p and p != venv_bin]
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    return {**env, "PATH": os.pathsep.join(path or ["/usr/bin:/bin"])}


async def _in_terminal(lab_url: str, commands: str, timeout: float = 90.0) -> str:
    """Open a terminal of the JupyterLab server at ``lab_url``, type ``commands``, and return
    what the terminal showed until the line ``finished-42``."""
    base, token = lab_url.split("/lab?token=")
    request = urllib.request.Request(f"{base}/api/terminals?token={token}", method="POST")
    with urllib.request.urlopen(request, timeout=30) as response:
        name = json.loads(response.read())["name"]
    ws_url = f"{base.replace('http', 'ws', 1)}/terminals/websocket/{name}?token={token}"
    connection = await websocket.websocket_connect(ws_url)
    await connection.write_message(json.dumps(["stdin", commands + "\r"]))
    shown = ""
    async with asyncio.timeout(timeout):
        while "finished-42" not in shown:
            message = await connection.read_message()
            assert message is not None, shown  # the terminal closed
            kind, *content = json.loads(message)
            shown += "".join(str(c) for c in content) if kind == "stdout" else ""
    connection.close()
    return shown


@pytest.mark.slow
def test_make_lab_serves_jupyterlab(tmp_path):
    port = _free_port()
    log = tmp_path / "lab.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            ["make", "lab", f"PORT={port}", "LAB_ARGS=--no-browser"],
            cwd=REPO_ROOT,
            env=point_state_dirs(  # its own nbgrader cache: other tests submit to the course
                tmp_path / "state",
                {**_without_venv_on_path(), "COURSE_ROOT": str(tmp_path / "course-root")},
            ),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        match = None
        deadline = time.monotonic() + 90
        while match is None and time.monotonic() < deadline:
            assert proc.poll() is None, log.read_text()
            pattern = rf"(http://(?:127\.0\.0\.1|localhost):{port})(/lab\S*)\?token=(\w+)"
            match = re.search(pattern, log.read_text())
            time.sleep(0.5)
        assert match, log.read_text()
        base, page, token = match.groups()
        assert page == "/lab/tree/START_HERE.md", page  # make lab opens the course home
        with urllib.request.urlopen(match.group(0), timeout=30) as response:
            assert response.status == 200
            assert response.url.split("?")[0].endswith(page)
            assert "JupyterLab" in response.read().decode()
        url = f"{base}/lab?token={token}"
        # The Assignments panel lists its courses (none released yet) without an error.
        with urllib.request.urlopen(f"{base}/courses?token={token}", timeout=60) as response:
            listed = json.loads(response.read())
        assert listed == {"success": True, "value": []}, listed
        # What the header of every graded lab and the README tell a learner to type in
        # JupyterLab's terminal finds the course's nbgrader and autograder.
        # In a thread of its own: an event loop may already run in this one (Playwright's).
        with ThreadPoolExecutor(1) as thread:
            output = thread.submit(asyncio.run, _in_terminal(url, TERMINAL_COMMANDS)).result()
        assert f"{REPO_ROOT / '.venv' / 'bin' / 'nbgrader'}\n" in output.replace("\r", ""), output
        assert "usage: python -m autograder" in output, output
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
