"""Run a notebook in a kernel forked by the lab's zygote, without the Jupyter protocol.

The kernel is the same sandboxed process as ``autograder.execution``'s (forked by the zygote, its
own uid, limits, mounts and CPU share), but it runs ``shell_server.py``: an IPython shell that
takes cells over one unix socket and sends back their outputs and replies as JSON frames. What
the grader does with them is ``autograder.execution``'s: the same per-cell timeout and notebook
budget, capped outputs and records (the outputs pass through the same ``process_message``), the
same ``Execution``. The Jupyter protocol's cost (five sockets, signed messages, ipykernel's and
nbclient's event loops) was most of the grading time of a short notebook.
"""

from __future__ import annotations

import json
import select
import signal
import socket
import struct
import time

from nbformat import NotebookNode

from autograder.cpu_share import CpuShare
from autograder.execution import CappedClient, Execution, end_kernel
from autograder.sandbox import Sandbox, processes_of
from autograder.zygote import ForkedKernel, Zygote

HEADER = struct.Struct("!I")  # a frame's length in bytes (shell_server.HEADER)
SOCKET_NAME = "cells.sock"
# A frame larger than this is not read into memory: it is dropped as it arrives, and the cell's
# output counts as cut (outputs and records are capped far below it anyway).
FRAME_LIMIT = 16 << 20
# How long a timed-out cell's last outputs are awaited after the interrupt (nbclient's iopub
# timeout): the learner sees where the code was stopped.
AFTER_INTERRUPT_SECONDS = 4.0
EXIT_STATUS_SECONDS = 2.0  # how long the monitor's record of a dead kernel is awaited
OUTPUT_TYPES = {
    "execute_input",
    "stream",
    "display_data",
    "update_display_data",
    "execute_result",
    "error",
    "clear_output",
}


class KernelGone(Exception):
    """The kernel closed its socket: it died (or the learner's code closed it)."""


class Frames:
    """Frames read from the kernel's socket against deadlines, never trusting their content."""

    def __init__(self, conn: socket.socket) -> None:
        self.conn = conn
        self.buffer = bytearray()
        self.dropping = 0  # bytes of an oversized frame still to drop
        self.dropped = False  # an oversized frame was dropped since the last check

    def _fill(self, deadline: float) -> bool:
        """Read what has arrived, waiting until ``deadline``; False when time is up."""
        wait = deadline - time.monotonic()
        if wait <= 0 or not select.select([self.conn], [], [], wait)[0]:
            return False
        try:
            data = self.conn.recv(1 << 20)
        except OSError:
            data = b""
        if not data:
            raise KernelGone
        if self.dropping:
            cut = min(self.dropping, len(data))
            self.dropping -= cut
            data = data[cut:]
        self.buffer += data
        return True

    def next(self, deadline: float) -> dict | None:
        """The next well-formed frame, or None at ``deadline``.

        Raises:
            KernelGone: the kernel closed the socket.
        """
        while True:
            if len(self.buffer) >= HEADER.size:
                (size,) = HEADER.unpack_from(self.buffer)
                if size > FRAME_LIMIT:
                    self.dropping = max(0, size - (len(self.buffer) - HEADER.size))
                    del self.buffer[: HEADER.size + size]
                    self.dropped = True
                    continue
                if len(self.buffer) >= HEADER.size + size:
                    data = bytes(self.buffer[HEADER.size : HEADER.size + size])
                    del self.buffer[: HEADER.size + size]
                    frame = _parse(data)
                    if frame is not None:
                        return frame
                    continue
            if not self._fill(deadline):
                return None

    def send(self, frame: dict) -> None:
        data = json.dumps(frame).encode()
        try:
            self.conn.sendall(HEADER.pack(len(data)) + data)
        except OSError:
            raise KernelGone from None


def _parse(data: bytes) -> dict | None:
    """A frame as a dict with an integer ``cell``, or None for anything else."""
    try:
        frame = json.loads(data)
    except (ValueError, RecursionError):  # not JSON, or nested too deep to parse
        return None
    if not isinstance(frame, dict) or type(frame.get("cell")) is not int:
        return None
    return frame


def _message(frame: dict) -> dict | None:
    """An output frame as the iopub message nbclient's ``process_message`` takes, or None."""
    msg_type, content = frame.get("msg_type"), frame.get("content")
    if msg_type not in OUTPUT_TYPES or not isinstance(content, dict):
        return None
    header = {"msg_type": msg_type, "msg_id": ""}
    return {"header": header, "msg_type": msg_type, "parent_header": {}, "content": content}


