"""The public checks of c4w3-tensorflow-intro: right answers pass, typical mistakes get their hint,
and the checks' own numbers and stand-ins agree with independent computations (NumPy's generator,
SciPy, Keras layers and losses)."""

import keras
import numpy as np
import pytest
import tensorflow as tf
from references import keras_digits_network
from scipy.special import expit, log_softmax

from utils.checks import CheckFailed
from utils.checks import tensorflow_intro as checks

LAYERS = ("W1", "b1", "W2", "b2", "W3", "b3")


# --- right answers, written here as a learner would ----------------------------------------
def linear_function():
    rng = np.random.default_rng(1)
    X = tf.constant(rng.standard_normal((3, 1)))
    W = tf.Variable(rng.standard_normal((4, 3)))
    b = tf.Variable(rng.standard_normal((4, 1)))
    return tf.matmul(W, X) + b


def sigmoid(z):
    return keras.activations.sigmoid(tf.cast(z, tf.float32))


def one_hot_matrix(label, depth=10):
    return tf.reshape(tf.one_hot(label, depth, axis=0), (depth,))


def initialize_parameters():
    initializer = keras.initializers.GlorotNormal(seed=1)
    parameters = {}
    for layer, (n_out, n_in) in enumerate(((25, 64), (12, 25), (10, 12)), start=1):
        parameters[f"W{layer}"] = tf.Variable(initializer(shape=(n_out, n_in)))
        parameters[f"b{layer}"] = tf.Variable(tf.zeros((n_out, 1)))
    return parameters


def forward_propagation(X, parameters):
    A = X
    for layer in (1, 2, 3):
        Z = tf.matmul(parameters[f"W{layer}"], A) + parameters[f"b{layer}"]
        A = keras.activations.relu(Z)
    return Z


def compute_total_loss(logits, labels):
    return tf.reduce_sum(
        keras.losses.categorical_crossentropy(
            tf.transpose(labels), tf.transpose(logits), from_logits=True
        )
    )


def train_step(X, Y, parameters, optimizer):
    variables = [parameters[name] for name in LAYERS]
    with tf.GradientTape() as tape:
        total_loss = compute_total_loss(forward_propagation(X, parameters), Y)
    optimizer.apply_gradients(zip(tape.gradient(total_loss, variables), variables, strict=True))
    return total_loss


@pytest.mark.parametrize(
    ("check", "answer"),
    [
        (checks.check_linear_function, linear_function),
        (checks.check_sigmoid, sigmoid),
        (checks.check_one_hot_matrix, one_hot_matrix),
        (checks.check_initialize_parameters, initialize_parameters),
        (checks.check_forward_propagation, forward_propagation),
        (checks.check_compute_total_loss, compute_total_loss),
        (checks.check_train_step, train_step),
    ],
)
def test_right_answers_pass(check, answer, capsys):
    check(answer)
    assert "public tests passed" in capsys.readouterr().out


def test_stubs_are_told_to_write_the_exercise():
    def stub(*args):
        raise NotImplementedError()

    with pytest.raises(CheckFailed, match="not written yet"):
        checks.check_sigmoid(stub)
    with pytest.raises(CheckFailed, match="not written yet"):
        checks.check_train_step(stub)


# --- typical mistakes and their hints --------------------------------------------------------
def _linear(order, bias=True):
    def linear():
        rng = np.random.default_rng(1)
        draws = {name: rng.standard_normal(shape) for name, shape in order}
        Y = tf.matmul(draws["W"], draws["X"])
        return Y + draws["b"] if bias else Y

    return linear


@pytest.mark.parametrize(
    ("answer", "hint"),
    [
        (_linear((("X", (3, 1)), ("W", (4, 3)), ("b", (4, 1))), bias=False), "add the bias"),
        (_linear((("W", (4, 3)), ("X", (3, 1)), ("b", (4, 1)))), "draw X first"),
        (lambda: np.asarray(linear_function()), "TensorFlow operations give a tensor"),
    ],
)
def test_linear_function_mistakes(answer, hint):
    with pytest.raises(CheckFailed, match=hint):
        checks.check_linear_function(answer)


