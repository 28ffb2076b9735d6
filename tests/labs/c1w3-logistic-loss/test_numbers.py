"""c1w3-logistic-loss: the numbers its text states agree with independent references
computed here (scipy's expit and minimiser, scikit-learn's log_loss).

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text itself. Unless an assertion says otherwise, a stated number must equal the reference
rounded to the decimals the text shows (the tolerance is half a unit of the last printed digit).
"""

import numpy as np
import pytest
from helpers import markdown
from scipy.optimize import minimize
from scipy.special import expit
from sklearn.metrics import log_loss

X_TOY = np.arange(6.0)
Y_TOY = np.array([0.0, 0.0, 1.0, 0.0, 1.0, 1.0])


@pytest.fixture(scope="module")
def loss_text():
    return markdown("c1w3-logistic-loss")


def squared(p):
    return np.mean((expit(p[0] * X_TOY + p[1]) - Y_TOY) ** 2) / 2


def logistic(p):
    return log_loss(Y_TOY, expit(p[0] * X_TOY + p[1]), labels=[0, 1])


@pytest.mark.parametrize(
    "name, cost, convex", [("squared error", squared, False), ("log loss", logistic, True)]
)
def test_loss_chord_test(loss_text, name, cost, convex):
    """Costs at p1 = (-3, -3), p2 = (1, -3) and their middle, to 4 decimals; the log loss by
    sklearn's log_loss."""
    j1, j2, jm = cost((-3.0, -3.0)), cost((1.0, -3.0)), cost((-1.0, -3.0))
    assert (
        f"{name}: J(p1) = {j1:.4f}, J(p2) = {j2:.4f}, J(middle) = {jm:.4f}, "
        f"average of ends = {(j1 + j2) / 2:.4f}"
    ) in loss_text
    assert f"{name} convex on this segment? {convex}" in loss_text
    assert bool(jm <= (j1 + j2) / 2) is convex


def test_loss_table_matches_log_loss(loss_text):
    for f in (0.01, 0.1, 0.5, 0.9, 0.99):
        one = log_loss([1.0], [f], labels=[0, 1])
        zero = log_loss([0.0], [f], labels=[0, 1])
        assert f"{f:4.2f} {one:15.3f} {zero:15.3f}" in loss_text


def test_loss_squared_error_valley(loss_text):
    """The deepest valley of the squared-error cost is stated as w = 0.9, b = -2.2: a numerical
    minimiser started at (0, 0) lands within 0.05 of it."""
    best = minimize(
        squared, [0.0, 0.0], method="Nelder-Mead", options={"xatol": 1e-8, "fatol": 1e-12}
    ).x
    np.testing.assert_allclose(best, [0.9, -2.2], atol=0.05)
    assert "around $w = 0.9$, $b = -2.2$" in loss_text
