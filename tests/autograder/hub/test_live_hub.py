"""A real hub: learners' servers as their own accounts, the repository's sources closed to them,
the formgrader reached by the staff (a teaching assistant who is no hub admin included) and
refused to learners; no account and no process left behind."""

from __future__ import annotations

import csv
import hashlib
import io
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from helpers import lab_answers

from autograder.hub.settings import HubSettings
from autograder.hub.trial import ADMIN_PASSWORD, ASSISTANT, LiveHub, start_hub
from autograder.syllabus import REPO_ROOT, load_syllabus

pytestmark = [pytest.mark.slow, pytest.mark.browser]

LEARNERS = ["learner1", "learner2", "learner3"]
LAB = load_syllabus().lab("c1w2-linear-regression")


def _passwd_digest() -> str:
    return hashlib.sha256(Path("/etc/passwd").read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def hub():
    before = _passwd_digest()
    live = start_hub(LEARNERS)
    try:
        yield live
    finally:
        left = live.stop()
    assert not left, f"hub processes left running: {left}"
    assert _passwd_digest() == before, "/etc/passwd changed outside the hub's namespace"
    assert not Path("/home/learner1").exists()
    assert not Path(f"/sys/fs/cgroup/memory/ml-course-hub-{live.port}").exists()


def _uid(hub: LiveHub, user: str) -> int:
    return int(hub.inside("id", "-u", user).stdout)


def test_accounts_exist_inside_the_hub_namespace_only(hub):
    for user in [*LEARNERS, "instructor", "grader", ASSISTANT]:
        assert hub.inside("id", user).returncode == 0, user
        outside = subprocess.run(["id", user], capture_output=True)
        assert outside.returncode != 0, f"{user} exists on the host"


def test_a_learners_server_runs_as_the_learners_own_account(hub):
    hub.login("learner1")
    hub.start_server("learner1")
    servers = [
        pid for pid in hub.processes()
        if b"jupyterhub-singleuser" in Path(f"/proc/{pid}/cmdline").read_bytes()
        and b"JUPYTERHUB_USER=learner1\0" in Path(f"/proc/{pid}/environ").read_bytes()
    ]  # fmt: skip
    assert servers, "no server process of learner1"
    for pid in servers:
        assert Path(f"/proc/{pid}").stat().st_uid == _uid(hub, "learner1")
        # inside the learner's own groups, with the learner's limits from course.yml
        groups = dict(
            line.split(":")[1:] for line in Path(f"/proc/{pid}/cgroup").read_text().split()
        )
        group = f"/ml-course-hub-{hub.port}/learner1"
        assert groups["memory"] == group and groups["pids"] == group, groups
        memory = Path(f"/sys/fs/cgroup/memory{group}/memory.limit_in_bytes").read_text()
        assert int(memory) == HubSettings.load().memory_mb << 20
    hub.open_server("learner1")
    listing = hub.server("learner1", "GET", "/api/contents/")
    assert listing.status_code == 200, listing.text


def test_a_learner_cannot_read_the_instructor_sources(hub):
    source = REPO_ROOT / LAB.source
    student = REPO_ROOT / LAB.notebook
    answers = REPO_ROOT / "tests" / "labs" / LAB.id / "submissions.yml"
    refused = hub.inside("cat", str(source), user="learner1")
    assert refused.returncode != 0 and "Permission denied" in refused.stderr
    assert hub.inside("cat", str(answers), user="learner1").returncode != 0
    assert hub.inside("cat", str(REPO_ROOT / ".git" / "HEAD"), user="learner1").returncode != 0
    # what a learner's server needs is readable: the student notebook, utils, the environment
    assert hub.inside("cat", str(student), user="learner1").returncode == 0
    imports = hub.inside(str(REPO_ROOT / ".venv/bin/python"), "-c", "import utils.checks",
                         user="learner1")  # fmt: skip
    assert imports.returncode == 0, imports.stderr
    # the staff reads the sources (through the staff group, without being root)
    assert hub.inside("cat", str(source), user="grader").returncode == 0
    assert hub.inside("cat", str(source), user=ASSISTANT).returncode == 0


def _formgrader(hub: LiveHub, user: str):
    session = hub.sessions.get(user) or hub.login(user)
    return session.get(f"{hub.url}/services/ml-course/formgrader", timeout=120)


def test_a_learner_is_refused_the_formgrader(hub):
    answer = _formgrader(hub, "learner2")
    assert answer.status_code == 403, (answer.status_code, answer.url)


def test_a_teaching_assistant_who_is_no_admin_reaches_the_formgrader(hub):
    hub.login(ASSISTANT)
    model = hub.api(ASSISTANT, "GET", f"/users/{ASSISTANT}").json()
    assert model["admin"] is False
    answer = _formgrader(hub, ASSISTANT)
    assert answer.status_code == 200, (answer.status_code, answer.url, answer.text[-500:])
    assert "formgrader" in answer.text.lower()


def test_the_instructor_reaches_the_formgrader(hub):
    hub.login("instructor", password=ADMIN_PASSWORD)
    answer = _formgrader(hub, "instructor")
    assert answer.status_code == 200, (answer.status_code, answer.url)


def _as_root(hub: LiveHub, *args: str) -> str:
    """Run ``python -m autograder`` on the hub's course, as the instructor does (root), with the
    course's settings of this test (``COURSE_CONFIG``: the due date)."""
    done = hub.autograder(*args, env={"COURSE_CONFIG": str(hub.folder / "course.yml")})
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _due_yesterday(hub: LiveHub) -> datetime:
    """A course.yml for this hub whose lab was due 23 hours ago: a submission now is late by
    part of one day (10% per day late, at most 50%)."""
    due = (datetime.now(UTC) - timedelta(hours=23)).replace(second=0, microsecond=0)
    (hub.folder / "course.yml").write_text(
        f"deadlines:\n  due:\n    {LAB.id}: {due:%Y-%m-%d %H:%M}\n"
        "  late_penalty: {per_day: 0.1, cap: 0.5}\n"
    )
    return due


def _server(hub: LiveHub, user: str) -> None:
    """Log ``user`` in, start the user's server and open it (its cookie and XSRF token)."""
    if user not in hub.sessions:
        hub.login(user)
    hub.start_server(user)
    if f"/user/{user}/" not in {cookie.path for cookie in hub.sessions[user].cookies}:
        hub.open_server(user)


def _panel(hub: LiveHub, user: str, action: str) -> dict:
    """What the Assignments panel does: fetch, submit or fetch_feedback the lab."""
    _server(hub, user)
    form = {"course_id": "ml-course", "assignment_id": LAB.id}
    answer = hub.server(user, "POST", f"/assignments/{action}", data=form)
    assert answer.status_code == 200, answer.text
    return answer.json()


def _answer(hub: LiveHub, user: str, answers: dict[str, str]) -> None:
    """Write ``answers`` into the fetched notebook, as the learner's JupyterLab saves it."""
    path = f"/api/contents/{LAB.id}/{LAB.notebook.name}"
    model = hub.server(user, "GET", path, params={"content": 1}).json()
    for cell in model["content"]["cells"]:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell["source"] = answers[grade_id]
    saved = hub.server(user, "PUT", path, json={"type": "notebook", "content": model["content"]})
    assert saved.status_code == 200, saved.text


def test_learners_fetch_submit_and_see_only_their_own_feedback(hub):
    """learner1 answers right (with an extension), learner2 wrong and late, learner3 not at all."""
    due = _due_yesterday(hub)
    _as_root(hub, "release", LAB.id)
    _as_root(hub, "extend", LAB.id, "learner1", "3")
    answers = lab_answers(LAB.id)
    right = next(iter(answers["correct"].values()))
    wrong = {**right, **{k: v for k, v in next(iter(answers["wrong"].values())).items()
                         if k in right}}  # fmt: skip
    for user in LEARNERS:
        assert _panel(hub, user, "fetch")["success"], user
    first = hub.server("learner1", "GET", f"/api/contents/{LAB.id}/{LAB.notebook.name}").json()
    assert f"Due {due:%A %d %B %Y, %H:%M} UTC" in first["content"]["cells"][0]["source"]
    _answer(hub, "learner1", right)
    _answer(hub, "learner2", wrong)
    # Validate (nbgrader, in the learner's server) and the course's check (the learner's account)
    path = f"{LAB.id}/{LAB.notebook.name}"
    for user, passes in (("learner1", True), ("learner2", False)):
        validated = hub.server(user, "POST", "/assignments/validate", data={"path": path}).json()
        assert validated["success"], validated
        assert ("failed" not in str(validated["value"]).lower()) == passes, validated
        home = f"/home/{user}"
        check = [sys.executable, "-m", "autograder", "check", f"{home}/{path}"]
        checked = hub.inside(*check, user=user, env={"HOME": home})
        assert checked.returncode == (0 if passes else 1), checked.stdout + checked.stderr
    assert _panel(hub, "learner1", "submit")["success"]
    assert _panel(hub, "learner2", "submit")["success"]

    inbound = hub.course_folder / "exchange" / "ml-course" / "inbound"
    mine = [p for p in Path(inbound).iterdir() if p.name.startswith("learner1+")]
    assert len(mine) == 1
    # learner2 cannot list the inbound folder, nor read learner1's submission knowing its name
    assert "Permission denied" in hub.inside("ls", str(inbound), user="learner2").stderr
    notebook = mine[0] / LAB.notebook.name
    assert "Permission denied" in hub.inside("cat", str(notebook), user="learner2").stderr
    secret = mine[0] / "submission_secret.txt"
    assert "Permission denied" in hub.inside("cat", str(secret), user="learner2").stderr
    # nor through the hub: learner1's server refuses learner2
    other = hub.server("learner1", "GET", "/api/contents/", as_user="learner2")
    assert other.status_code == 403, (other.status_code, other.url)
    # the panel lists learner2's own submission only
    listing = hub.server("learner2", "GET", "/assignments", params={"course_id": "ml-course"})
    listing = listing.json()
    students = {s["student_id"] for a in listing["value"] for s in a.get("submissions", [])}
    assert students <= {"learner2"}, students

    _as_root(hub, "collect", LAB.id)
    _as_root(hub, "autograde", LAB.id, "--workers", "1")
    _as_root(hub, "feedback", LAB.id)
    assert _panel(hub, "learner1", "fetch_feedback")["success"]
    feedback = hub.server("learner1", "GET", f"/api/contents/{LAB.id}/feedback").json()
    (stamp,) = [entry["path"] for entry in feedback["content"]]
    html_path = f"{stamp}/{LAB.notebook.with_suffix('.html').name}"
    page = hub.server("learner1", "GET", f"/files/{html_path}")
    assert page.status_code == 200 and f"{LAB.max_score:g} / {LAB.max_score:g}" in page.text
    # learner2's fetch of feedback finds its own, never learner1's
    assert _panel(hub, "learner2", "fetch_feedback")["success"]

    grades = csv.DictReader(io.StringIO(_as_root(hub, "export")))
    rows = {row["student"]: row for row in grades if row["lab"] == LAB.id}
    assert float(rows["learner1"]["score"]) == LAB.max_score, rows  # on time, with its extension
    assert float(rows["learner1"]["penalty"]) == 0 and float(rows["learner1"]["late_hours"]) == 0
    assert 23 <= float(rows["learner2"]["late_hours"]) < 24, rows  # 10% of the points
    assert float(rows["learner2"]["penalty"]) == 0.1 * LAB.max_score, rows
    assert 0 <= float(rows["learner2"]["score"]) < LAB.max_score - 0.1 * LAB.max_score, rows
    assert "learner3" not in rows or rows["learner3"]["status"] == "not_submitted", rows