@pytest.mark.parametrize(
    ("answer", "hint"),
    [
        (lambda z: keras.activations.sigmoid(z), "cast z to a float first"),
        (lambda z: keras.activations.sigmoid(tf.cast(z, tf.float64)), "expected dtype float32"),
        (lambda z: keras.activations.sigmoid(-tf.cast(z, tf.float32)), "sign of the exponent"),
        (lambda z: keras.activations.relu(tf.cast(z, tf.float32)), "keras.activations.sigmoid"),
        (lambda z: float(expit(z)), "expected a TensorFlow tensor"),
    ],
)
def test_sigmoid_mistakes(answer, hint):
    with pytest.raises(CheckFailed, match=hint):
        checks.check_sigmoid(answer)


@pytest.mark.parametrize(
    ("answer", "hint"),
    [
        (lambda label, depth=10: tf.one_hot(label, depth, axis=0), "reshape the result"),
        (lambda label, depth=10: tf.reshape(tf.one_hot(label, 10), (10,)), "argument depth"),
        (
            lambda label, depth=10: tf.reshape(tf.one_hot(label - 1, depth), (depth,)),
            "index of the label itself",
        ),
        (
            lambda label, depth=10: tf.reshape(tf.one_hot(label, depth, dtype=tf.int32), (depth,)),
            "float32",
        ),
    ],
)
def test_one_hot_matrix_mistakes(answer, hint):
    with pytest.raises(CheckFailed, match=hint):
        checks.check_one_hot_matrix(answer)


def _parameters(weight, bias, transposed=False):
    def initialize():
        parameters = {}
        for layer, shape in ((1, (25, 64)), (2, (12, 25)), (3, (10, 12))):
            parameters[f"W{layer}"] = weight(shape[::-1] if transposed else shape)
            parameters[f"b{layer}"] = bias((shape[0], 1))
        return parameters

    return initialize


GLOROT = keras.initializers.GlorotNormal(seed=1)


@pytest.mark.parametrize(
    ("answer", "hint"),
    [
        (_parameters(lambda s: GLOROT(shape=s), tf.zeros), "not a tf.Variable"),
        (
            _parameters(
                lambda s: tf.Variable(GLOROT(shape=s)), lambda s: tf.Variable(tf.zeros(s)), True
            ),
            "one row per unit",
        ),
        (
            _parameters(
                lambda s: tf.Variable(keras.initializers.GlorotUniform(seed=1)(shape=s)),
                lambda s: tf.Variable(tf.zeros(s)),
            ),
            "not GlorotUniform",
        ),
        (
            _parameters(
                lambda s: tf.Variable(GLOROT(shape=s)), lambda s: tf.Variable(GLOROT(shape=s))
            ),
            "should start at zero",
        ),
        (
            _parameters(
                lambda s: tf.Variable(GLOROT(shape=s)), lambda s: tf.Variable(tf.zeros(s[:1]))
            ),
            "a bias is a column",
        ),
        (lambda: [tf.Variable(GLOROT(shape=(25, 64)))], "expected a dict"),
    ],
)
def test_initialize_parameters_mistakes(answer, hint):
    with pytest.raises(CheckFailed, match=hint):
        checks.check_initialize_parameters(answer)


def _forward(relu_out=False, relu=True, skip_a1=False):
    def forward(X, p):
        g = keras.activations.relu if relu else tf.identity
        Z1 = tf.matmul(p["W1"], X) + p["b1"]
        A1 = g(Z1)
        Z2 = tf.matmul(p["W2"], Z1 if skip_a1 else A1) + p["b2"]
        Z3 = tf.matmul(p["W3"], g(Z2)) + p["b3"]
        return keras.activations.relu(Z3) if relu_out else Z3

    return forward


@pytest.mark.parametrize(
    ("answer", "hint"),
    [
        (_forward(relu_out=True), "the last layer is linear"),
        (_forward(relu=False), "apply ReLU to Z1 and Z2"),
        (_forward(skip_a1=True), "each layer takes the activations"),
        (lambda X, p: tf.transpose(_forward()(X, p)), "one column per example"),
    ],
)
def test_forward_propagation_mistakes(answer, hint):
    with pytest.raises(CheckFailed, match=hint):
        checks.check_forward_propagation(answer)


