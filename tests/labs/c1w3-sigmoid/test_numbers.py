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
