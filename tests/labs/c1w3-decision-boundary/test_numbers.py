"""c1w3-decision-boundary: the numbers its text states agree with independent references
computed here (scipy's expit, scikit-learn's StandardScaler, LogisticRegression and
accuracy_score).

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text itself. Unless an assertion says otherwise, a stated number must equal the reference
rounded to the decimals the text shows (the tolerance is half a unit of the last printed digit).
"""

import numpy as np
import pytest
from helpers import markdown, numbers_after
from references import tumours
from scipy.special import expit
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score
from sklearn.preprocessing import StandardScaler


@pytest.fixture(scope="module")
def boundary_text():
    return markdown("c1w3-decision-boundary")


def test_boundary_scaling_matches_standard_scaler(boundary_text):
    """mu and sigma as StandardScaler computes them (population std), to 3 decimals."""
    X, _ = tumours("mean radius", "mean texture")
    scaler = StandardScaler().fit(X)
    np.testing.assert_allclose(numbers_after(boundary_text, "mu    ="), scaler.mean_, atol=5e-4)
    np.testing.assert_allclose(numbers_after(boundary_text, "sigma ="), scaler.scale_, atol=5e-4)


def test_boundary_line_predictions_and_accuracy(boundary_text):
    X, y = tumours("mean radius", "mean texture")
    z = StandardScaler().fit_transform(X) @ np.array([3.7, 0.9]) - 0.7
    y_hat = (z >= 0).astype(float)
    assert f"boundary: x2 = {-3.7 / 0.9:.3f} x1 + {0.7 / 0.9:.3f}" in boundary_text
    assert f"predicted malignant: {int(y_hat.sum())} of 569 tumours" in boundary_text
    assert f"accuracy: {100 * accuracy_score(y, y_hat):.1f}%" in boundary_text


def test_boundary_parameters_are_close_to_the_fitted_ones(boundary_text):
    """The text says w = (3.7, 0.9), b = -0.7 is close to what gradient descent finds: an
    unregularized scikit-learn fit on the scaled data agrees within 0.1 on each parameter."""
    X, y = tumours("mean radius", "mean texture")
    fit = LogisticRegression(C=np.inf).fit(StandardScaler().fit_transform(X), y)
    np.testing.assert_allclose(fit.coef_[0], [3.7, 0.9], atol=0.1)
    assert fit.intercept_[0] == pytest.approx(-0.7, abs=0.1)
    assert "$\\mathbf{w} = (3.7, 0.9)$, $b = -0.7$ (close to what gradient descent finds" in (
        boundary_text
    )


def test_boundary_circle_toy_points(boundary_text):
    for x1, x2 in ((0.2, -0.4), (0.6, 0.1), (0.9, 0.9), (-1.1, 0.9)):
        z = x1**2 + x2**2 - 1
        line = f"x = ({x1:4.1f}, {x2:4.1f}): z = {z:5.2f}, f = {expit(z):.3f}"
        assert f"{line}, predict {int(z >= 0)}" in boundary_text
