"""Diagrams of course 3, drawn with matplotlib in the course style.

Each function draws one diagram on a new figure of a named size (``utils.plotting.figure``) and
returns the figure: a notebook shows it with ``plt.show()``. Boxes and arrows are placed in data
coordinates on hidden axes, so every diagram is a still image that survives export to HTML.

- :func:`ratings_factorization`: collaborative filtering's Y ≈ X Wᵀ + b, as matrices of cells;
- :func:`two_towers`: content-based filtering, user and movie networks and their dot product;
- :func:`agent_environment_loop`: reinforcement learning's loop of state, action and reward.
"""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch, Rectangle

from utils import plotting
from utils.plotting import COLORS

TEXT_COLOR = "black"
CELL_ALPHA = 0.25  # the transparency of a matrix cell's or a box's colour


def _blank(size: str) -> tuple[Figure, Axes]:
    """A figure of a named size with one hidden axes, for drawing in data coordinates."""
    fig, ax = plotting.figure(size)
    ax.set_axis_off()
    return fig, ax


def _box(ax: Axes, center: tuple[float, float], size: tuple[float, float], text: str, color: str):
    """A rounded box of ``size`` (width, height) at ``center``, tinted ``color``, with ``text``."""
    (x, y), (width, height) = center, size
    ax.add_patch(
        FancyBboxPatch(
            (x - width / 2, y - height / 2),
            width,
            height,
            boxstyle="round,pad=0.02,rounding_size=0.08",
            facecolor=to_rgba(color, CELL_ALPHA),  # a tinted face inside a full-colour edge
            edgecolor=color,
            lw=2,
        )
    )
    ax.text(x, y, text, ha="center", va="center", fontsize=10, color=TEXT_COLOR)


def _arrow(
    ax: Axes,
    start: tuple[float, float],
    end: tuple[float, float],
    label: str = "",
    *,
    offset: tuple[float, float] = (0.0, 0.12),
    bend: float = 0.0,
) -> None:
    """An arrow from ``start`` to ``end``, with ``label`` at its middle moved by ``offset``."""
    ax.annotate(
        "",
        xy=end,
        xytext=start,
        arrowprops={
            "arrowstyle": "-|>",
            "color": COLORS.boundary,
            "lw": 1.8,
            "mutation_scale": 16,
            "connectionstyle": f"arc3,rad={bend}",
            "shrinkA": 0,
            "shrinkB": 0,
        },
    )
    if label:
        middle = ((start[0] + end[0]) / 2 + offset[0], (start[1] + end[1]) / 2 + offset[1])
        ax.text(*middle, label, ha="center", va="center", fontsize=10, color=TEXT_COLOR)


def _matrix(
    ax: Axes,
    corner: tuple[float, float],
    shape: tuple[int, int],
    color: str,
    *,
    highlight_rows: Sequence[int] = (),
    highlight_cols: Sequence[int] = (),
    missing: Sequence[tuple[int, int]] = (),
) -> None:
    """A matrix drawn as a grid of unit cells, row 0 at the top.

    Args:
        ax: the axes to draw on.
        corner: the (x, y) of the matrix's lower left corner.
        shape: (rows, columns).
        color: the tint of the cells.
        highlight_rows, highlight_cols: cells in these rows or columns are drawn in the
            highlight colour.
        missing: (row, column) cells with no value, drawn empty with a "?".
    """
    rows, cols = shape
    for i in range(rows):
        for j in range(cols):
            x, y = corner[0] + j, corner[1] + rows - 1 - i
            lit = i in highlight_rows or j in highlight_cols
            empty = (i, j) in missing
            tint = to_rgba(COLORS.highlight, 0.6) if lit else to_rgba(color, CELL_ALPHA)
            face = "none" if empty else tint
            ax.add_patch(Rectangle((x, y), 1, 1, facecolor=face, edgecolor=color, lw=1.2))
            if empty:
                ax.text(x + 0.5, y + 0.5, "?", ha="center", va="center", color=COLORS.neutral)


