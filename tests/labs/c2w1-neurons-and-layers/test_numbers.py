"""c2w1-neurons-and-layers: the numbers its text states agree with independent references
computed here (the neuron formulas w x + b and g(w x + b) with scipy's expit).

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text itself, without TensorFlow. Unless an assertion says otherwise, a stated number must equal
the reference rounded to the decimals the text shows (tolerance: half a unit of the last digit).
"""

import numpy as np
from helpers import markdown
from scipy.special import expit


def test_linear_neuron_outputs_follow_w_x_plus_b():
    text = markdown("c2w1-neurons-and-layers")
    for x in (1.0, 2.0):
        assert f"Dense layer: x = {x} -> a = {200 * x + 100:.1f}" in text
        assert f"NumPy w x + b: x = {x} -> {200 * x + 100:.1f}" in text


def test_logistic_neuron_outputs_follow_the_sigmoid():
    text = markdown("c2w1-neurons-and-layers")
    for x in range(6):
        a = expit(2.0 * x - 4.5)
        assert f"x = {x}: Dense {a:.4f}, NumPy {a:.4f}" in text
    assert "at $x = 4.5 / 2 = 2.25$" in text  # where g(2x - 4.5) = 0.5


def test_logistic_neuron_classifies_the_toy_set():
    """Thresholding g(2x - 4.5) at 0.5 gives the labels (0 up to x = 2, 1 from x = 3)."""
    text = markdown("c2w1-neurons-and-layers")
    x = np.arange(6.0)
    predictions = (expit(2.0 * x - 4.5) >= 0.5).astype(int)
    labels = (x >= 3).astype(int)
    assert np.array_equal(predictions, labels)
    assert f"predictions: {predictions}  labels: {labels}" in text
    assert "classifies all six examples correctly" in text
