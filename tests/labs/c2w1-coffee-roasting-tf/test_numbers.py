"""c2w1-coffee-roasting-tf: the numbers its text states agree with independent references
computed here (the coffee-roasting rule of utils.data's docstring, written out again, and NumPy
statistics of the roasts).

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text itself, without TensorFlow. Unless an assertion says otherwise, a stated number must equal
the reference rounded to the decimals the text shows (tolerance: half a unit of the last digit).
"""

import numpy as np
from helpers import markdown
from references import assert_roast_decisions_follow_the_rule


def test_coffee_data_summary(roasts):
    X, y = roasts
    text = markdown("c2w1-coffee-roasting-tf")
    assert f"good roasts: {int(y.sum())} of {y.size}" in text
    assert f"temperature: {X[:, 0].min():.1f} to {X[:, 0].max():.1f} C" in text
    assert f"duration: {X[:, 1].min():.2f} to {X[:, 1].max():.2f} min" in text


def test_normalization_statistics(roasts):
    """Keras's Normalization layer uses the population variance (ddof = 0)."""
    X, _ = roasts
    mean, var = X.mean(axis=0), X.var(axis=0)
    Xn = (X - mean) / np.sqrt(var)
    text = markdown("c2w1-coffee-roasting-tf")
    assert f"mean: [{mean[0]:.2f} {mean[1]:.2f}], variance: [{var[0]:.2f} {var[1]:.1f}]" in text
    assert f"-> {Xn[:, 0].min():.2f} to {Xn[:, 0].max():.2f}" in text
    assert f"-> {Xn[:, 1].min():.2f} to {Xn[:, 1].max():.2f}" in text


def test_stated_decisions_follow_the_roasting_rule():
    assert_roast_decisions_follow_the_rule(markdown("c2w1-coffee-roasting-tf"))
