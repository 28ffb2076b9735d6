"""c4w2-initialization-regularization: the solution and the numbers the text states agree with
independent references.

- The regularized and the dropout backward passes of the solution against ``tf.GradientTape`` (the
  dropout one with the same masks), the given library's backward pass too; the dropout forward
  pass against TensorFlow with the masks of the stated convention; the L2 cost against the formula.
- The stated outputs (the demo network's cost, gradients and masks; the first costs of training)
  against TensorFlow and Keras's binary cross-entropy, which clips at 1e-7 as the lab does.
- The trained networks' accuracies, quick (2,000 iterations) and full (15,000), against a trainer
  written here (einsum, checked against GradientTape below), which draws the same random numbers
  as the lab's convention. The full run is marked slow.
"""

import re

import nbformat
import numpy as np
import pytest
from helpers import markdown

from autograder.syllabus import REPO_ROOT, load_syllabus
from utils import data
from utils.labs import three_layer_net as net

LAB = "c4w2-initialization-regularization"
TEXT = markdown(LAB)
FLAT = " ".join(TEXT.split())
tf = pytest.importorskip("tensorflow")


def solution() -> dict:
    """The source notebook's answer cells, run in a namespace with the library's helpers."""
    source = REPO_ROOT / load_syllabus().lab(LAB).source
    namespace = {"np": np, **{k: getattr(net, k) for k in dir(net) if not k.startswith("_")}}
    for cell in nbformat.read(source, as_version=4).cells:
        if cell.get("metadata", {}).get("nbgrader", {}).get("solution"):
            exec(cell.source, namespace)
    return namespace


SOLUTION = solution()


def random_network(rng, dims, m):
    parameters = {}
    for layer in (1, 2, 3):
        parameters[f"W{layer}"] = rng.normal(0.0, 1.0, (dims[layer], dims[layer - 1]))
        parameters[f"b{layer}"] = rng.normal(0.0, 0.5, (dims[layer], 1))
    X = rng.normal(0.0, 1.0, (dims[0], m))
    Y = (rng.random((1, m)) < 0.5).astype(float)
    return parameters, X, Y


def tape_gradients(parameters, X, Y, lambd=0.0, masks=None, keep_prob=1.0):
    """The gradients of the (unclipped) cross-entropy + L2 penalty, by tf.GradientTape."""
    variables = {k: tf.Variable(v) for k, v in parameters.items()}
    m = X.shape[1]
    with tf.GradientTape() as tape:
        A = tf.constant(X)
        for layer in (1, 2):
            A = tf.nn.relu(variables[f"W{layer}"] @ A + variables[f"b{layer}"])
            if masks is not None:
                A = A * tf.constant(masks[layer - 1], dtype=A.dtype) / keep_prob
        Z3 = variables["W3"] @ A + variables["b3"]
        loss = tf.reduce_mean(
            tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.constant(Y), logits=Z3)
        )
        loss += lambd / (2 * m) * sum(tf.reduce_sum(variables[f"W{k}"] ** 2) for k in (1, 2, 3))
    grads = tape.gradient(loss, variables)
    return {"d" + k: g.numpy() for k, g in grads.items()}


CASES = [(1, [2, 3, 2, 1]), (7, [2, 6, 4, 1]), (40, [3, 20, 10, 1])]


