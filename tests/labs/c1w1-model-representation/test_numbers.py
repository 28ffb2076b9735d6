"""c1w1-model-representation: what its text says of the first guess, w = 2, b = 4, is counted
here on the cats (NumPy comparisons, independent of the lab's code).
"""

import numpy as np
from helpers import markdown

from utils.data import load_cats

X, Y = load_cats()
TEXT = " ".join(markdown("c1w1-model-representation").split())


def _above_below_on(cats: np.ndarray) -> tuple[int, int, int]:
    """How many of the chosen cats lie above, below and exactly on the line 2x + 4."""
    heart, line = Y[cats], 2.0 * X[cats] + 4.0
    on = np.isclose(heart, line)
    return int(np.sum((heart > line) & ~on)), int(np.sum((heart < line) & ~on)), int(np.sum(on))


def test_first_guess_runs_through_the_light_cats():
    light = X < 2.5
    above, below, on = _above_below_on(light)
    assert (
        f"of the {light.sum()} cats under 2.5 kg, {above} lie above it and {below} below "
        f"({on} exactly on it)" in TEXT
    )
    assert abs(above - below) < 0.25 * light.sum(), "'through the middle' needs a balance"


def test_first_guess_runs_under_almost_all_heavy_cats():
    heavy = X >= 3.0
    above, _, _ = _above_below_on(heavy)
    assert f"{above} of the {heavy.sum()} cats of 3 kg or more lie above it" in TEXT
    assert above >= 0.9 * heavy.sum(), "'almost all' needs nine in ten"


def test_first_predictions_follow_the_formula():
    assert f"first three predictions: {2.0 * X[:3] + 4.0} g" in TEXT
