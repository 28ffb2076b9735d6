"""Flows 3 and 4: a learner fetches and submits a released lab; the instructor grades it.

One test, because the instructor grades the submission the learner made: pytest-xdist may run
two tests of a module in two processes, each with its own server and exchange.
"""

from __future__ import annotations

import getpass
import re
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import Page, expect

from autograder.syllabus import REPO_ROOT

from . import notebook as nb
from .conftest import Shots
from .server import LabServer

pytestmark = pytest.mark.browser

LAB = "c1w2-linear-regression"
NOTEBOOK = "C1_W2_Linear_Regression.ipynb"
COURSE_ID = "ml-course"  # syllabus.yml
COST_POINTS, MAX_SCORE = 10, 20  # the learner answers compute_cost only


def make(server: LabServer, target: str) -> str:
    """``make TARGET LAB=...`` at the repository, on the server's course root."""
    return server.run(
        "make", "--no-print-directory", "-C", REPO_ROOT, target, f"LAB={LAB}", "WORKERS=1",
        f"COURSE_ROOT={server.course_root}",
    )  # fmt: skip


def test_learner_submits_and_instructor_grades(page: Page, server: LabServer, shot: Shots):
    student = getpass.getuser()  # who nbgrader says submitted
    exchange = server.course_root / "exchange" / COURSE_ID
    server.autograder("release", LAB)
    assert (exchange / "outbound" / LAB / NOTEBOOK).is_file()

    # Flow 3. The learner opens Nbgrader > Assignment List: the lab is released for the course.
    page.goto(f"{server.url}/lab?reset")
    page.locator("li.lm-MenuBar-item", has_text="Nbgrader").click()
    page.locator("li.lm-Menu-item[data-command='nbgrader:open-assignment-list']").click()
    released = page.locator("#released_assignments_list .list_item", has_text=LAB)
    expect(released).to_have_count(1)
    expect(released.locator(".item_course")).to_have_text(COURSE_ID)
    expect(page.locator("#course_list_default")).to_have_text(COURSE_ID)
    shot("assignments-released")

    released.get_by_role("button", name="Fetch").click()
    fetched = page.locator("#fetched_assignments_list .list_item", has_text=LAB)
    expect(fetched).to_have_count(1)
    expect(page.locator("#released_assignments_list .list_item", has_text=LAB)).to_have_count(0)
    assert (server.root / LAB / NOTEBOOK).is_file(), "Fetch did not write the lab"
    shot("assignments-fetched")

    # The learner opens the fetched notebook from the file browser, answers exercise 1, saves.
    # (The panel's fold-out list of notebooks is an anchor link that JupyterLab 4 routes away.)
    page.get_by_title("Refresh the file browser").click()
    page.locator(".jp-DirListing-item", has_text=LAB).dblclick()
    page.locator(".jp-DirListing-item", has_text=NOTEBOOK).dblclick()
    expect(page.locator(".jp-NotebookPanel")).to_be_visible()
    nb.wait_idle(page)
    cost_cell = nb.cell(page, "def compute_cost(")
    assert nb.type_into(page, cost_cell, nb.COST) == nb.indented(nb.COST)
    page.keyboard.press("Control+s")
    expect(page.locator(".lm-TabBar-tab.jp-mod-dirty")).to_have_count(0)  # saved
    shot("answered-and-saved")

    page.locator(".lm-TabBar-tab", has_text="Assignments").click()
    fetched.get_by_role("button", name="Submit").click()
    submitted = page.locator("#submitted_assignments_list .list_item", has_text=LAB)
    expect(submitted).to_have_count(1)
    expect(submitted).to_contain_text(re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d"))  # timestamp
    shot("assignments-submitted")
    inbound = list((exchange / "inbound").glob(f"{student}+{LAB}+*"))
    assert len(inbound) == 1, f"expected one submission in the exchange, got {inbound}"
    sent = nbformat.read(inbound[0] / NOTEBOOK, as_version=4)
    assert any(nb.indented(nb.COST) in c.source for c in sent.cells), "the answer was not sent"

    # Flow 4. The instructor collects and grades, then looks at the formgrader.
    make(server, "collect")
    make(server, "autograde")
    page.goto(f"{server.url}/formgrader/manage_assignments")
    row = page.locator("tr", has=page.locator("td.name", has_text=LAB))
    expect(row).to_have_count(1)
    expect(row.locator("td.num-submissions")).to_have_text("1")
    shot("formgrader-assignments")

    row.locator("td.num-submissions a").click()
    expect(page).to_have_url(re.compile(rf"/formgrader/manage_submissions/{LAB}$"))
    row = page.locator("tr", has=page.locator("td.student-id", has_text=student))
    expect(row).to_have_count(1)
    expect(row.locator("td.score")).to_have_text(f"{COST_POINTS} / {MAX_SCORE}")
    shot("formgrader-submissions")
    # the instructor opens the submission: its maths rendered by the server's own MathJax
    page.goto(f"{server.url}/formgrader/gradebook/{LAB}/{Path(NOTEBOOK).stem}")
    page.locator("a[href*='/formgrader/submissions/']").first.click()
    expect(page.locator(".MathJax").first).to_be_visible()
    shot("formgrader-submission-with-maths")

    make(server, "feedback")
    feedback = server.course_root / "course" / "feedback" / student / LAB
    html = feedback / f"{Path(NOTEBOOK).stem}.html"
    assert html.is_file(), f"no feedback at {html}"
    assert "BEGIN HIDDEN TESTS" not in html.read_text()
    page.goto(html.as_uri())
    body = page.locator("body")
    expect(body).to_contain_text(f"Autograder results: {COST_POINTS} / {MAX_SCORE}")
    expect(body).to_contain_text("public_tests.check_compute_cost(compute_cost)")
    expect(body).to_contain_text("hidden tests: their code is not shown")
    text = body.inner_text()
    for secret in ("record(", "BEGIN HIDDEN TESTS", "default_rng(2024)"):
        assert secret not in text, f"the feedback shows hidden test source: {secret!r}"
    shot("feedback")

    # The learner's Assignments panel says the feedback is there; Fetch Feedback brings it.
    page.goto(f"{server.url}/lab?reset")
    page.locator("li.lm-MenuBar-item", has_text="Nbgrader").click()
    page.locator("li.lm-Menu-item[data-command='nbgrader:open-assignment-list']").click()
    submitted = page.locator("#submitted_assignments_list .list_item", has_text=LAB).first
    expect(submitted).to_contain_text("feedback available to fetch")
    shot("feedback-available")
    submitted.get_by_role("button", name="Fetch Feedback").click()
    expect(submitted).to_contain_text("view feedback")
    fetched = list((server.root / LAB / "feedback").glob(f"*/{Path(NOTEBOOK).stem}.html"))
    assert len(fetched) == 1, f"Fetch Feedback wrote {fetched}"
    assert f"Autograder results: {COST_POINTS} / {MAX_SCORE}" in fetched[0].read_text()
    shot("feedback-fetched")

    # The learner reads it in JupyterLab's server (from JupyterLab, as the panel's link does):
    # the maths rendered offline, no raw LaTeX
    where = fetched[0].relative_to(server.root).as_posix()
    page.goto(f"{server.url}/files/{where}", referer=f"{server.url}/lab")
    expect(page.locator(".MathJax").first).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("$J(w,b)$")
    expect(page.locator("body")).to_contain_text(f"Autograder results: {COST_POINTS} / {MAX_SCORE}")
    shot("feedback-maths-rendered")
