"""Reference fixtures that the numbers tests of several labs share (``<lab id>/test_numbers.py``).

Each is the independent reference of labs that work on the same data: scikit-learn's fits, the
seeded data checked against the rule it was made by. Module scope: each test file that uses one
gets its own. Plain functions the labs share are in tests/support/helpers.py.
"""

import numpy as np
import pytest
from references import TREE_SEED, good_roast
from sklearn.linear_model import LinearRegression
from sklearn.tree import DecisionTreeClassifier

from utils.checks.decision_trees import X_MUSHROOMS, Y_MUSHROOMS
from utils.data import load_cats, load_house_prices, make_coffee_roasting


@pytest.fixture(scope="module")
def cats_least_squares():
    """c1w1-cost-function and c1w1-gradient-descent: the least-squares line of the cats, by
    scikit-learn, as (model, w, b)."""
    X, Y = load_cats()
    fit = LinearRegression().fit(X[:, None], Y)
    return fit, fit.coef_[0], fit.intercept_


@pytest.fixture(scope="module")
def houses_fit():
    """c1w2-multiple-linear-regression, -feature-scaling and -sklearn-linear-regression: the
    least-squares fit of the house prices on the raw features, by scikit-learn."""
    X, Y, _ = load_house_prices()
    return LinearRegression().fit(X, Y)


@pytest.fixture(scope="module")
def roasts():
    """c2w1-coffee-roasting-tf and -numpy: the roasts (X, y); their labels follow the rule."""
    X, y = make_coffee_roasting()
    assert np.array_equal(y, [good_roast(t, d) for t, d in X]), "labels follow the stated rule"
    return X, y


@pytest.fixture(scope="module")
def mushroom_tree():
    """c2w4-decision-trees: scikit-learn's depth-2 entropy tree of the graded lab's ten
    mushrooms."""
    return DecisionTreeClassifier(criterion="entropy", max_depth=2, random_state=TREE_SEED).fit(
        X_MUSHROOMS, Y_MUSHROOMS
    )
