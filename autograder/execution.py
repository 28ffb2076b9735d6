"""Run a notebook in a sandboxed ipykernel and report what each cell did.

This is the runner where kernels cannot be forked from a zygote (no root or no bubblewrap; where
they can, ``autograder.shell_client`` runs the notebook with this module's output handling and
``Execution``). The runner is nbclient's, with five additions for untrusted code:
- the kernel starts inside ``Sandbox`` (bubblewrap and limits, where there are) as a new
  process, and talks over unix sockets in its own control folder; interrupts travel as messages,
  which reach a kernel inside bwrap;
- each cell has a timeout, and the whole notebook a budget: cells that would start after the
  budget is spent are not run;
- each cell's messages are capped, whatever their kind (outputs, display updates, an exception's
  message), and widgets' comm messages dropped: a learner can print 100 MB; the grader keeps a
  few MB;
- records (``utils.records``) are taken out of the outputs and kept per cell;
- each kernel gets a CPU share of its own (``autograder.cpu_share``), where cgroups allow.
"""

from __future__ import annotations

import json
import subprocess
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from queue import Empty

import zmq
from jupyter_client.asynchronous.client import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync
from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError
from nbformat import NotebookNode
from nbformat.v4 import new_output

from autograder.cpu_share import CpuShare
from autograder.sandbox import Sandbox, processes_of, remove_tree
from utils import records

TIMEOUT_ENAME = "CellTimeout"
# Graded kernels draw no figures: no test depends on a drawn figure (figure objects still exist for
# tests that inspect them), and drawing c1w2's figures costs a quarter of its CPU time.
NO_FIGURES = {"MPLBACKEND": "agg", "PYTHONWARNINGS": "ignore:FigureCanvasAgg is non-interactive"}
OUTPUT_LIMIT = 2 << 20  # bytes of output kept per cell
RECONNECT_MS = 5  # how often a client socket retries to reach a kernel that is starting
KILL_POLL_SECONDS = 0.005  # how often the end of a killed kernel is checked
KERNEL_SOCKETS = ("shell", "iopub", "stdin", "control", "hb")
RECORD_LIMIT = 4 << 20  # bytes of records kept per cell
MESSAGE_LIMIT = 2000  # characters kept of an exception's name and message
# A MemoryError is the lab's memory running out only when the grader saw the kernel's address
# space reach this share of its limit (one huge request fails long before the limit).
MEMORY_SEEN = 0.5


class SandboxedKernelClient(AsyncKernelClient):
    """jupyter_client's client, ready as soon as the kernel answers.

    jupyter_client's ``wait_for_ready`` ends by waiting for 0.2 s of silence on iopub, a fixed
    fifth of a second per graded notebook. A kernel that ``SandboxedKernelManager.launch`` has
    seen listening answers at once, and nbclient keeps only the iopub messages of the cells it
    runs, so what is queued is dropped without waiting.
    """

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        """Wait until the kernel answers kernel_info and iopub is connected.

        Raises:
            RuntimeError: the kernel died, or did not answer within ``timeout`` seconds.
        """
        deadline = time.monotonic() + (timeout if timeout is not None else float("inf"))
        while True:
            self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                reply = None
            if reply is not None and reply["msg_type"] == "kernel_info_reply":
                try:  # an iopub message (the welcome, a status) says iopub is connected
                    await self.iopub_channel.get_msg(timeout=0.2)
                except Empty:
                    pass
                else:
                    self._handle_kernel_info_reply(reply)
                    break
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:g} seconds")
        while await self.iopub_channel.msg_ready():
            await self.iopub_channel.get_msg(timeout=0)