@pytest.mark.parametrize(
    ("answer", "hint"),
    [
        (
            lambda logits, labels: tf.reduce_mean(
                keras.losses.categorical_crossentropy(
                    tf.transpose(labels), tf.transpose(logits), from_logits=True
                )
            ),
            "not the mean",
        ),
        (
            lambda logits, labels: tf.reduce_sum(
                keras.losses.categorical_crossentropy(labels, logits, from_logits=True)
            ),
            "tf.transpose",
        ),
        (
            lambda logits, labels: tf.reduce_sum(
                keras.losses.categorical_crossentropy(tf.transpose(labels), tf.transpose(logits))
            ),
            "from_logits=True",
        ),
        (
            lambda logits, labels: keras.losses.categorical_crossentropy(
                tf.transpose(labels), tf.transpose(logits), from_logits=True
            ),
            "a single number",
        ),
    ],
)
def test_compute_total_loss_mistakes(answer, hint):
    with pytest.raises(CheckFailed, match=hint):
        checks.check_compute_total_loss(answer)


def _step(apply=True, mean=False, after=False):
    def step(X, Y, parameters, optimizer):
        variables = [parameters[name] for name in LAYERS]
        with tf.GradientTape() as tape:
            total_loss = compute_total_loss(forward_propagation(X, parameters), Y)
            if mean:
                total_loss = total_loss / 3
        if apply:
            grads = tape.gradient(total_loss, variables)
            optimizer.apply_gradients(zip(grads, variables, strict=True))
        if after:
            return compute_total_loss(forward_propagation(X, parameters), Y)
        return total_loss

    return step


@pytest.mark.parametrize(
    ("answer", "hint"),
    [
        (_step(apply=False), "did not change"),
        (_step(mean=True), "not the mean"),
        (_step(after=True), "before the step"),
        (
            lambda X, Y, parameters, optimizer: float(_step()(X, Y, parameters, optimizer)),
            "scalar tensor",
        ),
    ],
)
def test_train_step_mistakes(answer, hint):
    with pytest.raises(CheckFailed, match=hint):
        checks.check_train_step(answer)


def test_train_step_check_uses_the_trusted_forward_pass_and_loss():
    """A wrong forward_propagation in the notebook does not make a right train_step fail."""
    namespace = {"tf": tf, "LAYERS": LAYERS}
    exec(  # noqa: S102 (a learner's notebook: the functions look up their helpers by name)
        "def train_step(X, Y, parameters, optimizer):\n"
        "    variables = [parameters[name] for name in LAYERS]\n"
        "    with tf.GradientTape() as tape:\n"
        "        total_loss = compute_total_loss(forward_propagation(X, parameters), Y)\n"
        "    optimizer.apply_gradients(zip(tape.gradient(total_loss, variables), variables))\n"
        "    return total_loss\n",
        namespace,
    )
    namespace["forward_propagation"] = _forward(relu_out=True)
    namespace["compute_total_loss"] = lambda logits, labels: tf.constant(0.0)
    checks.check_train_step(namespace["train_step"])
    assert namespace["compute_total_loss"](None, None) == 0.0  # put back after the check


# --- the checks' numbers against independent computations ------------------------------------
def test_linear_function_numbers_are_numpy_draws():
    rng = np.random.default_rng(1)
    X, W, b = rng.standard_normal((3, 1)), rng.standard_normal((4, 3)), rng.standard_normal((4, 1))
    assert np.allclose(checks.LINEAR_Y, W @ X + b, rtol=1e-12)
    assert np.allclose(checks.LINEAR_WX, W @ X, rtol=1e-12)
    rng = np.random.default_rng(1)
    W, X, b = rng.standard_normal((4, 3)), rng.standard_normal((3, 1)), rng.standard_normal((4, 1))
    assert np.allclose(checks.LINEAR_W_FIRST, W @ X + b, rtol=1e-12)


def test_sigmoid_cases_match_scipy():
    for z, _, expected in checks.SIGMOID_CASES:
        assert np.isclose(expected, expit(float(z)), rtol=1e-6)


