"""What a learner does to a notebook in JupyterLab, as Playwright steps that wait on the page.

Selectors and waits follow /work/shared/notes/browser-testing.md (JupyterLab 4.6, nbgrader 0.9).
"""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

RUN_TIMEOUT_MS = 180_000  # a whole notebook on two busy cores
IDLE_FOR_MS = 500  # the kernel reports idle, busy, idle again as it starts: wait out the blip
CELLS = ".jp-Notebook .jp-Cell"
# What a learner types into the exercises of c1w2-linear-regression: correct answers. The editor
# indents the line after `...:` by itself, so the lines carry no indentation.
COST = ["def compute_cost(x, y, w, b):", "return np.sum((w * x + b - y) ** 2) / (2 * x.shape[0])"]
GRADIENT = [
    "def compute_gradient(x, y, w, b):",
    "err = w * x + b - y",
    "return np.mean(err * x), np.mean(err)",
]
ERROR_OUTPUTS = ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"

# Idle means: a kernel is connected (the status bar says "<kernel name> | Idle"; before that the
# execution indicator already says idle, with "No Kernel") and nothing runs.
KERNEL_STATUS = ".jp-StatusBar-TextItem[title^='Change kernel']"
_STABLY_IDLE = """([indicator, kernel, ms]) => {
    const running = document.querySelector(indicator)?.dataset.status;
    const status = document.querySelector(kernel)?.textContent ?? "";
    if (running !== "idle" || !status.endsWith("| Idle") || status.startsWith("No Kernel")) {
        window.__e2eIdleSince = undefined;
        return false;
    }
    window.__e2eIdleSince ??= performance.now();
    return performance.now() - window.__e2eIdleSince >= ms;
}"""


def wait_idle(page: Page, timeout_ms: float = RUN_TIMEOUT_MS) -> None:
    """Wait until the notebook's kernel is connected and has been idle for ``IDLE_FOR_MS``."""
    page.evaluate("() => { window.__e2eIdleSince = undefined; }")
    page.wait_for_function(
        _STABLY_IDLE, arg=[".jp-Notebook-ExecutionIndicator", KERNEL_STATUS, IDLE_FOR_MS],
        polling=100, timeout=timeout_ms,
    )  # fmt: skip


def open_notebook(page: Page, base_url: str, path: str) -> None:
    """Open a notebook in a reset workspace (the default layout) and wait for its idle kernel."""
    page.goto(f"{base_url}/lab/tree/{path}?reset")
    expect(page.locator(".jp-NotebookPanel")).to_be_visible()
    wait_idle(page)


def cell(page: Page, source_text: str) -> Locator:
    """The one cell whose source contains ``source_text``."""
    inputs = page.locator(".jp-InputArea-editor", has_text=source_text)
    found = page.locator(CELLS).filter(has=inputs)
    expect(found).to_have_count(1)
    return found


def source_of(target: Locator) -> str:
    """The text in a cell's editor, as CodeMirror shows it (one line per ``.cm-line``)."""
    return "\n".join(target.locator(".cm-line").all_inner_texts())


def indented(lines: list[str]) -> str:
    """The source that typing ``lines`` gives: the first line, then a body indented by 4."""
    return "\n".join([lines[0], *("    " + line for line in lines[1:])])


def type_into(page: Page, target: Locator, lines: list[str]) -> str:
    """Replace a cell's source by typing ``lines`` (Enter between them); the source it now shows.

    The editor indents after Enter as it does for a person: the lines carry only the
    indentation the editor does not add by itself.
    """
    target.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    for index, line in enumerate(lines):
        if index:
            page.keyboard.press("Enter")
        page.keyboard.type(line)
    return source_of(target)


def run_all(page: Page) -> None:
    """Run > Run All Cells, from the menu bar as a learner does."""
    page.locator("li.lm-MenuBar-item", has_text="Run").click()
    page.locator("li.lm-Menu-item[data-command='runmenu:run-all']").click()


def run_cell(page: Page, target: Locator) -> None:
    """Put the cursor in a cell and press Ctrl+Enter (run it, stay there)."""
    target.locator(".cm-content").click()
    page.keyboard.press("Control+Enter")


def run_code_at_end(page: Page, code: str) -> str:
    """Add a code cell under the last one, type ``code`` (one line), run it: what it printed."""
    cells = page.locator(CELLS)
    count = cells.count()
    cells.last.locator(".jp-InputPrompt").click()  # selects the cell, in command mode
    page.keyboard.press("Escape")
    page.keyboard.press("b")  # insert a cell below
    expect(cells).to_have_count(count + 1)
    new = cells.nth(count)
    new.locator(".cm-content").click()
    page.keyboard.type(code)
    page.keyboard.press("Control+Enter")
    expect(new.locator(".jp-InputPrompt")).to_have_text(re.compile(r"\[\d+\]"))  # it ran
    return "\n".join(new.locator(".jp-OutputArea-output").all_inner_texts())


def validate(page: Page) -> Locator:
    """Press nbgrader's Validate button (it saves, then runs every test); the result dialog."""
    page.locator("jp-button.validate-button").click()
    dialog = page.locator(".nbgrader-SuccessDialog, .nbgrader-ErrorDialog")
    expect(dialog).to_be_visible(timeout=RUN_TIMEOUT_MS)
    return dialog


def close_dialog(page: Page) -> None:
    """Close the open dialog with its button, and wait until it is gone."""
    dialog = page.locator(".jp-Dialog")
    dialog.locator("button.jp-Dialog-button").last.click()
    expect(dialog).to_have_count(0)
