"""The shape of the utils package: course-wide modules at the top, one meaning per public name."""

import ast
from collections import defaultdict

from autograder.syllabus import REPO_ROOT

UTILS = REPO_ROOT / "utils"


def _public_functions() -> dict[str, list[str]]:
    """Every public top-level function and class of utils, by name: the modules defining it."""
    found = defaultdict(list)
    for path in sorted(UTILS.rglob("*.py")):
        module = ".".join(path.relative_to(REPO_ROOT).with_suffix("").parts)
        for node in ast.parse(path.read_text()).body:
            defines = isinstance(node, ast.FunctionDef | ast.ClassDef)
            if defines and not node.name.startswith("_"):
                found[node.name].append(module)
    return found


def test_no_two_public_functions_share_a_name():
    """One name, one meaning. The exceptions are what every lab's checks module may have once: a
    check_<exercise> for each of its exercises (exercises of different labs share names:
    compute_cost, model) and ``trusted_helpers``, the lab's trusted versions of earlier
    exercises."""
    per_lab = ("check_", "trusted_helpers")
    shared = {
        name: modules
        for name, modules in _public_functions().items()
        if len(modules) > 1
        and not (name.startswith(per_lab) and all(m.startswith("utils.checks.") for m in modules))
    }
    assert shared == {}


def test_the_top_of_utils_is_course_wide():
    """Lab libraries live in utils/labs/, checks in utils/checks/, tools in utils/interactive/."""
    top = sorted(p.stem for p in UTILS.glob("*.py"))
    assert top == ["__init__", "data", "image_data", "maths", "plotting", "records", "session"]
    assert sorted(p.name for p in UTILS.iterdir() if p.is_dir() and p.name != "__pycache__") == [
        "checks",
        "interactive",
        "labs",
    ]