def test_glorot_numbers_are_keras_draws_of_the_stated_spread():
    for name, first in checks.GLOROT_FIRST.items():
        shape = checks.SHAPES[name]
        drawn = keras.initializers.GlorotNormal(seed=1)(shape=shape).numpy()
        assert np.allclose(drawn[0, :3], first, rtol=1e-6)
        # a normal truncated at two standard deviations, scaled to sqrt(2 / (fan_in + fan_out))
        assert np.isclose(drawn.std(), np.sqrt(2 / sum(shape)), rtol=0.15)
        assert np.abs(drawn).max() <= 2 * np.sqrt(2 / sum(shape)) / 0.87962566 + 1e-6
    uniform = keras.initializers.GlorotUniform(seed=1)(shape=(25, 64)).numpy()
    assert np.allclose(uniform[0, :3], checks.GLOROT_UNIFORM_W1_FIRST, rtol=1e-6)


def test_forward_case_matches_a_keras_network_with_its_weights():
    p = checks.FORWARD_VALUES
    network = keras.Sequential(
        [
            keras.Input(shape=(2,)),
            keras.layers.Dense(2, activation="relu"),
            keras.layers.Dense(2, activation="relu"),
            keras.layers.Dense(2),
        ]
    )
    weights = {k: np.array(v, dtype="float32") for k, v in p.items()}
    network.set_weights([weights[k].T if k[0] == "W" else weights[k].ravel() for k in LAYERS])
    assert np.allclose(network(checks.FORWARD_X.T).numpy().T, checks.FORWARD_Z3)
    for layer in network.layers:
        layer.activation = keras.activations.linear
    assert np.allclose(network(checks.FORWARD_X.T).numpy().T, checks.FORWARD_NO_RELU)


def test_loss_cases_match_keras_summed_cross_entropy():
    loss = keras.losses.CategoricalCrossentropy(from_logits=True, reduction="sum")
    for logits, labels, _, expected, _ in checks.LOSS_CASES:
        logits, labels = np.array(logits, dtype="float32"), np.array(labels, dtype="float32")
        assert np.isclose(float(loss(labels.T, logits.T)), expected, rtol=1e-5)
        assert np.isclose(-(labels * log_softmax(logits, axis=0)).sum(), expected, rtol=1e-6)
    # the hint's "without the transposes" value: rows taken as examples of two classes
    logits, labels = (np.array(v, dtype="float32") for v in checks.LOSS_CASES[1][:2])
    assert np.isclose(float(loss(labels, logits)), np.log(3.0), rtol=1e-5)


def test_trusted_forward_and_loss_agree_with_keras():
    rng = np.random.default_rng(3)
    p = {k: tf.Variable(rng.normal(0, 0.5, s).astype("float32")) for k, s in checks.SHAPES.items()}
    X = rng.uniform(0, 1, (64, 9)).astype("float32")
    network = keras_digits_network(p)
    logits = checks.trusted_forward(X, p).numpy()
    assert np.allclose(logits, network(X.T).numpy().T, rtol=1e-5, atol=1e-5)
    labels = np.eye(10, dtype="float32")[:, rng.integers(0, 10, 9)]
    keras_loss = keras.losses.CategoricalCrossentropy(from_logits=True, reduction="sum")
    assert np.isclose(
        float(checks.trusted_total_loss(logits, labels)),
        float(keras_loss(labels.T, logits.T)),
        rtol=1e-5,
    )


def test_train_step_expected_values_follow_from_plain_gradient_descent():
    """The zero network's b3 after two SGD steps, computed with NumPy's softmax by hand."""
    Y = checks.TRAIN_Y
    b3 = np.zeros((2, 1))
    for loss, expected in checks.TRAIN_STEPS:
        p = np.exp(b3) / np.exp(b3).sum()
        assert np.isclose(loss, -(Y * np.log(p)).sum(), rtol=1e-9)
        b3 = b3 - checks.TRAIN_RATE * (p - Y).sum(axis=1, keepdims=True)
        assert np.allclose(b3, expected, rtol=1e-9)
