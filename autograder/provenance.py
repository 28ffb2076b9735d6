"""What a lab's grades are computed with, as hashes: a stored grade is stale when one changes.

A lab's provenance is the hash of its instructor source, of the pins (``requirements.txt``) and
of the ``utils`` modules its source imports, directly or through other ``utils`` modules, with
the parent packages that importing them runs. Presentation modules (``PRESENTATION``: the plot
style and the interactive figures) are left out: graded kernels draw no figures and no test cell
or answer cell uses them (``tests/autograder/test_provenance.py`` checks it), so a restyle
regrades nothing. A change to a lab's checks, data loaders or lab library regrades that lab only.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from nbformat import NotebookNode

from autograder import cells
from autograder.syllabus import REPO_ROOT, Lab

PINS_PATH = REPO_ROOT / "requirements.txt"
UTILS_DIR = REPO_ROOT / "utils"
# Modules that only draw: they cannot change a verdict, and are not part of any provenance.
PRESENTATION = ("utils.plotting", "utils.interactive")


def sha256_file(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def module_file(name: str) -> Path | None:
    """The file of a ``utils`` module or package, or None when ``name`` is not one."""
    parts = name.split(".")
    if parts[0] != "utils":
        return None
    base = UTILS_DIR.joinpath(*parts[1:])
    for candidate in (base / "__init__.py", base.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


def _presentation(name: str) -> bool:
    return any(name == p or name.startswith(p + ".") for p in PRESENTATION)


def utils_modules(notebook: NotebookNode) -> list[str]:
    """The ``utils`` modules that running ``notebook`` imports and that can change a verdict.

    Args:
        notebook: a lab's notebook (every code cell is read, hidden tests included).

    Returns:
        Sorted dotted module names, parent packages included, presentation modules left out.
    """
    code = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
    todo = [n for n in cells.imported_names(code) if module_file(n)]
    found: set[str] = set()
    while todo:
        name = todo.pop()
        if name in found or _presentation(name):
            continue
        found.add(name)
        parents = [".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 1)]
        source = module_file(name).read_text(encoding="utf-8")
        todo += parents + [n for n in cells.imported_names(source) if module_file(n)]
    return sorted(found)


def _modules_sha256(names: list[str]) -> str:
    digest = hashlib.sha256()
    for name in names:
        digest.update(name.encode() + b"\0" + module_file(name).read_bytes() + b"\0")
    return digest.hexdigest()


@dataclass(frozen=True)
class LabProvenance:
    """The hashes and seed that identify what a lab's grades were computed with."""

    source_sha256: str
    pins_sha256: str
    utils_sha256: str
    utils_modules: tuple[str, ...]
    seed: int | None

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "utils_modules": list(self.utils_modules)}


def lab_provenance(lab: Lab, source: NotebookNode | None = None) -> LabProvenance:
    """The provenance of a graded lab.

    Args:
        lab: a graded lab.
        source: its instructor source, when already read.
    """
    source = source or cells.read_notebook(REPO_ROOT / lab.source)
    seed = re.search(r"^SEED = (\d+)", cells.cell_source(source, "setup"), flags=re.MULTILINE)
    modules = utils_modules(source)
    return LabProvenance(
        source_sha256=sha256_file(REPO_ROOT / lab.source),
        pins_sha256=sha256_file(PINS_PATH),
        utils_sha256=_modules_sha256(modules),
        utils_modules=tuple(modules),
        seed=int(seed.group(1)) if seed else None,
    )
