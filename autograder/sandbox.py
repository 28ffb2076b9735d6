"""The sandbox a learner's kernel runs in: bubblewrap, resource limits and an unprivileged user.

Inside, the kernel sees the system and the Python environment read-only, the ``utils`` package, a
control folder (its connection file and sockets), and a small private home and temporary folder
(tmpfs, under /sandbox) holding only the files the lab ships. The repository's instructor sources,
hidden tests, the course root (gradebook, other submissions, results, feedback) and the network are
out of sight. Resource limits cap memory (address space), CPU seconds, processes and file size.

Run as root (CI, a course server), bubblewrap builds the sandbox without a user namespace and the
kernel then drops to a uid of its own (``setpriv``), so that the process limit applies to it alone.
Run as another user, bubblewrap uses a user namespace. Without bubblewrap, the kernel runs with the
resource limits only, and ``warning()`` says so.

``python -m autograder.sandbox LIMITS -- COMMAND...`` is the launcher: it sets the limits (as JSON)
on itself and executes COMMAND, which inherits them.
"""

from __future__ import annotations

import errno
import itertools
import json
import os
import resource
import shutil
import stat
import subprocess
import sys
import time
from collections.abc import Collection
from dataclasses import asdict, dataclass, field
from pathlib import Path

# A kernel's private, writable folders (tmpfs), at paths of our own: the repository and its .venv
# may live anywhere on the host (a clone in /tmp, a home folder) and must never be covered.
HOME = "/sandbox/home"
SCRATCH = "/sandbox/tmp"
SYSTEM_DIRS = ("/usr", "/etc", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/opt/conda")
# Threads per kernel: the grader runs one kernel per core, so numerical libraries use one each.
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS")
PASSED_ENV = ("LANG",)
# Graded kernels always run the labs' quick mode (utils.session.quick): grading checks answers,
# and a full training (the lunar lander's takes minutes) would only spend the time budget.
QUICK = {"COURSE_QUICK": "1"}
# TensorFlow: no C++ start-up notices in outputs, and no oneDNN kernels, whose float round-off
# differs by machine (`make lab` sets the same, so learners see the stated numbers).
TF_QUIET = {"TF_CPP_MIN_LOG_LEVEL": "2", "TF_ENABLE_ONEDNN_OPTS": "0"}
_UID_BASE = 100_000


@dataclass(frozen=True)
class Limits:
    """Resource limits of one kernel (its child processes inherit them)."""

    memory_mb: int = 4096  # address space
    cpu_seconds: int = 300
    processes: int = 256  # processes and threads of the kernel's uid
    file_mb: int = 64  # largest file it may write
    scratch_mb: int = 256  # size of its private home and of its /tmp
    shared_memory_mb: int = 64  # System V shared memory (not counted by RLIMIT_AS)

    def rlimits(self) -> dict[str, int]:
        """The limits by the name of their ``resource`` constant."""
        return {
            "RLIMIT_AS": self.memory_mb << 20,
            "RLIMIT_CPU": self.cpu_seconds,
            "RLIMIT_NPROC": self.processes,
            "RLIMIT_FSIZE": self.file_mb << 20,
        }


_UIDS_PER_PROCESS = 1000
_kernels_started = itertools.count()


def kernel_uids() -> range:
    """The unprivileged uids this grader process gives its kernels (as root)."""
    first = _UID_BASE + os.getpid() * _UIDS_PER_PROCESS
    return range(first, first + _UIDS_PER_PROCESS)


def next_kernel_uid() -> int:
    """A fresh uid of ``kernel_uids()`` for the next kernel of this grader process.

    Each kernel has its own, so that the process limit counts its processes alone, and processes
    a killed kernel leaves to be reaped never count against the next one.
    """
    return kernel_uids()[next(_kernels_started) % _UIDS_PER_PROCESS]


def processes_of(uids: Collection[int]) -> list[int]:
    """The pids of the processes (zombies included) that run as one of ``uids``."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid in uids:
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def remove_tree(path: Path) -> None:
    """Remove a folder a kernel could write into, however deep, without following links.

    ``shutil.rmtree`` recurses once per level: 3,000 nested folders made it raise RecursionError
    (which ``ignore_errors`` does not cover). GNU ``rm`` walks the tree without recursion and
    stays on the folder's file system.
    """
    subprocess.run(
        ["rm", "-rf", "--one-file-system", "--", str(path)],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        check=False,
    )  # fmt: skip


def read_small_bytes(path: Path, limit: int) -> bytes | None:
    """The first ``limit`` bytes of a file someone untrusted could have replaced.

    Read without following links and without blocking (a FIFO opens and reads at once).

    Returns:
        The bytes, or None when there is no file at ``path``.

    Raises:
        OSError: something else is there (a link, a FIFO, a folder), or it cannot be read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        chunks, size = [], 0
        while size < limit and (chunk := os.read(fd, limit - size)):
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_small_file(path: Path, limit: int) -> str | None:
    """``read_small_bytes`` as text (undecodable bytes replaced)."""
    data = read_small_bytes(path, limit)
    return None if data is None else data.decode("utf-8", "replace")


def bwrap_path() -> str | None:
    return shutil.which("bwrap")


def warning() -> str | None:
    """A one-line warning when kernels cannot be isolated, else None."""
    if sys.platform != "linux" or bwrap_path() is None:
        return (
            "warning: bubblewrap (bwrap) is not installed: learners' code runs with resource limits"
            " only, without network and filesystem isolation (Debian/Ubuntu: `make setup` as root,"
            " or apt-get install bubblewrap)"
        )
    return None


def _parents(path: Path) -> list[str]:
    """bwrap arguments creating each folder above ``path`` with mode 0755 (bwrap uses 0700)."""
    args = []
    for parent in reversed(path.parents[:-1]):
        args += ["--perms", "0755", "--dir", str(parent)]
    return args


def _ro(path: Path) -> list[str]:
    if path.is_symlink():
        return ["--symlink", os.readlink(path), str(path)]
    return [*_parents(path), "--ro-bind", str(path), str(path)]


@dataclass
class Sandbox:
    """How to start one kernel: its limits, control folder, files and environment.

    Attributes:
        control: host folder for the kernel's connection file and sockets; it must not hold
            anything else (the kernel can read and write it).
        limits: resource limits.
        files: files the lab ships, bound read-only into the kernel's home.
        readable: folders outside the Python environment the kernel must import from
            (the editable ``utils`` package).
        env: extra environment variables for the kernel.
        mounts: host files bound read-only at the given paths inside.
        as_root: keep root inside the sandbox (the zygote, which gives each kernel its own uid).
    """

    control: Path
    limits: Limits
    files: list[Path] = field(default_factory=list)
    readable: list[Path] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    mounts: dict[Path, str] = field(default_factory=dict)
    as_root: bool = False
    uid: int = field(default_factory=next_kernel_uid)

    @property
    def own_uid(self) -> bool:
        """True when the kernel runs as a uid of its own (the grader is root, and this is not the
        zygote's sandbox): its processes are those of ``uid``."""
        return os.geteuid() == 0 and not self.as_root

    def prepare(self) -> None:
        """Create the control folder and, as root, give it to the kernel's uid."""
        self.control.mkdir(parents=True, exist_ok=True)
        if self.own_uid:
            os.chown(self.control, self.uid, self.uid)

    def peak_memory_mb(self) -> int | None:
        """The largest address space a process of the kernel's uid has had so far, in MB, read
        from the host's ``/proc`` (what the kernel says about itself does not count).

        Returns:
            The peak, or None when the kernel runs as the grader's own user (no uid of its own).
        """
        if not self.own_uid:
            return None
        peak_kb = 0
        for pid in processes_of({self.uid}):
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            for line in status.splitlines():
                if line.startswith("VmPeak:"):
                    peak_kb = max(peak_kb, int(line.split()[1]))
        return peak_kb >> 10

    def end_all(self, seconds: float = 10.0) -> list[int]:
        """After the kernel: kill every process of its uid, and wait until none is left (as root).

        Returns:
            The pids still there after ``seconds`` (none, normally).
        """
        if not self.own_uid:
            return []
        deadline = time.monotonic() + seconds
        while (left := processes_of({self.uid})) and time.monotonic() < deadline:
            for pid in left:
                try:
                    os.kill(pid, 9)
                except ProcessLookupError:
                    continue
            time.sleep(0.05)
        return left

    def admit(self, path: Path) -> None:
        """Let the kernel's uid read a file of the control folder (the connection file)."""
        if os.geteuid() == 0:
            os.chown(path, self.uid, self.uid)

    def kernel_env(self) -> dict[str, str]:
        env = {
            "HOME": HOME,
            "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
            "TMPDIR": SCRATCH,
            "MPLCONFIGDIR": f"{SCRATCH}/matplotlib",
            "IPYTHONDIR": f"{SCRATCH}/ipython",
            "KERAS_HOME": f"{SCRATCH}/keras",
            "XDG_CONFIG_HOME": f"{SCRATCH}/config",
            "XDG_CACHE_HOME": f"{SCRATCH}/cache",
            "PYTHONDONTWRITEBYTECODE": "1",
            **TF_QUIET,
            "JOBLIB_MULTIPROCESSING": "0",  # one core per kernel; and no /dev/shm semaphores here
            **QUICK,
            **{var: "1" for var in THREAD_VARS},
            **{var: os.environ[var] for var in PASSED_ENV if var in os.environ},
        }
        env.update(self.env)
        return env

    def command(self, kernel_cmd: list[str]) -> list[str]:
        """The full command that starts ``kernel_cmd`` inside the sandbox, with the limits."""
        launcher = [sys.executable, "-m", "autograder.sandbox", json.dumps(asdict(self.limits))]
        if warning() is not None:
            return [*launcher, "--", *kernel_cmd]
        return [*launcher, "--", *self._bwrap(), *self._drop_privileges(), *kernel_cmd]

    def _bwrap(self) -> list[str]:
        root = os.geteuid() == 0
        args = [bwrap_path(), "--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts"]
        args += ["--unshare-cgroup-try", "--die-with-parent", "--new-session"]
        if not root:
            args.append("--unshare-user")
        for system_dir in map(Path, SYSTEM_DIRS):
            if system_dir.exists() or system_dir.is_symlink():
                args += _ro(system_dir)
        prefixes = {Path(sys.base_prefix).resolve(), Path(sys.prefix), *self.readable}
        for prefix in sorted(prefixes):
            if not any(prefix.is_relative_to(d) for d in map(Path, SYSTEM_DIRS)):
                args += _ro(prefix)
        args += ["--proc", "/proc", "--dev", "/dev"]
        size = str(self.limits.scratch_mb << 20)
        args += [*_parents(Path(SCRATCH)), "--perms", "1777", "--size", size, "--tmpfs", SCRATCH]
        args += ["--perms", "0777", "--size", size, "--tmpfs", HOME]
        for file in self.files:
            args += ["--ro-bind", str(file), f"{HOME}/{file.name}"]
        for host, inside in self.mounts.items():
            args += [*_parents(Path(inside)), "--ro-bind", str(host), inside]
        args += [*_parents(self.control), "--bind", str(self.control), str(self.control)]
        args += ["--chdir", HOME, "--clearenv"]
        for name, value in self.kernel_env().items():
            args += ["--setenv", name, value]
        return [*args, "--"]

    def _drop_privileges(self) -> list[str]:
        if not self.own_uid:
            return []
        uid = str(self.uid)
        return ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--no-new-privs",
                "--inh-caps=-all", "--bounding-set=-all", "--"]  # fmt: skip


def main(argv: list[str]) -> None:
    """The launcher: ``LIMITS_JSON -- COMMAND...``; sets the limits, then becomes COMMAND."""
    limits_json, separator, *command = argv
    if separator != "--" or not command:
        raise SystemExit("usage: python -m autograder.sandbox LIMITS_JSON -- COMMAND...")
    limits = Limits(**json.loads(limits_json))
    for name, value in limits.rlimits().items():
        if name == "RLIMIT_NPROC" and os.geteuid() != 0:
            value += _processes_of_this_user()  # the limit counts the user's other processes too
        resource.setrlimit(getattr(resource, name), (value, value))
    os.execvp(command[0], command)


def _processes_of_this_user() -> int:
    return len(processes_of({os.getuid()}))


if __name__ == "__main__":
    main(sys.argv[1:])
