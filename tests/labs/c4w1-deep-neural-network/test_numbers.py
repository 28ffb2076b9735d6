"""c4w1-deep-neural-network: the lab's functions and the numbers its text states agree with
TensorFlow.

The solution (the answer cells of the instructor source, with the given activations) runs here on
seeded random networks of several depths and is compared with TensorFlow: the forward pass with
``tf.matmul``, ``tf.nn.relu`` and ``tf.sigmoid``, the cost with Keras's ``BinaryCrossentropy``,
every backward step with ``tf.GradientTape``, the update with Keras's ``SGD`` optimizer. The trained
network is compared with a TensorFlow training of the same network: full-batch gradient descent
from the same initial parameters, with the gradients of ``tf.GradientTape``. Every number the text
states is recomputed with those references, at the precision the text prints it.
"""

import re

import numpy as np
import pytest
import tensorflow as tf
from helpers import NUMBER, assert_rounded, markdown, numbers_after, stated

from autograder import cells
from autograder.syllabus import REPO_ROOT, load_syllabus
from utils.checks import deep_neural_network as checks
from utils.image_data import load_faces

LAB = "c4w1-deep-neural-network"
TEXT = markdown(LAB)
FLAT = " ".join(TEXT.split())
LAYERS = [625, 20, 7, 5, 1]
RATE = 0.0075
NETWORKS = [((3, 1), 2), ((4, 3, 1), 5), ((6, 5, 4, 3, 1), 7), ((625, 20, 7, 5, 1), 9)]


@pytest.fixture(scope="module")
def lab():
    """The solution's functions and the given activations, run from the source's cells."""
    source = cells.read_notebook(REPO_ROOT / load_syllabus().lab(LAB).source)
    namespace = {"np": np}
    for cell in source.cells:
        if cells.is_answer_cell(cell) or cell.source.startswith("def sigmoid"):
            exec(cell.source, namespace)
    return namespace


@pytest.fixture(scope="module")
def faces():
    X_train_img, y_train, X_test_img, y_test = load_faces()
    X_train = X_train_img.reshape(len(X_train_img), -1).T
    X_test = X_test_img.reshape(len(X_test_img), -1).T
    return (
        X_train,
        y_train.reshape(1, -1).astype(float),
        X_test,
        y_test.reshape(1, -1).astype(float),
    )


def random_network(rng, dims, m):
    X = rng.normal(0.0, 1.0, (dims[0], m))
    params = {}
    for k in range(1, len(dims)):
        params[f"W{k}"] = rng.normal(0.0, 1.0, (dims[k], dims[k - 1])) / np.sqrt(dims[k - 1])
        params[f"b{k}"] = rng.normal(0.0, 0.5, (dims[k], 1))
    Y = (rng.random((1, m)) < 0.5).astype(float)
    return X, Y, params


def tf_forward(X, params):
    """The network's output by TensorFlow: ReLU layers, then a sigmoid layer."""
    L = len(params) // 2
    A = tf.constant(X)
    for k in range(1, L + 1):
        Z = tf.matmul(params[f"W{k}"], A) + params[f"b{k}"]
        A = tf.sigmoid(Z) if k == L else tf.nn.relu(Z)
    return A


def tf_cost(AL, Y):
    """Keras's binary cross-entropy (its clipping at 1e-7 never matters here)."""
    loss = tf.keras.losses.BinaryCrossentropy()
    return float(loss(tf.reshape(Y, [-1, 1]), tf.reshape(AL, [-1, 1])))


