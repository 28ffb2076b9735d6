"""c4w2-optimization-methods: the solution agrees with independent references, and the numbers the
text states are what they say.

The solution's exercises are read from the instructor source and checked against the formulas
written here as plain recurrences, against Keras's optimizers where their formulas coincide
(``SGD(momentum=beta)`` with the learning rate ``alpha (1 - beta)``; ``Adam`` with ``epsilon = 0``,
since Keras adds its epsilon to the square root of the *uncorrected* average), and the mini-batches
against a direct construction. The trainings the text reports are run again here with the test's own
loop and recurrences (the network's forward and backward passes are the lab library's, checked
against TensorFlow in tests/utils/labs/test_optimization.py); tests/labs/test_run.py checks that
the notebook prints the same lines.
"""

import math
import re

import numpy as np
import pytest
from helpers import NUMBER, markdown, stated
from sklearn.datasets import make_moons

from autograder import cells
from autograder.syllabus import REPO_ROOT, load_syllabus
from utils.checks.optimization_methods import random_grads, random_parameters
from utils.data import make_optimizer_moons
from utils.labs import optimization as net

LAB_ID = "c4w2-optimization-methods"
LAB = load_syllabus().lab(LAB_ID)
TEXT = markdown(LAB_ID)
FLAT = " ".join(TEXT.split())
X, Y = make_optimizer_moons()
M = X.shape[1]
LAYERS = [2, 5, 2, 1]
INIT_SEED = 3  # the notebook's model and its demonstrations


@pytest.fixture(scope="module")
def solution():
    """The instructor source's answers to the seven exercises, in a namespace of their own."""
    nb = cells.read_notebook(REPO_ROOT / LAB.source)
    namespace = {"np": np, "math": math}
    for exercise in LAB.exercises:
        exec(cells.cell_source(nb, exercise.name), namespace)
    return namespace


# --- the data -----------------------------------------------------------------------------------


def test_the_data_is_scikit_learns_moons_as_stated():
    points, labels = make_moons(n_samples=300, noise=0.2, random_state=8)
    assert np.array_equal(X, points.T) and np.array_equal(Y[0], labels)
    assert "X: (2, 300), Y: (1, 300)" in TEXT
    assert f"{int(labels.sum())} examples of class 1, {int((1 - labels).sum())} of class 0" in TEXT
    assert f"first example: x = {np.round(points[0], 3)}, y = {labels[0]}" in TEXT
    assert "(300 points, noise 0.2" in FLAT


# --- the exercises against references -----------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "m", "size", "seed"), [(2, 300, 64, 1), (3, 128, 32, 5), (1, 7, 10, 2)]
)
def test_mini_batches_take_every_column_once_in_the_order_of_the_permutation(
    solution, n, m, size, seed
):
    rng = np.random.default_rng(seed)
    X_r, Y_r = rng.normal(size=(n, m)), rng.normal(size=(1, m))
    batches = solution["random_mini_batches"](X_r, Y_r, size, seed)
    order = np.random.RandomState(seed).permutation(m)  # the legacy stream np.random.seed sets
    assert [b[0].shape[1] for b in batches] == [min(size, m - k) for k in range(0, m, size)]
    assert np.array_equal(np.hstack([b[0] for b in batches]), X_r[:, order])
    assert np.array_equal(np.hstack([b[1] for b in batches]), Y_r[:, order])
    assert all(b[1].shape == (1, b[0].shape[1]) for b in batches)


def test_the_stated_mini_batches():
    assert "5 mini-batches" in TEXT
    shapes = [(2, 64)] * 4 + [(2, 44)]
    assert f"shapes of mini_batch_X: {shapes}" in TEXT
    assert f"shapes of mini_batch_Y: {[(1, s[1]) for s in shapes]}" in TEXT
    assert 300 - 4 * 64 == 44 and "$300 - 4 \\cdot 64 = 44$" in TEXT
    first = np.random.RandomState(1).permutation(300)[0]
    assert f"the first column is example {first}: True" in TEXT


def _momentum(p, g, v, beta, lr):
    v = {k: beta * v[k] + (1 - beta) * g[k] for k in v}
    return {k: p[k] - lr * v["d" + k] for k in p}, v


