"""Benchmark: a class on one machine. N learners on a hub, each running a graded lab top to bottom.

    python bench/hub.py [--learners 10]      (make bench-hub, as root)

Starts a trial hub (``autograder.hub.trial``: accounts in a private mount namespace) with N
learners and releases c1w2-linear-regression. Each learner signs in and starts a server, one
after another (the spawn time of each); then all learners at once fetch the lab and run every
code cell of it (with right answers) in a kernel of their own server, as a class working at the
same time does. Prints the spawn times, each learner's memory (server and kernel together, the
peak of the learner's cgroup), the wall time of the whole class's run against one learner's, and
what that means for learners per machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import yaml
from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect

from autograder import cells
from autograder.hub.limits import CGROUPS
from autograder.hub.trial import LiveHub, start_hub
from autograder.syllabus import REPO_ROOT, load_syllabus

LAB = load_syllabus().lab("c1w2-linear-regression")
ANSWERS = yaml.safe_load((REPO_ROOT / "tests" / "labs" / LAB.id / "submissions.yml").read_text())
MEMORY_SHARE = 0.8  # of the machine's memory given to learners (the rest: hub, system, grading)


def _code_cells() -> list[str]:
    """The lab's code cells with a right answer in each exercise."""
    right = next(iter(ANSWERS["correct"].values()))
    nb = nbformat.read(REPO_ROOT / LAB.notebook, as_version=4)
    return [right.get(cells.grade_id(c), c.source) for c in nb.cells if c.cell_type == "code"]


def _message(code: str, session: str) -> tuple[str, str]:
    msg_id = uuid.uuid4().hex
    header = {"msg_id": msg_id, "username": "", "session": session, "version": "5.3",
              "msg_type": "execute_request", "date": ""}  # fmt: skip
    content = {"code": code, "silent": False, "store_history": True, "user_expressions": {},
               "allow_stdin": False, "stop_on_error": True}  # fmt: skip
    message = {"header": header, "parent_header": {}, "metadata": {}, "content": content,
               "channel": "shell", "buffers": []}  # fmt: skip
    return msg_id, json.dumps(message)


async def _run_cells(hub: LiveHub, user: str, kernel: str, code_cells: list[str]) -> None:
    """Run the cells in ``user``'s kernel over the server's websocket; fail on an error."""
    session = hub.sessions[user]
    cookies = "; ".join(f"{c.name}={c.value}" for c in session.cookies
                        if c.path in ("/", f"/user/{user}/"))  # fmt: skip
    url = f"ws://127.0.0.1:{hub.port}/user/{user}/api/kernels/{kernel}/channels"
    xsrf = session.cookies.get("_xsrf", path=f"/user/{user}/") or ""
    request = HTTPRequest(url, headers={"Cookie": cookies, "X-XSRFToken": xsrf})
    connection = await websocket_connect(request)
    name = uuid.uuid4().hex
    for code in code_cells:
        msg_id, text = _message(code, name)
        await connection.write_message(text)
        while True:
            reply = json.loads(await connection.read_message())
            parent = reply.get("parent_header", {}).get("msg_id")
            if reply.get("channel") == "shell" and parent == msg_id:
                if reply["content"]["status"] != "ok":
                    raise RuntimeError(f"{user}: {reply['content'].get('evalue')}")
                break
    connection.close()


def _learner_runs_the_lab(hub: LiveHub, user: str, code_cells: list[str]) -> tuple[float, float]:
    """Fetch the lab and run it in a new kernel of the learner's server.

    Returns:
        The seconds it took, and the learner's resident memory with the kernel still open (MB).
    """
    start = time.perf_counter()
    form = {"course_id": "ml-course", "assignment_id": LAB.id}
    assert hub.server(user, "POST", "/assignments/fetch", data=form).json()["success"]
    kernel = hub.server(user, "POST", "/api/kernels", json={"name": "python3"}).json()["id"]
    asyncio.run(_run_cells(hub, user, kernel, code_cells))
    seconds, resident = time.perf_counter() - start, _resident_mb(hub, user)
    hub.server(user, "DELETE", f"/api/kernels/{kernel}")
    return seconds, resident


def _resident_mb(hub: LiveHub, user: str) -> float:
    """The resident memory of the learner's processes (its cgroup's rss, without file cache)."""
    group = CGROUPS / "memory" / f"ml-course-hub-{hub.port}" / user
    stat = dict(line.split() for line in (group / "memory.stat").read_text().splitlines())
    return int(stat["total_rss"]) / 2**20


def _memory_total_mb() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no MemTotal in /proc/meminfo")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--learners", type=int, default=10)
    args = parser.parse_args()
    if os.geteuid() != 0:
        print("error: the hub runs each learner as a Linux account: run as root", file=sys.stderr)
        return 2
    learners = [f"learner{i:02d}" for i in range(1, args.learners + 1)]
    code_cells = _code_cells()
    print(f"{len(learners)} learners on a trial hub; each runs {LAB.id} ({len(code_cells)} code "
          f"cells) in a kernel of their own server", flush=True)  # fmt: skip
    started = time.perf_counter()
    hub = start_hub(learners)
    try:
        print(f"hub up in {time.perf_counter() - started:.1f} s", flush=True)
        course = [sys.executable, "-m", "autograder", "--root", str(hub.course_folder)]
        assert hub.inside(*course, "release", LAB.id).returncode == 0
        spawns = []
        for user in learners:
            hub.login(user)
            start = time.perf_counter()
            hub.start_server(user)
            spawns.append(time.perf_counter() - start)
            hub.open_server(user)
        idle = [_resident_mb(hub, user) for user in learners]
        alone, first = _learner_runs_the_lab(hub, learners[0], code_cells)
        start = time.perf_counter()
        with ThreadPoolExecutor(len(learners) - 1 or 1) as pool:
            done = list(pool.map(lambda u: _learner_runs_the_lab(hub, u, code_cells), learners[1:]))
        together = time.perf_counter() - start
        runs = [seconds for seconds, _ in done]
        peaks = [first, *(resident for _, resident in done)]
    finally:
        left = hub.stop()
    total = _memory_total_mb()
    per_learner = max(peaks)
    print(
        f"spawn:    median {statistics.median(spawns):.1f} s, slowest {max(spawns):.1f} s "
        f"(one server after another)"
    )
    print(
        f"memory:   a started server {statistics.median(idle):.0f} MB resident; with the lab's "
        f"kernel after its run, median {statistics.median(peaks):.0f} MB, largest "
        f"{per_learner:.0f} MB per learner"
    )
    print(
        f"run:      one learner alone {alone:.1f} s; {len(runs)} learners at once "
        f"{together:.1f} s (slowest {max(runs, default=0):.1f} s) on {os.cpu_count()} cores"
    )
    print(
        f"capacity: {MEMORY_SHARE:.0%} of {total / 1024:.0f} GiB holds about "
        f"{int(MEMORY_SHARE * total / per_learner)} learners with this lab's kernel open at "
        f"once; {len(runs)} runs at once took {together / alone:.1f}x one run's time"
    )
    print(f"processes left after the hub stopped: {len(left)}")
    return 1 if left else 0


if __name__ == "__main__":
    sys.exit(main())
