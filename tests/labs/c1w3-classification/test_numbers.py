"""c1w3-classification: the numbers its text states agree with independent references
computed here (the tumour counts of scikit-learn's breast cancer set, and np.polyfit's lines).

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text itself. Unless an assertion says otherwise, a stated number must equal the reference
rounded to the decimals the text shows (the tolerance is half a unit of the last printed digit).
"""

import numpy as np
import pytest
from helpers import markdown
from references import tumours

SEED = 0  # the lab's seed


@pytest.fixture(scope="module")
def classification_text():
    return markdown("c1w3-classification")


def threshold_fit(x, y):
    """Slope, intercept, 0.5 threshold and training errors of linear regression, by np.polyfit."""
    w, b = np.polyfit(x, y, 1)
    return w, b, (0.5 - b) / w, int(np.sum((w * x + b >= 0.5) != (y == 1)))


def test_classification_counts_of_the_tumours(classification_text):
    _, y = tumours("mean radius")
    assert f"569 tumours: {int(y.sum())} malignant (y = 1), {int((y == 0).sum())} benign" in (
        classification_text
    )


def test_classification_threshold_before_and_after_three_large_tumours(classification_text):
    """The sample is drawn as the lab says (24 of 569 with default_rng(SEED)); the fits are
    np.polyfit's, compared to the printed 3 decimals (w, b) and 2 decimals (threshold)."""
    X, y = tumours("mean radius")
    sample = np.random.default_rng(SEED).choice(y.size, size=24, replace=False)
    x_small, y_small = X[sample, 0], y[sample]
    w, b, threshold, wrong = threshold_fit(x_small, y_small)
    assert f"sample: 24 tumours, {int(y_small.sum())} malignant" in classification_text
    assert f"w = {w:.3f}, b = {b:.3f}" in classification_text
    assert f"threshold: x_t = {threshold:.2f}" in classification_text
    assert f"misclassified: {wrong} of 24" in classification_text
    assert f"before: threshold x_t = {threshold:.2f}, misclassified {wrong} of 24" in (
        classification_text
    )

    x_big, y_big = np.append(x_small, [40.0, 45.0, 50.0]), np.append(y_small, [1.0, 1.0, 1.0])
    w2, b2, threshold2, wrong2 = threshold_fit(x_big, y_big)
    assert f"after:  threshold x_t = {threshold2:.2f}, misclassified {wrong2} of 27" in (
        classification_text
    )
    still_wrong = int(np.sum((w2 * x_small + b2 >= 0.5) != (y_small == 1)))
    assert f"of the 24 starting tumours, {still_wrong} are now misclassified" in (
        classification_text
    )
    assert f"raised the errors from {wrong} to {wrong2}" in classification_text
