"""c4w3-tensorflow-intro: the numbers its text states agree with independent references.

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks the
text, and the source's solutions, against computations that do not go through them: the gradient
descent of the tape example in closed form; linear_function against NumPy's own draws and product;
the sigmoid against SciPy's ``expit``; the data, the split and the mini-batch counts against
scikit-learn's digits and the lab's seed; the parameter count against the layer sizes;
forward_propagation against a Keras ``Sequential`` of Dense layers holding the same weights;
compute_total_loss against ``keras.losses.CategoricalCrossentropy(from_logits=True,
reduction="sum")`` (the stated loss of the untrained network too, from Keras's GlorotNormal draws);
train_step against ``optimizer.apply_gradients`` of gradients this test computes on that Keras
network; and the trained accuracies against scikit-learn's MLPClassifier with the same
architecture and training (ReLU units, Adam at 0.001, mini-batches of 32, 100 epochs in the full
run, 10 in quick mode) on the same split: a trained accuracy varies from machine to machine, so the
text states ranges and rounded values, and the reference must fall in the ranges and near the
rounded values.
"""

import re
import warnings

import keras
import numpy as np
import pytest
import tensorflow as tf
from helpers import stated
from references import keras_digits_network as keras_network
from scipy.special import expit
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

from autograder import cells
from autograder.syllabus import REPO_ROOT, load_syllabus

LAB = load_syllabus().lab("c4w3-tensorflow-intro")
NOTEBOOK = cells.read_notebook(REPO_ROOT / LAB.source)
TEXT = "\n".join(c.source for c in NOTEBOOK.cells if c.cell_type == "markdown")
CODE = "\n".join(c.source for c in NOTEBOOK.cells if c.cell_type == "code")
PROSE = " ".join(TEXT.split())  # the narrative wraps lines anywhere
SEED = 0
LAYERS = ("W1", "b1", "W2", "b2", "W3", "b3")
BUNCH = load_digits()
X = BUNCH.data / 16.0
Y = BUNCH.target


@pytest.fixture(scope="module")
def solution():
    """The source's answers, run in a namespace of their own."""
    namespace = {"np": np, "tf": tf, "keras": keras}
    names = {e.name for e in LAB.exercises}
    for cell in NOTEBOOK.cells:
        if cells.grade_id(cell) in names:
            exec(cell.source, namespace)  # noqa: S102 (the instructor's own source)
    return namespace


@pytest.fixture(scope="module")
def split():
    """(train, test) index arrays: 300 test images drawn by the lab's seed, the rest to train."""
    order = np.random.default_rng(SEED).permutation(len(Y))
    return order[300:], order[:300]


def glorot_parameters():
    """The lab's initial parameters drawn here with Keras's initializer (not the solution)."""
    initializer = keras.initializers.GlorotNormal(seed=1)
    shapes = {"W1": (25, 64), "W2": (12, 25), "W3": (10, 12)}
    parameters = {k: initializer(shape=s).numpy() for k, s in shapes.items()}
    for layer in (1, 2, 3):
        parameters[f"b{layer}"] = np.zeros((shapes[f"W{layer}"][0], 1), "float32")
    return parameters


SUM_LOSS = keras.losses.CategoricalCrossentropy(from_logits=True, reduction="sum")


def test_gradient_tape_example_in_closed_form():
    w0 = 3.0
    assert f"J(3) = {(w0 - 5) ** 2}, dJ/dw at w = 3: {2 * (w0 - 5)}" in TEXT
    w = 5 + (w0 - 5) * (1 - 0.1 * 2) ** 100  # each step multiplies w - 5 by 1 - 2 * 0.1
    assert f"after 100 steps of gradient descent: w = {w:.4f}" in TEXT
    assert f"with SGD: w = {w:.4f}, the same as the loop above: True" in TEXT
    assert "$2(3 - 5) = -4$" in PROSE


