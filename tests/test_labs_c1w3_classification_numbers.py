"""Optional labs 1-5 of course 1, week 3: the numbers their text states agree with independent
references computed here (np.polyfit, scipy's expit, scikit-learn's log_loss, StandardScaler,
LogisticRegression and accuracy_score).

tests/labs/test_run.py checks that each notebook prints what its text states; this file checks
the text itself. Unless an assertion says otherwise, a stated number must equal the reference
rounded to the decimals the text shows (the tolerance is half a unit of the last printed digit).
"""

import math
import re

import numpy as np
import pytest
from scipy.optimize import minimize
from scipy.special import expit
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, log_loss
from sklearn.preprocessing import StandardScaler

from autograder import cells
from autograder.syllabus import REPO_ROOT, load_syllabus

SYLLABUS = load_syllabus()
SEED = 0  # the labs' seed


def markdown(lab_id: str) -> str:
    """All markdown text of an optional lab."""
    nb = cells.read_notebook(REPO_ROOT / SYLLABUS.lab(lab_id).notebook)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def tumours(*features: str) -> tuple[np.ndarray, np.ndarray]:
    """The breast cancer set straight from scikit-learn: chosen columns, y = 1 for malignant."""
    bunch = load_breast_cancer()
    names = list(bunch.feature_names)
    return bunch.data[:, [names.index(f) for f in features]], (bunch.target == 0).astype(float)


def numbers_after(text: str, label: str) -> np.ndarray:
    """The numbers inside the first ``[...]`` that follows ``label`` in ``text``."""
    match = re.search(re.escape(label) + r"\s*\[([^\]]*)\]", text)
    assert match, f"{label!r} not found"
    return np.array([float(v) for v in match.group(1).split()])


# c1w3-classification ------------------------------------------------------------------------


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


# c1w3-sigmoid -------------------------------------------------------------------------------


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


# c1w3-decision-boundary ---------------------------------------------------------------------


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


# c1w3-logistic-loss -------------------------------------------------------------------------

X_TOY = np.arange(6.0)
Y_TOY = np.array([0.0, 0.0, 1.0, 0.0, 1.0, 1.0])


@pytest.fixture(scope="module")
def loss_text():
    return markdown("c1w3-logistic-loss")


def squared(p):
    return np.mean((expit(p[0] * X_TOY + p[1]) - Y_TOY) ** 2) / 2


def logistic(p):
    return log_loss(Y_TOY, expit(p[0] * X_TOY + p[1]), labels=[0, 1])


@pytest.mark.parametrize("name, cost, convex", [("squared error", squared, False),
                                                ("log loss", logistic, True)])
def test_loss_chord_test(loss_text, name, cost, convex):
    """Costs at p1 = (-3, -3), p2 = (1, -3) and their middle, to 4 decimals; the log loss by
    sklearn's log_loss."""
    j1, j2, jm = cost((-3.0, -3.0)), cost((1.0, -3.0)), cost((-1.0, -3.0))
    assert (f"{name}: J(p1) = {j1:.4f}, J(p2) = {j2:.4f}, J(middle) = {jm:.4f}, "
            f"average of ends = {(j1 + j2) / 2:.4f}") in loss_text
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
    best = minimize(squared, [0.0, 0.0], method="Nelder-Mead",
                    options={"xatol": 1e-8, "fatol": 1e-12}).x
    np.testing.assert_allclose(best, [0.9, -2.2], atol=0.05)
    assert "around $w = 0.9$, $b = -2.2$" in loss_text


# c1w3-logistic-cost -------------------------------------------------------------------------


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
    for w, b, shown in (((0.0, 0.0), 0.0, "[0. 0.]"), ((1.0, 1.0), 0.0, "[1. 1.]"),
                        ((3.7, 0.9), -0.7, "[3.7 0.9]")):
        cost = log_loss(y, expit(Z @ np.array(w) + b))
        assert f"w = {shown}, b = {b}: cost {cost:.4f}" in cost_text
    assert f"$\\log 2 = {math.log(2):.4f}$" in cost_text

    X1, y1 = tumours("mean radius")
    cost = log_loss(y1, expit(X1[:, 0] - 15.0))
    assert f"one feature, w = [1.], b = -15.0: cost {cost:.4f}" in cost_text
