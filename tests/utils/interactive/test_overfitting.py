"""utils.interactive.overfitting driven without a browser: degree, kind, clicks, lambda, reset.

References are independent of the tool: np.polyfit (least squares on raw powers), scikit-learn's
Ridge and LogisticRegression with another solver on scikit-learn's own polynomial features.
"""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from scipy.special import expit
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.preprocessing import PolynomialFeatures, StandardScaler

from utils import data
from utils.interactive.base import click
from utils.interactive.overfitting import (
    LAMBDAS,
    MIN_LOGISTIC_LAMBDA,
    OverfitExplorer,
    PolynomialModel,
    fit_linear,
    map_features,
)

X_CURVE, Y_CURVE = data.make_curve()
X_CHIPS, Y_CHIPS = data.make_microchips()


@pytest.fixture
def regression():
    explorer = OverfitExplorer("regression", degree=2, lambda_control=True)
    yield explorer
    plt.close(explorer.fig)


@pytest.fixture
def classification():
    explorer = OverfitExplorer("classification", degree=2)
    yield explorer
    plt.close(explorer.fig)


def assert_curve_is_polyfit(tool, x, y, degree):
    """The drawn curve is the least-squares polynomial (np.polyfit), to 1e-6."""
    xs, ys = tool.curve.get_data()
    np.testing.assert_allclose(ys, np.polyval(np.polyfit(x, y, degree), xs), atol=1e-6)
    np.testing.assert_allclose(tool.examples.get_offsets(), np.column_stack([x, y]))


def sklearn_logistic(X, y, degree, lambda_):
    """Regularized logistic regression by scikit-learn's newton-cg solver, C = 1/lambda."""
    P = PolynomialFeatures(degree, include_bias=False).fit_transform(X)
    Z = StandardScaler().fit_transform(P)
    return LogisticRegression(C=1 / lambda_, solver="newton-cg", tol=1e-10, max_iter=10_000).fit(
        Z, y
    )


def test_the_starting_regression_is_the_least_squares_polynomial(regression):
    assert_curve_is_polyfit(regression, X_CURVE, Y_CURVE, 2)
    J = np.mean((np.polyval(np.polyfit(X_CURVE, Y_CURVE, 2), X_CURVE) - Y_CURVE) ** 2) / 2
    assert f"train cost J = {J:.4f}" in regression.ax.get_title()


def test_the_degree_slider_refits_and_the_curve_changes(regression):
    before = regression.curve.get_ydata().copy()
    regression.degree_slider.value = 8
    assert regression.degree == 8 and regression.model.w.shape == (8,)
    assert_curve_is_polyfit(regression, X_CURVE, Y_CURVE, 8)
    assert np.max(np.abs(regression.curve.get_ydata() - before)) > 0.05
    assert regression.ax.get_title().startswith("degree 8,")


def test_a_click_adds_the_point_clicked_and_refits(regression):
    click(regression.fig, regression.ax, 0.5, 1.4)
    x, y = np.append(X_CURVE, 0.5), np.append(Y_CURVE, 1.4)
    np.testing.assert_allclose(regression.X, x, atol=1e-6)
    np.testing.assert_allclose(regression.y, y, atol=1e-6)
    assert_curve_is_polyfit(regression, regression.X, regression.y, 2)
    regression.reset_button.click()
    np.testing.assert_array_equal(regression.X, X_CURVE)
    assert_curve_is_polyfit(regression, X_CURVE, Y_CURVE, 2)


def test_the_lambda_slider_shrinks_the_weights_as_ridge_does(regression):
    regression.degree_slider.value = 10
    norms = []
    for label, lam in LAMBDAS:
        regression.lambda_slider.value = lam
        norms.append(regression.weights_norm())
        if lam == 0:
            assert np.ptp(regression.curve.get_ydata()) > 1.0  # the wiggly degree-10 fit
        assert f"λ = {label}:" in regression.ax.get_title()
        if lam > 0:
            P = PolynomialFeatures(10, include_bias=False).fit_transform(X_CURVE[:, None])
            ridge = Ridge(alpha=lam, solver="svd").fit(StandardScaler().fit_transform(P), Y_CURVE)
            np.testing.assert_allclose(regression.model.w, ridge.coef_, rtol=1e-4, atol=1e-6)
            assert regression.model.b == pytest.approx(ridge.intercept_, rel=1e-6)
    assert np.all(np.diff(norms) < 0) and norms[0] > 1e5 and norms[-1] < 0.1
    flat = regression.curve.get_ydata()
    assert np.ptp(flat) < 0.1  # lambda = 100: nearly flat, near the mean of y


