"""The browser tests can run: Playwright and Debian's chromium are installed.

Without them the flows would not even be collected; this test then fails and says what to install,
so that a machine without a browser never reports the end-to-end suite as passed.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from .conftest import CHROMIUM, missing_browser
from .server import scratch_env

pytestmark = pytest.mark.browser


def test_playwright_and_chromium_are_installed(tmp_path: Path):
    assert missing_browser() is None, missing_browser()
    version = subprocess.run(
        [CHROMIUM, "--version"], env=scratch_env(tmp_path), capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    assert version.returncode == 0 and "Chromium" in version.stdout, version.stdout + version.stderr
