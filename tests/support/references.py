"""Independent reference computations that the numbers tests of several labs share.

Each numbers test (tests/labs/<lab id>/test_numbers.py) checks what a lab's text states against a
reference computed without the lab's code: the textbook formula, scikit-learn, NumPy's least
squares. What only one lab needs stays in that lab's file. SciPy and scikit-learn are imported
inside the functions that use them.
"""

from __future__ import annotations

import re

import numpy as np

# Regression (c1w1, c1w2 and c2w3 labs)

HOUSE = np.array([6000.0, 3, 2, 2])
"""The house every c1w2 lab prices: lot size, bedrooms, bathrooms, stories."""


def half_mse(y: np.ndarray, predictions: np.ndarray) -> float:
    """The course's squared-error cost of predictions: mean((predictions - y)^2) / 2."""
    return float(np.mean((predictions - y) ** 2) / 2)


def linear_cost(X: np.ndarray, y: np.ndarray, w, b: float) -> float:
    """The squared-error cost of the linear model X w + b: one feature (X a vector, w a number)
    or several (X a matrix, w a vector)."""
    return half_mse(y, np.dot(X, w) + b)


def normalized(F: np.ndarray) -> np.ndarray:
    """Each column of F z-scored: minus its mean, over its (population) standard deviation."""
    return (F - F.mean(axis=0)) / F.std(axis=0)


def descent_iterate(F, y, alpha, steps, p0):
    """Batch gradient descent after ``steps`` steps, in closed form: the error p - p* of the
    parameters p = (w, b) is multiplied by (I - alpha H) at each step, H = A^T A / m."""
    A = np.column_stack([F, np.ones(len(y))])
    H = A.T @ A / len(y)
    p_star = np.linalg.lstsq(A, y, rcond=None)[0]
    p = p_star + np.linalg.matrix_power(np.eye(len(p0)) - alpha * H, steps) @ (p0 - p_star)
    return p[:-1], p[-1]


def poly_features(x: np.ndarray, x_fit: np.ndarray, degree: int) -> np.ndarray:
    """Scaled x (mean and std of x_fit), its powers 1..degree, each scaled again on x_fit."""
    mu, sd = x_fit.mean(), x_fit.std()
    powers = lambda v: ((v - mu) / sd)[:, None] ** np.arange(1, degree + 1)  # noqa: E731
    fit_powers = powers(x_fit)
    mean, std = fit_powers.mean(axis=0), fit_powers.std(axis=0)
    return (powers(x) - mean) / std


def poly_fit_predict(degree: int, lam: float = 0.0, *, x, y, fit_on) -> np.ndarray:
    """Least squares (lam = 0) or ridge, closed form, of a degree-``degree`` polynomial
    (poly_features) on x[fit_on]; its predictions for every x."""
    Z = poly_features(x[fit_on], x[fit_on], degree)  # centred columns: the intercept is mean y
    y_mean = y[fit_on].mean()
    if lam == 0.0:
        w = np.linalg.lstsq(Z, y[fit_on] - y_mean, rcond=None)[0]
    else:
        w = np.linalg.solve(Z.T @ Z + lam * np.eye(degree), Z.T @ (y[fit_on] - y_mean))
    return poly_features(x, x[fit_on], degree) @ w + y_mean


# Classification (c1w3 labs)


def tumours(*features: str) -> tuple[np.ndarray, np.ndarray]:
    """The breast cancer set straight from scikit-learn: chosen columns, y = 1 for malignant."""
    from sklearn.datasets import load_breast_cancer

    bunch = load_breast_cancer()
    names = list(bunch.feature_names)
    return bunch.data[:, [names.index(f) for f in features]], (bunch.target == 0).astype(float)


def logistic_cost(Z, y, w, b, lambda_=0.0):
    """The course's (regularized) logistic cost, by scikit-learn's log_loss plus the penalty."""
    from scipy.special import expit
    from sklearn.metrics import log_loss

    return log_loss(y, expit(Z @ w + b), labels=[0, 1]) + lambda_ * np.sum(w**2) / (2 * len(y))