def test_switching_to_classification_draws_the_chips_and_the_boundary(regression):
    regression.kind_toggle.value = "classification"
    tool = regression
    assert tool.kind == "classification" and tool.curve is None
    assert not tool.label_toggle.disabled
    np.testing.assert_allclose(tool.ones.get_offsets(), X_CHIPS[Y_CHIPS == 1])
    np.testing.assert_allclose(tool.zeros.get_offsets(), X_CHIPS[Y_CHIPS == 0])
    assert tool.boundary is not None and len(tool.boundary.allsegs[0]) >= 1
    tool.kind_toggle.value = "regression"
    assert_curve_is_polyfit(tool, X_CURVE, Y_CURVE, 2)


def test_classification_matches_scikit_learn_and_its_picture(classification):
    tool = classification
    tool.degree_slider.value = 6
    reference = sklearn_logistic(X_CHIPS, Y_CHIPS, 6, MIN_LOGISTIC_LAMBDA)
    assert np.array_equal(
        tool.model.predict(X_CHIPS),
        reference.predict(StandardScaler().fit_transform(map_features(X_CHIPS, 6))),
    )
    np.testing.assert_allclose(tool.model.w, reference.coef_[0], rtol=1e-3, atol=1e-3)
    u, v = tool.grid_u.ravel(), tool.grid_v.ravel()
    f = expit(tool.model.decision(np.column_stack([u, v])))
    np.testing.assert_allclose(tool.background.get_array(), f.reshape(tool.grid_u.shape))
    boundary = np.vstack(tool.boundary.allsegs[0])
    np.testing.assert_allclose(tool.model.decision(boundary), 0.0, atol=0.5)
    error = np.mean(
        reference.predict(StandardScaler().fit_transform(map_features(X_CHIPS, 6))) != Y_CHIPS
    )
    assert f"λ = 0.0001: train error {100 * error:.1f} %" in tool.ax.get_title()


def test_a_click_adds_a_chip_of_the_chosen_class(classification):
    tool = classification
    tool.label_toggle.value = 0.0
    click(tool.fig, tool.ax, 0.0, 0.1)
    assert tool.X.shape == (119, 2) and tool.y[-1] == 0.0
    np.testing.assert_allclose(tool.zeros.get_offsets()[-1], [0.0, 0.1], atol=1e-6)
    assert len(tool.ones.get_offsets()) == Y_CHIPS.sum()
    tool.label_toggle.value = 1.0
    click(tool.fig, tool.ax, 1.1, 1.1)
    assert tool.y[-1] == 1.0
    np.testing.assert_allclose(tool.ones.get_offsets()[-1], [1.1, 1.1], atol=1e-6)
    reference = sklearn_logistic(tool.X, tool.y, 2, MIN_LOGISTIC_LAMBDA)
    np.testing.assert_allclose(tool.model.w, reference.coef_[0], rtol=1e-4, atol=1e-4)


def test_a_strong_lambda_shrinks_the_logistic_weights_as_c_equals_one_over_lambda():
    tool = OverfitExplorer("classification", degree=6, lambda_control=True, lambda_=0.01)
    try:
        weak = tool.weights_norm()
        tool.lambda_slider.value = 1.0
        reference = sklearn_logistic(X_CHIPS, Y_CHIPS, 6, 1.0)
        np.testing.assert_allclose(tool.model.w, reference.coef_[0], rtol=1e-4, atol=1e-5)
        assert tool.model.b == pytest.approx(reference.intercept_[0], rel=1e-4)
        assert tool.weights_norm() < weak / 3
    finally:
        plt.close(tool.fig)


def test_fit_linear_solves_the_regularized_normal_equations():
    rng = np.random.default_rng(0)
    Z, y = rng.normal(size=(20, 4)), rng.normal(size=20)
    for lam in (0.0, 0.5, 3.0):
        w, b = fit_linear(Z, y, lam)
        A = np.column_stack([Z, np.ones(20)])
        penalty = np.diag([lam] * 4 + [0.0])
        theta = np.linalg.solve(A.T @ A + penalty, A.T @ y)
        np.testing.assert_allclose(np.append(w, b), theta, atol=1e-10)


def test_map_features_lists_every_monomial_once():
    X = np.array([[2.0, 3.0]])
    np.testing.assert_allclose(map_features(X, 2), [[2, 3, 4, 6, 9]])
    assert map_features(X, 6).shape == (1, 27)
    with pytest.raises(ValueError, match="kind"):
        PolynomialModel("clustering", 2)