class SandboxedKernelManager(AsyncKernelManager):
    """A kernel manager whose kernel starts inside a Sandbox as a new process, over unix sockets.

    The sandbox's control folder is the kernel's own, removed by ``discard()``.
    """

    def __init__(self, sandbox: Sandbox, **kwargs) -> None:
        sandbox.prepare()
        super().__init__(
            kernel_name="python3",
            transport="ipc",
            ip=str(sandbox.control / "kernel"),
            connection_file=str(sandbox.control / "kernel.json"),
            client_class="autograder.execution.SandboxedKernelClient",
            **kwargs,
        )
        self.sandbox = sandbox
        # a CPU share of its own where the kernel has a uid of its own to find its processes by
        self.cpu_share = CpuShare.create(f"kernel-{sandbox.uid}") if sandbox.own_uid else None
        # bwrap does not pass SIGINT on; ipykernel takes interrupts on its control channel.
        self.kernel_spec.interrupt_mode = "message"
        # Sockets that connect before the kernel binds retry every RECONNECT_MS (ZMQ's default is
        # 100 ms, and an iopub message sent before the retry is lost, which costs nbclient's
        # start-up check another 200 ms).
        self.context.setsockopt(zmq.RECONNECT_IVL, RECONNECT_MS)

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        self.sandbox.admit(Path(self.connection_file))  # written just before this call
        return self.sandbox.command(super().format_kernel_cmd(extra_arguments))

    def launch(self, timeout: float = 60.0) -> None:
        """Start the kernel and wait until it listens on all its sockets.

        A client that connects after the kernel has bound its sockets gets every message;
        one that connects earlier loses the first iopub messages (ZMQ's slow joiner), and
        nbclient's start-up check then waits and asks again.
        """
        # The kernel process's own output is launcher chatter, kept off the grader's console.
        run_sync(self.start_kernel)(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        info = self.get_connection_info()
        sockets = [Path(f"{info['ip']}-{info[f'{name}_port']}") for name in KERNEL_SOCKETS]
        deadline = time.monotonic() + timeout
        while not all(path.exists() for path in sockets):
            if time.monotonic() > deadline or not run_sync(self.is_alive)():
                return  # nbclient's own start-up check reports it
            time.sleep(0.002)
        if self.cpu_share is not None:  # before any learner code: it only runs on request
            self.cpu_share.join(processes_of({self.sandbox.uid}))

    async def _async_wait(self, pollinterval: float = 0.1) -> None:
        """Wait for the killed kernel to end, polling often: jupyter_client's 0.1 s interval
        would cost every graded notebook a tenth of a second."""
        await super()._async_wait(pollinterval=min(pollinterval, KILL_POLL_SECONDS))

    def discard(self) -> None:
        """Kill the kernel if it still runs, wait for its processes, remove its scratch folder."""
        if self.has_kernel and run_sync(self.is_alive)():
            run_sync(self.shutdown_kernel)(now=True)
        end_kernel(self.sandbox, self.cpu_share)


def end_kernel(sandbox: Sandbox, cpu_share: CpuShare | None) -> None:
    """Kill every process of a kernel's sandbox, remove its control folder and CPU share.

    Raises:
        RuntimeError: processes survived.
    """
    left = sandbox.end_all()
    remove_tree(sandbox.control)
    if cpu_share is not None:
        cpu_share.remove()
    if left:
        raise RuntimeError(f"{len(left)} processes of a graded kernel survived it: {left[:5]}")


def error_text(reply: dict) -> str:
    """``Name: message`` of the exception an execute reply reports."""
    ename, evalue = reply.get("ename", "Error"), reply.get("evalue", "")
    return f"{ename}: {evalue}" if evalue else ename


@dataclass
class Execution:
    """What running a notebook produced, besides the outputs written into it."""

    replies: dict[int, dict] = field(default_factory=dict)  # execute reply content, by cell index
    records: dict[int, list[dict]] = field(default_factory=lambda: defaultdict(list))
    truncated: set[int] = field(default_factory=set)  # cells whose output was cut
    skipped: set[int] = field(default_factory=set)  # cells not run: the budget was spent
    timed_out: set[int] = field(default_factory=set)  # cells the grader interrupted: time was up
    out_of_memory: set[int] = field(default_factory=set)  # MemoryError, and the grader saw why
    died_in: int | None = None  # the cell the kernel died in
    exit_status: int | None = None  # the kernel process's exit status, when it died

    @property
    def kernel_died(self) -> bool:
        return self.died_in is not None

    def keep_reply(self, index: int, content: dict, sandbox: Sandbox) -> None:
        """Keep a cell's execute reply, cut short; its MemoryError counts as running out of
        memory only when the grader saw the kernel near the sandbox's limit."""
        reply = self.replies[index] = _short_reply(content)
        if reply.get("ename", "").endswith("MemoryError") and _near_memory_limit(sandbox):
            self.out_of_memory.add(index)


class CappedClient(NotebookClient):
    """nbclient with a budget, capped outputs and records taken out of the outputs."""

    def __init__(self, nb: NotebookNode, *, run: Execution, budget: float, **kwargs) -> None:
        super().__init__(nb, **kwargs)
        self.run = run
        self.budget = budget
        self.deadline = 0.0
        self.output_bytes: dict[int, int] = defaultdict(int)
        self.record_bytes: dict[int, int] = defaultdict(int)
        self.timeout_func = self._cell_timeout
        self.running = -1  # the index of the cell being run

    async def _async_handle_timeout(self, timeout: int, cell: NotebookNode | None = None):
        # The grader's own observation: a reply that merely names a timeout is not one.
        self.run.timed_out.add(self.running)
        return await super()._async_handle_timeout(timeout, cell)

    def _cell_timeout(self, cell: NotebookNode) -> int:
        remaining = self.deadline - time.monotonic()
        if remaining < self.timeout:
            reason = f"the notebook used up its budget of {self.budget:g} s"
        else:
            reason = f"the cell ran longer than {self.timeout:g} s"
        self.error_on_timeout = {"ename": TIMEOUT_ENAME, "evalue": reason, "traceback": []}
        return max(1, int(min(self.timeout, remaining)))

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        if not self.deadline:
            self.deadline = time.monotonic() + self.budget
        if cell.cell_type == "code" and time.monotonic() >= self.deadline:
            self.run.skipped.add(cell_index)
            return cell
        self.running = cell_index
        try:
            return await super().async_execute_cell(
                cell, cell_index, execution_count, store_history
            )
        except DeadKernelError:
            self.run.died_in = cell_index
            process = getattr(self.km.provisioner, "process", None) if self.km else None
            self.run.exit_status = process.poll() if process is not None else None
            raise

    def process_message(self, msg: dict, cell: NotebookNode, cell_index: int):
        """Every iopub message of a cell passes here: comm (widget) messages are dropped, records
        kept apart, and once the cell's other messages (outputs and display updates alike) pass
        OUTPUT_LIMIT bytes, the rest are dropped."""
        if msg["msg_type"] in ("status", "execute_input"):
            return super().process_message(msg, cell, cell_index)
        if msg["msg_type"].startswith("comm"):
            return None  # widgets' messages: nothing a grader needs (nbclient's handler crashes
            # on a malformed one), and no widget state is kept
        content = msg.get("content")
        data = content.get("data") if isinstance(content, dict) else None
        if msg["msg_type"] == "display_data" and isinstance(data, dict) and records.MIME in data:
            self.record_bytes[cell_index] += len(json.dumps(data[records.MIME], default=str))
            if self.record_bytes[cell_index] <= RECORD_LIMIT:
                self.run.records[cell_index].append(data[records.MIME])
            return None
        size = len(json.dumps(content, default=str))
        self.output_bytes[cell_index] += size + sum(len(b) for b in msg.get("buffers") or [])
        if self.output_bytes[cell_index] > OUTPUT_LIMIT:
            self.cut(cell, cell_index)
            return None
        return super().process_message(msg, cell, cell_index)

    def cut(self, cell: NotebookNode, cell_index: int) -> None:
        """Note, once per cell, that its output was cut."""
        if cell_index not in self.run.truncated:
            self.run.truncated.add(cell_index)
            note = f"[autograder: output cut after {OUTPUT_LIMIT >> 20} MB]\n"
            cell.outputs.append(new_output("stream", name="stderr", text=note))


def _short_reply(content: dict) -> dict:
    """An execute reply's status and exception, cut to MESSAGE_LIMIT characters: the message
    of a learner's exception reaches test messages, diagnostics, results and feedback."""
    reply = {"status": str(content.get("status", "error"))}
    for key in ("ename", "evalue"):
        if key in content:
            text = str(content[key])
            reply[key] = text if len(text) <= MESSAGE_LIMIT else text[:MESSAGE_LIMIT] + " [cut]"
    return reply


def _near_memory_limit(sandbox: Sandbox) -> bool:
    """True when a process of the kernel has used at least MEMORY_SEEN of its address space
    (seen by the grader: an exception's name alone does not make a test run out of memory)."""
    peak = sandbox.peak_memory_mb()
    return peak is not None and peak >= MEMORY_SEEN * sandbox.limits.memory_mb


def execute(
    nb: NotebookNode, *, km: SandboxedKernelManager, cell_timeout: float, budget: float
) -> Execution:
    """Run every code cell of ``nb`` in a new kernel of ``km``, in place.

    Args:
        nb: the notebook (its outputs are filled in).
        km: a sandboxed kernel manager, used for this notebook only; its kernel is killed after.
        cell_timeout: seconds allowed per cell; a longer cell is interrupted.
        budget: seconds allowed for the whole notebook.

    Returns:
        What each cell did: replies, records, truncations, skipped cells, kernel death.
    """
    run = Execution()

    def record_reply(cell: NotebookNode, cell_index: int, execute_reply: dict) -> None:
        run.keep_reply(cell_index, execute_reply["content"], km.sandbox)

    client = CappedClient(
        nb,
        run=run,
        budget=budget,
        km=km,
        timeout=int(cell_timeout),
        allow_errors=True,
        interrupt_on_timeout=True,
        shutdown_kernel="immediate",
        on_cell_executed=record_reply,
    )
    try:
        km.launch()
        # nbclient leaves a kernel manager it did not create running unless told to clean up;
        # killing the sandbox at once also ends any process the learner's code left behind.
        client.execute(cleanup_kc=True)
    except DeadKernelError:
        pass
    finally:
        km.discard()
    return run