def tape_gradients(X, Y, params):
    """d(mean cross-entropy)/dW and /db, and d(sum of the losses)/dA of every layer but the last."""
    L = len(params) // 2
    m = X.shape[1]
    variables = {k: tf.Variable(v) for k, v in params.items()}
    with tf.GradientTape(persistent=True) as tape:
        activations = [tf.constant(X)]
        tape.watch(activations[0])
        for k in range(1, L + 1):
            Z = tf.matmul(variables[f"W{k}"], activations[-1]) + variables[f"b{k}"]
            activations.append(tf.sigmoid(Z) if k == L else tf.nn.relu(Z))
        AL = activations[-1]
        total = -tf.reduce_sum(Y * tf.math.log(AL) + (1 - Y) * tf.math.log(1 - AL))
    grads = {f"d{k}": tape.gradient(total, v).numpy() / m for k, v in variables.items()}
    for k in range(L):
        grads[f"dA{k}"] = tape.gradient(total, activations[k]).numpy()
    return grads


# --- the solution against TensorFlow ------------------------------------------------------------


@pytest.mark.parametrize(("dims", "m"), NETWORKS)
def test_forward_and_cost_match_tensorflow(lab, dims, m):
    X, Y, params = random_network(np.random.default_rng(len(dims) + m), dims, m)
    AL, caches = lab["L_model_forward"](X, params)
    assert np.allclose(AL, tf_forward(X, params).numpy(), rtol=1e-10)
    assert len(caches) == len(dims) - 1
    A_prev = X
    for k, ((A, W, b), Z) in enumerate(caches, start=1):
        assert A is A_prev or np.array_equal(A, A_prev)
        assert np.array_equal(W, params[f"W{k}"]) and np.array_equal(b, params[f"b{k}"])
        assert np.allclose(Z, tf.matmul(W, A).numpy() + b, rtol=1e-10)
        A_prev = tf.nn.relu(Z).numpy()
    assert np.isclose(lab["compute_cost"](AL, Y), tf_cost(AL, Y), rtol=1e-6)


@pytest.mark.parametrize(("dims", "m"), NETWORKS)
def test_L_model_backward_matches_gradient_tape(lab, dims, m):
    X, Y, params = random_network(np.random.default_rng(10 * len(dims) + m), dims, m)
    AL, caches = lab["L_model_forward"](X, params)
    grads = lab["L_model_backward"](AL, Y, caches)
    reference = tape_gradients(X, Y, params)
    assert grads.keys() == reference.keys()
    for key, value in reference.items():
        assert np.allclose(grads[key], value, rtol=1e-8, atol=1e-12), key


@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_one_layer_backward_matches_gradient_tape(lab, activation):
    rng = np.random.default_rng(5)
    A_prev, W, b = rng.normal(size=(4, 6)), rng.normal(size=(3, 4)), rng.normal(size=(3, 1))
    dA = rng.normal(size=(3, 6))
    _, cache = lab["linear_activation_forward"](A_prev, W, b, activation)
    got = lab["linear_activation_backward"](dA, cache, activation)
    variables = [tf.Variable(A_prev), tf.Variable(W), tf.Variable(b)]
    with tf.GradientTape() as tape:
        Z = tf.matmul(variables[1], variables[0]) + variables[2]
        A = tf.sigmoid(Z) if activation == "sigmoid" else tf.nn.relu(Z)
    dA_prev, dW, db = tape.gradient(A, variables, output_gradients=tf.constant(dA))
    assert np.allclose(got[0], dA_prev.numpy(), rtol=1e-10)
    assert np.allclose(got[1], dW.numpy() / 6, rtol=1e-10)
    assert np.allclose(got[2], db.numpy() / 6, rtol=1e-10)


def test_update_is_keras_sgd(lab):
    rng = np.random.default_rng(6)
    _, _, params = random_network(rng, (5, 4, 3, 1), 2)
    grads = {f"d{k}": rng.normal(size=v.shape) for k, v in params.items()}
    variables = {k: tf.Variable(v) for k, v in params.items()}
    optimizer = tf.keras.optimizers.SGD(learning_rate=0.3)
    optimizer.apply_gradients([(tf.constant(grads[f"d{k}"]), v) for k, v in variables.items()])
    updated = lab["update_parameters"](params, grads, 0.3)
    for k, v in variables.items():
        assert np.allclose(updated[k], v.numpy(), rtol=1e-6), k


