"""utils.interactive.pca driven without a browser: the slider, the button and a click turn the
projection axis; the drawn axis, projections, error segments and readouts follow.

References written out here: projections from the dot-product formula one point at a time, the
first principal direction from np.linalg.svd of the centred data. Tolerances: 1e-10 (relative)
for the formulas, 1e-6 degrees for a simulated click (pixel round trip).
"""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from utils.data import make_correlated_pair
from utils.interactive import pca
from utils.interactive.base import click

X = make_correlated_pair()
XC = X - X.mean(axis=0)


def reference_projection(angle: float) -> tuple[np.ndarray, np.ndarray]:
    """z_i = x_i . u and z_i u, point by point, for u at ``angle`` degrees."""
    u = (np.cos(np.radians(angle)), np.sin(np.radians(angle)))
    z = np.array([x1 * u[0] + x2 * u[1] for x1, x2 in XC])
    return z, np.array([[zi * u[0], zi * u[1]] for zi in z])


def svd_angle() -> float:
    """The angle of the first right singular vector of the centred data, in [-90, 90)."""
    v = np.linalg.svd(XC, full_matrices=False)[2][0]
    angle = np.degrees(np.arctan2(v[1], v[0]))
    return float((angle + 90) % 180 - 90)


@pytest.fixture
def tool():
    explorer = pca.ProjectionExplorer(X)
    yield explorer
    plt.close(explorer.fig)


def test_helpers_match_the_formulas():
    u = pca.unit_vector(30.0)
    assert np.linalg.norm(u) == pytest.approx(1.0)
    np.testing.assert_allclose(u, [np.sqrt(3) / 2, 0.5])
    z, X_hat = pca.project(XC, u)
    z_ref, X_hat_ref = reference_projection(30.0)
    np.testing.assert_allclose(z, z_ref, rtol=1e-10)
    np.testing.assert_allclose(X_hat, X_hat_ref, rtol=1e-10, atol=1e-12)
    assert [pca.fold_angle(a) for a in (0.0, 135.0, -100.0, 90.0, 270.0)] == [
        0.0,
        -45.0,
        80.0,
        -90.0,
        -90.0,
    ]


@pytest.mark.parametrize("angle", [-90.0, -20.0, 0.0, 45.0, 77.5])
def test_variance_and_error_add_up_to_the_total_variance(angle):
    variance, mse = pca.projection_stats(XC, angle)
    z, X_hat = reference_projection(angle)
    assert variance == pytest.approx(np.var(z), rel=1e-10)
    assert mse == pytest.approx(np.mean(np.sum((XC - X_hat) ** 2, axis=1)), rel=1e-10)
    assert variance + mse == pytest.approx(np.sum(np.var(X, axis=0)), rel=1e-10)


def test_the_tool_centres_the_data_and_starts_on_the_first_axis(tool):
    np.testing.assert_allclose(tool.X, XC)
    assert tool.angle == 0.0
    assert tool.variance == pytest.approx(np.var(X[:, 0]), rel=1e-10)
    assert tool.mse == pytest.approx(np.var(X[:, 1]), rel=1e-10)
    assert tool.total == pytest.approx(np.var(X[:, 0]) + np.var(X[:, 1]), rel=1e-10)


def test_the_slider_moves_the_axis_the_projections_and_the_readouts(tool):
    tool.slider.value = 60.0
    assert tool.angle == 60.0
    np.testing.assert_allclose(tool.u, [0.5, np.sqrt(3) / 2])
    xs, ys = (np.asarray(a) for a in tool.axis_line.get_data())
    assert len(xs) == 2
    np.testing.assert_allclose(ys, np.sqrt(3) * xs)  # the line through 0 at 60 degrees
    assert xs[0] < 0 < xs[1]
    z_ref, X_hat_ref = reference_projection(60.0)
    np.testing.assert_allclose(tool.z, z_ref, rtol=1e-10)
    np.testing.assert_allclose(tool.projections.get_offsets(), X_hat_ref, rtol=1e-10, atol=1e-12)
    segments = tool.errors.get_segments()
    assert len(segments) == len(X)
    np.testing.assert_allclose([s[0] for s in segments], XC)
    np.testing.assert_allclose([s[1] for s in segments], X_hat_ref, rtol=1e-10, atol=1e-12)
    variance = np.mean(z_ref**2)
    mse = np.mean(np.sum((XC - X_hat_ref) ** 2, axis=1))
    assert (tool.variance, tool.mse) == pytest.approx((variance, mse), rel=1e-10)
    assert tool.ax_curve.get_title() == (
        f"variance {variance:.3f} + error {mse:.3f} = {variance + mse:.3f}"
    )
    assert tool.ax_data.get_title() == "axis at 60.0°"
    assert list(tool.angle_line.get_xdata()) == [60.0, 60.0]


def test_the_curves_are_the_formula_and_their_sum_is_constant(tool):
    variance_line, error_line = tool.ax_curve.lines[:2]
    angles, variances = variance_line.get_data()
    _, errors = error_line.get_data()
    for i in (0, 90, 200, 360):
        z, X_hat = reference_projection(angles[i])
        assert variances[i] == pytest.approx(np.mean(z**2), rel=1e-10)
        assert errors[i] == pytest.approx(np.mean(np.sum((XC - X_hat) ** 2, axis=1)), rel=1e-10)
    np.testing.assert_allclose(variances + errors, tool.total, rtol=1e-10)


def test_the_best_angle_is_the_first_principal_direction(tool):
    assert tool.best == pytest.approx(svd_angle(), abs=1e-9)
    s = np.linalg.svd(XC, compute_uv=False)
    best_variance = s[0] ** 2 / len(X)
    np.testing.assert_allclose(tool.best_marker.get_offsets(), [[tool.best, best_variance]])
    _, variances = tool.ax_curve.lines[0].get_data()
    assert best_variance >= variances.max()
    assert f"best angle {svd_angle():.1f}°" in [t.get_text() for t in tool.ax_curve.legend_.texts]
    tool.best_button.click()
    assert tool.angle == pytest.approx(svd_angle(), abs=1e-9)
    assert tool.variance == pytest.approx(best_variance, rel=1e-10)
    assert tool.mse == pytest.approx(s[1] ** 2 / len(X), rel=1e-10)


@pytest.mark.parametrize(("x", "y"), [(2.0, 2.0), (-2.0, 2.0), (1.0, -3.0), (-3.0, 0.5)])
def test_a_click_points_the_axis_at_the_clicked_point(tool, x, y):
    angle = np.degrees(np.arctan(y / x))  # the slope's angle, in (-90, 90)
    click(tool.fig, tool.ax_data, x, y)
    assert tool.angle == pytest.approx(angle, abs=1e-6)
    assert tool.slider.value == pytest.approx(angle, abs=1e-6)
    xs, ys = tool.axis_line.get_data()
    assert xs[1] * y - ys[1] * x == pytest.approx(0.0, abs=1e-5)  # the click is on the line
    np.testing.assert_allclose(
        tool.projections.get_offsets(), reference_projection(tool.angle)[1], rtol=1e-10, atol=1e-12
    )


def test_a_click_on_the_curve_panel_changes_nothing(tool):
    click(tool.fig, tool.ax_curve, 45.0, 3.0)
    assert tool.angle == 0.0
