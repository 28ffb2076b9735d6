"""The entropy H(p) of a node, with a slider over p, the fraction of positive examples.

Interactive tool of the decision-tree lab (course 2, week 4): :class:`EntropySlider` draws the curve
H(p) = -p log2(p) - (1 - p) log2(1 - p) with the current point marked, and beside it the node as a
bar of positive and negative examples.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from utils.interactive.base import Explorer, new_figure
from utils.plotting import COLORS, plot_curve


def entropy(p: float | np.ndarray) -> np.ndarray:
    """The entropy in bits of a node whose fraction of positive examples is ``p``.

    Args:
        p: fraction(s) of positives, in [0, 1]; any shape.

    Returns:
        H(p), the same shape as ``p``; 0 where p is 0 or 1 (0 log 0 is taken as 0).
    """
    p = np.asarray(p, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        h = -p * np.log2(p) - (1 - p) * np.log2(1 - p)
    return np.where((p <= 0) | (p >= 1), 0.0, h)


class EntropySlider(Explorer):
    """A slider over p moves a point along H(p) and fills a bar with p positives.

    Attributes:
        p: the current fraction of positive examples.
        h: its entropy H(p) in bits.
    """

    def __init__(self, p: float = 0.5) -> None:
        """Args:
        p: the starting fraction of positives, in [0, 1].
        """
        self.fig, (self.ax, self.ax_bar) = new_figure(
            "medium", ncols=2, gridspec_kw={"width_ratios": [3, 1]}
        )
        ps = np.linspace(0.0, 1.0, 201)
        plot_curve(
            self.ax,
            ps,
            entropy(ps),
            xlabel="p, fraction of positive examples",
            ylabel="H(p) (bits)",
        )
        self.ax.set_title("Entropy of a node")
        self.point = self.ax.scatter([0.0], [0.0], s=80, color=COLORS.highlight, zorder=3)
        self.label = self.ax.text(0.5, 0.1, "", ha="center", transform=self.ax.transAxes)
        self.bar_pos = self.ax_bar.bar([0], [0.0], color=COLORS.positive, label="positive")[0]
        self.bar_neg = self.ax_bar.bar([0], [1.0], color=COLORS.negative, label="negative")[0]
        self.ax_bar.set_ylim(0, 1)
        self.ax_bar.set_xticks([])
        self.ax_bar.set_ylabel("fraction of the node")
        self.ax_bar.legend(loc="upper center", bbox_to_anchor=(0.5, -0.02), fontsize=8)
        self.slider = widgets.FloatSlider(value=p, min=0.0, max=1.0, step=0.01, description="p")
        self.slider.observe(lambda change: self.set_p(change["new"]), names="value")
        self.controls = [self.slider]
        self.set_p(p)

    def set_p(self, p: float) -> None:
        """Move to the fraction ``p``: update the point, its label and the bar.

        Args:
            p: the fraction of positives, in [0, 1].
        """
        self.p = float(p)
        self.h = float(entropy(self.p))
        self.point.set_offsets([[self.p, self.h]])
        self.label.set_text(f"p = {self.p:.2f}, H(p) = {self.h:.3f} bits")
        self.bar_pos.set_height(self.p)
        self.bar_neg.set_y(self.p)
        self.bar_neg.set_height(1 - self.p)
        self.redraw()
