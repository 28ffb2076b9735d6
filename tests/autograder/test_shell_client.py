"""The kernel without the Jupyter protocol: frames read against deadlines, and what a notebook run
in a forked shell reports (the same outputs and replies nbclient would give)."""

import json
import socket
import struct
import threading
import time

import nbformat
import pytest

from autograder import zygote
from autograder.lab_run import run_lab
from autograder.shell_client import FRAME_LIMIT, Frames, KernelGone
from autograder.syllabus import load_syllabus

LAB = load_syllabus().lab("c1w2-linear-regression")
needs_zygote = pytest.mark.skipif(not zygote.available(), reason="needs bubblewrap and root")


def _frame(obj) -> bytes:
    data = obj if isinstance(obj, bytes) else json.dumps(obj).encode()
    return struct.pack("!I", len(data)) + data


@pytest.fixture
def pair():
    grader, kernel = socket.socketpair()
    yield Frames(grader), kernel
    grader.close()
    kernel.close()


def test_a_frame_split_across_writes_arrives_whole(pair):
    frames, kernel = pair
    data = _frame({"cell": 3, "reply": {"status": "ok"}})

    def write_slowly():
        for i in range(0, len(data), 5):
            kernel.sendall(data[i : i + 5])
            time.sleep(0.001)

    threading.Thread(target=write_slowly).start()
    assert frames.next(time.monotonic() + 5) == {"cell": 3, "reply": {"status": "ok"}}


def test_malformed_frames_are_skipped_and_the_next_good_one_is_read(pair):
    frames, kernel = pair
    deep = b'{"cell": 1, "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    bad = [b"not json", b"[1, 2]", b'{"cell": "3"}', b'{"cell": true}', b'{"no": "cell"}', deep]
    data = b"".join(map(_frame, bad)) + _frame({"cell": 1, "msg_type": "stream"})
    threading.Thread(target=kernel.sendall, args=(data,)).start()
    assert frames.next(time.monotonic() + 5) == {"cell": 1, "msg_type": "stream"}
    assert not frames.dropped


def test_an_oversized_frame_is_dropped_as_it_arrives_and_reading_goes_on(pair):
    frames, kernel = pair
    size = FRAME_LIMIT + 1000
    good = _frame({"cell": 0, "reply": {"status": "ok"}})

    def write():
        kernel.sendall(struct.pack("!I", size))
        for _ in range(size // (1 << 20)):
            kernel.sendall(b"x" * (1 << 20))
        kernel.sendall(b"x" * (size % (1 << 20)) + good)

    threading.Thread(target=write).start()
    assert frames.next(time.monotonic() + 10) == {"cell": 0, "reply": {"status": "ok"}}
    assert frames.dropped
    assert len(frames.buffer) == 0


def test_a_silent_kernel_gives_none_at_the_deadline_and_a_closed_one_raises(pair):
    frames, kernel = pair
    start = time.monotonic()
    assert frames.next(start + 0.2) is None
    assert 0.2 <= time.monotonic() - start < 2
    kernel.sendall(_frame({"cell": 0})[:6])  # a frame cut short by the kernel's end
    kernel.close()
    with pytest.raises(KernelGone):
        frames.next(time.monotonic() + 5)


CELLS = [
    "print('a')\nprint('b')\n40 + 2",
    "from IPython.display import display, update_display, clear_output\n"
    "display('first', display_id='shown')\nupdate_display('second', display_id='shown')",
    "print('gone')\nclear_output(wait=True)\nprint('kept')",
    "def inner():\n    raise ValueError('boom')\ninner()",
    "input('name? ')",
    "%matplotlib widget\nimport matplotlib.pyplot as plt\nfig, ax = plt.subplots()\nlen(fig.axes)",
    "import signal, time\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\ntime.sleep(600)",
    "print('never reached in time')",
]


@pytest.mark.slow
@needs_zygote
def test_a_forked_shell_reports_what_an_ipykernel_would():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in CELLS])
    lab = LAB.__class__(**{**LAB.__dict__, "cell_timeout": 3, "seconds": 60})
    run = run_lab(nb, lab, record=False)
    outputs = [cell.outputs for cell in nb.cells]

    assert [o["output_type"] for o in outputs[0]] == ["stream", "execute_result"]
    assert outputs[0][0]["text"] == "a\nb\n"
    assert outputs[0][1]["data"]["text/plain"] == "42"
    assert [c.execution_count for c in nb.cells[:3]] == [1, 2, 3]
    assert outputs[1][0]["data"]["text/plain"] == "'second'", "the display was updated in place"
    assert [o.get("text") for o in outputs[2]] == ["kept\n"], "clear_output(wait=True) cleared"
    assert run.replies[3] == {"status": "error", "ename": "ValueError", "evalue": "boom"}
    error = outputs[3][-1]
    assert error["output_type"] == "error" and "inner" in "".join(error["traceback"])
    assert run.replies[4]["ename"] == "StdinNotImplementedError"
    assert run.replies[5] == {"status": "ok"}
    results = [o["data"]["text/plain"] for o in outputs[5] if o["output_type"] == "execute_result"]
    assert results == ["1"]
    assert any("Canvas" in o["data"]["text/plain"] for o in outputs[5]), "the widget figure shown"
    # a cell that ignores the interrupt keeps the kernel busy: the next cell times out too
    assert run.timed_out == {6, 7}
    assert run.replies[6]["ename"] == "CellTimeout" and not run.kernel_died
