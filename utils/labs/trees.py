"""Draw a decision tree with matplotlib alone: a box per node, an arrow per branch.

A tree is a :class:`Node` whose children hang under labelled branches. Build one by hand (the labs
build theirs while splitting), or from a fitted scikit-learn tree with :func:`from_sklearn`; then
draw it with :func:`draw_tree`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from matplotlib.axes import Axes
from matplotlib.text import Text

from utils.plotting import COLORS


@dataclass
class Node:
    """One node of a tree: the text in its box and its children.

    Attributes:
        text: what the box says, e.g. ``"pointy ears?"`` or ``"cat (4/4)"``.
        children: pairs (branch label, child node), drawn from left to right.
        leaf: True for a leaf (drawn in another colour); by default a node without children.
    """

    text: str
    children: list[tuple[str, Node]] = field(default_factory=list)
    leaf: bool | None = None

    def is_leaf(self) -> bool:
        """True when the node is a leaf."""
        return not self.children if self.leaf is None else self.leaf


def layout(root: Node) -> dict[int, tuple[float, float]]:
    """Positions of the boxes: leaves evenly spaced, each parent centred over its children.

    Args:
        root: the tree.

    Returns:
        ``{id(node): (x, y)}`` with x from 0 to the number of leaves - 1 and y = -depth.
    """
    positions: dict[int, tuple[float, float]] = {}
    next_leaf = [0.0]

    def place(node: Node, depth: int) -> float:
        if not node.children:
            x = next_leaf[0]
            next_leaf[0] += 1.0
        else:
            x = float(np.mean([place(child, depth + 1) for _, child in node.children]))
        positions[id(node)] = (x, -float(depth))
        return x

    place(root, 0)
    return positions


def draw_tree(ax: Axes, root: Node, *, fontsize: float = 10) -> list[Text]:
    """Draw the tree on ``ax``: boxes for nodes, arrows labelled with the branch for children.

    Args:
        ax: the axes to draw on (its frame and ticks are hidden).
        root: the tree.
        fontsize: size of the text in the boxes.

    Returns:
        The text artists of the boxes, in depth-first order (root first).
    """
    positions = layout(root)
    boxes: list[Text] = []

    def draw(node: Node) -> None:
        x, y = positions[id(node)]
        colour = COLORS.highlight if node.is_leaf() else COLORS.boundary
        boxes.append(
            ax.text(
                x,
                y,
                node.text,
                ha="center",
                va="center",
                fontsize=fontsize,
                zorder=3,
                bbox={
                    "boxstyle": "round,pad=0.4",
                    "facecolor": "white",
                    "edgecolor": colour,
                    "linewidth": 2,
                },
            )
        )
        for label, child in node.children:
            cx, cy = positions[id(child)]
            ax.annotate(
                "",
                xy=(cx, cy + 0.18),
                xytext=(x, y - 0.18),
                arrowprops={"arrowstyle": "->", "color": "gray"},
            )
            ax.text(
                (x + cx) / 2,
                (y + cy) / 2,
                label,
                ha="center",
                va="center",
                fontsize=fontsize - 1,
                color="gray",
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
            )
            draw(child)

    draw(root)
    xs, ys = zip(*positions.values(), strict=True)
    ax.set_xlim(min(xs) - 0.7, max(xs) + 0.7)
    ax.set_ylim(min(ys) - 0.5, max(ys) + 0.5)
    ax.set_axis_off()
    return boxes


def from_sklearn(
    model, feature_names: Sequence[str], class_names: Sequence[str] = ("0", "1")
) -> Node:
    """The tree of a fitted scikit-learn ``DecisionTreeClassifier`` as a :class:`Node`.

    Args:
        model: a fitted ``DecisionTreeClassifier``.
        feature_names: the name of each input column, length n.
        class_names: the name of each class, in the order of ``model.classes_``.

    Returns:
        The root: split nodes read ``"<feature> <= <threshold>"`` with branches ``"yes"`` (left)
        and ``"no"`` (right); leaves read ``"<majority class> (<count>/<samples>)"``.
    """
    tree = model.tree_

    def build(i: int) -> Node:
        counts = tree.value[i][0] * tree.weighted_n_node_samples[i]
        if tree.children_left[i] == -1:
            k = int(np.argmax(counts))
            samples = int(tree.n_node_samples[i])
            return Node(f"{class_names[k]} ({round(counts[k])}/{samples})")
        text = f"{feature_names[tree.feature[i]]} <= {tree.threshold[i]:.3g}"
        return Node(
            text, [("yes", build(tree.children_left[i])), ("no", build(tree.children_right[i]))]
        )

    return build(0)