@pytest.mark.parametrize(("m", "dims"), CASES)
@pytest.mark.parametrize("lambd", [0.0, 0.7, 3.0])
def test_regularized_backward_pass_matches_gradient_tape(m, dims, lambd):
    rng = np.random.default_rng(m * 10 + int(lambd * 10))
    parameters, X, Y = random_network(rng, dims, m)
    _, cache = net.forward_propagation(X, parameters)
    expected = tape_gradients(parameters, X, Y, lambd)
    got = SOLUTION["backward_propagation_with_regularization"](X, Y, cache, lambd)
    given = net.backward_propagation(X, Y, cache)
    for name, value in expected.items():
        np.testing.assert_allclose(got[name], value, rtol=1e-9, atol=1e-12)
        if lambd == 0:
            np.testing.assert_allclose(given[name], value, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize(("m", "dims"), CASES)
@pytest.mark.parametrize("keep_prob", [0.5, 0.8, 1.0])
def test_dropout_passes_match_tensorflow_with_the_same_masks(m, dims, keep_prob):
    rng = np.random.default_rng(m + int(keep_prob * 100))
    parameters, X, Y = random_network(rng, dims, m)
    np.random.seed(m)
    A3, cache = SOLUTION["forward_propagation_with_dropout"](X, parameters, keep_prob)
    np.random.seed(m)  # the convention: one rand per mask, D1 then D2, kept below keep_prob
    masks = [(np.random.rand(dims[k], m) < keep_prob).astype(float) for k in (1, 2)]
    np.testing.assert_array_equal(np.asarray(cache[1], float), masks[0])
    np.testing.assert_array_equal(np.asarray(cache[6], float), masks[1])
    A = tf.constant(X)
    for layer in (1, 2):
        A = tf.nn.relu(parameters[f"W{layer}"] @ A + parameters[f"b{layer}"]) * masks[layer - 1]
        A = A / keep_prob
    np.testing.assert_allclose(A3, tf.sigmoid(parameters["W3"] @ A + parameters["b3"]), rtol=1e-9)
    expected = tape_gradients(parameters, X, Y, masks=masks, keep_prob=keep_prob)
    got = SOLUTION["backward_propagation_with_dropout"](X, Y, cache, keep_prob)
    for name, value in expected.items():
        np.testing.assert_allclose(got[name], value, rtol=1e-9, atol=1e-12)


def test_l2_cost_is_the_cross_entropy_plus_the_penalty():
    rng = np.random.default_rng(5)
    for m, lambd in ((1, 0.7), (9, 0.1), (50, 2.0)):
        parameters, _, Y = random_network(rng, [3, 4, 2, 1], m)
        A3 = rng.uniform(0.01, 0.99, (1, m))
        cross_entropy = -np.mean(Y * np.log(A3) + (1 - Y) * np.log(1 - A3))
        squares = sum(np.sum(parameters[f"W{k}"] ** 2) for k in (1, 2, 3))
        got = SOLUTION["compute_cost_with_regularization"](A3, Y, parameters, lambd)
        assert got == pytest.approx(cross_entropy + lambd / (2 * m) * squares, rel=1e-12)


def test_the_library_cost_clips_as_keras_does():
    import keras

    A3 = np.array([[0.0, 1.0, 0.3, 1.0, 0.999]])
    Y = np.array([[1.0, 1.0, 0.0, 0.0, 1.0]])
    keras_cost = np.mean(keras.losses.binary_crossentropy(Y.T, A3.T))  # float64, epsilon 1e-7
    assert keras.config.epsilon() == net.EPSILON
    assert net.compute_cost(A3, Y) == pytest.approx(float(keras_cost), rel=1e-12)
    assert f"$-\\log 10^{{-7}} \\approx {-np.log(1e-7):.1f}$" in TEXT


def test_initializations_draw_the_stated_scales():
    for name, scale in (("initialize_parameters_random", lambda n: 10.0),
                        ("initialize_parameters_he", lambda n: np.sqrt(2 / n))):  # fmt: skip
        np.random.seed(0)
        parameters = SOLUTION[name]([400, 300, 1])
        W1 = parameters["W1"]
        assert W1.shape == (300, 400) and not parameters["b1"].any()
        assert W1.std() == pytest.approx(scale(400), rel=0.02)
    zeros = SOLUTION["initialize_parameters_zeros"]([2, 3, 1])
    assert all(not v.any() for v in zeros.values())


def test_he_keeps_the_size_of_the_signal_through_relu_layers():
    """The narrative's argument: with Var(w) = 2 / n, E[a^2] stays the same layer after layer."""
    rng = np.random.default_rng(0)
    A = rng.normal(0.0, 1.0, (500, 2000))
    first = np.mean(A**2)
    for _ in range(5):
        A = np.maximum(rng.normal(0.0, np.sqrt(2 / 500), (500, 500)) @ A, 0)
        assert np.mean(A**2) == pytest.approx(first, rel=0.15)


# --- The stated outputs -----------------------------------------------------------------------


def test_the_demo_network_numbers():
    ones = {"W1": np.ones((3, 2)), "b1": np.zeros((3, 1)), "W2": np.ones((1, 3)),
            "b2": np.zeros((1, 1)), "W3": np.ones((1, 1)), "b3": np.zeros((1, 1))}  # fmt: skip
    assert f"cost = {np.log(2) + 0.7 / 8 * 10:.6f}" in TEXT
    X = np.array([[1.0, 0.0], [0.5, 0.0]])
    grads = tape_gradients(ones, X, np.array([[0.0, 1.0]]), 0.7)
    assert str(np.round(grads["dW1"], 4)) in TEXT
    assert (
        f"dW3 = {np.round(grads['dW3'], 4)}" in TEXT
        and f"db3 = {np.round(grads['db3'], 4)}" in TEXT
    )
    # dropout: the masks of np.random.seed(1), kept below 0.5, and TensorFlow's forward and backward
    X = np.array([[1.0, 0.5, 1.5], [0.0, 0.5, 0.0]])
    np.random.seed(1)
    draws = np.random.rand(3, 3)
    assert f"{draws[0, 0]:.3f}, {draws[0, 1]:.3f}, {draws[0, 2]:.6f}" in TEXT
    masks = [(draws < 0.5).astype(float), (np.random.rand(1, 3) < 0.5).astype(float)]
    A1 = np.maximum(ones["W1"] @ X, 0) * masks[0] / 0.5
    A2 = np.maximum(ones["W2"] @ A1, 0) * masks[1] / 0.5
    A3 = 1 / (1 + np.exp(-A2))
    assert f"D1 = {masks[0].astype(int)}" in TEXT and f"A1 = {A1}" in TEXT
    assert f"D2 = {masks[1].astype(int)}" in TEXT and f"A3 = {np.round(A3, 4)}" in TEXT
    grads = tape_gradients(ones, X, np.array([[1.0, 0.0, 1.0]]), masks=masks, keep_prob=0.5)
    assert f"dW2 = {np.round(grads['dW2'], 4)}" in TEXT
    assert f"dW1 = {np.round(grads['dW1'], 4)}" in TEXT


def test_the_data_as_stated():
    X, Y = data.make_two_circles(m=300, seed=11)
    assert f"X_train: {X.shape}, Y_train: {Y.shape}, {int(Y.sum())} in class 1" in TEXT
    X, Y = data.make_two_circles(m=100, seed=12)
    assert f"X_test: {X.shape}, Y_test: {Y.shape}, {int(Y.sum())} in class 1" in TEXT
    for m, seed, name in ((100, 3, "X_train"), (1000, 2, "X_test")):
        X, Y = data.make_wavy_regions(m=m, seed=seed)
        assert f"{name}: {X.shape}, {int(Y.sum())} in class 1" in TEXT
    side = X[1] > 0.5 * np.sin(np.pi * X[0])
    assert f"gets about {np.mean(side == Y[0]) * 100:.1f}% of the test points" in FLAT


# --- Training: a reference trainer, the lab's random convention --------------------------------


def init(kind, dims, seed=0):
    np.random.seed(seed)
    parameters = {}
    for layer in range(1, len(dims)):
        shape = (dims[layer], dims[layer - 1])
        if kind == "zeros":
            W = np.zeros(shape)
        else:
            W = np.random.standard_normal(shape) * (
                10.0 if kind == "random" else np.sqrt(2 / shape[1])
            )
        parameters[f"W{layer}"], parameters[f"b{layer}"] = W, np.zeros((shape[0], 1))
    return parameters


def train(X, Y, dims, kind, learning_rate, iterations, lambd=0.0, keep_prob=1.0):
    """Batch gradient descent, gradients with einsum (the same as GradientTape's, tested above)."""
    p = init(kind, dims)
    m = X.shape[1]
    first_cost = None
    for i in range(iterations):
        A0, cache = X, []
        for layer in (1, 2):
            Z = np.einsum("ij,jk->ik", p[f"W{layer}"], A0) + p[f"b{layer}"]
            D = np.random.rand(*Z.shape) < keep_prob if keep_prob < 1 else np.ones(Z.shape)
            A0 = np.maximum(Z, 0) * D / keep_prob
            cache.append((Z, D, A0))
        Z3 = np.einsum("ij,jk->ik", p["W3"], A0) + p["b3"]
        A3 = 1 / (1 + np.exp(-np.clip(Z3, -700, 700)))
        if i == 0:
            clipped = np.clip(A3, 1e-7, 1 - 1e-7)
            first_cost = -np.mean(Y * np.log(clipped) + (1 - Y) * np.log(1 - clipped))
            first_cost += lambd / (2 * m) * sum(np.sum(p[f"W{k}"] ** 2) for k in (1, 2, 3))
        dZ = A3 - Y
        inputs = [X, cache[0][2], cache[1][2]]
        for layer in (3, 2, 1):
            W = p[f"W{layer}"]
            dW = np.einsum("ik,jk->ij", dZ, inputs[layer - 1]) / m + lambd / m * W
            db = dZ.mean(axis=1, keepdims=True)
            if layer > 1:
                Z, D, _ = cache[layer - 2]
                dZ = np.einsum("ji,jk->ik", W, dZ) * D / keep_prob * (Z > 0)
            p[f"W{layer}"], p[f"b{layer}"] = (
                W - learning_rate * dW,
                p[f"b{layer}"] - learning_rate * db,
            )
    return p, first_cost


def accuracy(X, Y, p):
    A = X
    for layer in (1, 2):
        A = np.maximum(p[f"W{layer}"] @ A + p[f"b{layer}"], 0)
    return float(np.mean(((p["W3"] @ A + p["b3"]) > 0) == (Y == 1)) * 100)


def part1(iterations):
    Xtr, Ytr = data.make_two_circles(m=300, seed=11)
    Xte, Yte = data.make_two_circles(m=100, seed=12)
    results = {}
    for kind in ("zeros", "random", "he"):
        p, first = train(Xtr, Ytr, [2, 10, 5, 1], kind, 0.1, iterations)
        results[kind] = (accuracy(Xtr, Ytr, p), accuracy(Xte, Yte, p), first)
    return results


def part2(iterations):
    Xtr, Ytr = data.make_wavy_regions(m=100, seed=3)
    Xte, Yte = data.make_wavy_regions(m=1000, seed=2)
    results = {}
    for name, kw in (("plain", {}), ("l2", {"lambd": 1.0}), ("dropout", {"keep_prob": 0.5})):
        p, _ = train(Xtr, Ytr, [2, 40, 20, 1], "he", 0.6, iterations, **kw)
        results[name] = (accuracy(Xtr, Ytr, p), accuracy(Xte, Yte, p))
    return results


def assert_near(value, stated, tolerance=1.5):
    """A trained result within `tolerance` points of what the text states (machines differ)."""
    assert abs(value - stated) <= tolerance, f"measured {value}, stated {stated}"


def stated_pairs(pattern):
    match = re.search(pattern, FLAT)
    assert match, pattern
    return [float(g) for g in match.groups()]


def check_part1(results, full):
    zeros, random_10, he = results["zeros"], results["random"], results["he"]
    assert zeros[:2] == (50.0, 50.0) and zeros[2] == pytest.approx(np.log(2))
    assert "cost after iteration 0: 0.693147" in TEXT
    assert f"cost after iteration 0: {random_10[2]:.6f}" in TEXT
    assert f"cost after iteration 0: {he[2]:.6f}" in TEXT
    assert f"about {random_10[2]:.1f}, is ten times" in FLAT
    assert round(random_10[2] / np.log(2)) == 10
    q_train, q_test, f_train, f_test = stated_pairs(
        r"it gets ([\d.]+)% of the training points and ([\d.]+)% of the test points right, after "
        r"15,000 \(the full run\) ([\d.]+)% and ([\d.]+)%"
    )
    train, test = (f_train, f_test) if full else (q_train, q_test)
    assert_near(random_10[0], train) and assert_near(random_10[1], test)
    q_train, q_test, f_train, f_test = stated_pairs(
        r"it gets ([\d.]+)% of the training points and ([\d.]+)% of the test points right after "
        r"2,000 iterations, and ([\d.]+)% and ([\d.]+)% after 15,000"
    )
    train, test = (f_train, f_test) if full else (q_train, q_test)
    assert_near(he[0], train) and assert_near(he[1], test)
    assert he[1] > 95 and random_10[1] < 70  # "He: good; random x 10: near a coin toss"


def check_part2(results, full):
    cells = r" \| ([\d.]+)% / ([\d.]+)% \| ([\d.]+)% / ([\d.]+)% \|"
    rows = {
        "plain": r"\| no regularization",
        "l2": r"\| L2, \$\\lambda = 1\$",
        "dropout": r"\| dropout, `keep_prob = 0.5`",
    }
    for name, row in rows.items():
        q_train, f_train, q_test, f_test = stated_pairs(row + cells)
        train, test = (f_train, f_test) if full else (q_train, q_test)
        assert_near(results[name][0], train) and assert_near(results[name][1], test)
    gap = {name: train - test for name, (train, test) in results.items()}
    assert gap["plain"] > 10  # train >> test without regularization
    assert gap["l2"] < gap["plain"] and gap["dropout"] < gap["plain"]
    assert results["l2"][1] > results["plain"][1] and results["dropout"][1] > results["plain"][1]


def test_quick_training_reaches_the_stated_accuracies():
    check_part1(part1(2000), full=False)
    check_part2(part2(2000), full=False)


@pytest.mark.slow
def test_full_training_reaches_the_stated_accuracies():
    check_part1(part1(15000), full=True)
    check_part2(part2(15000), full=True)