def _adam(p, g, v, s, t, lr, b1, b2, eps):
    v = {k: b1 * v[k] + (1 - b1) * g[k] for k in v}
    s = {k: b2 * s[k] + (1 - b2) * g[k] ** 2 for k in s}
    vc = {k: v[k] / (1 - b1**t) for k in v}
    sc = {k: s[k] / (1 - b2**t) for k in s}
    return {k: p[k] - lr * vc["d" + k] / (np.sqrt(sc["d" + k]) + eps) for k in p}, v, s, vc, sc


def _close(a: dict, b: dict, rtol=1e-12):
    assert a.keys() == b.keys()
    for k in a:
        np.testing.assert_allclose(a[k], b[k], rtol=rtol, atol=1e-15)


def test_momentum_and_adam_follow_the_recurrences_over_many_steps(solution):
    rng = np.random.default_rng(7)
    p0 = random_parameters(rng, (3, 4, 2, 1))
    p_m, p_a, p_ref_m, p_ref_a = (dict(p0) for _ in range(4))
    v_m = solution["initialize_velocity"](p0)
    v_a, s_a = solution["initialize_adam"](p0)
    assert v_a is not s_a and all(v_a[k] is not s_a[k] for k in v_a)
    ref_v = {k: np.zeros_like(a) for k, a in v_m.items()}
    ref = (dict(ref_v), dict(ref_v), dict(ref_v))
    _close(v_m, ref_v)
    rv, rs = ref[1], ref[2]
    for t in range(1, 21):
        g = random_grads(rng, (3, 4, 2, 1))
        p_m, v_m = solution["update_parameters_with_momentum"](p_m, g, v_m, 0.8, 0.05)
        p_ref_m, ref_v = _momentum(p_ref_m, g, ref_v, 0.8, 0.05)
        p_a, v_a, s_a, vc, sc = solution["update_parameters_with_adam"](
            p_a, g, v_a, s_a, t, 0.01, 0.9, 0.999, 1e-8
        )
        p_ref_a, rv, rs, rvc, rsc = _adam(p_ref_a, g, rv, rs, t, 0.01, 0.9, 0.999, 1e-8)
        for ours, theirs in ((p_m, p_ref_m), (v_m, ref_v), (p_a, p_ref_a), (v_a, rv), (s_a, rs)):
            _close(ours, theirs)
        _close(vc, rvc)
        _close(sc, rsc)


def _keras_steps(optimizer, start: dict, gradients: list[dict]) -> dict:
    """Apply Keras ``optimizer`` to float64 variables from ``start`` with the given gradients."""
    import keras

    names = sorted(start)
    variables = [keras.Variable(start[k], dtype="float64") for k in names]
    for g in gradients:
        optimizer.apply_gradients(
            [(keras.ops.convert_to_tensor(g["d" + k], dtype="float64"), var)
             for k, var in zip(names, variables, strict=True)]
        )  # fmt: skip
    return {k: np.asarray(var.numpy()) for k, var in zip(names, variables, strict=True)}


def test_momentum_is_keras_sgd_with_the_learning_rate_times_one_minus_beta(solution):
    """Keras: u = beta u - lr_k g, W = W + u. With u = -alpha v and lr_k = alpha (1 - beta) that is
    v = beta v + (1 - beta) g, W = W - alpha v: the lab's momentum, step for step."""
    import keras

    rng = np.random.default_rng(8)
    p = random_parameters(rng, (2, 5, 2, 1))
    grads = [random_grads(rng, (2, 5, 2, 1)) for _ in range(15)]
    beta, alpha = 0.75, 0.5  # Keras keeps its hyperparameters in float32: these are exact there
    ours, v = dict(p), solution["initialize_velocity"](p)
    for g in grads:
        ours, v = solution["update_parameters_with_momentum"](ours, g, v, beta, alpha)
    sgd = keras.optimizers.SGD(learning_rate=alpha * (1 - beta), momentum=beta)
    _close(ours, _keras_steps(sgd, p, grads), rtol=1e-9)


