"""The sandbox: its command line, its launcher's limits, what a kernel inside can see."""

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import nbformat
import pytest

from autograder import cli, sandbox
from autograder.lab_run import run_lab
from autograder.sandbox import Limits, Sandbox
from autograder.syllabus import REPO_ROOT, load_syllabus

LAB = load_syllabus().lab("c1w2-linear-regression")


def test_the_launcher_sets_the_limits_before_running_the_command():
    limits = Limits(memory_mb=1024, cpu_seconds=7, processes=99, file_mb=3)
    probe = (
        "import resource as r; print([r.getrlimit(x)[0] for x in "
        "(r.RLIMIT_AS, r.RLIMIT_CPU, r.RLIMIT_NPROC, r.RLIMIT_FSIZE)])"
    )
    out = subprocess.run(
        [sys.executable, "-m", "autograder.sandbox", json.dumps(limits.__dict__), "--",
         sys.executable, "-c", probe],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    as_, cpu, nproc, fsize = json.loads(out)
    assert (as_, cpu, fsize) == (1024 << 20, 7, 3 << 20)
    assert nproc >= 99  # as another user it also counts that user's other processes


def test_the_bubblewrap_command_isolates_and_drops_privileges(tmp_path):
    box = Sandbox(control=tmp_path / "control", limits=Limits(), readable=[REPO_ROOT / "utils"])
    command = box.command(["python", "-m", "ipykernel_launcher"])
    assert command[:3] == [sys.executable, "-m", "autograder.sandbox"]
    text = " ".join(command)
    for flag in ("--unshare-net", "--unshare-pid", "--die-with-parent", "--clearenv"):
        assert flag in text
    assert f"--ro-bind {REPO_ROOT / 'utils'} {REPO_ROOT / 'utils'}" in text
    assert f"--bind {tmp_path / 'control'} {tmp_path / 'control'}" in text
    bound = [command[i + 1] for i, arg in enumerate(command) if arg in ("--bind", "--ro-bind")]
    assert str(REPO_ROOT) not in bound, "the repository (instructor sources) is not bound"
    assert not any((REPO_ROOT / "course1").is_relative_to(b) for b in map(Path, bound))
    if os.geteuid() == 0:
        assert f"setpriv --reuid={box.uid} --regid={box.uid}" in text
        assert box.uid != Sandbox(control=tmp_path, limits=Limits()).uid, "a uid per kernel"


def test_kernels_run_quiet_single_core_numerics_in_quick_mode(tmp_path, monkeypatch):
    monkeypatch.delenv("COURSE_QUICK", raising=False)  # whatever the instructor's shell says
    env = Sandbox(control=tmp_path, limits=Limits()).kernel_env()
    assert env["COURSE_QUICK"] == "1", "grading never runs a lab's full training"
    assert env["TF_CPP_MIN_LOG_LEVEL"] == "2" and env["TF_ENABLE_ONEDNN_OPTS"] == "0"
    assert env["JOBLIB_MULTIPROCESSING"] == "0" and env["OMP_NUM_THREADS"] == "1"
    makefile = (REPO_ROOT / "Makefile").read_text()
    for name, value in sandbox.TF_QUIET.items():  # learners' kernels get the same
        assert f"export {name} := {value}" in makefile


@pytest.mark.slow
def test_a_sandboxed_kernel_sees_only_what_it_needs():
    probe = (
        "import os, socket\n"
        f"print(sorted(os.listdir({str(REPO_ROOT)!r})), os.getuid() != 0, os.getcwd())\n"
        "print(os.access('/usr', os.W_OK), os.environ.get('AUTOGRADER_RECORD'))"
    )
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(probe)])
    run_lab(nb, LAB, record=True)
    lines = nb.cells[0].outputs[0]["text"].splitlines()
    assert lines[0] == f"['.venv', 'utils'] {os.geteuid() == 0} {sandbox.HOME}"
    assert lines[1] == "False 1"


@pytest.mark.slow
def test_without_bubblewrap_it_warns_and_grades_with_limits_only(monkeypatch, capsys):
    monkeypatch.setattr(sandbox, "bwrap_path", lambda: None)
    assert cli.main(["check", str(REPO_ROOT / LAB.source)]) == 0
    captured = capsys.readouterr()
    assert "bubblewrap (bwrap) is not installed" in captured.err
    assert "2 of 2 exercises pass" in captured.out


