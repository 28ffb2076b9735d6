"""Kernels forked from a zygote: a lab's modules are imported once per grading process.

Starting a kernel and importing a lab's modules (NumPy, matplotlib, pandas, the ``utils``
package) is most of the cost of grading a short notebook. A zygote (``zygote_server.py``) runs in
the lab's sandbox, imports all that once, and forks a kernel for each notebook; each kernel still
gets a private scratch folder and home, its own resource limits and its own unprivileged uid
before it runs anything, and is killed with everything it started when its notebook is done.

The zygote needs bubblewrap and root (to give each kernel its own mounts and uid); elsewhere the
grader starts each kernel as a new process (``autograder.execution``). A forked kernel is an
IPython shell that takes cells over a unix socket (``shell_server.py``,
``autograder.shell_client``).
"""

from __future__ import annotations

import atexit
import itertools
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from autograder import cells
from autograder.sandbox import (
    HOME,
    SCRATCH,
    Limits,
    Sandbox,
    processes_of,
    read_small_file,
    remove_tree,
    warning,
)
from autograder.syllabus import REPO_ROOT, Lab

SERVER = Path(__file__).with_name("zygote_server.py")
SERVER_INSIDE = "/opt/autograder/zygote_server.py"
SHELL_SERVER = Path(__file__).with_name("shell_server.py")
SHELL_SERVER_INSIDE = "/opt/autograder/shell_server.py"  # beside the zygote's: it imports it
FILES_INSIDE = "/opt/autograder/files"
CONTROL_BASE = Path(tempfile.gettempdir())  # the zygotes' folders of control folders
CONTROL_BYTES = 64 << 20  # what all kernels of one zygote may write into their control folders
# These start threads when imported, even with one thread per library (zygote_server checks
# that no other imported module did): a process with threads cannot be forked safely.
NOT_PRELOADED = ("torch", "jax")


def available() -> bool:
    """True where kernels can be forked from a zygote: with bubblewrap, as root."""
    return warning() is None and os.geteuid() == 0


def _header_code(lab: Lab) -> str:
    """The lab's header cell: the locked setup cell of a graded lab's source, the first code cell
    of an optional lab."""
    if lab.source is not None:
        return cells.cell_source(cells.read_notebook(REPO_ROOT / lab.source), "setup")
    notebook = cells.read_notebook(REPO_ROOT / lab.notebook)
    return next((c.source for c in notebook.cells if c.cell_type == "code"), "")


def preload_modules(lab: Lab) -> list[str]:
    """The modules the lab's header cell imports, to import in the zygote (the kernel's own shell,
    ``shell_server``, is imported and warmed up by the zygote itself)."""
    names = cells.imported_names(_header_code(lab))
    return [n for n in dict.fromkeys(names) if n.split(".")[0] not in NOT_PRELOADED]


class ForkedKernel:
    """A kernel forked by a zygote, seen from the grader: its processes are those of its uid, and
    it has ended when its monitor has written its exit status."""

    def __init__(self, status: Path, uid: int, zygote: Zygote) -> None:
        self.status, self.uid, self.zygote = status, uid, zygote

    def poll(self) -> int | None:
        """The kernel's exit status once its monitor has written it, else None.

        The file is in the zygote's ``status`` folder, which only root can write: the kernel can
        neither replace it (a FIFO, a folder, a link to a host file) nor fake a status. It is still
        read as an untrusted file (``read_small_file``), at most 32 bytes of it.
        """
        try:
            text = read_small_file(self.status, 32)
        except OSError:
            return -signal.SIGKILL  # not a file the monitor wrote: count the kernel as killed
        if text is None:
            return None if self.zygote.alive() else -signal.SIGKILL
        text = text.strip()
        return int(text) if text.lstrip("-").isdigit() else -signal.SIGKILL

    def send_signal(self, signum: int) -> None:
        """Signal every process of the kernel's uid (the kernel and whatever it started)."""
        for pid in processes_of({self.uid}):
            try:
                os.kill(pid, signum)
            except ProcessLookupError:
                continue


