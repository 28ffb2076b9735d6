"""c1w3-logistic-cost: the numbers its text states agree with independent references
computed here (scipy's expit, scikit-learn's log_loss and StandardScaler).

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text itself. Unless an assertion says otherwise, a stated number must equal the reference
rounded to the decimals the text shows (the tolerance is half a unit of the last printed digit).
"""

import math

import numpy as np
import pytest
from helpers import markdown
from references import tumours
from scipy.special import expit
from sklearn.metrics import log_loss
from sklearn.preprocessing import StandardScaler


@pytest.fixture(scope="module")
def cost_text():
    return markdown("c1w3-logistic-cost")


def test_cost_on_the_toy_set_matches_log_loss(cost_text):
    X = np.array([[0.5, 1.5], [1.0, 1.0], [1.5, 0.5], [3.0, 0.5], [2.0, 2.0], [1.0, 2.5]])
    y = np.array([0.0, 0.0, 0.0, 1.0, 1.0, 1.0])
    for b in (-3, -4):
        cost = log_loss(y, expit(X @ np.array([1.0, 1.0]) + b))
        assert f"cost with w = [1. 1.], b = {b}: {cost:.4f}" in cost_text


def test_cost_on_the_tumours_matches_log_loss(cost_text):
    X, y = tumours("mean radius", "mean texture")
    Z = StandardScaler().fit_transform(X)
    for w, b, shown in (
        ((0.0, 0.0), 0.0, "[0. 0.]"),
        ((1.0, 1.0), 0.0, "[1. 1.]"),
        ((3.7, 0.9), -0.7, "[3.7 0.9]"),
    ):
        cost = log_loss(y, expit(Z @ np.array(w) + b))
        assert f"w = {shown}, b = {b}: cost {cost:.4f}" in cost_text
    assert f"$\\log 2 = {math.log(2):.4f}$" in cost_text

    X1, y1 = tumours("mean radius")
    cost = log_loss(y1, expit(X1[:, 0] - 15.0))
    assert f"one feature, w = [1.], b = -15.0: cost {cost:.4f}" in cost_text
