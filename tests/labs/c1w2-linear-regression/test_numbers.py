"""c1w2-linear-regression: the numbers its text states agree with independent references.

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text against scikit-learn's closed-form fit and the textbook formulas, computed here.
"""

import numpy as np
import pytest
from sklearn.linear_model import LinearRegression

from autograder import cells
from autograder.syllabus import REPO_ROOT, load_syllabus
from utils.data import load_cats

LAB = load_syllabus().lab("c1w2-linear-regression")
TEXT = "\n".join(
    c.source for c in cells.read_notebook(REPO_ROOT / LAB.source).cells if c.cell_type == "markdown"
)
X, Y = load_cats()


def cost(w, b):
    return np.mean((w * X + b - Y) ** 2) / 2


@pytest.fixture(scope="module")
def fit():
    return LinearRegression().fit(X[:, None], Y)


def test_gradient_descent_result_matches_the_closed_form_to_3_decimals(fit):
    w, b = fit.coef_[0], fit.intercept_
    assert f"w = {w:.3f}, b = {b:.3f}, cost = {cost(w, b):.3f}" in TEXT


def test_predictions_match_scikit_learn(fit):
    for weight in (2.5, 3.5):
        predicted = fit.predict([[weight]])[0]
        assert f"a {weight} kg cat: typical heart weight {predicted:.2f} g" in TEXT


def test_stated_costs_and_gradient_follow_the_formulas():
    assert f"cost at w = 0, b = 0: {cost(0, 0):.4f}" in TEXT
    assert f"cost at w = 4, b = 0: {cost(4, 0):.4f}" in TEXT
    err = -Y
    dj_dw, dj_db = np.mean(err * X), np.mean(err)
    assert f"dj_dw = {dj_dw:.3f}, dj_db = {dj_db:.3f}" in TEXT
