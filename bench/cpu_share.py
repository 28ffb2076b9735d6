"""Benchmark: one learner's busy processes against another learner's test, graded side by side.

    python bench/cpu_share.py [--runs 2]      (make bench-cpu)

Two kernels of c1w2-linear-regression run at once, as two batch workers run them. One learner's
cell starts eight busy processes, each in a session of its own (which escapes the kernel's
per-session scheduling group, Linux's autogroup); the other learner's cell times a loop of 2e7
additions (CPU-bound, about 5 s). Each run is done twice: with each kernel in a CPU group of its
own (``autograder.cpu_share``, what grading does) and without. Prints the honest loop's wall and
CPU seconds, or that the cell's timeout stopped it.
"""

from __future__ import annotations

import argparse
import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from nbformat.v4 import new_code_cell, new_notebook

BUSY = """
import os, time
for _ in range(8):
    if os.fork() == 0:
        os.setsid()
        end = time.time() + 25
        while time.time() < end:
            pass
        os._exit(0)
time.sleep(25)
"""
HONEST = """
import time
time.sleep(3)  # the busy learner's processes are running by then
wall, cpu = time.time(), time.process_time()
total = 0
for i in range(2 * 10**7):
    total += i
print(f"{time.time() - wall:.1f} s wall, {time.process_time() - cpu:.1f} s CPU")
"""


def run(code: str, shares: bool) -> str:
    """Run one cell in a graded kernel of the lab; its printed text, or the error's name."""
    from autograder import lab_run
    from autograder.cpu_share import CpuShare
    from autograder.syllabus import load_syllabus

    if not shares:
        CpuShare.create = staticmethod(lambda name: None)
    nb = new_notebook(cells=[new_code_cell(code)])
    lab_run.run_lab(nb, load_syllabus().lab("c1w2-linear-regression"), record=False)
    outputs = nb.cells[0].outputs
    text = "".join(o.get("text", "") for o in outputs).strip()
    errors = [o["ename"] for o in outputs if o.get("output_type") == "error"]
    return text or (f"stopped by the cell's timeout ({errors[0]})" if errors else "no output")


def main() -> None:
    from autograder import cpu_share

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    print(f"CPU groups available here: {cpu_share.available()}")
    context = multiprocessing.get_context("spawn")
    for _ in range(args.runs):
        for shares in (False, True):
            with ProcessPoolExecutor(2, mp_context=context) as pool:
                busy = pool.submit(run, BUSY, shares)
                honest = pool.submit(run, HONEST, shares)
                label = "with a CPU group per kernel" if shares else "without      "
                print(f"{label}: the honest loop took {honest.result()}", flush=True)
                busy.result()


if __name__ == "__main__":
    main()
