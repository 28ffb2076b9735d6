"""autograder.home: the course home links every lab of the manifest and is kept fresh."""

import json
import re
import subprocess

from autograder import home
from autograder.syllabus import REPO_ROOT, load_syllabus

LINK = re.compile(r"\]\(([^)]+\.ipynb)\)")


def test_the_committed_home_is_what_the_manifest_gives():
    assert home.is_current(load_syllabus()), "START_HERE.md is out of date: run `make readme`"


def test_the_home_links_every_lab_once_and_every_link_opens_a_notebook():
    text = home.HOME_PATH.read_text(encoding="utf-8")
    links = LINK.findall(text)
    labs = [lab.notebook.as_posix() for lab in load_syllabus().labs]
    assert sorted(links) == sorted(labs)
    assert all((REPO_ROOT / link).is_file() for link in links)


def test_jupyterlab_shows_the_home_rendered():
    overrides = json.loads((REPO_ROOT / "autograder/jupyterlab/overrides.json").read_text())
    viewers = overrides["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]
    assert viewers["markdown"] == "Markdown Preview"
    assert home.HOME_PATH.read_text().startswith("# Start here")


def test_a_home_older_than_the_manifest_is_stale(tmp_path):
    old = tmp_path / "START_HERE.md"
    old.write_text(home.render(load_syllabus()).replace("Week 2", "Week two"))
    assert not home.is_current(load_syllabus(), old)
    assert home.update(load_syllabus(), old) and home.is_current(load_syllabus(), old)


def test_make_lab_opens_the_home():
    dry = subprocess.run(["make", "-n", "-C", str(REPO_ROOT), "lab"], capture_output=True,
                         text=True, check=True)  # fmt: skip
    assert f"--LabApp.default_url=/lab/tree/{home.HOME_PATH.name}" in dry.stdout