class Zygote:
    """One lab's zygote process, in the lab's sandbox, with the lab's modules imported."""

    def __init__(self, lab: Lab, *, readable: list[Path], env: dict[str, str]) -> None:
        _remove_stale_roots()
        self.root = Path(tempfile.mkdtemp(prefix=f"autograder-{os.getpid()}-", dir=CONTROL_BASE))
        os.chmod(self.root, 0o755)  # kernels reach their own control folders inside it
        # where monitors write how each kernel ended: root's alone, out of every kernel's reach
        (self.root / "status").mkdir(mode=0o755)
        # the kernels' control folders: what kernels write there is bounded (and in memory)
        self.kernels = self.root / "kernels"
        self.kernels.mkdir(mode=0o755)
        self.in_memory = _mount_tmpfs(self.kernels)
        self.files = {REPO_ROOT / f: f"{FILES_INSIDE}/{Path(f).name}" for f in lab.files}
        box = Sandbox(
            control=self.root,
            limits=Limits(memory_mb=lab.memory_mb, cpu_seconds=10**7),
            readable=readable,
            env=env,
            mounts={SERVER: SERVER_INSIDE, SHELL_SERVER: SHELL_SERVER_INSIDE, **self.files},
            as_root=True,
        )
        config = {"preload": preload_modules(lab)}
        self.process = subprocess.Popen(
            box.command([sys.executable, SERVER_INSIDE, json.dumps(config)]),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )  # fmt: skip
        answer = json.loads(self.process.stdout.readline() or '{"error": "it did not start"}')
        if not answer.get("ready"):
            self.close()
            raise RuntimeError(f"the zygote of {lab.id} failed: {answer.get('error')}")
        self._kernels = itertools.count(1)
        self._lock = threading.Lock()  # grading threads share the zygote: one request at a time

    def alive(self) -> bool:
        return self.process.poll() is None

    def new_control(self) -> Path:
        """A fresh control folder for the next kernel (the Sandbox gives it to the kernel's uid)."""
        return self.kernels / f"kernel-{next(self._kernels)}"

    def fork(self, sandbox: Sandbox, cells_socket: Path) -> ForkedKernel:
        """Fork a kernel for ``sandbox`` (its uid, limits, environment) that connects to the
        grader's ``cells_socket`` (``autograder.shell_client``)."""
        status = self.root / "status" / sandbox.control.name
        request = {
            "cells_socket": str(cells_socket),
            "control": str(sandbox.control),
            "status": str(status),
            "uid": sandbox.uid,
            "rlimits": sandbox.limits.rlimits(),
            "env": sandbox.kernel_env(),
            "scratch_bytes": sandbox.limits.scratch_mb << 20,
            "shared_memory_bytes": sandbox.limits.shared_memory_mb << 20,
            "home": HOME,
            "scratch": SCRATCH,
            "files": [[inside, host.name] for host, inside in self.files.items()],
        }
        with self._lock:
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
            answer = self.process.stdout.readline()
        if "forked" not in json.loads(answer or "{}"):
            raise RuntimeError("the zygote did not fork the kernel")
        return ForkedKernel(status, sandbox.uid, self)

    def close(self) -> None:
        if self.alive():
            self.process.kill()
            self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            stream.close()
        if self.in_memory:
            _unmount(self.kernels)
        remove_tree(self.root)


def _mount_tmpfs(folder: Path) -> bool:
    """Put a tmpfs of CONTROL_BYTES on ``folder`` (as root): what kernels write into their control
    folders is then bounded and in memory, not on the host's disk, and a full one leaves the
    monitors' status folder writable. False where it cannot."""
    if os.geteuid() != 0:
        return False
    options = f"size={CONTROL_BYTES},mode=0755,nosuid,nodev"
    mount = ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)]
    return subprocess.run(mount, capture_output=True).returncode == 0


def _unmount(folder: Path) -> None:
    subprocess.run(["umount", "--lazy", str(folder)], capture_output=True)


def _remove_stale_roots() -> None:
    """Remove the folders of zygotes whose grading process is gone (killed before it cleaned up)."""
    for root in CONTROL_BASE.glob("autograder-*-*"):
        pid = root.name.split("-")[1]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            if os.path.ismount(root / "kernels"):
                _unmount(root / "kernels")
            remove_tree(root)


_zygotes: dict[Lab, Zygote] = {}
_starting = threading.Lock()  # one zygote per lab, however many threads ask at once


def zygote_for(lab: Lab, *, readable: list[Path], env: dict[str, str]) -> Zygote:
    """This process's zygote for ``lab`` (started on first use, stopped when the process exits).

    Args:
        lab: the lab (its setup cell says what to import; its files are bound in).
        readable: folders outside the Python environment to import from (``utils``).
        env: the environment modules are imported in (e.g. the matplotlib backend).
    """
    with _starting:
        zygote = _zygotes.get(lab)
        if zygote is None or not zygote.alive():
            zygote = _zygotes[lab] = Zygote(lab, readable=readable, env=env)
        return zygote


@atexit.register
def _close_all() -> None:
    while _zygotes:
        _zygotes.popitem()[1].close()
