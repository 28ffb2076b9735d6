"""Each graded kernel, with every process it starts, runs in a CPU group of its own."""

import os
import re
import subprocess
import sys

import pytest
from nbformat.v4 import new_code_cell, new_notebook

from autograder import cpu_share
from autograder.lab_run import run_lab
from autograder.syllabus import load_syllabus

LAB = load_syllabus().lab("c1w2-linear-regression")
SHOW_GROUPS = """
import subprocess
print("kernel", open("/proc/self/cgroup").read())
print("child", subprocess.run(["cat", "/proc/self/cgroup"], capture_output=True, text=True).stdout)
"""


def cpu_group(text: str) -> str:
    """The cpu controller's line of a /proc/<pid>/cgroup text."""
    return next(line for line in text.splitlines() if re.match(r"\d+:cpu(,|:)", line))


@pytest.mark.skipif(not cpu_share.available(), reason="no cgroup v1 cpu controller (as root)")
def test_a_kernel_and_its_children_share_one_cpu_group_removed_after():
    nb = new_notebook(cells=[new_code_cell(SHOW_GROUPS)])
    run = run_lab(nb, LAB, record=False)
    assert run.replies[0]["status"] == "ok", run.replies
    text = "".join(o.get("text", "") for o in nb.cells[0].outputs)
    kernel, child = text.split("child")
    assert "/kernel-" in cpu_group(kernel)  # not the grader's, nor the zygote's
    assert cpu_group(child).split(":")[-1] == cpu_group(kernel).split(":")[-1]
    parent = cpu_share.CPU_ROOT / f"{cpu_share.PREFIX}{os.getpid()}"
    assert [p for p in parent.iterdir() if p.is_dir()] == []  # removed with the kernel


@pytest.mark.skipif(not cpu_share.available(), reason="no cgroup v1 cpu controller (as root)")
def test_a_share_holds_the_processes_it_is_given_and_goes():
    share = cpu_share.CpuShare.create("test-share")
    sleeper = subprocess.Popen(["sleep", "30"])
    try:
        share.join([sleeper.pid])
        assert share.members() == [sleeper.pid]
        assert (share.path / "cpu.shares").read_text().strip() == str(cpu_share.SHARES)
    finally:
        sleeper.kill()
        sleeper.wait()
    share.remove()
    assert not share.path.exists()


CREATE_AT_ONCE = """
import os, sys, threading
from autograder.cpu_share import CpuShare
errors = []
def create(i):
    try:
        CpuShare.create(f"kernel-{i}").remove()
    except Exception as exc:
        errors.append(repr(exc))
threads = [threading.Thread(target=create, args=(i,)) for i in range(8)]
for t in threads: t.start()
for t in threads: t.join()
print(os.getpid())
sys.exit("\\n".join(errors) or None)
"""


def _dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


@pytest.mark.skipif(not cpu_share.available(), reason="no cgroup v1 cpu controller (as root)")
def test_grading_threads_create_groups_at_once_beside_stale_ones_and_leave_none():
    """Threads of one grader create their first groups together while the groups a killed grader
    left behind are removed; when the grader ends, its own group goes too."""
    for _ in range(5):
        stale = [cpu_share.CPU_ROOT / f"{cpu_share.PREFIX}{_dead_pid()}" for _ in range(10)]
        for parent in stale:
            (parent / "kernel-1").mkdir(parents=True)
        grader = subprocess.run(
            [sys.executable, "-c", CREATE_AT_ONCE], capture_output=True, text=True
        )
        assert grader.returncode == 0, grader.stderr
        assert not any(parent.exists() for parent in stale)
        assert not (cpu_share.CPU_ROOT / f"{cpu_share.PREFIX}{grader.stdout.strip()}").exists()