def test_adam_is_keras_adam_when_epsilon_is_zero_and_differs_by_its_placement_otherwise(solution):
    """Keras: W = W - lr sqrt(1 - b2^t) / (1 - b1^t) m / (sqrt(v) + eps): its epsilon is added to
    the root of the uncorrected average, the lab's to the corrected one; with eps = 0 they agree.
    The hyperparameters are powers of two, exact in the float32 Keras keeps them in."""
    import keras

    rng = np.random.default_rng(9)
    p = random_parameters(rng, (2, 5, 2, 1))
    grads = [random_grads(rng, (2, 5, 2, 1)) for _ in range(15)]

    def ours(epsilon, scale=1.0):
        params, (v, s) = dict(p), solution["initialize_adam"](p)
        for t, g in enumerate(grads, start=1):
            g = {k: scale * a for k, a in g.items()}
            params, v, s, _, _ = solution["update_parameters_with_adam"](
                params, g, v, s, t, 2.0**-7, 0.875, 1 - 2.0**-10, epsilon
            )
        return params

    def theirs(epsilon, scale=1.0):
        adam = keras.optimizers.Adam(
            learning_rate=2.0**-7, beta_1=0.875, beta_2=1 - 2.0**-10, epsilon=epsilon
        )
        return _keras_steps(adam, p, [{k: scale * a for k, a in g.items()} for g in grads])

    _close(ours(0.0), theirs(0.0), rtol=1e-9)
    # With gradients near 1e-6, epsilon = 1e-7 matters: after one step Keras has moved every
    # weight less, its effective epsilon being eps / sqrt(1 - beta2) at t = 1, 32 times the lab's.
    first = grads[:1]
    small = [{k: 1e-6 * a for k, a in g.items()} for g in first]
    params, (v, s) = dict(p), solution["initialize_adam"](p)
    params, *_ = solution["update_parameters_with_adam"](
        params, small[0], v, s, 1, 2.0**-7, 0.875, 1 - 2.0**-10, 1e-7
    )
    adam = keras.optimizers.Adam(
        learning_rate=2.0**-7, beta_1=0.875, beta_2=1 - 2.0**-10, epsilon=1e-7
    )
    keras_params = _keras_steps(adam, p, small)
    for k in p:
        assert np.all(np.abs(keras_params[k] - p[k]) < np.abs(params[k] - p[k]))


# --- the demonstrations and trainings the text reports ------------------------------------------


def _full_gradient():
    p = net.initialize_parameters(LAYERS, seed=INIT_SEED)
    _, cache = net.forward_propagation(X, p)
    return p, net.backward_propagation(X, Y, cache)


def test_three_steps_of_momentum_and_of_adam_as_stated():
    p, g = _full_gradient()
    v = {k: np.zeros_like(a) for k, a in g.items()}
    for step in range(1, 4):
        p, v = _momentum(p, g, v, 0.9, 0.1)
        ratio = v["dW3"] / g["dW3"]
        np.testing.assert_allclose(ratio, 1 - 0.9**step)
        assert f"step {step}: v_dW3 / dW3 = {np.round(ratio, 3)}" in TEXT
    p, g = _full_gradient()
    before = p["W1"].copy()
    assert f"dW1 = {np.round(g['dW1'].ravel(), 4)}" in TEXT
    assert np.abs(g["dW1"]).min() < 0.001 and np.abs(g["dW1"]).max() < 0.1  # "far smaller than 1"
    assert "some of 0.0001" in FLAT and np.any(np.round(np.abs(g["dW1"]), 4) == 0.0001)
    v = s = {k: np.zeros_like(a) for k, a in g.items()}
    for t in range(1, 4):
        p, v, s, _, _ = _adam(p, g, v, s, t, 0.01, 0.9, 0.999, 1e-8)
        moved = (p["W1"] - before).ravel()
        np.testing.assert_allclose(np.abs(moved), 0.01 * t, rtol=1e-3)  # "almost exactly alpha"
        assert f"after step {t}: W1 moved by {np.round(moved, 4)}" in TEXT