def test_initialization_draws_and_scale(lab):
    parameters = lab["initialize_parameters_deep"](LAYERS)
    draws = np.random.default_rng(3).standard_normal(
        sum(a * b for a, b in zip(LAYERS[1:], LAYERS[:-1], strict=True))
    )
    start = 0
    for k in range(1, len(LAYERS)):
        shape = (LAYERS[k], LAYERS[k - 1])
        W = draws[start : start + shape[0] * shape[1]].reshape(shape) / np.sqrt(shape[1])
        start += shape[0] * shape[1]
        assert np.allclose(parameters[f"W{k}"], W, rtol=1e-12)
        assert np.array_equal(parameters[f"b{k}"], np.zeros((LAYERS[k], 1)))
    assert abs(parameters["W1"].std() * np.sqrt(625) - 1) < 0.05
    assert np.allclose(checks.NORMALS_SEED_3, draws[:8], rtol=1e-15)


# --- the trained network against TensorFlow's training -----------------------------------------


def tf_training(X, Y, parameters, iterations):
    """Full-batch gradient descent by TensorFlow (tf.GradientTape and Keras's SGD), from the given
    parameters; returns the costs of every iteration and the trained parameters."""
    variables = {k: tf.Variable(v) for k, v in parameters.items()}
    optimizer = tf.keras.optimizers.SGD(learning_rate=RATE)
    X, Y = tf.constant(X), tf.constant(Y)

    @tf.function
    def step():
        with tf.GradientTape() as tape:
            AL = tf_forward_graph(X, variables)
            cost = -tf.reduce_mean(Y * tf.math.log(AL) + (1 - Y) * tf.math.log(1 - AL))
        names = sorted(variables)
        gradients = tape.gradient(cost, [variables[k] for k in names])
        optimizer.apply_gradients(zip(gradients, [variables[k] for k in names], strict=True))
        return cost

    costs = np.array([float(step()) for _ in range(iterations)])
    return costs, {k: v.numpy() for k, v in variables.items()}


def tf_forward_graph(X, variables):
    L = len(variables) // 2
    A = X
    for k in range(1, L + 1):
        Z = tf.matmul(variables[f"W{k}"], A) + variables[f"b{k}"]
        A = tf.sigmoid(Z) if k == L else tf.nn.relu(Z)
    return A


def accuracy(X, Y, parameters):
    return float(np.mean((tf_forward(X, parameters).numpy() >= 0.5) == (Y == 1)))


@pytest.fixture(scope="module")
def trained(lab, faces):
    """TensorFlow's training, quick (1,000 iterations) and full (2,500), from the solution's
    initial parameters; and the solution's own full training."""
    X_train, Y_train, _, _ = faces
    start = lab["initialize_parameters_deep"](LAYERS)
    costs, full = tf_training(X_train, Y_train, start, 2500)
    quick_costs, quick = tf_training(X_train, Y_train, start, 1000)
    return {"costs": costs, "full": full, "quick_costs": quick_costs, "quick": quick}


def test_the_solution_trains_like_tensorflow(lab, faces, trained):
    X_train, Y_train, X_test, Y_test = faces
    parameters, costs = lab["L_layer_model"](X_train, Y_train, LAYERS, RATE, 2500)
    assert len(costs) == 26
    assert np.allclose(costs, trained["costs"][[*range(0, 2500, 100), 2499]], rtol=1e-5)
    for k, v in trained["full"].items():
        assert np.allclose(parameters[k], v, rtol=1e-4, atol=1e-7), k
    for X, Y in ((X_train, Y_train), (X_test, Y_test)):
        assert accuracy(X, Y, parameters) == accuracy(X, Y, trained["full"])


