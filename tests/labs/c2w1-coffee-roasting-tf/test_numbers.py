"""c2w1-coffee-roasting-tf: the numbers its text states agree with independent references
computed here (the coffee-roasting rule of utils.data's docstring, written out again, NumPy
statistics of the roasts, and scikit-learn's MLPClassifier with the lab's architecture).

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text itself, without TensorFlow. Unless an assertion says otherwise, a stated number must equal
the reference rounded to the decimals the text shows (tolerance: half a unit of the last digit).
Trained results are stated as ranges ("at least 98%", "below 0.02"): the run checks its own
network, and this file checks that the same network trained by scikit-learn lands in the range.
"""

import math

import numpy as np
import pytest
from helpers import markdown
from references import assert_roast_decisions_follow_the_rule, good_roast
from sklearn.metrics import log_loss
from sklearn.neural_network import MLPClassifier

from autograder import cells
from autograder.syllabus import REPO_ROOT, load_syllabus

LAB = "c2w1-coffee-roasting-tf"
TEXT = markdown(LAB)
PROSE = " ".join(TEXT.split())  # the narrative wraps lines anywhere


def triangle(t: float, d: float) -> bool:
    """The three edges the text keeps: warm enough, long enough, not too long for the heat."""
    return t > 175 and d > 12 and d <= 21 - 3 * t / 85


def code_cell(start: str) -> str:
    """The source of the lab's code cell that starts with ``start``."""
    notebook = cells.read_notebook(REPO_ROOT / load_syllabus().lab(LAB).notebook)
    return next(c.source for c in notebook.cells if c.source.startswith(start))


def test_coffee_data_summary(roasts):
    X, y = roasts
    assert f"good roasts: {int(y.sum())} of {y.size}" in TEXT
    assert f"temperature: {X[:, 0].min():.1f} to {X[:, 0].max():.1f} C" in TEXT
    assert f"duration: {X[:, 1].min():.2f} to {X[:, 1].max():.2f} min" in TEXT


def test_good_region_is_the_triangle_of_three_edges(roasts):
    """The two other conditions never decide: on the roasts and on a fine grid of the plane."""
    X, _ = roasts
    t_grid, d_grid = np.meshgrid(np.linspace(140, 300, 321), np.linspace(11, 17.5, 261))
    points = np.vstack([X, np.column_stack([t_grid.ravel(), d_grid.ravel()])])
    assert all(good_roast(t, d) == triangle(t, d) for t, d in points)
    assert f"\\approx {21 - 3 * 175 / 85:.1f}$ min" in PROSE  # the slanted edge at t = 175
    assert f"already has $t < {(21 - 12) * 85 / 3:.0f}$ °C" in PROSE  # ... and at d = 12
    assert "**triangle** with three straight edges" in PROSE


def test_normalization_statistics(roasts):
    """Keras's Normalization layer uses the population variance (ddof = 0)."""
    X, _ = roasts
    mean, var = X.mean(axis=0), X.var(axis=0)
    Xn = (X - mean) / np.sqrt(var)
    assert f"mean: [{mean[0]:.2f} {mean[1]:.2f}], variance: [{var[0]:.2f} {var[1]:.1f}]" in TEXT
    assert f"-> {Xn[:, 0].min():.2f} to {Xn[:, 0].max():.2f}" in TEXT
    assert f"-> {Xn[:, 1].min():.2f} to {Xn[:, 1].max():.2f}" in TEXT


def test_tiling_and_steps_follow_the_sizes(roasts):
    X, _ = roasts
    copies, batch, epochs = 1000, 32, 10
    examples = copies * len(X)
    steps = math.ceil(examples / batch)
    assert f"only {math.ceil(len(X) / batch)} steps of gradient descent" in PROSE
    assert (
        f"copy the data {copies} times with `np.tile` ({examples:,} examples, {steps:,} steps"
        in PROSE
    )
    assert f"Xt: {(examples, 2)} yt: {(examples,)}" in TEXT
    assert f"runs {epochs} epochs over the tiled data: {epochs * steps:,} steps" in PROSE
    assert f"run {steps // 10} of those steps (a tenth of an epoch)" in PROSE
    assert f"steps_per_execution={steps // 10}" in code_cell("model.compile(")


def test_bad_roasts_that_name_the_units_are_each_bad_in_one_way_only():
    """Each typical roast breaks exactly the edge its name says, and no other."""
    namespace: dict = {}
    source = code_cell("BAD_ROASTS = {")
    exec(source[: source.index("}\n") + 1], namespace)  # only the dictionary
    edges = {
        "too cold": lambda t, d: t <= 175,
        "too short": lambda t, d: d <= 12,
        "too long or too hot": lambda t, d: d > 21 - 3 * t / 85,
    }
    assert set(namespace["BAD_ROASTS"]) == set(edges)
    for name, (t, d) in namespace["BAD_ROASTS"].items():
        assert not good_roast(t, d)
        assert [edge(t, d) for edge in edges.values()] == [n == name for n in edges], name


@pytest.fixture(scope="module")
def mlp_fits(roasts):
    """scikit-learn's 2 -> 3 -> 1 sigmoid network on the normalized roasts, without penalty,
    from two initializations that find all three edges (others stop near 95%, as the lab's seed
    does with ten times fewer steps)."""
    X, y = roasts
    Xn = (X - X.mean(axis=0)) / X.std(axis=0)
    fits = [
        MLPClassifier(
            (3,), activation="logistic", solver="lbfgs", alpha=0.0, max_iter=5000, random_state=s
        ).fit(Xn, y)
        for s in (17, 19)
    ]
    return Xn, y, fits


def test_stated_accuracy_and_loss_ranges_are_what_the_same_network_reaches(mlp_fits):
    Xn, y, fits = mlp_fits
    for fit in fits:
        assert fit.score(Xn, y) >= 0.99  # "about 99 to 100 %", "at least 98%"
        assert log_loss(y, fit.predict_proba(Xn)[:, 1]) < 0.02
    assert "about 99 to 100 % of them" in PROSE
    assert "training accuracy at least 98%: True" in TEXT
    assert "loss below 0.02 after the last epoch: True" in TEXT


def test_stated_decisions_follow_the_roasting_rule():
    assert_roast_decisions_follow_the_rule(TEXT)