class ShellKernel:
    """One notebook's kernel: forked by the zygote, connected over ``SOCKET_NAME``."""

    def __init__(self, sandbox: Sandbox) -> None:
        sandbox.prepare()
        self.sandbox = sandbox
        self.cpu_share = CpuShare.create(f"kernel-{sandbox.uid}") if sandbox.own_uid else None
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.process: ForkedKernel | None = None
        self.frames: Frames | None = None

    def start(self, zygote: Zygote) -> None:
        """Have the zygote fork the kernel (it connects to the socket the grader listens on)."""
        path = self.sandbox.control / SOCKET_NAME
        self.listener.bind(str(path))
        self.listener.listen(1)
        self.sandbox.admit(path)
        self.process = zygote.fork(self.sandbox, cells_socket=path)

    def connect(self, timeout: float = 60.0) -> bool:
        """Wait for the kernel to connect and say it is ready; False if it died or never did."""
        deadline = time.monotonic() + timeout
        while self.process.poll() is None and time.monotonic() < deadline:
            if select.select([self.listener], [], [], 0.05)[0]:
                conn, _ = self.listener.accept()
                self.listener.close()  # one connection: the kernel's
                self.frames = Frames(conn)
                try:
                    frame = self.frames.next(deadline)
                except KernelGone:
                    return False
                if frame is None or frame.get("ready") is not True:
                    return False
                if self.cpu_share is not None:  # before any learner code: none has run yet
                    self.cpu_share.join(processes_of({self.sandbox.uid}))
                return True
        return False

    def interrupt(self) -> None:
        self.process.send_signal(signal.SIGINT)

    def exit_status(self) -> int | None:
        deadline = time.monotonic() + EXIT_STATUS_SECONDS
        while (code := self.process.poll()) is None and time.monotonic() < deadline:
            time.sleep(0.01)
        return code

    def discard(self) -> None:
        """Close the sockets, then end the kernel like ``SandboxedKernelManager.discard``."""
        if self.frames is not None:
            self.frames.conn.close()
        self.listener.close()
        end_kernel(self.sandbox, self.cpu_share)


class _Run:
    """The loop over a notebook's cells: nbclient's semantics, over frames."""

    def __init__(self, nb: NotebookNode, kernel: ShellKernel, cell_timeout: float, budget: float):
        self.nb, self.kernel = nb, kernel
        self.run = Execution()
        self.gone = False  # the kernel closed its socket while a timed-out cell was ending
        # nbclient's output handling (caps, records, display ids, clear_output), without a kernel
        self.client = CappedClient(nb, run=self.run, budget=budget, timeout=int(cell_timeout))

    def all_cells(self) -> Execution:
        client = self.client
        client.deadline = time.monotonic() + client.budget
        for index, cell in enumerate(self.nb.cells):
            if cell.cell_type != "code" or not cell.source.strip():
                continue
            if client.skip_cells_with_tag in cell.metadata.get("tags", []):
                continue
            if time.monotonic() >= client.deadline:
                self.run.skipped.add(index)
                continue
            try:
                reply = self.cell(index, cell)
            except KernelGone:
                self.run.died_in = index
                self.run.exit_status = self.kernel.exit_status()
                break
            self.run.keep_reply(index, reply, self.kernel.sandbox)
        return self.run

    def cell(self, index: int, cell: NotebookNode) -> dict:
        """Run one cell; its reply (the grader's timeout error if it ran out of time)."""
        client, frames = self.client, self.kernel.frames
        if self.gone:  # found at the next cell, as nbclient finds a dead kernel
            raise KernelGone
        cell.metadata["execution"] = {}
        cell.outputs = []
        client.clear_before_next_output = False
        client.running = index
        timeout = client._cell_timeout(cell)
        frames.send({"cell": index, "code": cell.source})
        reply = self._outputs(index, cell, time.monotonic() + timeout)
        if reply is None:
            self.run.timed_out.add(index)
            self.kernel.interrupt()
            try:
                self._outputs(index, cell, time.monotonic() + AFTER_INTERRUPT_SECONDS)
            except KernelGone:
                self.gone = True
            reply = {**client.error_on_timeout, "status": "error"}
        return reply

    def _outputs(self, index: int, cell: NotebookNode, deadline: float) -> dict | None:
        """Take the cell's outputs until its reply (returned) or ``deadline`` (None)."""
        frames = self.kernel.frames
        while (frame := frames.next(deadline)) is not None:
            if frames.dropped:
                frames.dropped = False
                self.client.cut(cell, index)
            if frame["cell"] != index:
                continue  # a late frame of an interrupted cell
            if isinstance(frame.get("reply"), dict):
                self._timing(cell, "shell.execute_reply", frame)
                return frame["reply"]
            if frame.get("msg_type") == "execute_input":
                self._timing(cell, "iopub.execute_input", frame)
            msg = _message(frame)
            if msg is not None:
                try:
                    self.client.process_message(msg, cell, index)
                except Exception:  # malformed content: the learner's, dropped
                    continue
        return None

    @staticmethod
    def _timing(cell: NotebookNode, key: str, frame: dict) -> None:
        """Keep the kernel's time of a cell's start or end, as nbclient does (``make bench``)."""
        if isinstance(frame.get("date"), str):
            cell.metadata["execution"][key] = frame["date"][:40]


def execute(
    nb: NotebookNode, *, sandbox: Sandbox, zygote: Zygote, cell_timeout: float, budget: float
) -> Execution:
    """Run every code cell of ``nb`` in a new kernel forked by ``zygote``, in place.

    Args:
        nb: the notebook (its outputs are filled in).
        sandbox: the kernel's sandbox (uid, limits, environment); used for this notebook only.
        zygote: the lab's zygote.
        cell_timeout: seconds allowed per cell; a longer cell is interrupted.
        budget: seconds allowed for the whole notebook.

    Returns:
        What each cell did: replies, records, truncations, skipped cells, kernel death.
    """
    kernel = ShellKernel(sandbox)
    try:
        kernel.start(zygote)
        if not kernel.connect():
            raise RuntimeError(f"the kernel did not start (exit status {kernel.exit_status()})")
        return _Run(nb, kernel, cell_timeout, budget).all_cells()
    finally:
        kernel.discard()