def test_stated_training_and_accuracies(faces, trained):
    X_train, Y_train, X_test, Y_test = faces
    costs = trained["costs"]
    for i in (0, 500):
        assert f"cost after iteration {i}: {costs[i]:.4f}" in TEXT
    assert np.allclose(trained["quick_costs"], costs[:1000], rtol=1e-10)
    full_train, full_test = (
        accuracy(X_train, Y_train, trained["full"]),
        accuracy(X_test, Y_test, trained["full"]),
    )
    quick_train, quick_test = (
        accuracy(X_train, Y_train, trained["quick"]),
        accuracy(X_test, Y_test, trained["quick"]),
    )
    right = round(full_test * 50)
    assert full_train == 1.0 and "all 150 training pictures" in FLAT
    assert f"{right} of the 50 test pictures ({100 * full_test:.0f}%)" in FLAT
    quick_text = (
        f"gets {100 * quick_train:.1f}% of the training pictures and {100 * quick_test:.0f}%"
    )
    assert quick_text in FLAT
    assert f"and {100 * full_test:.0f}% of the test pictures after 2,500 iterations" in FLAT
    # the ranges the notebook prints as True, for both runs
    (low_train,) = stated(TEXT, r"train accuracy at least (\d+)%")
    low, high = stated(TEXT, r"test accuracy between (\d+)% and (\d+)%")
    for train, test in ((full_train, full_test), (quick_train, quick_test)):
        assert 100 * train >= low_train and low <= 100 * test <= high


# --- the numbers of the expected outputs ---------------------------------------------------------


def test_data_as_stated(faces):
    X_train, Y_train, X_test, Y_test = faces
    assert f"X_train: {X_train.shape} Y_train: {Y_train.shape}" in TEXT
    assert f"X_test: {X_test.shape} Y_test: {Y_test.shape}" in TEXT
    faces_train, faces_test = int(Y_train.sum()), int(Y_test.sum())
    assert f"faces: {faces_train} of 150 in training, {faces_test} of 50 in test" in TEXT
    assert X_train.shape[0] == 25 * 25 == LAYERS[0]


def test_parameters_as_stated(lab):
    parameters = lab["initialize_parameters_deep"](LAYERS)
    count = sum(a * b + a for a, b in zip(LAYERS[1:], LAYERS[:-1], strict=True))
    assert f"parameters: {count}" in TEXT
    assert f"standard deviation of W1: {parameters['W1'].std():.4f}" in TEXT
    draws = np.random.default_rng(3).standard_normal(12500 + 140 + 35 + 5)
    assert_rounded(numbers_after(TEXT, "W4: ["), draws[-5:] / np.sqrt(5), 4)


def test_one_layer_examples_as_stated():
    rng = np.random.default_rng(1)
    A, W, b = rng.standard_normal((3, 2)), rng.standard_normal((1, 3)), rng.standard_normal((1, 1))
    Z = tf.matmul(W, A) + b
    assert_rounded(numbers_after(TEXT, "Z = ["), Z.numpy()[0], 4)
    assert_rounded(numbers_after(TEXT, "with sigmoid: A = ["), tf.sigmoid(Z).numpy()[0], 4)
    assert_rounded(numbers_after(TEXT, "with relu:    A = ["), tf.nn.relu(Z).numpy()[0], 4)
    variables = [tf.Variable(A), tf.Variable(W), tf.Variable(b)]
    with tf.GradientTape() as tape:
        Z = tf.matmul(variables[1], variables[0]) + variables[2]
    dZ = tf.constant([[1.0, 2.0]], tf.float64)
    dA_prev, dW, db = tape.gradient(Z, variables, output_gradients=dZ)
    block = TEXT.split("```\ndA_prev = ", 1)[1].split("dW =", 1)[0]
    stated_dA = np.array(re.findall(NUMBER, block), dtype=float).reshape(3, 2)
    assert_rounded(stated_dA, dA_prev.numpy(), 4)
    assert_rounded(numbers_after(TEXT, "dW = ["), dW.numpy()[0] / 2, 4)
    assert_rounded(numbers_after(TEXT, "db = ["), db.numpy()[0] / 2, 4)