def test_linear_function_is_numpys_product_of_the_draws(solution):
    rng = np.random.default_rng(1)
    x, w, b = rng.standard_normal((3, 1)), rng.standard_normal((4, 3)), rng.standard_normal((4, 1))
    assert f"{np.round((w @ x + b).ravel(), 4)}" in TEXT
    assert "Y: shape (4, 1), dtype float64" in TEXT
    got = solution["linear_function"]()
    assert np.allclose(np.asarray(got), w @ x + b, rtol=1e-12)


def test_sigmoid_values_match_scipy(solution):
    for z in (-1, 0, 12):
        assert f"sigmoid({z}) = {expit(z):.4f}" in TEXT
        assert np.isclose(float(solution["sigmoid"](z)), expit(z), rtol=1e-6)
    assert "dtype: float32" in TEXT


def test_data_split_and_minibatches(split):
    train, test = split
    assert f"images: ({len(Y)}, 8, 8, 1), float32, pixels from {X.min()} to {X.max()}" in TEXT
    assert f"digits: ({len(Y)},), {Y.min()} to {Y.max()}" in TEXT
    assert f"training set: {len(train)} images, test set: {len(test)} images" in TEXT
    assert f"{len(Y)} handwritten digits" in PROSE
    assert f"on the other {len(train)}" in PROSE and f"{len(test)} test images" in PROSE
    one_hot = np.eye(10)[Y[train[0]]]
    assert f"first training example: digit {Y[train[0]]}, one-hot {one_hot}" in TEXT
    full, last = divmod(len(train), 32)
    assert (
        f"Each epoch runs {full + 1} steps, {full} mini-batches of 32 images and a last one "
        f"of {last}" in PROSE
    )


def test_parameter_shapes_and_count_follow_the_layer_sizes():
    sizes = (64, 25, 12, 10)
    count = 0
    for layer, (n_in, n_out) in enumerate(zip(sizes, sizes[1:], strict=False), start=1):
        assert f"W{layer}: {(n_out, n_in)} float32" in TEXT
        assert f"b{layer}: {(n_out, 1)} float32" in TEXT
        count += n_out * n_in + n_out
    assert f"parameters: {count}" in TEXT
    assert f"= {count}$ parameters" in PROSE and f"**{count} parameters**" in PROSE


def test_initialize_parameters_are_keras_glorot_draws(solution):
    parameters = solution["initialize_parameters"]()
    for name, value in glorot_parameters().items():
        assert isinstance(parameters[name], tf.Variable)
        assert np.array_equal(np.asarray(parameters[name]), value)


def test_forward_propagation_matches_keras_dense_layers(solution, split):
    rng = np.random.default_rng(5)
    parameters = {
        k: rng.normal(0.0, 0.4, np.shape(v)).astype("float32")
        for k, v in glorot_parameters().items()
    }
    variables = {k: tf.Variable(v) for k, v in parameters.items()}
    inputs = X[split[0][:40]].astype("float32")
    got = solution["forward_propagation"](tf.constant(inputs.T), variables).numpy()
    assert np.allclose(got, keras_network(parameters)(inputs).numpy().T, rtol=1e-5, atol=1e-5)


def test_total_loss_matches_keras_summed_cross_entropy(solution):
    rng = np.random.default_rng(6)
    for m in (1, 7, 32):
        logits = rng.normal(0.0, 3.0, (10, m)).astype("float32")
        labels = np.eye(10, dtype="float32")[:, rng.integers(0, 10, m)]
        got = float(solution["compute_total_loss"](tf.constant(logits), tf.constant(labels)))
        assert np.isclose(got, float(SUM_LOSS(labels.T, logits.T)), rtol=1e-5)


def test_stated_loss_of_the_untrained_network(split):
    """The Keras network with the GlorotNormal(seed=1) weights on the first 8 training images."""
    first = split[0][:8]
    logits = keras_network(glorot_parameters())(X[first].astype("float32"))
    loss = float(SUM_LOSS(np.eye(10)[Y[first]], logits))
    assert f"total loss of the first 8 images: {loss:.2f}" in TEXT
    assert f"loss before the step: {loss:.2f}" in TEXT
    (uniform,) = stated(PROSE, r"8 \\ln 10 \\approx (\d+\.\d)\$")
    assert uniform == round(8 * np.log(10), 1) and abs(loss - 8 * np.log(10)) < 0.1 * loss


