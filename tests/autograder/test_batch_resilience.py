"""The batch under stress: killed mid-way and resumed, a PostgreSQL gradebook, a Dask cluster."""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import pytest
from helpers import fill_answers, lab_answers

from autograder import batch, export, gradebook
from autograder.coursedir import CourseRoot
from autograder.release import generate_student_notebook
from autograder.results import SubmissionResult
from autograder.syllabus import load_syllabus

SYLLABUS = load_syllabus()
LAB = SYLLABUS.lab("c1w2-linear-regression")
ANSWERS = lab_answers(LAB.id)
BIN = Path(sys.executable).parent


def course_with_submissions(base: Path, count: int, database: str | None = None) -> CourseRoot:
    """A course root with the lab generated and ``count`` learners' submissions collected.

    Learner i answers with the i-th entry of the right answers and typical mistakes, in turn.
    """
    root = CourseRoot(base, database)
    generate_student_notebook(LAB, root)
    entries = list(ANSWERS["correct"].values()) + [
        {k: v for k, v in entry.items() if k in ("compute_cost", "compute_gradient")}
        for entry in ANSWERS["wrong"].values()
    ]
    right = next(iter(ANSWERS["correct"].values()))
    for i in range(count):
        folder = root.course_dir / "submitted" / f"learner{i:02d}" / LAB.id
        folder.mkdir(parents=True)
        nb = fill_answers(LAB, {**right, **entries[i % len(entries)]})
        nbformat.write(nb, folder / LAB.notebook.name)
        (folder / "timestamp.txt").write_text(f"2026-11-0{1 + i % 9} 10:00:00.000000 UTC")
    return root


def scores(rows: list[dict]) -> dict[str, tuple[str, str]]:
    return {r["student"]: (r["score"], r["status"]) for r in rows}


@pytest.mark.slow
def test_a_batch_killed_with_sigkill_resumes_without_loss_or_regrading(tmp_path):
    count = 6
    root = course_with_submissions(tmp_path / "root", count)
    command = [sys.executable, "-m", "autograder", "--root", str(root.root), "autograde", LAB.id,
               "--workers", "2"]  # fmt: skip
    first = subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)  # fmt: skip
    results = root.results_dir / LAB.id
    deadline = time.monotonic() + 120
    while len(list(results.glob("*.json"))) < 2 and time.monotonic() < deadline:
        assert first.poll() is None, "the batch finished before it could be killed"
        time.sleep(0.2)
    os.killpg(first.pid, signal.SIGKILL)  # the coordinator, its workers and their kernels
    first.wait()
    done_before = {p.name: p.read_text() for p in results.glob("*.json")}
    assert 2 <= len(done_before) < count

    rerun = subprocess.run(command, capture_output=True, text=True, check=True)
    assert f"{len(done_before)} up to date, grading {count - len(done_before)}" in rerun.stdout
    for name, text in done_before.items():  # not graded again: the very same record
        assert (results / name).read_text() == text
    assert len(list(results.glob("*.json"))) == count

    rows = lab_rows(root)
    assert len(rows) == count and all(r["status"] == "graded" for r in rows)
    for row in rows:  # the gradebook agrees with every result, those of the killed run included
        assert (
            float(row["score"])
            == SubmissionResult.read(root.results_path(LAB.id, row["student"])).score
        )


def lab_rows(root: CourseRoot) -> list[dict]:
    """The grades CSV's rows of the lab graded here (the other graded labs are not submitted)."""
    return [row for row in export.grade_rows(root, SYLLABUS) if row["lab"] == LAB.id]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def postgres():
    """A PostgreSQL server from Debian's packages on loopback; yields its gradebook URL."""
    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    assert bins, "PostgreSQL is not installed: `make test` installs it (Debian package postgresql)"
    pg = bins[-1].parent
    data = Path(tempfile.mkdtemp(prefix="pg-gradebook-"))
    shutil.chown(data, "postgres", "postgres")
    port = _free_port()

    def as_postgres(*args):
        subprocess.run(["runuser", "-u", "postgres", "--", *args], check=True,
                       capture_output=True, cwd=data)  # fmt: skip

    as_postgres(str(pg / "initdb"), "-D", str(data / "db"), "--auth=trust", "-U", "postgres")
    as_postgres(str(pg / "pg_ctl"), "-D", str(data / "db"), "-w", "-l", str(data / "log"),
                "-o", f"-p {port} -k {data} -c listen_addresses=127.0.0.1", "start")  # fmt: skip
    try:
        as_postgres(str(pg / "createdb"), "-h", "127.0.0.1", "-p", str(port), "gradebook")
        yield f"postgresql://postgres@127.0.0.1:{port}/gradebook"
    finally:
        as_postgres(str(pg / "pg_ctl"), "-D", str(data / "db"), "-m", "immediate", "stop")
        shutil.rmtree(data, ignore_errors=True)


