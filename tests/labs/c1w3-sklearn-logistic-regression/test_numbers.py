"""c1w3-sklearn-logistic-regression: the numbers its text states agree with independent
references.

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text against references computed here: the sigmoid formula, SciPy's minimiser (BFGS) and
scikit-learn's LogisticRegression (newton-cg solver, and a pipeline on all 30 features). Each
test's tolerance is half a unit of the last stated digit unless its docstring says otherwise.
"""

import numpy as np
import pytest
from helpers import assert_rounded, markdown, stated_line
from references import sklearn_logistic
from scipy.optimize import minimize
from scipy.special import expit
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from utils import data

LAB7 = markdown("c1w3-sklearn-logistic-regression")
X_TUMOURS, Y_TUMOURS = data.load_tumours()
MU, SIGMA = X_TUMOURS.mean(axis=0), X_TUMOURS.std(axis=0)
Z_TUMOURS = (X_TUMOURS - MU) / SIGMA


@pytest.fixture(scope="module")
def c_equals_one():
    """The minimiser of 1/2 |w|^2 + sum of logistic losses (C = 1), by SciPy's BFGS."""

    def objective(theta):
        z = Z_TUMOURS @ theta[:2] + theta[2]
        err = expit(z) - Y_TUMOURS
        value = 0.5 * theta[:2] @ theta[:2] + np.sum(np.logaddexp(0, z) - Y_TUMOURS * z)
        return value, np.append(theta[:2] + Z_TUMOURS.T @ err, err.sum())

    result = minimize(objective, np.zeros(3), jac=True, method="BFGS", options={"gtol": 1e-9})
    return result.x[:2], result.x[2]


def test_default_fit_is_the_c_equals_one_minimum(c_equals_one):
    w, b = c_equals_one
    assert_rounded(stated_line(LAB7, "mu = [{}, {}]"), MU, 3)
    assert_rounded(stated_line(LAB7, "sigma = [{}, {}]"), SIGMA, 3)
    assert_rounded(stated_line(LAB7, "w = [{}, {}], b = {}"), [*w, b], 2)
    ref = sklearn_logistic(Z_TUMOURS, Y_TUMOURS, 0.0)
    assert_rounded(
        stated_line(LAB7, "C = inf: w = [{}, {}], b = {}"), [*ref.coef_[0], ref.intercept_[0]], 3
    )


def test_predictions_accuracy_and_original_units(c_equals_one):
    """Probabilities by the sigmoid formula at the reference parameters (3 decimals)."""
    w, b = c_equals_one
    for radius, texture in ((12, 15), (20, 25)):
        p = expit(((np.array([radius, texture]) - MU) / SIGMA) @ w + b)
        label = int(p >= 0.5)
        assert (
            f"radius {radius}, texture {texture}: P(malignant) = {p:.3f}, predicted class {label}"
        ) in LAB7
    predicted = (Z_TUMOURS @ w + b >= 0).astype(float)
    accuracy, wrong = np.mean(predicted == Y_TUMOURS), int(np.sum(predicted != Y_TUMOURS))
    assert f"train accuracy: {accuracy:.3f} ({wrong} of 569 tumours misclassified)" in LAB7
    assert_rounded(
        stated_line(LAB7, "original units: w = [{}, {}], b = {}"),
        [*(w / SIGMA), b - np.sum(w * MU / SIGMA)],
        [3, 3, 1],
    )
    bunch = load_breast_cancer()
    all_features = make_pipeline(StandardScaler(), LogisticRegression())
    all_features.fit(bunch.data, bunch.target)
    score = all_features.score(bunch.data, bunch.target)
    assert f"training accuracy of {score:.3f}" in LAB7
