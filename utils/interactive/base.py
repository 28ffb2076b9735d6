"""The common part of every interactive tool: a figure, its controls, clicks and display, and a
classifier's predicted classes on a grid."""

from __future__ import annotations

import base64
import io
from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from IPython.display import display
from matplotlib.axes import Axes
from matplotlib.backend_bases import MouseEvent
from matplotlib.figure import Figure

from utils.plotting import figure

# A classifier: points of shape (2, k) in, labels (0 or 1) of shape (k,) or (1, k) out.
Predictor = Callable[[np.ndarray], np.ndarray]


def region_grid(
    predict: Predictor, limits: tuple[float, float, float, float], resolution: int = 150
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The predicted class on a regular grid of points.

    Args:
        predict: the classifier.
        limits: (x0 min, x0 max, x1 min, x1 max) of the grid.
        resolution: grid points along each axis.

    Returns:
        gx, gy: the grid's coordinates, each of shape (resolution, resolution).
        classes: the predicted class at each grid point, shape (resolution, resolution).
    """
    gx, gy = np.meshgrid(
        np.linspace(limits[0], limits[1], resolution), np.linspace(limits[2], limits[3], resolution)
    )
    classes = np.asarray(predict(np.vstack([gx.ravel(), gy.ravel()]))).reshape(gx.shape)
    return gx, gy, classes.astype(float)


def new_figure(
    size: str = "single", nrows: int = 1, ncols: int = 1, **subplots_kw: Any
) -> tuple[Figure, Any]:
    """A figure of a named size that is not shown when created (the tool decides where it goes).

    Args:
        size: a size of ``utils.plotting.FIGURE_SIZES``.
        nrows, ncols: the grid of panels.
        **subplots_kw: passed to ``plt.subplots`` (subplot_kw, gridspec_kw...).

    Returns:
        The figure and its axes, as ``plt.subplots`` returns them.
    """
    with plt.ioff():
        return figure(size, nrows, ncols, **subplots_kw)


class Explorer:
    """A figure with controls that redraws as the learner interacts.

    Subclasses create ``self.fig`` (with :func:`new_figure`), put their widgets in
    ``self.controls``, register click handlers with :meth:`on_click`, and call :meth:`redraw`
    after changing what is drawn.
    """

    fig: Figure
    controls: list[widgets.Widget]

    def on_click(self, ax: Axes, handler: Callable[[float, float], None]) -> None:
        """Call ``handler(x, y)`` (data coordinates) when the learner clicks inside ``ax``.

        Args:
            ax: the axes that listen.
            handler: receives the clicked point in the axes' data coordinates.
        """

        def listener(event: MouseEvent) -> None:
            if event.inaxes is ax and event.xdata is not None and event.ydata is not None:
                handler(float(event.xdata), float(event.ydata))

        self.fig.canvas.mpl_connect("button_press_event", listener)

    def redraw(self) -> None:
        """Ask the canvas to draw again (at once in JupyterLab; lazily elsewhere)."""
        self.fig.canvas.draw_idle()

    def widget(self) -> widgets.Widget:
        """The controls above the live figure (or the controls alone, without ipympl)."""
        rows: Sequence[widgets.Widget] = [row(self.controls)] if self.controls else []
        if isinstance(self.fig.canvas, widgets.DOMWidget):
            rows = [*rows, self.fig.canvas]
        return widgets.VBox(list(rows))

    def _ipython_display_(self) -> None:
        """The live tool, with a still image of its figure beside it in the output: what a
        notebook run headless and its export show (JupyterLab shows the tool)."""
        if not isinstance(self.fig.canvas, widgets.DOMWidget):
            display(self.widget())
            display(self.fig)  # no live figure: the still image alone
            return
        bundle = self.widget()._repr_mimebundle_()
        display({**bundle, "image/png": still_image(self.fig)}, raw=True)


def row(children: Sequence[widgets.Widget]) -> widgets.HBox:
    """Controls side by side, wrapping onto the next line rather than past a laptop's screen."""
    return widgets.HBox(list(children), layout=widgets.Layout(flex_flow="row wrap"))


def still_image(fig: Figure) -> str:
    """The figure as a PNG, base64-encoded (a display's ``image/png``)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi="figure")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def click(fig: Figure, ax: Axes, x: float, y: float) -> None:
    """Simulate a left click at data point (x, y) of ``ax``, as a browser click would arrive.

    Args:
        fig: the figure holding ``ax``.
        ax: the axes clicked.
        x, y: the point, in ``ax``'s data coordinates.
    """
    fig.canvas.draw()  # transforms are final only after a draw
    px, py = ax.transData.transform((x, y))
    event = MouseEvent("button_press_event", fig.canvas, px, py, button=1)
    fig.canvas.callbacks.process("button_press_event", event)
