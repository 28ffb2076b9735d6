"""A kernel without the Jupyter protocol: an IPython shell that runs the cells it is sent.

A graded notebook needs of its kernel only this: run each cell in one namespace, and report the
cell's outputs (streams, displays, the result, the error) and how it ended. ipykernel does that
over five ZeroMQ sockets with signed messages, which costs a graded notebook more than its own
short cells; this module does it over one unix socket, with length-prefixed JSON frames.

It runs in the kernel process forked by the zygote (``zygote_server.py``), after the kernel's
limits and uid are set, and is not part of the ``autograder`` package's imports: the grader's
side is ``autograder.shell_client``. Frames, each a JSON object:
- from the kernel, once connected: ``{"ready": true}``;
- to the kernel: ``{"cell": INDEX, "code": SOURCE}``;
- from the kernel, for that cell: ``{"cell": INDEX, "msg_type": TYPE, "content": {...}}`` for each
  output, in the shapes of Jupyter's iopub messages (``execute_input``, ``stream``,
  ``display_data``, ``update_display_data``, ``execute_result``, ``error``, ``clear_output``),
  then ``{"cell": INDEX, "reply": {...}}`` with the execute reply's status, exception name and
  message; ``execute_input`` and the reply carry the kernel's time (``date``), as the messages
  of ipykernel do.
The learner's code runs in this process and can write anything to the socket: the grader treats
every frame as untrusted, as it treats a kernel's messages.
"""

import builtins
import contextlib
import datetime
import getpass
import io
import json
import signal
import socket
import struct
import sys

from IPython.core.displayhook import DisplayHook
from IPython.core.displaypub import DisplayPublisher
from IPython.core.error import StdinNotImplementedError
from IPython.core.interactiveshell import InteractiveShell
from traitlets.config import Config

HEADER = struct.Struct("!I")  # a frame's length in bytes, before the frame
STREAM_FLUSH = 1 << 16  # characters of a stream held before they are sent
# characters of an exception's message kept in a reply (the grader keeps fewer): a reply is never
# one of the oversized frames the grader drops
REPLY_MESSAGE_LIMIT = 10_000
NO_INPUT = "raw_input was called, but this frontend does not support input requests."


class Channel:
    """Length-prefixed JSON frames over a connected socket."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.reader = sock.makefile("rb")
        self.cell = -1  # the index of the cell being run, put in every frame

    def send(self, frame: dict) -> None:
        data = json.dumps({"cell": self.cell, **frame}, default=repr).encode()
        self.sock.sendall(HEADER.pack(len(data)) + data)

    def output(self, msg_type: str, content: dict) -> None:
        self.send({"msg_type": msg_type, "content": content})

    def receive(self) -> dict | None:
        """The next frame, or None when the grader closed the socket."""
        header = self.reader.read(HEADER.size)
        if len(header) < HEADER.size:
            return None
        (size,) = HEADER.unpack(header)
        return json.loads(self.reader.read(size))


class Stream(io.TextIOBase):
    """``sys.stdout`` or ``sys.stderr``: text is held and sent as ``stream`` outputs."""

    def __init__(self, name: str, channel: Channel) -> None:
        super().__init__()
        self.name, self.channel = name, channel
        self.held: list[str] = []
        self.size = 0

    @property
    def encoding(self) -> str:
        return "utf-8"

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        self.held.append(text)
        self.size += len(text)
        if self.size >= STREAM_FLUSH:
            self.flush()
        return len(text)

    def flush(self) -> None:
        if self.held:
            text, self.held, self.size = "".join(self.held), [], 0
            self.channel.output("stream", {"name": self.name, "text": text})


def _flush_streams() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:  # the learner's code may have replaced the streams
            pass


class Publisher(DisplayPublisher):
    """``display()`` and ``clear_output()``: each one output frame, after the held streams."""

    channel = None

    def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kw):
        _flush_streams()
        content = {"data": data, "metadata": metadata or {}, "transient": transient or {}}
        self.channel.output("update_display_data" if update else "display_data", content)

    def clear_output(self, wait=False):
        _flush_streams()
        self.channel.output("clear_output", {"wait": bool(wait)})


class ResultHook(DisplayHook):
    """The value of a cell's last expression, as an ``execute_result`` output."""

    channel = None
    content = None

    def start_displayhook(self):
        self.content = {"data": {}, "metadata": {}, "execution_count": self.prompt_count}

    def write_output_prompt(self):
        pass

    def write_format_data(self, format_dict, md_dict=None):
        self.content["data"], self.content["metadata"] = format_dict, md_dict or {}

    def finish_displayhook(self):
        _flush_streams()
        if self.content and self.content["data"]:
            self.channel.output("execute_result", self.content)
        self.content = None