def _train(optimizer, lr, decay=None, interval=None, epochs=1000):
    """The notebook's model, written again: the lab's network, its mini-batch convention (seeds
    11, 12, ...), the plain recurrences above, and the learning rate set at the start of each
    epoch."""
    p = net.initialize_parameters(LAYERS, seed=INIT_SEED)
    v = {"d" + k: np.zeros_like(a) for k, a in p.items()}
    s = {k: np.zeros_like(a) for k, a in v.items()}
    t, costs = 0, []
    for epoch in range(epochs):
        if decay == "epoch":
            rate = lr / (1 + 1.0 * epoch)
        elif decay == "interval":
            rate = lr / (1 + 1.0 * (epoch // interval))
        else:
            rate = lr
        order = np.random.RandomState(11 + epoch).permutation(M)
        total = 0.0
        for start in range(0, M, 64):
            xb, yb = X[:, order[start : start + 64]], Y[:, order[start : start + 64]]
            a3, cache = net.forward_propagation(xb, p)
            total += net.summed_cost(a3, yb)
            g = net.backward_propagation(xb, yb, cache)
            if optimizer == "gd":
                p = {k: p[k] - rate * g["d" + k] for k in p}
            elif optimizer == "momentum":
                p, v = _momentum(p, g, v, 0.9, rate)
            else:
                t += 1
                p, v, s, _, _ = _adam(p, g, v, s, t, rate, 0.9, 0.999, 1e-8)
        costs.append(total / M)
    a3, _ = net.forward_propagation(X, p)
    return p, np.array(costs), net.summed_cost(a3, Y) / M, net.accuracy(X, Y, p)


RUNS = {
    "gd": ("gd", 0.0007, None),
    "momentum": ("momentum", 0.0007, None),
    "adam": ("adam", 0.0007, None),
    "gd, constant 1": ("gd", 1.0, None),
    "gd, update_lr": ("gd", 1.0, "epoch"),
    "gd, schedule": ("gd", 1.0, "interval"),
    "adam, schedule": ("adam", 0.01, "interval"),
}


@pytest.fixture(scope="module")
def trained():
    return {name: _train(opt, lr, decay, 100) for name, (opt, lr, decay) in RUNS.items()}


def test_the_stated_costs_and_accuracies(trained):
    for name, (_, _, cost, accuracy) in trained.items():
        assert f"{name}: cost {cost:.3f}, accuracy {accuracy:.1f}%" in TEXT


def test_the_claims_about_the_three_optimizers(trained):
    gd, momentum, adam = (trained[k] for k in ("gd", "momentum", "adam"))
    assert abs(gd[2] - momentum[2]) < 0.002 and gd[3] == momentum[3]  # "barely changes anything"
    assert np.max(np.abs(gd[1] - momentum[1])) < 0.005  # "its curve on top of gradient descent's"
    assert gd[1][-1] < gd[1][-2] < gd[1][-100]  # "still falling slowly"
    assert adam[3] > gd[3] + 10
    for value in (f"{gd[3]:.1f}%", f"{gd[2]:.3f}", f"{momentum[2]:.3f}", f"{adam[2]:.3f}"):
        assert value in FLAT
    assert f"{adam[2]:.3f} and {adam[3]:.1f}%" in FLAT
    assert f"{momentum[3]:.1f}% after 1000 epochs" in FLAT and f"reached {adam[3]:.1f}%" in FLAT


def test_the_claims_about_decay(trained):
    constant, per_epoch, schedule, adam_schedule = (
        trained[k] for k in ("gd, constant 1", "gd, update_lr", "gd, schedule", "adam, schedule")
    )
    adam = trained["adam"]
    assert constant[3] > adam[3]  # "more than Adam at 0.0007"
    assert f"a rate of 1 gets {constant[3]:.1f}%" in FLAT
    assert f"stalls at {per_epoch[3]:.1f}%, with a cost of {per_epoch[2]:.3f}" in FLAT
    assert per_epoch[3] < constant[3] - 5
    assert schedule[3] == constant[3] and schedule[2] < constant[2]
    assert f"the same {schedule[3]:.1f}% as the constant rate" in FLAT
    assert f"{schedule[2]:.3f} against {constant[2]:.3f}" in FLAT
    assert f"from 0.01 gets {adam_schedule[3]:.1f}%" in FLAT
    # "keeps jumping up and down to the end ... settles lower and calmer"
    assert np.std(constant[1][-500:]) > 3 * np.std(schedule[1][-500:])
    assert np.mean(schedule[1][-100:]) < np.mean(constant[1][-100:])
    assert constant[1][-100:].max() > 1.3 * schedule[1][-100:].max()
    # "the cost hardly moves after the first epochs"
    assert abs(per_epoch[1][100] - per_epoch[1][-1]) < 0.05
    # the summary's numbers
    assert f"({per_epoch[3]:.1f}%)" in FLAT and f"({schedule[2]:.3f} against" in FLAT


def test_the_figures_plot_what_the_text_says(trained):
    """The cost axis of the decay figure (0 to 0.4) holds every cost after the first 100 epochs."""
    for name in ("gd, constant 1", "gd, schedule", "adam, schedule", "gd, update_lr"):
        assert trained[name][1][100:].max() < 0.4
    assert re.search(rf"mini-batches of the 300 points: 4 of 64 and one\s+of {NUMBER}", TEXT)
    assert stated(TEXT, rf"4 of 64 and one\s+of {NUMBER}")[0] == 44
