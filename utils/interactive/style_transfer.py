"""Style transfer's balance: a slider over the content weight shows precomputed results.

Interactive tool of the style-transfer lab (course 4, week 4). Each change of the content weight
would need a new optimization of the image (seconds), so the lab computes the results for a few
weights first and :class:`ContentWeightSlider` shows them: the generated image of the chosen weight,
and beside it the final style and content costs of every weight, the chosen one marked.
"""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as widgets
import numpy as np

from utils.interactive.base import Explorer, new_figure
from utils.plotting import COLORS


class ContentWeightSlider(Explorer):
    """A slider over precomputed content weights swaps the image and moves the cost markers.

    Attributes:
        index: the position of the chosen weight in ``weights``.
        weight: the chosen content weight.
    """

    def __init__(
        self,
        weights: Sequence[float],
        images: Sequence[np.ndarray],
        style_costs: Sequence[float],
        content_costs: Sequence[float],
        start: int | None = None,
    ) -> None:
        """Args:
        weights: the content weights, shape (n,), positive and increasing.
        images: the generated image of each weight, n arrays of shape (H, W, 3) in [0, 1].
        style_costs: the final style cost of each weight, shape (n,), positive.
        content_costs: the final content cost of each weight, shape (n,), positive.
        start: the index shown first (the middle weight if None).

        Raises:
            ValueError: if the four sequences do not have the same length, or the weights are
                not positive and increasing.
        """
        n = len(weights)
        if not (len(images) == len(style_costs) == len(content_costs) == n) or n == 0:
            raise ValueError("weights, images, style_costs and content_costs need one entry each")
        self.weights = np.asarray(weights, dtype=float)
        if np.any(self.weights <= 0) or np.any(np.diff(self.weights) <= 0):
            raise ValueError("the content weights must be positive and increasing")
        self.images = [np.clip(np.asarray(image, dtype=float), 0.0, 1.0) for image in images]
        self.style_costs = np.asarray(style_costs, dtype=float)
        self.content_costs = np.asarray(content_costs, dtype=float)
        start = n // 2 if start is None else start

        self.fig, (self.ax_image, self.ax_costs) = new_figure("wide", ncols=2)
        self.picture = self.ax_image.imshow(self.images[start])
        self.ax_image.axis("off")
        self.ax_costs.loglog(
            self.weights, self.style_costs, "o-", color=COLORS.model, label="style cost"
        )
        self.ax_costs.loglog(
            self.weights, self.content_costs, "s-", color=COLORS.guide, label="content cost"
        )
        self.marker = self.ax_costs.scatter(
            [0.0, 0.0], [1.0, 1.0], s=120, color=COLORS.highlight, zorder=3, label="chosen"
        )
        self.ax_costs.set_xlabel("content weight (log scale)")
        self.ax_costs.set_ylabel("final cost (log scale)")
        self.ax_costs.set_title("Costs after the optimization")
        self.ax_costs.legend()
        self.slider = widgets.SelectionSlider(
            options=[(f"{w:g}", i) for i, w in enumerate(self.weights)],
            value=start,
            description="content weight",
            style={"description_width": "initial"},
        )
        self.slider.observe(lambda change: self.select(change["new"]), names="value")
        self.controls = [self.slider]
        self.select(start)

    def select(self, index: int) -> None:
        """Show the result of the weight at ``index``: its image, title and cost markers.

        Args:
            index: a position in ``weights``, from 0.
        """
        self.index = int(index)
        self.weight = float(self.weights[self.index])
        style, content = self.style_costs[self.index], self.content_costs[self.index]
        self.picture.set_data(self.images[self.index])
        self.ax_image.set_title(
            f"content weight {self.weight:g}\nstyle cost {style:.3g}, content cost {content:.3g}"
        )
        self.marker.set_offsets([[self.weight, style], [self.weight, content]])
        self.redraw()
