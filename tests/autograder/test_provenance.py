"""Provenance per lab: only what can change a lab's verdicts marks its stored grades stale."""

import shutil

import pytest

from autograder import cells, provenance, submission
from autograder.provenance import PRESENTATION, lab_provenance, utils_modules
from autograder.results import SubmissionResult, SubmissionStatus
from autograder.syllabus import REPO_ROOT, load_syllabus

SYLLABUS = load_syllabus()
KMEANS = SYLLABUS.lab("c3w1-kmeans")


def test_imported_names_reads_imports_and_ignores_magics():
    code = "%matplotlib widget\nimport numpy as np\nfrom utils import data, plotting\n!ls\n"
    assert cells.imported_names(code) == ["numpy", "utils", "utils.data", "utils.plotting"]
    assert cells.imported_names("this is not python") == []


def test_the_kmeans_lab_depends_on_its_checks_and_data_not_on_the_plots():
    modules = utils_modules(cells.read_notebook(REPO_ROOT / KMEANS.source))
    assert {"utils", "utils.checks", "utils.checks.kmeans", "utils.data", "utils.records",
            "utils.session"} <= set(modules)  # fmt: skip
    assert not any(m.startswith(PRESENTATION) for m in modules)
    assert not any(m.startswith("utils.checks.") and m != "utils.checks.kmeans" for m in modules)


@pytest.mark.parametrize("lab", SYLLABUS.graded_labs, ids=lambda lab: lab.id)
def test_no_graded_cell_uses_a_presentation_module(lab):
    """Why the plots can be left out: answer and test cells never reach them."""
    source = cells.read_notebook(REPO_ROOT / lab.source)
    for cell in source.cells:
        if cells.is_answer_cell(cell) or cells.is_test_cell(cell):
            for name in ("plotting", "interactive"):
                assert name not in cell.source, (cells.grade_id(cell), name)


@pytest.fixture
def utils_copy(tmp_path, monkeypatch):
    """A copy of the utils package that provenance reads instead of the real one."""
    copy = tmp_path / "utils"
    shutil.copytree(REPO_ROOT / "utils", copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(provenance, "UTILS_DIR", copy)
    return copy


def _saved_result(tmp_path, lab_provenance):
    """A result graded with ``lab_provenance``, saved where the batch looks for it."""
    from autograder.coursedir import CourseRoot, write_json

    root = CourseRoot(tmp_path / "root")
    folder = root.course_dir / "submitted" / "ann" / KMEANS.id
    folder.mkdir(parents=True)
    notebook = folder / KMEANS.notebook.name
    shutil.copy(REPO_ROOT / KMEANS.notebook, notebook)
    graded_with = submission.provenance(lab_provenance, notebook)
    result = SubmissionResult("ann", KMEANS.id, SubmissionStatus.GRADED, provenance=graded_with)
    write_json(root.results_path(KMEANS.id, "ann"), result.to_json())
    return root, submission.Submission("ann", folder)


def test_a_plotting_change_regrades_nothing(utils_copy, tmp_path):
    before = {lab.id: lab_provenance(lab) for lab in SYLLABUS.graded_labs}
    root, sub = _saved_result(tmp_path, lab_provenance(KMEANS))
    with (utils_copy / "plotting.py").open("a") as f:
        f.write("\nCOLOUR_OF_THE_YEAR = '#BE3455'\n")
    assert {lab.id: lab_provenance(lab) for lab in SYLLABUS.graded_labs} == before
    assert submission.up_to_date(root, KMEANS, lab_provenance(KMEANS), sub) is not None


def test_a_change_to_the_kmeans_checks_regrades_the_kmeans_lab_only(utils_copy, tmp_path):
    before = {lab.id: lab_provenance(lab) for lab in SYLLABUS.graded_labs}
    root, sub = _saved_result(tmp_path, lab_provenance(KMEANS))
    with (utils_copy / "checks" / "kmeans.py").open("a") as f:
        f.write("\n# a new hint\n")
    after = {lab.id: lab_provenance(lab) for lab in SYLLABUS.graded_labs}
    assert [lab_id for lab_id in before if before[lab_id] != after[lab_id]] == [KMEANS.id]
    assert submission.up_to_date(root, KMEANS, lab_provenance(KMEANS), sub) is None


def test_a_change_to_shared_code_regrades_every_lab_that_imports_it(utils_copy):
    before = {lab.id: lab_provenance(lab) for lab in SYLLABUS.graded_labs}
    with (utils_copy / "records.py").open("a") as f:
        f.write("\n# records are shared by every graded lab\n")
    after = {lab.id: lab_provenance(lab) for lab in SYLLABUS.graded_labs}
    assert all(before[lab_id] != after[lab_id] for lab_id in before)


def test_the_provenance_names_its_seed_and_modules():
    found = lab_provenance(KMEANS).to_json()
    assert found["seed"] is not None and "utils.checks.kmeans" in found["utils_modules"]
    assert set(found) == {"source_sha256", "pins_sha256", "utils_sha256", "utils_modules", "seed"}