def test_the_zygote_preloads_what_the_setup_cell_imports_but_no_threaded_library():
    from autograder.zygote import NOT_PRELOADED, preload_modules

    names = preload_modules(LAB)
    for module in ("matplotlib.pyplot", "numpy", "utils.data", "utils.checks.linear_regression"):
        assert module in names
    assert not any(n.split(".")[0] in NOT_PRELOADED for n in names)


def test_the_zygote_of_an_optional_lab_reads_its_header_cell_past_magics():
    from autograder.zygote import preload_modules

    lab = next(lab for lab in load_syllabus().labs if lab.id == "c1w1-cost-function")
    header = nbformat.read(REPO_ROOT / lab.notebook, as_version=4).cells[1].source
    assert lab.source is None and header.startswith("%matplotlib widget")
    names = preload_modules(lab)
    assert "utils.interactive" in names and "numpy" in names


@pytest.mark.slow
def test_kernels_share_nothing_and_get_the_labs_files_read_only(tmp_path):
    shipped = replace(LAB, files=(Path("syllabus.yml"),))  # a file the lab ships beside it
    write = (
        "import os, tempfile\n"
        "scratch = tempfile.gettempdir()\n"
        "print(sorted(os.listdir(scratch)), sorted(os.listdir('.')), os.getuid())\n"
        "open(os.path.join(scratch, 'left-by-the-first'), 'w').write('secret')\n"
        "print(scratch, os.access('/tmp', os.W_OK))\n"
        "try:\n    open('syllabus.yml', 'a').write('x')\n"
        "except OSError as error:\n    print(type(error).__name__)\n"
        "print(open('syllabus.yml').read().startswith('# The manifest'))"
    )
    outputs = []
    for _ in range(2):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(write)])
        run_lab(nb, shipped, record=False)
        outputs.append(nb.cells[0].outputs[0]["text"].splitlines())
    first, second = outputs
    assert "left-by-the-first" not in second[0], "a kernel saw the files of the one before"
    assert "'syllabus.yml'" in first[0]
    assert first[0].split()[-1] != second[0].split()[-1], "each kernel has its own uid"
    assert first[1:] == second[1:] == [f"{sandbox.SCRATCH} False", "PermissionError", "True"]


def test_no_private_tmpfs_covers_a_bound_path_wherever_the_repository_lives(tmp_path):
    """A clone in /tmp or a home folder must stay visible: kernels' tmpfs mounts are our own."""
    clones = [Path("/tmp/some-clone/utils"), Path("/home/someone/course/utils")]
    box = Sandbox(control=tmp_path / "control", limits=Limits(), readable=clones)
    command = box.command(["python"])
    tmpfs = [command[i + 1] for i, arg in enumerate(command) if arg == "--tmpfs"]
    binds = [command[i + 2] for i, arg in enumerate(command) if arg in ("--bind", "--ro-bind")]
    assert sorted(tmpfs) == sorted([sandbox.HOME, sandbox.SCRATCH])
    assert "/tmp/some-clone/utils" in binds and "/home/someone/course/utils" in binds
    for mount in tmpfs:
        covered = [b for b in binds if Path(b).is_relative_to(mount)]
        assert covered == [], f"{mount} would hide {covered}"


def _nest(top: Path, depth: int) -> None:
    """``depth`` nested folders under ``top``, made without recursion (as a kernel would)."""
    fd = os.open(top, os.O_RDONLY)
    for _ in range(depth):
        os.mkdir("d", dir_fd=fd)
        inner = os.open("d", os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd = inner
    os.close(fd)


def test_remove_tree_removes_folders_nested_deeper_than_python_recurses(tmp_path):
    top = tmp_path / "control"
    top.mkdir()
    _nest(top, 3000)
    (tmp_path / "kept").write_text("outside")
    os.symlink(tmp_path / "kept", top / "link")
    sandbox.remove_tree(top)
    assert not top.exists()
    assert (tmp_path / "kept").read_text() == "outside"  # the link was removed, not followed


def test_a_dead_graders_deep_zygote_folder_does_not_stop_the_next_zygote(monkeypatch, tmp_path):
    """A kernel's 3,000 nested folders once survived its zygote; every later zygote start then
    crashed in the clean-up of stale folders."""
    from autograder import zygote

    monkeypatch.setattr(zygote, "CONTROL_BASE", tmp_path)
    stale = tmp_path / "autograder-999999999-stale"  # no process has that id
    (stale / "kernel-1").mkdir(parents=True)
    _nest(stale / "kernel-1", 3000)
    zygote._remove_stale_roots()
    assert not stale.exists()
