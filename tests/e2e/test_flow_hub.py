"""Flow 5: the course on a real hub, in chromium at a laptop's size.

A learner signs in, gets JupyterLab (a server of the learner's own account), sees the released lab
in the Assignments panel and no instructor panel, and is refused the formgrader; a teaching
assistant who is no hub admin signs in and works in the formgrader. The hub runs in a private
mount namespace (``autograder.hub.trial``): its accounts never reach the host.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from playwright.sync_api import Browser, Page, expect

from autograder.hub.trial import ASSISTANT, PASSWORD, LiveHub, start_hub

from .conftest import ARTIFACTS, TIMEOUT_MS, Shots

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LAB = "c1w2-linear-regression"
LAPTOP = {"width": 1366, "height": 768}
SPAWN_MS = 180_000  # a learner's first server start on a loaded machine


@pytest.fixture(scope="module")
def hub() -> Iterator[LiveHub]:
    live = start_hub(["learner1"])
    try:
        course = [sys.executable, "-m", "autograder", "--root", str(live.course_folder)]
        released = live.inside(*course, "release", LAB)
        assert released.returncode == 0, released.stdout + released.stderr
        yield live
    finally:
        left = live.stop()
    assert not left, f"hub processes left running: {left}"


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


def test_a_learner_gets_jupyterlab_and_the_lab_but_no_formgrader(browser, hub, request):
    page, shot = _signed_in(browser, hub, "learner1", request, "learner")
    expect(page.locator("#jp-main-dock-panel")).to_be_visible(timeout=SPAWN_MS)
    assert "/user/learner1/lab" in page.url
    page.locator("li.lm-MenuBar-item", has_text="Nbgrader").click()
    menu = page.locator(".lm-Menu")
    expect(menu.locator("li[data-command='nbgrader:open-assignment-list']")).to_be_visible()
    expect(menu.locator("li[data-command='nbgrader:open-formgrader']")).not_to_be_visible()
    expect(menu.locator("li[data-command='nbgrader:open-create-assignment']")).not_to_be_visible()
    shot("nbgrader-menu-without-instructor-panels")
    menu.locator("li[data-command='nbgrader:open-assignment-list']").click()
    released = page.locator("#released_assignments_list .list_item", has_text=LAB)
    expect(released).to_have_count(1)
    shot("assignments-released")

    page.goto(f"{hub.url}/services/ml-course/formgrader")
    expect(page.get_by_text("403")).to_be_visible()
    shot("formgrader-refused")


def test_an_assistant_who_is_no_admin_works_in_the_formgrader(browser, hub, request):
    page, shot = _signed_in(browser, hub, ASSISTANT, request, "assistant")
    expect(page.locator("#jp-main-dock-panel")).to_be_visible(timeout=SPAWN_MS)
    page.goto(f"{hub.url}/services/ml-course/formgrader")
    expect(page.get_by_text("Manage Assignments").first).to_be_visible()
    expect(page.get_by_role("link", name=LAB)).to_be_visible()
    shot("formgrader-manage-assignments")
    admin = page.goto(f"{hub.url}/hub/admin")
    assert admin is not None and admin.status == 403  # reaches the course, not the hub's admin
