"""Flow 5: the course on a real hub, in chromium at a laptop's size.

Two learners sign in and get JupyterLab (a server of each learner's own account) with the
Assignments panel and no instructor panel. The first fetches the released lab, answers it in the
notebook and submits; the second fetches and submits the lab untouched. The instructor collects,
grades with the sandboxed autograder and releases feedback; each learner fetches feedback in the
panel and reads their own, and the second cannot open the first one's server nor the formgrader.
A teaching assistant who is no hub admin signs in and works in the formgrader. The hub runs in a
private mount namespace (``autograder.hub.trial``): its accounts never reach the host.

One test per role, because the learners' steps depend on each other and pytest-xdist may run two
tests of a module in two processes, each with a hub of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from playwright.sync_api import Browser, Page, expect

from autograder.hub.trial import ASSISTANT, PASSWORD, LiveHub, start_hub

from . import notebook as nb
from .conftest import ARTIFACTS, LAPTOP, TIMEOUT_MS, Shots

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LAB = "c1w2-linear-regression"
NOTEBOOK = "C1_W2_Linear_Regression.ipynb"
MAX_SCORE = 20  # compute_cost and compute_gradient, 10 points each
STAMP = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")  # a submission's time in the panel
SPAWN_MS = 180_000  # a learner's first server start on a loaded machine


@pytest.fixture(scope="module")
def hub() -> Iterator[LiveHub]:
    live = start_hub(["learner1", "learner2"])
    try:
        instructor(live, "release", LAB)
        yield live
    finally:
        left = live.stop()
    assert not left, f"hub processes left running: {left}"


def instructor(hub: LiveHub, *args: str) -> None:
    """Run ``python -m autograder`` on the hub's course, as the instructor does."""
    done = hub.autograder(*args)
    assert done.returncode == 0, done.stdout + done.stderr


def _signed_in(browser: Browser, hub: LiveHub, user: str, request, name: str) -> tuple[Page, Shots]:
    """A new browser context at a laptop's size, signed in to the hub as ``user``."""
    context = browser.new_context(viewport=LAPTOP)
    context.set_default_timeout(TIMEOUT_MS)
    request.addfinalizer(context.close)
    page = context.new_page()
    shots = Shots(page, ARTIFACTS / f"hub-{name}")
    request.node.e2e_shots, request.node.e2e_server = shots, SimpleNamespace(log=hub.log)
    page.goto(f"{hub.url}/hub/login")
    page.locator("#username_input").fill(user)
    page.locator("#password_input").fill(PASSWORD)
    shots("sign-in")
    page.locator("#login_submit").click()
    return page, shots


def _assignments(page: Page) -> None:
    """Open Nbgrader > Assignments from the menu bar, as a learner does."""
    page.locator("li.lm-MenuBar-item", has_text="Nbgrader").click()
    page.locator("li.lm-Menu-item[data-command='nbgrader:open-assignment-list']").click()


def _fetch(page: Page, shot: Shots) -> None:
    """Fetch the released lab in the Assignments panel."""
    released = page.locator("#released_assignments_list .list_item", has_text=LAB)
    expect(released).to_have_count(1)
    shot("assignments-released")
    released.get_by_role("button", name="Fetch").click()
    expect(page.locator("#fetched_assignments_list .list_item", has_text=LAB)).to_have_count(1)
    shot("assignments-fetched")


def _submit(page: Page, shot: Shots) -> None:
    """Submit the fetched lab in the Assignments panel; it shows the submission's time."""
    fetched = page.locator("#fetched_assignments_list .list_item", has_text=LAB)
    fetched.get_by_role("button", name="Submit").click()
    submitted = page.locator("#submitted_assignments_list .list_item", has_text=LAB)
    expect(submitted).to_have_count(1)
    expect(submitted).to_contain_text(STAMP)
    shot("assignments-submitted")


def _fetch_feedback(page: Page, hub: LiveHub, user: str, shot: Shots) -> str:
    """Fetch Feedback in a fresh Assignments panel, then open the feedback: its text."""
    page.goto(f"{hub.url}/user/{user}/lab?reset")
    _assignments(page)
    submitted = page.locator("#submitted_assignments_list .list_item", has_text=LAB).first
    expect(submitted).to_contain_text("feedback available to fetch")
    shot("feedback-available")
    submitted.get_by_role("button", name="Fetch Feedback").click()
    expect(submitted).to_contain_text("view feedback")
    shot("feedback-fetched")
    # the feedback's own page, as the panel's link opens it, in this learner's server
    listing = page.request.get(f"{hub.url}/user/{user}/api/contents/{LAB}/feedback").json()
    (stamp,) = [entry["path"] for entry in listing["content"]]
    page.goto(f"{hub.url}/user/{user}/files/{stamp}/{NOTEBOOK.replace('.ipynb', '.html')}")
    shot("feedback-read")
    return page.locator("body").inner_text()