@pytest.mark.slow
@pytest.mark.postgres
def test_grading_into_a_postgresql_gradebook(tmp_path, postgres):
    root = course_with_submissions(tmp_path / "root", 3, database=postgres)
    results = batch.autograde(LAB, root, workers=2, progress=lambda line: None)
    rows = lab_rows(root)
    assert scores(rows) == {r.student: (f"{r.score:g}", "graded") for r in results}
    assert not (root.course_dir / "gradebook.db").exists(), "the SQLite file must not be used"
    import sqlalchemy

    with sqlalchemy.create_engine(postgres).connect() as db:
        count = db.execute(sqlalchemy.text("select count(*) from submitted_assignment")).scalar()
    assert count == 3


@pytest.fixture
def dask_cluster():
    """A local Dask scheduler with two worker processes; yields its address."""
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    scheduler = subprocess.Popen([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1",
                                  "--port", str(port), "--no-dashboard"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    workers = subprocess.Popen([str(BIN / "dask"), "worker", address, "--nworkers", "2",
                                "--nthreads", "1", "--no-dashboard"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        from distributed import Client

        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=60)
            assert len(client.scheduler_info()["workers"]) == 2
        yield address
    finally:
        for process in (workers, scheduler):
            process.terminate()
            process.wait(timeout=30)


@pytest.mark.slow
def test_a_dask_cluster_gives_the_same_grades_as_local_workers(tmp_path, dask_cluster):
    on_dask = course_with_submissions(tmp_path / "dask", 4)
    local = course_with_submissions(tmp_path / "local", 4)
    lines = []
    batch.autograde(LAB, on_dask, scheduler=dask_cluster, progress=lines.append)
    batch.autograde(LAB, local, workers=2, progress=lambda line: None)
    assert re.search(rf"grading 4 on {re.escape(dask_cluster)}", lines[0])
    local_scores = scores(lab_rows(local))
    assert scores(lab_rows(on_dask)) == local_scores
    assert sorted(score for score, _ in local_scores.values()) == ["10", "20", "20", "20"]


@pytest.mark.slow
def test_an_interrupted_coordinator_drops_the_gradings_not_started(tmp_path):
    """Interrupted after its first result (Ctrl-C, or a failure of its own), the batch stops:
    the gradings already running finish, the others are not started, and none waits for a
    reference handoff that is gone."""
    root = course_with_submissions(tmp_path, 8)

    def interrupt(line: str) -> None:
        if line.startswith("["):
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        batch.autograde(LAB, root, workers=2, progress=interrupt)
    saved = list((root.results_dir / LAB.id).glob("*.json"))
    assert 1 <= len(saved) < 8
    assert list((root.course_dir / "reference").glob(f"{LAB.id}.*.json")) == []  # no handoff left


@pytest.mark.slow
def test_a_name_the_gradebook_refuses_does_not_stop_the_batch(tmp_path):
    root = course_with_submissions(tmp_path, 2)
    # A folder name that is not UTF-8 (chosen by a learner in the exchange) reads with a surrogate.
    odd = os.fsdecode(b"mallory\xff")
    submitted = root.course_dir / "submitted"
    shutil.copytree(submitted / "learner00", submitted / odd)
    lines: list[str] = []
    results = batch.autograde(LAB, root, workers=2, progress=lines.append)
    assert sorted(r.student for r in results) == sorted(["learner00", "learner01", odd])
    assert [line for line in lines if "not in the gradebook" in line] == [
        f"warning: {odd!r}'s result is in its result file, not in the gradebook: "
        "UnicodeEncodeError: 'utf-8' codec can't encode character '\\udcff' in position 7: "
        "surrogates not allowed"
    ]
    with gradebook.open_gradebook(root) as gb:
        assert gradebook.score(gb, LAB, "learner00") == LAB.max_score
        assert gradebook.score(gb, LAB, "learner01") > 0
