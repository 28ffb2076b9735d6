"""Flow 6: a learner's first screen, the course home, at a laptop's size.

The server opens where `make lab` does (START_HERE.md); the home welcomes the learner and
links every lab; a link opens its lab; JupyterLab asks nothing about news; the file browser has
no "Modified" column.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

from .conftest import ARTIFACTS, LAPTOP, TIMEOUT_MS, Shots
from .server import LabServer

pytestmark = pytest.mark.browser

NEWS = "@jupyterlab/apputils-extension:notification"


def test_the_course_home_opens_first_and_leads_to_a_lab(browser: Browser, server: LabServer,
                                                         request):  # fmt: skip
    context = browser.new_context(viewport=LAPTOP)
    context.set_default_timeout(TIMEOUT_MS)
    request.addfinalizer(context.close)
    page = context.new_page()
    shot = Shots(page, ARTIFACTS / "course-home")
    request.node.e2e_shots, request.node.e2e_server = shot, server

    page.goto(server.url)  # no path: the server's default page, as `make lab` opens it
    home = page.locator("#jp-main-dock-panel .jp-RenderedMarkdown").first  # rendered, no kernel
    expect(home.get_by_role("heading", name="Start here")).to_be_visible()
    expect(page.locator(".lm-TabBar-tab.jp-mod-current")).to_contain_text("START_HERE.md")
    # JupyterLab never asks about news: the course's default (overrides.json) says "Never"
    news = page.request.get(f"{server.url}/lab/api/settings/{NEWS}").json()
    assert news["schema"]["properties"]["fetchNews"]["default"] == "false", news["schema"]
    expect(page.get_by_text("Would you like to get notified")).to_have_count(0)
    shot("course-home")

    # the file browser gives its room to the names: no "Modified" column
    page.locator(".jp-DirListing-item", has_text="course1").dblclick()
    page.locator(".jp-DirListing-item", has_text="week2").dblclick()
    names = page.locator(".jp-DirListing-item .jp-DirListing-itemText")
    expect(names.filter(has_text="C1_W2_Linear_Regression.ipynb")).to_have_count(1)
    expect(page.locator(".jp-DirListing-headerItem.jp-id-modified")).to_be_hidden()
    shot("file-browser")

    home.get_by_role("link", name="Linear regression with one variable").click()
    expect(page.locator(".lm-TabBar-tab.jp-mod-current")).to_contain_text(
        "C1_W2_Linear_Regression.ipynb"
    )
    expect(page.get_by_role("heading", name="Linear regression with one variable")).to_be_visible()
    shot("lab-opened-from-home")
    tab = page.locator(".lm-TabBar-tab", has_text="START_HERE.md")
    expect(tab).not_to_have_class(re.compile(r"\bjp-mod-dirty\b"))  # reading changed nothing