def test_learners_fetch_answer_submit_and_read_their_own_feedback(browser, hub, request):
    first, shot = _signed_in(browser, hub, "learner1", request, "learner1")
    expect(first.locator("#jp-main-dock-panel")).to_be_visible(timeout=SPAWN_MS)
    assert "/user/learner1/lab" in first.url
    first.locator("li.lm-MenuBar-item", has_text="Nbgrader").click()
    menu = first.locator(".lm-Menu")
    expect(menu.locator("li[data-command='nbgrader:open-assignment-list']")).to_be_visible()
    expect(menu.locator("li[data-command='nbgrader:open-formgrader']")).not_to_be_visible()
    expect(menu.locator("li[data-command='nbgrader:open-create-assignment']")).not_to_be_visible()
    shot("nbgrader-menu-without-instructor-panels")
    menu.locator("li[data-command='nbgrader:open-assignment-list']").click()
    _fetch(first, shot)

    # learner1 opens the fetched notebook from the file browser, answers both exercises, saves
    first.get_by_title("Refresh the file browser").click()
    first.locator(".jp-DirListing-item", has_text=LAB).dblclick()
    first.locator(".jp-DirListing-item", has_text=NOTEBOOK).dblclick()
    expect(first.locator(".jp-NotebookPanel")).to_be_visible()
    nb.wait_idle(first)
    for answer in (nb.COST, nb.GRADIENT):
        assert nb.type_into(first, nb.cell(first, answer[0]), answer) == nb.indented(answer)
    first.keyboard.press("Control+s")
    expect(first.locator(".lm-TabBar-tab.jp-mod-dirty")).to_have_count(0)  # saved
    shot("answered-and-saved")
    first.locator(".lm-TabBar-tab", has_text="Assignments").click()
    _submit(first, shot)

    # learner2 fetches and submits the lab untouched
    second, shot2 = _signed_in(browser, hub, "learner2", request, "learner2")
    expect(second.locator("#jp-main-dock-panel")).to_be_visible(timeout=SPAWN_MS)
    _assignments(second)
    _fetch(second, shot2)
    _submit(second, shot2)

    instructor(hub, "collect", LAB)
    instructor(hub, "autograde", LAB, "--workers", "1")
    instructor(hub, "feedback", LAB)

    text = _fetch_feedback(first, hub, "learner1", shot)
    assert f"Autograder results: {MAX_SCORE} / {MAX_SCORE}" in text, text[:500]
    text = _fetch_feedback(second, hub, "learner2", shot2)
    assert f"Autograder results: 0 / {MAX_SCORE}" in text, text[:500]

    # learner2's panel lists learner2's submission only; learner1's server and the formgrader
    # refuse learner2
    second.goto(f"{hub.url}/user/learner2/lab?reset")
    _assignments(second)
    submitted = second.locator("#submitted_assignments_list")
    expect(submitted).to_contain_text("view feedback")
    assert len(STAMP.findall(submitted.inner_text())) == 1, submitted.inner_text()
    shot2("only-own-submission")
    other = second.goto(f"{hub.url}/user/learner1/lab")
    assert other is not None and other.status == 403, other and other.status
    shot2("learner1s-server-refused")
    second.goto(f"{hub.url}/services/ml-course/formgrader")
    expect(second.get_by_text("403")).to_be_visible()
    shot2("formgrader-refused")


def test_an_assistant_who_is_no_admin_works_in_the_formgrader(browser, hub, request):
    page, shot = _signed_in(browser, hub, ASSISTANT, request, "assistant")
    expect(page.locator("#jp-main-dock-panel")).to_be_visible(timeout=SPAWN_MS)
    page.goto(f"{hub.url}/services/ml-course/formgrader")
    expect(page.get_by_text("Manage Assignments").first).to_be_visible()
    expect(page.get_by_role("link", name=LAB)).to_be_visible()
    shot("formgrader-manage-assignments")
    admin = page.goto(f"{hub.url}/hub/admin")
    assert admin is not None and admin.status == 403  # reaches the course, not the hub's admin
