"""The zygote: imports a lab's modules once, then forks one fresh kernel per request.

It runs inside the lab's sandbox (bubblewrap) as root, never runs learners' code, and is not part
of the ``autograder`` package's imports (the package is not visible inside the sandbox):
``autograder.zygote`` starts it as ``python zygote_server.py CONFIG_JSON`` and talks to it over its
standard input and output, one JSON object per line.

For each request it forks a monitor, which takes a System V IPC namespace of its own, with limits,
and a mount namespace of its own with a fresh, size limited tmpfs on the learner's scratch folder
and home (plus the lab's files, read-only), then forks the kernel. The kernel sets its resource
limits, drops to the request's uid, and serves cells to the grader (``shell_server.py``, an
IPython shell over a unix socket) with everything the lab imports already in memory. The monitor
waits for the kernel and writes its exit status to the request's ``status`` file, in a folder only
root can write (the kernel's own control folder is the kernel's to write); that file is how the
grader learns that a kernel died.
"""

import ctypes
import json
import os
import resource
import signal
import sys
import traceback

import shell_server  # beside this file, inside the sandbox

CLONE_NEWNS, CLONE_NEWIPC = 0x00020000, 0x08000000
MS_RDONLY, MS_NOSUID, MS_NODEV = 1, 2, 4
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
PR_SET_NO_NEW_PRIVS = 38
LIBC = ctypes.CDLL(None, use_errno=True)


def _check(result, what):
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")


def _mount(source, target, fstype, flags, data=None):
    encode = lambda text: text.encode() if text else None  # noqa: E731
    _check(LIBC.mount(encode(source), encode(target), encode(fstype), flags, encode(data)), target)


def _private_ipc(request):
    """System V IPC of one kernel's own (a namespace that goes with it: no segment or queue
    passes from one learner's kernel to the next), with limits: shared memory and message queues
    are not counted by RLIMIT_AS."""
    shared = request["shared_memory_bytes"]
    limits = {"shmmax": shared, "shmall": max(1, shared // os.sysconf("SC_PAGE_SIZE")),
              "shmmni": 16, "msgmni": 16, "msgmnb": 1 << 16}  # fmt: skip
    for name, value in limits.items():
        with open(f"/proc/sys/kernel/{name}", "w") as out:
            out.write(str(value))


def _private_mounts(request):
    """A mount namespace for one kernel: fresh tmpfs scratch and home, the lab's files read-only."""
    _mount(None, "/", None, MS_REC | MS_PRIVATE)
    size = request["scratch_bytes"]
    _mount("tmpfs", request["scratch"], "tmpfs", MS_NOSUID | MS_NODEV, f"size={size},mode=1777")
    home = request["home"]
    _mount("tmpfs", home, "tmpfs", MS_NOSUID | MS_NODEV, f"size={size},mode=0777")
    for source, name in request["files"]:
        target = os.path.join(home, name)
        open(target, "w").close()
        _mount(source, target, None, MS_BIND)
        _mount(None, target, None, MS_BIND | MS_REMOUNT | MS_RDONLY)


def _kernel(request):
    """In the kernel process: limits, the unprivileged uid, then the shell (never returns)."""
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    for name, value in request["rlimits"].items():
        resource.setrlimit(getattr(resource, name), (value, value))
    _check(LIBC.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")
    if request["uid"] is not None:
        os.setgroups([])
        os.setgid(request["uid"])
        os.setuid(request["uid"])
    os.environ.clear()
    os.environ.update(request["env"])
    os.chdir(request["home"])
    shell_server.serve(request["cells_socket"])
    os._exit(0)


def _monitor(request):
    """In the forked monitor: set up the mounts, run the kernel, record how it ended."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    os.setsid()
    # Root writes only into the status folder, which the kernel cannot write: in the kernel's
    # control folder a link planted by the learner's code would lead root's write anywhere.
    status = request["status"]
    try:
        _check(LIBC.unshare(CLONE_NEWNS | CLONE_NEWIPC), "unshare")
        _private_ipc(request)
        _private_mounts(request)
        kernel = os.fork()
        if kernel == 0:
            try:
                _kernel(request)
            except BaseException:  # as root only before any learner code, as the uid after
                with open(os.path.join(request["control"], "kernel-error"), "w") as out:
                    out.write(traceback.format_exc())
                os._exit(70)
        _, waited = os.waitpid(kernel, 0)
        code = os.waitstatus_to_exitcode(waited)
    except BaseException:
        with open(status + ".error", "w") as out:
            out.write(traceback.format_exc())
        code = 70
    with open(status + ".tmp", "w") as out:
        out.write(str(code))
    os.rename(status + ".tmp", status)


def main(config):
    for name in config["preload"]:
        try:
            __import__(name)
        except ImportError:  # a name imported from a module, not a module itself
            continue
    shell_server.warm_up()
    threads = len(os.listdir("/proc/self/task"))  # native ones too (BLAS, TensorFlow)
    if threads != 1:  # forking a process with threads is not safe
        print(json.dumps({"error": f"{threads} threads after preloading"}))
        return
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # monitors are reaped without waiting
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            try:
                _monitor(request)
            finally:
                os._exit(0)
        print(json.dumps({"forked": pid}), flush=True)


if __name__ == "__main__":
    main(json.loads(sys.argv[1]))
