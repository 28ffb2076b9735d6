"""The computation graph of J = (w x + b - y)^2 / 2, revealed step by step.

Interactive tool of the back-propagation lab (course 2, week 2): :class:`BackpropGraph` draws the
graph as boxes, c = w x, a = c + b, d = a - y, J = d^2 / 2, and a "next step" button reveals first
each node's forward value (left to right), then each derivative dJ/dnode (right to left, by the
chain rule).
"""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.patches as mpatches

from utils.interactive.base import Explorer, new_figure
from utils.plotting import COLORS

# Box centres (x, y) of every node on a 10 x 4 canvas.
POSITIONS: dict[str, tuple[float, float]] = {
    "w": (0.8, 3.2),
    "x": (0.8, 1.8),
    "b": (3.2, 0.6),
    "y": (5.6, 0.6),
    "c": (3.2, 2.5),
    "a": (5.6, 2.5),
    "d": (7.6, 2.5),
    "J": (9.4, 2.5),
}
EDGES: tuple[tuple[str, str], ...] = (
    ("w", "c"),
    ("x", "c"),
    ("c", "a"),
    ("b", "a"),
    ("a", "d"),
    ("y", "d"),
    ("d", "J"),
)
FORMULAS: dict[str, str] = {
    "w": "w",
    "x": "x",
    "b": "b",
    "y": "y",
    "c": "c = w x",
    "a": "a = c + b",
    "d": "d = a - y",
    "J": "J = d²/2",
}
FORWARD_ORDER: tuple[str, ...] = ("c", "a", "d", "J")
BACKWARD_ORDER: tuple[str, ...] = ("J", "d", "a", "b", "c", "w")


def forward(w: float, b: float, x: float, y: float) -> dict[str, float]:
    """The value of every node of the graph.

    Args:
        w, b: the parameters; x, y: one training example.

    Returns:
        node name -> value, for w, x, b, y, c, a, d and J.
    """
    c = w * x
    a = c + b
    d = a - y
    return {"w": w, "x": x, "b": b, "y": y, "c": c, "a": a, "d": d, "J": d**2 / 2}


def backward(values: dict[str, float]) -> dict[str, float]:
    """dJ/dnode for every node that depends on a parameter, by the chain rule, right to left.

    Args:
        values: the forward values, as :func:`forward` returns them.

    Returns:
        node name -> dJ/dnode, for J, d, a, b, c and w.
    """
    grads = {"J": 1.0}
    grads["d"] = values["d"] * grads["J"]  # J = d^2 / 2  ->  dJ/dd = d
    grads["a"] = 1.0 * grads["d"]  # d = a - y  ->  dd/da = 1
    grads["b"] = 1.0 * grads["a"]  # a = c + b  ->  da/db = 1
    grads["c"] = 1.0 * grads["a"]  # a = c + b  ->  da/dc = 1
    grads["w"] = values["x"] * grads["c"]  # c = w x  ->  dc/dw = x
    return grads


class BackpropGraph(Explorer):
    """Boxes for the nodes of J = (w x + b - y)^2 / 2; a button reveals one step at a time.

    Attributes:
        values: every node's forward value.
        grads: dJ/dnode of the nodes on the path from w and b to J.
        step: how many of the forward-then-backward steps are revealed.
    """

    def __init__(self, w: float = 2.0, b: float = 8.0, x: float = -2.0, y: float = 2.0) -> None:
        """Args:
        w, b: the parameters; x, y: the training example.
        """
        self.values = forward(w, b, x, y)
        self.grads = backward(self.values)
        self.steps = [("value", n) for n in FORWARD_ORDER] + [("grad", n) for n in BACKWARD_ORDER]
        self.fig, self.ax = new_figure("wide")
        self.ax.set(xlim=(0, 10.3), ylim=(0, 4))
        self.ax.axis("off")
        self.ax.set_title("J = (w x + b - y)² / 2")
        for start, end in EDGES:
            self.ax.annotate(
                "",
                xy=POSITIONS[end],
                xytext=POSITIONS[start],
                arrowprops={"arrowstyle": "->", "color": "grey", "shrinkA": 22, "shrinkB": 28},
            )
        self.value_texts: dict[str, object] = {}
        self.grad_texts: dict[str, object] = {}
        for name, (cx, cy) in POSITIONS.items():
            self.ax.add_patch(
                mpatches.FancyBboxPatch(
                    (cx - 0.65, cy - 0.45),
                    1.3,
                    0.9,
                    boxstyle="round,pad=0.05",
                    facecolor="white",
                    edgecolor=COLORS.model,
                )
            )
            self.ax.text(cx, cy + 0.22, FORMULAS[name], ha="center", fontsize=9)
            self.value_texts[name] = self.ax.text(cx, cy - 0.05, "", ha="center", fontsize=9)
            self.grad_texts[name] = self.ax.text(
                cx, cy - 0.33, "", ha="center", fontsize=9, color=COLORS.highlight
            )
        self.next_button = widgets.Button(description="next step")
        self.all_button = widgets.Button(description="reveal all")
        self.reset_button = widgets.Button(description="reset")
        self.next_button.on_click(lambda _: self.show(self.step + 1))
        self.all_button.on_click(lambda _: self.show(len(self.steps)))
        self.reset_button.on_click(lambda _: self.show(0))
        self.status = widgets.Label()
        self.controls = [self.next_button, self.all_button, self.reset_button, self.status]
        self.show(0)

    def show(self, step: int) -> None:
        """Reveal the first ``step`` steps (the inputs are always shown).

        Args:
            step: 0 (inputs only) to 10 (every value and derivative); clipped to that range.
        """
        self.step = max(0, min(step, len(self.steps)))
        shown = set(self.steps[: self.step])
        for name in POSITIONS:
            known = name in "wxby" or ("value", name) in shown
            self.value_texts[name].set_text(f"= {self.values[name]:g}" if known else "= ?")
            grad = f"dJ/d{name} = {self.grads[name]:g}" if ("grad", name) in shown else ""
            self.grad_texts[name].set_text(grad)
        if self.step == 0:
            self.status.value = "inputs given; press 'next step' for the forward pass"
        else:
            kind, name = self.steps[self.step - 1]
            what = "value" if kind == "value" else "derivative"
            self.status.value = f"step {self.step}/{len(self.steps)}: {what} of {name}"
        self.redraw()

    def table(self) -> list[str]:
        """The revealed node values and derivatives, one formatted line per node.

        Returns:
            lines like ``"c = w x      value   -4  dJ/dc    2"``; unrevealed entries show ``?``.
        """
        shown = set(self.steps[: self.step])
        lines = []
        for name in ("w", "x", "b", "y", "c", "a", "d", "J"):
            value = self.values[name] if name in "wxby" or ("value", name) in shown else None
            grad = self.grads.get(name) if ("grad", name) in shown else None
            v = "?" if value is None else f"{value:g}"
            g = "-" if name in "xy" else ("?" if grad is None else f"{grad:g}")
            lines.append(f"{FORMULAS[name]:<10} value {v:>4}   dJ/d{name} {g:>4}")
        return lines
