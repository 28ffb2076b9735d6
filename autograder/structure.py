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

Every repair is reported in plain words. ``assemble`` runs three named steps, each a function
with its own test: ``match_cells`` (``identify`` each cell, keep the learner's ``own_cell``s),
``order_notes``, and ``rebuild`` (``restore_locked`` and ``restore_answer`` per graded cell).
"""

from __future__ import annotations

import copy
import hashlib
import re
from collections.abc import Collection
from dataclasses import dataclass, field

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


@dataclass
class SourceIndex:
    """The reference's graded cells, by grade id in the reference's order.

    Attributes:
        graded: every graded cell (locked and answer cells).
        locked: the locked cells (tests, the header's imports).
        answers: the answer cells.
        public: the checksum of each locked cell's public code (hidden tests removed).
    """

    graded: dict[str, NotebookNode]
    locked: dict[str, NotebookNode]
    answers: dict[str, NotebookNode]
    public: dict[str, str]

    @classmethod
    def of(cls, reference: NotebookNode) -> SourceIndex:
        graded = {
            cells.grade_id(c): c
            for c in reference.cells
            if cells.is_locked_cell(c) or cells.is_answer_cell(c)
        }
        locked = {gid: c for gid, c in graded.items() if cells.is_locked_cell(c)}
        answers = {gid: c for gid, c in graded.items() if cells.is_answer_cell(c)}
        public = {g: _checksum(cells.strip_hidden_tests(c.source)) for g, c in locked.items()}
        return cls(graded, locked, answers, public)


@dataclass
class Matching:
    """The learner's cells matched to the reference.

    Attributes:
        found: the graded cells identified, by grade id, in the learner's order.
        attached: the learner's own cells after each graded cell (None: before any).
        notes: the repairs made so far, in plain words.
    """

    found: dict[str, NotebookNode] = field(default_factory=dict)
    attached: dict[str | None, list[NotebookNode]] = field(default_factory=lambda: {None: []})
    notes: list[str] = field(default_factory=list)


def identify(
    cell: NotebookNode, index: SourceIndex, present: set[str | None], taken: Collection[str]
) -> tuple[str | None, str | None]:
    """Which graded cell of the reference a learner's cell is: its grade id when it carries one
    of the reference's; for an id the notebook lost, the checksum of a locked cell's public code
    or the name an answer cell defines.

    Args:
        cell: the learner's cell.
        index: the reference's graded cells.
        present: the grade ids anywhere in the learner's notebook.
        taken: the grade ids already matched to an earlier cell.

    Returns:
        The grade id (None for the learner's own cells), and a note when content decided.
    """
    gid = cells.grade_id(cell)
    if gid in index.graded:
        return gid, None
    lost = {g for g in index.graded if g not in present and g not in taken}
    by_checksum = {checksum: g for g, checksum in index.public.items()}
    match = by_checksum.get(_checksum(cell.source))
    if match in lost:
        return match, f"recognised the cell {match!r} by its content (its metadata was edited)"
    for name in index.answers:
        if name in lost and cell.cell_type == "code" and _defines(cell.source, name):
            return name, f"recognised the answer cell {name!r} by the name it defines"
    return None, None


def own_cell(
    cell: NotebookNode, gid: str | None, index: SourceIndex
) -> tuple[NotebookNode, list[str]]:
    """A cell that stays the learner's own: outputs cleared, any grading metadata removed.

    Args:
        cell: the learner's cell.
        gid: the graded cell it duplicates, if any.
        index: the reference's graded cells.

    Returns:
        The cell to keep and the notes about it.
    """
    notes = []
    own_id = cells.grade_id(cell)
    cell = _cleared(cell)
    if gid in index.answers:
        notes.append(f"kept a duplicate of the answer cell {gid!r} as an ordinary cell")
    if cells.nbgrader_meta(cell):
        del cell.metadata["nbgrader"]
        if gid not in index.answers:
            notes.append(f"ignored grading metadata of a cell not in the source ({own_id!r})")
    return cell, notes


def match_cells(index: SourceIndex, submission: NotebookNode) -> Matching:
    """Step 1: identify each of the learner's cells; drop duplicates of locked cells; keep the
    learner's own cells attached to the graded cell they follow."""
    matching = Matching()
    present = {cells.grade_id(c) for c in submission.cells}
    current: str | None = None
    for cell in submission.cells:
        gid, note = identify(cell, index, present, matching.found)
        if gid is not None and gid not in matching.found:
            matching.notes += [note] if note else []
            matching.found[gid] = cell
            matching.attached[gid] = []
            current = gid
        elif gid in index.locked:
            matching.notes.append(f"dropped a duplicate of the locked cell {gid!r}")
        else:
            kept, notes = own_cell(cell, gid, index)
            matching.notes += notes
            matching.attached[current].append(kept)
    return matching


def order_notes(index: SourceIndex, matching: Matching) -> list[str]:
    """Step 2: whether the graded cells were out of the reference's order."""
    in_source_order = [g for g in index.graded if g in matching.found]
    if list(matching.found) != in_source_order:
        return ["put the graded cells back in the order of the source"]
    return []


def restore_locked(
    source: NotebookNode, learner: NotebookNode | None, public: str
) -> tuple[NotebookNode, list[str]]:
    """The reference's locked cell (hidden tests included), whatever the learner's copy holds.

    Args:
        source: the reference's locked cell.
        learner: the learner's copy, or None when it is gone.
        public: the checksum of the source cell's public code.
    """
    gid = cells.grade_id(source)
    if learner is None:
        return _cleared(source), [f"restored the missing cell {gid!r} from the source"]
    if _checksum(learner.source) not in (public, _checksum(source.source)):
        return _cleared(source), [f"replaced the edited cell {gid!r} with the source's"]
    return _cleared(source), []


def restore_answer(learner: NotebookNode, source: NotebookNode) -> tuple[NotebookNode, list[str]]:
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


def rebuild(index: SourceIndex, matching: Matching) -> tuple[list[NotebookNode], list[str]]:
    """Step 3: the graded cells in the reference's order, locked cells from the reference, answer
    cells from the learner; the learner's own cells follow the graded cell they followed, and a
    restored locked cell goes right after the graded cell before it in the reference."""
    out: list[NotebookNode] = []
    notes: list[str] = []
    following = matching.attached[None]
    for gid, source_cell in index.graded.items():
        learner = matching.found.get(gid)
        if learner is not None:
            out += following
            following = matching.attached[gid]
        if gid in index.locked:
            cell, cell_notes = restore_locked(source_cell, learner, index.public[gid])
        elif learner is not None:
            cell, cell_notes = restore_answer(learner, source_cell)
        else:
            notes.append(f"the answer cell {gid!r} is missing")
            continue
        notes += cell_notes
        out.append(cell)
    return out + following, notes


def assemble(reference: NotebookNode, submission: NotebookNode) -> tuple[NotebookNode, list[str]]:
    """The notebook to run: the learner's cells matched back to the reference's structure.

    Args:
        reference: the instructor source (grading) or the released student notebook (self-check).
        submission: the learner's notebook (not modified).

    Returns:
        The notebook to execute (outputs cleared) and the repairs made, in plain words.
    """
    index = SourceIndex.of(reference)
    matching = match_cells(index, submission)
    out, rebuilt = rebuild(index, matching)
    nb = copy.copy(submission)
    nb.metadata = copy.deepcopy(submission.metadata)  # running fills in the language's metadata
    nb.cells = out
    return nb, matching.notes + order_notes(index, matching) + rebuilt