def test_train_step_is_adam_applied_to_the_tapes_gradients(solution, split):
    """Three steps of the solution's train_step against three steps of Adam on the Keras network,
    whose gradients this test computes with its own tape."""
    batch = split[0][:32]
    inputs, labels = X[batch].astype("float32"), np.eye(10, dtype="float32")[Y[batch]]
    start = glorot_parameters()
    variables = {k: tf.Variable(v) for k, v in start.items()}
    optimizer = keras.optimizers.Adam(learning_rate=0.01)
    network = keras_network(start)
    reference = keras.optimizers.Adam(learning_rate=0.01)
    for _ in range(3):
        loss = solution["train_step"](
            tf.constant(inputs.T), tf.constant(labels.T), variables, optimizer
        )
        with tf.GradientTape() as tape:
            expected = SUM_LOSS(labels, network(inputs))
        grads = tape.gradient(expected, network.trainable_variables)
        reference.apply_gradients(zip(grads, network.trainable_variables, strict=True))
        assert np.isclose(float(loss), float(expected), rtol=1e-5)
    for name, weight in zip(LAYERS, network.get_weights(), strict=True):
        weight = weight.T if name[0] == "W" else weight.reshape(-1, 1)
        assert np.allclose(np.asarray(variables[name]), weight, rtol=1e-4, atol=1e-6), name
    assert float(SUM_LOSS(labels, network(inputs))) < float(loss)  # "lowers their loss"


def _mlp_accuracies(split, epochs, seeds):
    """Train and test accuracies (%) of scikit-learn's MLPClassifier (25, 12), Adam at 0.001,
    mini-batches of 32, no L2, for exactly ``epochs`` epochs, one per seed."""
    train, test = split
    scores = []
    for seed in seeds:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            mlp = MLPClassifier(
                (25, 12),
                alpha=0.0,
                batch_size=32,
                learning_rate_init=0.001,
                max_iter=epochs,
                tol=0.0,
                n_iter_no_change=epochs + 1,
                random_state=seed,
            ).fit(X[train], Y[train])
        scores.append((mlp.score(X[train], Y[train]), mlp.score(X[test], Y[test])))
    return 100 * np.array(scores)


def test_stated_accuracy_ranges_and_values_match_scikit_learn(split):
    assert re.search(r"EPOCHS = 10 if quick\(\) else 100", CODE)
    assert "The full run trains for 100 epochs (quick mode, used by the tests, for 10)" in PROSE
    train_low, train_high, test_low, test_high = stated(
        PROSE,
        r"anything from (\d+)% to (\d+)% on the training set and from (\d+)% to (\d+)% on the "
        r"test set",
    )
    assert f"within = {train_low / 100:.2f} <= train_accuracy <= {train_high / 100:.1f}" in CODE
    assert f"{test_low / 100:.2f} <= test_accuracy <= {test_high / 100:.2f}" in CODE
    (train_about,) = stated(PROSE, r"training images, about (\d+\.\d)%")
    (test_about,) = stated(PROSE, r"and about (\d+)% of the 300 test images")
    full = _mlp_accuracies(split, 100, (0, 1))
    assert np.all((train_low <= full[:, 0]) & (full[:, 0] <= train_high)), full
    assert np.all((test_low <= full[:, 1]) & (full[:, 1] <= test_high)), full
    assert (
        abs(full[:, 0].mean() - train_about) <= 0.5 and abs(full[:, 1].mean() - test_about) <= 1.5
    )
    assert (
        f"recognizes about {train_about}% of its training images and about {test_about:.0f}%"
        in PROSE
    )

    (quick_about,) = stated(PROSE, r"Quick mode's 10 epochs reach about (\d+)% on both sets")
    low, high = (
        float(v)
        for v in re.search(r"within = (0\.\d+) <= train_accuracy <= (0\.\d+) and", CODE).groups()
    )
    quick = _mlp_accuracies(split, 10, (0, 1, 2))
    assert np.all((100 * low <= quick) & (quick <= 100 * high)), quick
    assert abs(quick.mean() - quick_about) <= 2.0, quick
