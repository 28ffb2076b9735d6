"""utils.interactive.initialization driven without a browser: the slider and the toggle change the
weight scale and the activation; the histograms, the std line and the title follow.

References written out here: each example's activations computed one column at a time with
explicit sums, the loss's directional derivative by central differences, and the closed form of
ReLU's homogeneity (scale c multiplies layer l by c**l). Tolerances: 1e-10 relative for formulas,
1e-5 for finite differences.
"""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from utils.interactive import initialization as init

NET = init.make_network(seed=3, n=20, m=50, layers=10)


def column_forward(scale: float, activation: str, j: int) -> list[np.ndarray]:
    """Activations of example j, unit by unit: a_i = g(sum_k scale * G[i, k] * a_k)."""
    a = list(NET.X[:, j])
    out = [np.array(a)]
    for G in NET.G:
        z = [sum(scale * G[i, k] * a[k] for k in range(len(a))) for i in range(len(G))]
        a = [np.tanh(v) if activation == "tanh" else max(v, 0.0) for v in z]
        out.append(np.array(a))
    return out


@pytest.fixture
def tool():
    explorer = init.InitExplorer(NET, scale=0.1, activation="tanh")
    yield explorer
    plt.close(explorer.fig)


def test_scales_and_draws():
    s = init.scales(100)
    assert s == pytest.approx(
        {"zeros": 0, "small": 0.01, "Xavier": 0.1, "He": 0.1414213562, "large": 1}
    )
    rng = np.random.default_rng(3)
    np.testing.assert_array_equal(NET.X, rng.standard_normal((20, 50)))
    np.testing.assert_array_equal(NET.G[0], rng.standard_normal((20, 20)))


@pytest.mark.parametrize("activation", ["tanh", "relu"])
@pytest.mark.parametrize("scale", [0.05, 0.3, 1.0])
def test_forward_matches_unit_by_unit_sums(scale, activation):
    A = init.deep_forward(NET, scale, activation)
    for j in (0, 17):
        for a, ref in zip(A, column_forward(scale, activation, j), strict=True):
            np.testing.assert_allclose(a[:, j], ref, rtol=1e-10, atol=1e-300)


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_backward_matches_finite_differences(activation):
    scale, eps = 0.4, 1e-6
    grads = init.deep_backward(NET, scale, activation)
    rng = np.random.default_rng(0)

    def loss(G_list):
        a = NET.X
        for G in G_list:
            z = scale * G @ a
            a = np.tanh(z) if activation == "tanh" else np.maximum(z, 0)
        return 0.5 * np.sum((a - NET.Y) ** 2) / NET.X.shape[1]

    for layer in (0, 4, 9):
        V = rng.standard_normal(NET.G[layer].shape)
        plus = [G + eps * V / scale if i == layer else G for i, G in enumerate(NET.G)]
        minus = [G - eps * V / scale if i == layer else G for i, G in enumerate(NET.G)]
        numeric = (loss(plus) - loss(minus)) / (2 * eps)  # derivative along V in W-space
        assert np.sum(grads[layer] * V) == pytest.approx(numeric, rel=1e-5)


def test_zero_weights_give_zero_activations_and_gradients():
    for activation in ("tanh", "relu"):
        assert all(np.all(a == 0) for a in init.deep_forward(NET, 0.0, activation)[1:])
        assert all(np.all(g == 0) for g in init.deep_backward(NET, 0.0, activation))


def test_slider_and_toggle_redraw(tool):
    assert tool.activation == "tanh" and tool.scale == pytest.approx(0.1)
    ref = [np.std(column_forward(0.1, "tanh", j)[10]) for j in range(3)]  # spot check columns
    A = init.deep_forward(NET, 0.1, "tanh")
    np.testing.assert_allclose([A[10][:, j].std() for j in range(3)], ref, rtol=1e-10)
    np.testing.assert_allclose(tool.stds, [a.std() for a in A[1:]], rtol=1e-12)
    line = tool.ax_std.get_lines()[0]
    np.testing.assert_allclose(line.get_ydata(), tool.stds)
    assert "tanh, weights std 0.1 " in tool.ax_std.get_title()
    # every tanh panel counts all n * m values on [-1, 1]
    heights = [ax.patches[0].get_data().values.sum() for ax in tool.hist_axes]
    assert heights == [20 * 50] * 10
    assert tool.hist_axes[9].get_xlabel() == f"std {tool.stds[9]:.2g}"

    tool.toggle.value = "relu"
    tool.slider.value = 2.0
    assert tool.activation == "relu" and tool.scale == pytest.approx(2.0)
    base = np.array([a.std() for a in init.deep_forward(NET, 1.0, "relu")[1:]])
    np.testing.assert_allclose(tool.stds, base * 2.0 ** np.arange(1, 11), rtol=1e-10)
    assert "relu, weights std 2 " in tool.ax_std.get_title()
    A = init.deep_forward(NET, 2.0, "relu")
    positive = [int(np.sum(a > 0)) for a in A[1:]]  # ReLU panels count the positive values
    assert [ax.patches[0].get_data().values.sum() for ax in tool.hist_axes] == positive


def test_set_moves_the_controls(tool):
    tool.set(scale=0.01, activation="relu")
    assert (tool.slider.value, tool.toggle.value) == (pytest.approx(0.01), "relu")
    assert np.all(np.diff(np.log(tool.stds)) < 0)  # shrinks at every layer
    tool.set(scale=1.0)
    assert tool.activation == "relu" and np.all(np.diff(np.log(tool.stds)) > 0)
    tool.fig.canvas.draw()  # draws without error
