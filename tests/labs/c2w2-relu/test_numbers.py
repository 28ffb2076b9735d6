"""c2w2-relu: the numbers its text states agree with independent references computed here
(scipy.special's expit, and the lab's target function and ReLU fit written out again).

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text itself, without TensorFlow. Unless an assertion says otherwise, a stated number must equal
the reference rounded to the decimals the text shows (tolerance: half a unit of the last digit).
"""

import numpy as np
from helpers import markdown, np_str
from scipy.special import expit


def relu_target(x: np.ndarray) -> np.ndarray:
    """The lab's target: 0.5 up to x = 1, then slope 1 up to x = 2, then slope 3."""
    return np.piecewise(
        x,
        [x <= 1, (x > 1) & (x <= 2), x > 2],
        [0.5, lambda t: 0.5 + (t - 1), lambda t: 1.5 + 3 * (t - 2)],
    )


def test_relu_lab_activation_values():
    text = markdown("c2w2-relu")
    assert f"sigmoid: {np_str(np.round(expit([-2.0, 0.0, 2.0]), 4))}" in text
    assert "ReLU:    [0. 0. 2.]" in text


def test_relu_lab_target_and_fit_errors():
    text = markdown("c2w2-relu")
    points = relu_target(np.array([0.0, 1.0, 2.0, 3.0]))
    assert "$x = 0, 1, 2, 3$ are " + ", ".join(f"{v:g}" for v in points) in text
    x = np.linspace(0, 3, 3001)
    start = np.max(np.abs(3 * x - relu_target(x)))  # three units max(0, 1 x + 0)
    assert f"fit error: {start:.3f}" in text
    solution = 0.5 + np.maximum(0, x - 1) + np.maximum(0, 2 * x - 4)
    assert np.max(np.abs(solution - relu_target(x))) < 1e-12
    assert "units: ((0.0, 0.5), (1.0, -1.0), (2.0, -4.0))\nfit error: 0.000" in text
