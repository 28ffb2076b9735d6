"""utils.interactive.minibatch driven without a browser: the dropdown and the slider retrain the
network; the cost curves, title, boundary and readouts follow.

References written here: the gradient checked against centred finite differences of the cost
(tolerance 1e-6 relative), the mini-batch split against its definition, and one update of batch
gradient descent written out from the formulas.
"""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from utils.data import make_optimizer_moons
from utils.interactive import minibatch

X, Y = make_optimizer_moons(m=60, seed=5)


@pytest.fixture
def tool():
    explorer = minibatch.MinibatchExplorer(X, Y, epochs=4, batch_size=8, learning_rate=0.1)
    yield explorer
    plt.close(explorer.fig)


def test_gradients_match_finite_differences():
    params = minibatch.init_params(3)
    grads = minibatch.gradients(params, X, Y)
    h = 1e-6
    for name in ("W1", "b1", "W2", "b2"):
        numeric = np.zeros_like(params[name])
        for idx in np.ndindex(params[name].shape):
            plus = {k: v.copy() for k, v in params.items()}
            minus = {k: v.copy() for k, v in params.items()}
            plus[name][idx] += h
            minus[name][idx] -= h
            numeric[idx] = (minibatch.net_cost(plus, X, Y) - minibatch.net_cost(minus, X, Y)) / (
                2 * h
            )
        np.testing.assert_allclose(grads["d" + name], numeric, rtol=1e-5, atol=1e-8)


def test_minibatches_cover_every_example_once():
    batches = minibatch.minibatches(60, 8, np.random.default_rng(0))
    assert [len(b) for b in batches] == [8] * 7 + [4]
    assert np.array_equal(np.sort(np.concatenate(batches)), np.arange(60))
    assert np.array_equal(np.concatenate(batches), np.random.default_rng(0).permutation(60))


def test_one_epoch_of_batch_descent_is_one_update():
    run = minibatch.train(X, Y, 60, 0.5, 1, seed=2)
    p = minibatch.init_params(2)
    A1 = np.maximum(0, p["W1"] @ X + p["b1"])
    S = 1 / (1 + np.exp(-(p["W2"] @ A1 + p["b2"])))
    dZ2 = (S - Y) / 60
    dZ1 = (p["W2"].T @ dZ2) * (A1 > 0)
    np.testing.assert_allclose(run.params["W2"], p["W2"] - 0.5 * dZ2 @ A1.T)
    np.testing.assert_allclose(run.params["W1"], p["W1"] - 0.5 * dZ1 @ X.T)
    assert len(run.step_costs) == 1 and len(run.epoch_costs) == 2
    cross_entropy = -np.mean(Y * np.log(S) + (1 - Y) * np.log(1 - S))
    assert run.step_costs[0] == pytest.approx(cross_entropy) == pytest.approx(run.epoch_costs[0])


def test_a_huge_rate_diverges_and_a_small_one_does_not():
    assert minibatch.train(X, Y, 8, 300.0, 10).diverged
    assert not minibatch.train(X, Y, 8, 0.05, 10).diverged


def test_the_tool_starts_with_its_settings(tool):
    run = tool.run
    assert (run.batch_size, run.learning_rate, run.epochs) == (8, pytest.approx(0.1), 4)
    assert len(run.step_costs) == 4 * 8 and len(run.epoch_costs) == 5
    assert tool.ax_cost.get_title() == f"batch 8, rate 0.1: final cost {run.epoch_costs[-1]:.3f}"
    assert tool.ax_data.get_title() == f"accuracy on the training set: {run.accuracy:.1%}"
    assert [label for label, _ in tool.dropdown.options][-1] == "60 (batch)"


def test_the_dropdown_retrains_and_redraws(tool):
    tool.dropdown.value = 1
    assert tool.run.batch_size == 1 and len(tool.run.step_costs) == 4 * 60
    reference = minibatch.train(X, Y, 1, 0.1, 4)
    np.testing.assert_allclose(tool.run.epoch_costs, reference.epoch_costs)
    steps, costs = tool.ax_cost.lines[0].get_data()
    np.testing.assert_allclose(costs, reference.step_costs)
    assert steps[-1] == pytest.approx(4.0)
    _, epoch_line = tool.ax_cost.lines[1].get_data()
    np.testing.assert_allclose(epoch_line, reference.epoch_costs)


def test_the_slider_reports_divergence(tool):
    tool.slider.value = 100.0
    assert tool.run.learning_rate == pytest.approx(100.0)
    assert tool.run.diverged == minibatch.train(X, Y, 8, 100.0, 4).diverged
    if tool.run.diverged:
        assert tool.ax_cost.get_title() == "batch 8, rate 100: diverged"
    tool.slider.value = 0.001
    assert not tool.run.diverged
    assert tool.ax_cost.get_title().startswith("batch 8, rate 0.001: final cost")