def test_untrained_network_as_stated(lab, faces):
    X_train, Y_train, _, _ = faces
    parameters = lab["initialize_parameters_deep"](LAYERS)
    AL = tf_forward(X_train, parameters).numpy()
    assert_rounded(numbers_after(TEXT, "first three outputs:"), AL[0, :3], 4)
    low, high = stated(TEXT, rf"outputs between {NUMBER} and {NUMBER}")
    assert_rounded([low, high], [AL.min(), AL.max()], 4)
    cost = tf_cost(AL, Y_train)
    assert f"cost of the untrained network: {cost:.4f}" in TEXT
    assert f"lowers the cost a little, from {cost:.4f}" in FLAT
    grads = tape_gradients(X_train, Y_train, parameters)
    (db4,) = stated(TEXT, rf"db4 = {NUMBER}, the mean of AL - Y")
    assert_rounded(db4, grads["db4"][0, 0], 5)
    assert np.isclose(grads["db4"][0, 0], np.mean(AL - Y_train))
    for k in range(1, 5):
        assert (
            f"dW{k} {grads[f'dW{k}'].shape}" in TEXT
            and f"dA{k - 1} {grads[f'dA{k - 1}'].shape}" in TEXT
        )
    variables = {k: tf.Variable(v) for k, v in parameters.items()}
    tf.keras.optimizers.SGD(learning_rate=RATE).apply_gradients(
        [(tf.constant(grads[f"d{k}"]), v) for k, v in variables.items()]
    )
    after = tf_cost(
        tf_forward(X_train, {k: v.numpy() for k, v in variables.items()}).numpy(), Y_train
    )
    assert f"cost after one step: {after:.4f}" in TEXT


def test_the_header_names_the_ten_exercises():
    header = cells.read_notebook(REPO_ROOT / load_syllabus().lab(LAB).source).cells[0].source
    assert re.findall(r"\*\*exercises? (\d+)(?: and (\d+))?\*\*", header)
    for name in (
        "exercise 1",
        "exercise 4",
        "exercise 5",
        "exercise 8",
        "exercise 9",
        "exercise 10",
    ):
        assert f"**{name}**" in header, name


def test_weights_times_0_01_stall_as_stated(faces):
    """The original step-by-step scale, 0.01, from the same draws: TensorFlow's training of the same
    network does not move the cost from log 2 in 2,500 iterations."""
    X_train, Y_train, _, _ = faces
    rng = np.random.default_rng(3)
    start = {}
    for k in range(1, len(LAYERS)):
        start[f"W{k}"] = rng.standard_normal((LAYERS[k], LAYERS[k - 1])) * 0.01
        start[f"b{k}"] = np.zeros((LAYERS[k], 1))
    A = tf.constant(X_train)
    for k in range(1, len(LAYERS)):
        Z = tf.matmul(start[f"W{k}"], A) + start[f"b{k}"]
        A = tf.nn.relu(Z)
    assert 1e-8 < float(tf.math.reduce_std(Z)) < 1e-6  # "of the order of 10^-7"
    assert "is of the order of $10^{-7}$" in FLAT
    costs, _ = tf_training(X_train, Y_train, start, 2500)
    assert f"{costs[-1]:.4f}" == f"{np.log(2):.4f}" == "0.6931"
    assert "after 2,500 iterations the cost has not moved from $\\log 2 \\approx 0.6931$" in FLAT


def test_the_mistake_and_the_doubts_as_stated(faces, trained):
    """The full run's test mistakes and least sure pictures, from TensorFlow's trained network."""
    _, _, X_test, Y_test = faces
    p = tf_forward(X_test, trained["full"]).numpy()[0]
    y = Y_test[0]
    wrong = (p >= 0.5) != (y == 1)
    assert wrong.sum() == 1 and y[wrong][0] == 1 and p[wrong][0] < 0.01
    assert "the only mistake is a face under a cap" in FLAT
    assert 'a probability of "face" below 0.01' in FLAT
    doubt = np.where(wrong, np.inf, np.abs(p - 0.5))
    least_sure = np.argsort(doubt)[:5]
    assert (
        y[least_sure].sum() == 4
        and "Four of the five pictures it is least sure about are faces" in FLAT
    )