def sklearn_logistic(Z, y, lambda_):
    """The minimiser of the course's logistic cost with penalty lambda_: C = 1/lambda_."""
    from sklearn.linear_model import LogisticRegression

    C = np.inf if lambda_ == 0 else 1 / lambda_
    return LogisticRegression(C=C, solver="newton-cg", tol=1e-12, max_iter=10_000).fit(Z, y)


def scaled_poly(X, degree, X_fit=None):
    """scikit-learn's polynomial features (no bias column), z-scored with the training set."""
    from sklearn.preprocessing import PolynomialFeatures, StandardScaler

    poly = PolynomialFeatures(degree, include_bias=False)
    scaler = StandardScaler().fit(poly.fit_transform(X if X_fit is None else X_fit))
    return scaler.transform(poly.fit_transform(X))


def polynomial_logistic_errors(X, y, X_test, y_test, degree, lambda_):
    """Train error, test error and |w| of logistic regression (sklearn_logistic) on
    degree-``degree`` features (scaled_poly) of the training set (X, y)."""
    Z = scaled_poly(X, degree)
    Z_test = scaled_poly(X_test, degree, X_fit=X)
    model = sklearn_logistic(Z, y, lambda_)
    return (
        np.mean(model.predict(Z) != y),
        np.mean(model.predict(Z_test) != y_test),
        np.linalg.norm(model.coef_),
    )


# Neural networks (c2w1 labs)


def good_roast(t: float, d: float) -> bool:
    """The rule of make_coffee_roasting's docstring, written out independently."""
    return 175 < t < 260 and 12 < d < 15 and d <= 21 - 3 * t / 85


def assert_roast_decisions_follow_the_rule(text: str) -> None:
    """The text states two roasts' decisions, and each is what good_roast says."""
    stated = re.findall(r"(\d+) C, ([\d.]+) min: (?:P\(good\) = [\d.]+ -> )?(good|bad) roast", text)
    assert len(stated) == 2
    for t, d, decision in stated:
        assert decision == ("good" if good_roast(float(t), float(d)) else "bad"), (t, d)


# Decision trees (c2w4 labs)

MUSHROOM_FEATURES = ["brown cap", "tapering stalk", "solitary"]
"""The columns of utils.checks.decision_trees.X_MUSHROOMS, the graded lab's mushrooms (1 = yes)."""
TREE_SEED = 0  # the c2w4 labs' seed


def bits(labels: np.ndarray) -> float:
    """The entropy of binary labels in bits, by SciPy."""
    from scipy.stats import entropy

    return entropy(np.bincount(labels, minlength=2), base=2)


def node_gain(t, node: int) -> float:
    """Impurity decrease of a split node of a fitted scikit-learn tree."""
    left, right = t.children_left[node], t.children_right[node]
    n = t.n_node_samples
    weighted = (n[left] * t.impurity[left] + n[right] * t.impurity[right]) / n[node]
    return t.impurity[node] - weighted


def stump_gain(column, y) -> tuple[float, float]:
    """Gain and threshold of scikit-learn's best single split (entropy) on one feature."""
    from sklearn.tree import DecisionTreeClassifier

    tree = DecisionTreeClassifier(criterion="entropy", max_depth=1, random_state=TREE_SEED)
    tree.fit(np.asarray(column, dtype=float).reshape(-1, 1), y)
    return node_gain(tree.tree_, 0), tree.tree_.threshold[0]


def keras_digits_network(parameters: dict) -> object:
    """A Keras network 64 -> 25 (relu) -> 12 (relu) -> 10 holding the given column-layout
    weights ``W1, b1, W2, b2, W3, b3`` (Dense keeps W transposed and b as a vector): the
    reference of c4w3-tensorflow-intro's forward pass, in its numbers test and its checks' test."""
    import keras  # TensorFlow loads slowly: only the tests that need it

    network = keras.Sequential(
        [
            keras.Input(shape=(64,)),
            keras.layers.Dense(25, activation="relu"),
            keras.layers.Dense(12, activation="relu"),
            keras.layers.Dense(10),
        ]
    )
    network.set_weights(
        [
            np.asarray(parameters[k]).T if k[0] == "W" else np.asarray(parameters[k]).ravel()
            for k in ("W1", "b1", "W2", "b2", "W3", "b3")
        ]
    )
    return network
