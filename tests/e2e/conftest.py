"""Fixtures of the browser tests: a JupyterLab server per test, Debian's chromium, screenshots.

A missing chromium or Playwright fails the tests with the command that installs it: a skipped
browser test would pass for a suite that proves nothing.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from .server import LabServer, scratch_env

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # test_browser_available.py fails and says why; the flows cannot even import
    sync_playwright = None
    collect_ignore_glob = ["test_flow_*.py"]

CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
# a laptop's screen: what every learner-facing page must fit, and every flow's page
LAPTOP = {"width": 1366, "height": 768}
ARTIFACTS = Path(__file__).parent / "artifacts"  # git-ignored
TIMEOUT_MS = 60_000  # default for every wait: two shared cores run the rest of the suite too
if sync_playwright is not None:
    # expect() has its own default (5 s), which a page load on a loaded CI machine outlasts.
    expect.set_options(timeout=TIMEOUT_MS)


def missing_browser() -> str | None:
    """Why the browser tests cannot run (and how to fix it), or None."""
    if sync_playwright is None:
        return "Playwright is missing: run `make setup` (requirements.txt pins it)"
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        return f"no chromium at {CHROMIUM}: `make test-e2e` installs it (apt-get install chromium)"
    return None


class Shots:
    """Numbered screenshots of one test, in ``artifacts/<test name>/``."""

    def __init__(self, page: Page, folder: Path) -> None:
        self.page = page
        self.folder = folder
        self.paths: list[Path] = []
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)

    def __call__(self, step: str) -> Path:
        """Save the whole page as ``NN-<step>.png``."""
        path = self.folder / f"{len(self.paths) + 1:02d}-{step}.png"
        self.page.screenshot(path=path)
        self.paths.append(path)
        return path


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    """Debian's chromium, driven by Playwright (never Playwright's own download).

    Its profile, caches and crash reports go to a scratch folder, not the home folder.
    """
    if problem := missing_browser():
        pytest.fail(problem)
    with sync_playwright() as playwright:
        env = scratch_env(tmp_path_factory.mktemp("browser"))
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, env=env)
        yield browser
        browser.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LabServer]:
    """A fresh JupyterLab server on a copy of the course: its own kernels, settings, exchange."""
    lab = LabServer(tmp_path)
    lab.start()
    yield lab
    lab.stop()


@pytest.fixture
def page(browser: Browser, server: LabServer, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A new browser tab, in its own context (cookies, storage), for the test's server."""
    context = browser.new_context(viewport=LAPTOP)
    context.set_default_timeout(TIMEOUT_MS)
    request.node.e2e_server = server
    yield context.new_page()
    context.close()


@pytest.fixture
def shot(page: Page, request: pytest.FixtureRequest) -> Shots:
    """``shot(step)`` saves a screenshot of the page in ``artifacts/<test name>/``."""
    shots = Shots(page, ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.name))
    request.node.e2e_shots = shots
    return shots


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """On failure: a last screenshot, then the paths of every screenshot and the server's log."""
    report = yield
    shots: Shots | None = getattr(item, "e2e_shots", None)
    if report.failed and report.when == "call" and shots is not None:
        try:
            shots("failure")
        except Exception as exc:  # the page may be gone; the earlier screenshots are still there
            report.sections.append(("e2e", f"no failure screenshot: {exc}"))
        log = shutil.copy(item.e2e_server.log, shots.folder / "jupyter-lab.log")
        lines = [*map(str, shots.paths), f"server log: {log}"]
        report.sections.append(("e2e screenshots", "\n".join(lines)))
    return report