class Shell(InteractiveShell):
    """IPython's shell, its outputs sent over the channel."""

    displayhook_class = ResultHook
    display_pub_class = Publisher
    channel = None
    last_traceback: list[str] | None = None

    def enable_gui(self, gui=None):
        """``%matplotlib widget`` and the like: no event loop to start, nobody interacts."""

    def _showtraceback(self, etype, evalue, stb):
        _flush_streams()
        self.last_traceback = stb
        content = {"ename": etype.__name__, "evalue": str(evalue), "traceback": stb}
        self.channel.output("error", content)


def _now() -> str:
    """The time in ipykernel's message dates (UTC, ISO 8601)."""
    return datetime.datetime.now(datetime.UTC).isoformat()


def _no_input(*args, **kwargs):
    raise StdinNotImplementedError(NO_INPUT)


def _config() -> Config:
    """The shell keeps no history (no history thread, no database)."""
    config = Config()
    config.HistoryManager.enabled = False
    return config


def warm_up() -> None:
    """In the zygote: build and drop one plain IPython shell that formats one traceback, so that
    what each forked kernel's shell needs (compiled regular expressions, lazily imported modules
    such as the traceback's ``stack_data`` and ``pygments``) is already in memory. What it prints
    is dropped."""
    shell = InteractiveShell.instance(config=_config())
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        shell.run_cell("def warm_up():\n    raise ValueError\nwarm_up()")
    InteractiveShell.clear_instance()


def _shell(channel: Channel) -> Shell:
    """The kernel's shell: no history, no input, outputs to the channel."""
    Publisher.channel = ResultHook.channel = Shell.channel = channel
    shell = Shell.instance(config=_config())
    builtins.input = getpass.getpass = _no_input
    sys.stdout, sys.stderr = Stream("stdout", channel), Stream("stderr", channel)
    sys.displayhook = shell.displayhook
    return shell


def _reply(shell: Shell, result) -> dict:
    """The execute reply of a cell: ipykernel's status, exception name and message."""
    error = result.error_before_exec or result.error_in_exec
    if result.success:
        return {"status": "ok", "execution_count": shell.execution_count - 1}
    return {
        "status": "error",
        "ename": type(error).__name__,
        "evalue": str(error)[:REPLY_MESSAGE_LIMIT],
        "execution_count": shell.execution_count - 1,
    }


def serve(path: str) -> None:
    """Connect to the grader at ``path`` and run each cell it sends, until it closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # an interrupt stops the learner's code only
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(path)
    channel = Channel(sock)
    shell = _shell(channel)
    channel.send({"ready": True})
    while (frame := channel.receive()) is not None:
        channel.cell = int(frame["cell"])
        shell.last_traceback = None
        started = {"code": "", "execution_count": shell.execution_count}
        channel.send({"msg_type": "execute_input", "content": started, "date": _now()})
        try:
            signal.signal(signal.SIGINT, signal.default_int_handler)
            result = shell.run_cell(frame["code"], store_history=True)
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            reply = _reply(shell, result)
        except KeyboardInterrupt:  # the interrupt came after the learner's code had ended
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            reply = {"status": "error", "ename": "KeyboardInterrupt", "evalue": ""}
        _flush_streams()
        channel.send({"reply": reply, "date": _now()})
