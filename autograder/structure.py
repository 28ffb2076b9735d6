"""Structure repair: match a learner's cells back to the source, whatever was done to them.

Graded cells (answer cells and locked cells such as tests and the header's imports) are
identified by their grade id; a cell whose metadata was edited or removed is identified by the
checksum of its public source (locked cells) or by the name it defines (answer cells). Then:

- locked cells are always the source's own (with hidden tests); missing ones are restored;
  duplicates and edited copies are replaced;
- answer cells keep the learner's code, get back the source's metadata, and become code cells
  again if they were turned into markdown or raw cells;
- graded cells are put back in the source's order; each of the learner's own cells stays right
  after the graded cell it followed.

Every repair is reported in plain words.
"""

from __future__ import annotations

import copy
import hashlib
import re

from nbformat import NotebookNode
from nbformat.v4 import new_code_cell

from autograder import cells

# The nbgrader metadata that decides how a cell is graded (nbgrader adds others, e.g. checksums).
GRADING_KEYS = ("grade", "solution", "locked", "points", "grade_id", "task")


def _checksum(source: str) -> str:
    return hashlib.sha256(source.strip().encode()).hexdigest()


def _defines(source: str, name: str) -> bool:
    return bool(
        re.search(rf"^(def|class)\s+{re.escape(name)}\b|^{re.escape(name)}\s*=", source, re.M)
    )


def _cleared(cell: NotebookNode) -> NotebookNode:
    cell = copy.deepcopy(cell)
    if cell.cell_type == "code":
        cell.outputs = []
        cell.execution_count = None
    return cell


def _as_answer(learner: NotebookNode, source: NotebookNode) -> tuple[NotebookNode, list[str]]:
    """The learner's answer cell as a code cell carrying the source's grading metadata."""
    gid = cells.grade_id(source)
    notes = []
    cell = _cleared(learner)
    if cell.cell_type != "code":
        notes.append(f"turned the answer cell {gid!r} back into a code cell")
        cell = new_code_cell(cell.source, metadata=cell.metadata, id=cell.get("id", gid))
    mine, theirs = cells.nbgrader_meta(cell), cells.nbgrader_meta(source)
    if any(mine.get(key) != theirs.get(key) for key in GRADING_KEYS):
        if cells.grade_id(learner) == gid:
            notes.append(f"restored the grading metadata of the answer cell {gid!r}")
        meta = {k: v for k, v in mine.items() if k not in GRADING_KEYS}
        meta.update({k: theirs[k] for k in GRADING_KEYS if k in theirs})
        cell.metadata["nbgrader"] = meta
    return cell, notes


def assemble(reference: NotebookNode, submission: NotebookNode) -> tuple[NotebookNode, list[str]]:
    """The notebook to run: the learner's cells matched back to the reference's structure.

    Args:
        reference: the instructor source (grading) or the released student notebook (self-check).
        submission: the learner's notebook.

    Returns:
        The notebook to execute (outputs cleared) and the repairs made, in plain words.
    """
    graded = {
        cells.grade_id(c): c
        for c in reference.cells
        if cells.is_locked_cell(c) or cells.is_answer_cell(c)
    }
    locked = {gid: c for gid, c in graded.items() if cells.is_locked_cell(c)}
    answers = {gid: c for gid, c in graded.items() if cells.is_answer_cell(c)}
    public = {g: _checksum(cells.strip_hidden_tests(c.source)) for g, c in locked.items()}
    by_checksum = {checksum: g for g, checksum in public.items()}
    notes: list[str] = []

    present = {cells.grade_id(c) for c in submission.cells}

    def identify(cell: NotebookNode, found: dict) -> str | None:
        """The grade id of the source cell this one is; content decides only for lost ids."""
        gid = cells.grade_id(cell)
        if gid in locked or gid in answers:
            return gid
        match = by_checksum.get(_checksum(cell.source))
        if match and match not in present and match not in found:
            notes.append(f"recognised the cell {match!r} by its content (its metadata was edited)")
            return match
        for name in answers:
            lost = name not in present and name not in found
            if lost and cell.cell_type == "code" and _defines(cell.source, name):
                notes.append(f"recognised the answer cell {name!r} by the name it defines")
                return name
        return None

    found: dict[str, NotebookNode] = {}  # in the learner's order
    attached: dict[str | None, list[NotebookNode]] = {None: []}
    current: str | None = None
    for cell in submission.cells:
        gid = identify(cell, found)
        if gid is not None and gid not in found:
            found[gid] = cell
            attached[gid] = []
            current = gid
            continue
        if gid in locked:
            notes.append(f"dropped a duplicate of the locked cell {gid!r}")
            continue
        own_id = cells.grade_id(cell)
        cell = _cleared(cell)
        if gid in answers:
            notes.append(f"kept a duplicate of the answer cell {gid!r} as an ordinary cell")
        if cells.nbgrader_meta(cell):
            del cell.metadata["nbgrader"]
            if gid not in answers:
                notes.append(f"ignored grading metadata of a cell not in the source ({own_id!r})")
        attached[current].append(cell)

    if list(found) != [g for g in graded if g in found]:
        notes.append("put the graded cells back in the order of the source")

    # Graded cells in the source's order; the learner's own cells follow the graded cell they
    # followed. A restored locked cell goes right after the graded cell before it in the source.
    out: list[NotebookNode] = []
    following = attached[None]
    for gid, source_cell in graded.items():
        if gid in found:
            out += following
            following = attached[gid]
        if gid in locked:
            learner = found.get(gid)
            if learner is None:
                notes.append(f"restored the missing cell {gid!r} from the source")
            elif _checksum(learner.source) not in (public[gid], _checksum(source_cell.source)):
                notes.append(f"replaced the edited cell {gid!r} with the source's")
            out.append(_cleared(source_cell))
        elif gid in found:
            cell, answer_notes = _as_answer(found[gid], source_cell)
            notes += answer_notes
            out.append(cell)
        else:
            notes.append(f"the answer cell {gid!r} is missing")
    out += following
    nb = copy.copy(submission)
    nb.cells = out
    return nb, notes
