"""c1w3-sigmoid: the numbers its text states agree with independent references computed
here (math.exp, scipy's expit and scikit-learn's accuracy_score).

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text itself. Unless an assertion says otherwise, a stated number must equal the reference
rounded to the decimals the text shows (the tolerance is half a unit of the last printed digit).
"""

import math

import numpy as np
import pytest
from helpers import markdown, numbers_after
from references import tumours
from scipy.special import expit
from sklearn.metrics import accuracy_score


@pytest.fixture(scope="module")
def sigmoid_text():
    return markdown("c1w3-sigmoid")


def test_sigmoid_exponentials(sigmoid_text):
    assert f"e^1 = {math.e:.6f}" in sigmoid_text
    stated = numbers_after(sigmoid_text, "e^[0 1 2 3] =")
    np.testing.assert_allclose(stated, [math.exp(k) for k in range(4)], atol=5e-4)


def test_sigmoid_table_matches_scipy_expit(sigmoid_text):
    for z in (-10, -5, -2, -1, 0, 1, 2, 5, 10):
        assert f"{z:5d} {expit(z):9.6f}" in sigmoid_text


def test_sigmoid_probabilities_and_errors_on_the_tumours(sigmoid_text):
    """w = 1, b = -15 on the radius: probabilities by expit (3 decimals), errors by
    sklearn's accuracy_score (count exact, percentage to 1 decimal)."""
    X, y = tumours("mean radius")
    for radius in (10, 14, 15, 16, 20):
        assert f"radius {radius}: P(malignant) = {expit(radius - 15.0):.3f}" in sigmoid_text
    accuracy = accuracy_score(y, (X[:, 0] >= 15.0).astype(float))
    wrong = round((1 - accuracy) * y.size)
    assert f"misclassified: {wrong} of 569 (accuracy {100 * accuracy:.1f}%)" in sigmoid_text
    assert f"right for {y.size - wrong} of the 569 tumours" in sigmoid_text


def test_far_away_tumours_move_the_line_but_not_the_logistic_model(sigmoid_text):
    """Lab 1's 24 tumours (default_rng(0)), then with three malignant ones of radius 40, 45, 50:
    the line by np.polyfit, the logistic model by scikit-learn without penalty."""
    from sklearn.linear_model import LogisticRegression

    X, y = tumours("mean radius")
    sample = np.random.default_rng(0).choice(y.size, size=24, replace=False)
    x_small, y_small = X[sample, 0], y[sample]
    samples = {
        "24 tumours": (x_small, y_small),
        "with 3 large tumours": (np.append(x_small, [40, 45, 50]), np.append(y_small, [1, 1, 1])),
    }
    points, thresholds = [], []
    for name, (x, labels) in samples.items():
        w_line, b_line = np.polyfit(x, labels, 1)
        thresholds.append((0.5 - b_line) / w_line)
        fit = LogisticRegression(C=np.inf, tol=1e-12, max_iter=10_000).fit(x[:, None], labels)
        points.append(-fit.intercept_[0] / fit.coef_[0, 0])
        line = f"linear threshold {(0.5 - b_line) / w_line:.2f}"
        assert f"{name + ':':21} {line}, logistic decision point {points[-1]:.2f}" in sigmoid_text
        assert f"threshold {(0.5 - b_line) / w_line:.2f}" in sigmoid_text
    assert 4.5 < thresholds[1] - thresholds[0] < 5  # "moved by almost 5 units of radius"
    assert "The line moved by almost 5 units of radius" in sigmoid_text
    moved = abs(points[1] - points[0])
    assert 0.5e-5 <= moved < 1.5e-5  # stated as 1e-05, "a hundred-thousandth"
    assert "the logistic decision point moved by 1e-05" in sigmoid_text
    assert f"f = {fit.predict_proba([[40.0]])[0, 1]:.6f}" in sigmoid_text
    assert f"decision point stayed at {points[1]:.2f}" in sigmoid_text