def ratings_factorization(
    num_movies: int = 5, num_users: int = 4, num_features: int = 3, movie: int = 1, user: int = 2
) -> Figure:
    """Collaborative filtering as a matrix product: Y (movies × users) ≈ X Wᵀ + b.

    Y holds the ratings, some missing ("?"); X the movie features, one row per movie; Wᵀ the
    user weights, one column per user; b the user biases. The rating of ``movie`` by ``user``
    and the row, column and bias that predict it are highlighted.

    Args:
        num_movies, num_users, num_features: the sizes of the matrices drawn.
        movie, user: the (0-based) movie and user of the highlighted rating.

    Returns:
        The figure (``wide``).
    """
    fig, ax = _blank("wide")
    top = num_movies  # all matrices are aligned on the top edge of Y
    missing = [(0, num_users - 1), (num_movies - 1, 0), (num_movies // 2, 1)]
    missing = [cell for cell in missing if cell != (movie, user)]
    x = 0.0
    _matrix(ax, (x, 0), (num_movies, num_users), COLORS.data, missing=missing)
    ax.add_patch(Rectangle((x + user, num_movies - 1 - movie), 1, 1, color=COLORS.highlight))
    labels = [(x + num_users / 2, "Y: ratings", f"{num_movies} movies × {num_users} users")]
    x += num_users + 1.2
    ax.text(x - 0.6, top / 2, "≈", ha="center", va="center", fontsize=22)
    _matrix(ax, (x, 0), (num_movies, num_features), COLORS.series[0], highlight_rows=[movie])
    labels.append(
        (
            x + num_features / 2,
            "X: movie features",
            f"{num_movies} movies × {num_features} features",
        )
    )
    x += num_features + 1.2
    ax.text(x - 0.6, top / 2, "×", ha="center", va="center", fontsize=20)
    low = top - num_features
    _matrix(ax, (x, low), (num_features, num_users), COLORS.series[3], highlight_cols=[user])
    labels.append(
        (x + num_users / 2, "Wᵀ: user weights", f"{num_features} features × {num_users} users")
    )
    x += num_users + 1.2
    ax.text(x - 0.6, top - 0.5, "+", ha="center", va="center", fontsize=20)
    _matrix(ax, (x, top - 1), (1, num_users), COLORS.series[1], highlight_cols=[user])
    labels.append((x + num_users / 2, "b: user biases", f"1 × {num_users} users"))
    for center, name, shape in labels:
        ax.text(center, -0.45, name, ha="center", va="top", fontsize=10, fontweight="bold")
        ax.text(center, -1.05, shape, ha="center", va="top", fontsize=9)
    ax.set_title(
        f"Rating of movie {movie} by user {user}: "
        f"$y^{{({movie},{user})}} \\approx \\mathbf{{w}}^{{({user})}} \\cdot "
        f"\\mathbf{{x}}^{{({movie})}} + b^{{({user})}}$"
    )
    ax.set(xlim=(-0.3, x + num_users + 0.3), ylim=(-1.9, top + 0.3), aspect="equal")
    return fig


def two_towers(
    num_user_features: int = 21,
    num_movie_features: int = 21,
    layers: Sequence[int] = (256, 128, 32),
) -> Figure:
    """Content-based filtering: two networks map user and movie features to vectors v_u and v_m
    of the same length, normalized to length 1; their dot product predicts the rating.

    Args:
        num_user_features, num_movie_features: the lengths of the feature vectors x_u and x_m.
        layers: the units of each tower's dense layers (ReLU, then a linear output of layers[-1]).

    Returns:
        The figure (``wide``).
    """
    fig, ax = _blank("wide")
    hidden = " → ".join(f"{units} relu" for units in layers[:-1])
    network = f"{hidden} →\n{layers[-1]} linear"
    rows = (
        (3.0, "user", "x_u", num_user_features, "v_u", COLORS.series[0]),
        (1.0, "movie", "x_m", num_movie_features, "v_m", COLORS.series[1]),
    )
    for y, who, x_name, count, v_name, color in rows:
        _box(ax, (1.0, y), (1.7, 1.0), f"{who} features\n${x_name[0]}_{x_name[2]}$: {count}", color)
        _box(ax, (3.9, y), (2.4, 1.0), f"{who} network\n{network}", color)
        _box(ax, (6.5, y), (1.4, 1.0), f"${v_name[0]}_{v_name[2]}$: {layers[-1]}\nlength 1", color)
        _arrow(ax, (1.9, y), (2.65, y))
        _arrow(ax, (5.15, y), (5.75, y))
        _arrow(ax, (7.25, y), (8.0, 2.0 + (y - 2.0) * 0.25))
    ax.add_patch(
        FancyBboxPatch(
            (7.95, 1.65),
            0.7,
            0.7,
            boxstyle="circle",
            facecolor="none",
            edgecolor=COLORS.boundary,
            lw=2,
        )
    )
    ax.plot(8.3, 2.0, "o", color=TEXT_COLOR, markersize=5)
    ax.text(8.3, 1.35, "dot\nproduct", ha="center", va="top", fontsize=9)
    _arrow(ax, (8.72, 2.0), (9.2, 2.0))
    ax.text(9.3, 2.0, "rating\n$\\hat y = v_u \\cdot v_m$", ha="left", va="center", fontsize=10)
    ax.set_title("Content-based filtering: two towers and a dot product")
    ax.set(xlim=(0.0, 10.8), ylim=(0.3, 3.7), aspect="equal")
    return fig


def agent_environment_loop() -> Figure:
    """Reinforcement learning: the agent in state s takes action a; the environment answers with
    the reward R and the next state s', which becomes the agent's state.

    Returns:
        The figure (``medium``).
    """
    fig, ax = _blank("medium")
    _box(ax, (4.0, 3.0), (2.6, 0.9), "agent\nchooses $a = \\pi(s)$", COLORS.model)
    _box(ax, (4.0, 0.6), (2.6, 0.9), "environment\nmoves to $s'$, pays $R$", COLORS.data)
    _arrow(ax, (5.35, 3.0), (5.35, 0.6), bend=-0.9, offset=(1.55, 0.0), label="action $a$")
    _arrow(ax, (2.65, 0.6), (2.65, 3.0), bend=-0.9, offset=(-2.45, 0.3), label="next state $s'$")
    _arrow(ax, (2.65, 0.45), (2.65, 3.15), bend=-1.2, offset=(-2.45, -0.3), label="reward $R$")
    ax.text(
        4.0,
        1.8,
        "$s \\leftarrow s'$: the next state is the state of the next step",
        ha="center",
        va="center",
        fontsize=9,
        color=COLORS.neutral,
    )
    ax.set_title("The agent and its environment")
    ax.set(xlim=(-0.6, 8.6), ylim=(-0.1, 3.7), aspect="equal")
    return fig
