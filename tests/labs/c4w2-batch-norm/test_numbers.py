"""c4w2-batch-norm: the numbers and claims its text states agree with independent references.

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text. The small example's statistics are recomputed here with explicit sums; the notebook's
own `batchnorm_forward` and `batchnorm_backward` (read from the notebook) are checked against
Keras's BatchNormalization and tf.GradientTape on other data than the notebook's; the training
claims are re-measured with a network written here, whose batch-norm backward pass goes through
the chain rule step by step (through the mean and the variance), not the notebook's closed form,
over seeds 0 to 4.
"""

import math

import numpy as np
import pytest
from helpers import markdown, np_str

from autograder import cells
from autograder.syllabus import REPO_ROOT, load_syllabus
from utils.image_data import load_digit_images

LAB = "c4w2-batch-norm"
TEXT = markdown(LAB)
PROSE = " ".join(TEXT.split())  # the text with its line breaks undone, for phrases
SEED = 0
SEEDS = range(5)
EPS = 1e-3


def toy_batch() -> np.ndarray:
    """The notebook's 8 examples of 3 units."""
    return np.random.default_rng(SEED).normal([0.0, 5.0, -20.0], [1.0, 0.1, 30.0], size=(8, 3))


def column_stats(Z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean and (biased) variance of each column, with explicit sums."""
    m = Z.shape[0]
    means = np.array([sum(Z[:, j]) / m for j in range(Z.shape[1])])
    var = np.array([sum((Z[:, j] - means[j]) ** 2) / m for j in range(Z.shape[1])])
    return means, var


def test_the_small_batch_and_its_normalization():
    Z = toy_batch()
    mu, var = column_stats(Z)
    assert f"column means: {np_str(np.round(mu, 3))}" in TEXT
    assert f"column standard deviations: {np_str(np.round(np.sqrt(var), 3))}" in TEXT
    normalized = (Z - mu) / np.sqrt(var + EPS)
    assert f"standard deviations: {np_str(np.round(normalized.std(axis=0), 3))}" in TEXT
    assert "spread (0.065)" in PROSE and round(math.sqrt(var[1]), 3) == 0.065
    assert round(math.sqrt(var[1]) / math.sqrt(var[1] + EPS), 1) == 0.9  # "≈ 0.9"
    # momentum 0.99 from mean 0 and variance 1: 1 % of the way
    assert "only 1 % of the way" in PROSE
    assert f"moving mean after one batch: {np_str(np.round(0.01 * mu, 3))}" in TEXT
    assert f"moving variance after one batch: {np_str(np.round(0.99 + 0.01 * var, 3))}" in TEXT
    gamma, beta = np.array([2.0, 0.5, 1.0]), np.array([1.0, -1.0, 3.0])
    scaled = gamma * normalized + beta
    assert f"  means: {np_str(np.round(scaled.mean(axis=0), 3))}" in TEXT
    assert f"  standard deviations: {np_str(np.round(scaled.std(axis=0), 3))}" in TEXT
    # one example with the 8 examples' statistics standing in for the moving averages
    one = gamma * (Z[0] - mu) / np.sqrt(var + EPS) + beta
    assert f"the same example with the moving averages: {np_str(np.round(one, 3))}" in TEXT
    assert f"own batch statistics: {np_str(beta)}" in TEXT  # z_norm = 0: the output is beta


@pytest.fixture(scope="module")
def notebook_bn() -> dict:
    """The notebook's batchnorm_forward and batchnorm_backward, run from its own cells."""
    nb = cells.read_notebook(REPO_ROOT / load_syllabus().lab(LAB).notebook)
    namespace: dict = {"np": np}
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.source.startswith(
            ("def batchnorm_forward", "def batchnorm_backward")
        ):
            exec(cell.source, namespace)
    return namespace


def test_forward_and_backward_agree_with_keras(notebook_bn):
    """'largest difference below 1e-12' for the forward pass, the moving averages and the
    gradients, on data of another shape and scale than the notebook's."""
    import keras
    import tensorflow as tf

    assert TEXT.count("largest difference below 1e-12: True") == 7
    rng = np.random.default_rng(123)
    Z = rng.normal(-2.0, 5.0, size=(50, 6))
    gamma, beta = rng.uniform(0.5, 2.0, 6), rng.normal(0, 1, 6)
    mean0, var0 = rng.normal(0, 1, 6), rng.uniform(0.5, 2.0, 6)
    layer = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-3, dtype="float64")
    layer.build((None, 6))
    layer.set_weights([gamma, beta, mean0, var0])
    state = {"mean": mean0.copy(), "var": var0.copy()}
    forward, backward = notebook_bn["batchnorm_forward"], notebook_bn["batchnorm_backward"]
    ours, cache = forward(Z, gamma, beta, state, training=True, momentum=0.9)
    G = rng.normal(size=Z.shape)
    Z_tf = tf.constant(Z)
    with tf.GradientTape() as tape:
        tape.watch(Z_tf)
        out = layer(Z_tf, training=True)
        J = tf.reduce_sum(G * out)
    grads = tape.gradient(J, [Z_tf, layer.gamma, layer.beta])
    assert np.abs(ours - out.numpy()).max() < 1e-12
    assert np.abs(state["mean"] - layer.moving_mean.numpy()).max() < 1e-12
    assert np.abs(state["var"] - layer.moving_variance.numpy()).max() < 1e-12
    for mine, theirs in zip(backward(G, cache), grads, strict=True):
        assert np.abs(mine - theirs.numpy()).max() < 1e-12
    assert np.allclose(backward(G, cache)[0].sum(axis=0), 0)  # "columns sum to 0"
    ours_test, _ = forward(Z, gamma, beta, state, training=False)
    assert np.abs(ours_test - layer(Z, training=False).numpy()).max() < 1e-12


# --- training, re-implemented --------------------------------------------------------------------

SIZES = (64, 64, 64, 10)


def bn_backward_chain(dy, z, gamma):
    """Backward through y = gamma (z - mu) / sqrt(var + eps) + beta, one node at a time."""
    m = z.shape[0]
    mu = z.mean(0)
    d = z - mu
    var = (d**2).mean(0)
    inv = 1.0 / np.sqrt(var + EPS)
    zhat = d * inv
    dgamma, dbeta = (dy * zhat).sum(0), dy.sum(0)
    dzhat = dy * gamma
    dinv = (dzhat * d).sum(0)
    dvar = dinv * -0.5 * (var + EPS) ** -1.5
    dd = dzhat * inv + dvar * 2 * d / m
    dmu = -dd.sum(0)
    return dd + dmu / m, dgamma, dbeta


def run(rate: float, bn: bool, seed: int, X, y, Xv, yv, epochs: int = 20):
    """(training loss per epoch, validation accuracy) of the lab's network and schedule."""
    rng = np.random.default_rng(seed)
    layers = [
        {"W": rng.normal(0, np.sqrt(2 / a), (a, b)), "b": np.zeros(b)}
        for a, b in zip(SIZES[:-1], SIZES[1:], strict=True)
    ]
    for layer in layers[:-1]:
        n = layer["b"].size
        layer.update(g=np.ones(n), be=np.zeros(n), rm=np.zeros(n), rv=np.ones(n))

    def forward(A, training):
        trace = []
        for k, layer in enumerate(layers):
            z = A @ layer["W"] + layer["b"]
            entry = {"A": A, "z": z}
            if k < len(layers) - 1:
                if bn:
                    if training:
                        mu, var = z.mean(0), z.var(0)
                        layer["rm"] = 0.99 * layer["rm"] + 0.01 * mu
                        layer["rv"] = 0.99 * layer["rv"] + 0.01 * var
                    else:
                        mu, var = layer["rm"], layer["rv"]
                    z = layer["g"] * (z - mu) / np.sqrt(var + EPS) + layer["be"]
                entry["out"] = z
                A = np.where(z > 0, z, 0.0)
            trace.append(entry)
        logits = trace[-1]["z"]
        logp = logits - logits.max(1, keepdims=True)
        logp = logp - np.log(np.exp(logp).sum(1, keepdims=True))
        return logp, trace

    losses = []
    with np.errstate(all="ignore"):
        for _ in range(epochs):
            perm, total = rng.permutation(len(X)), 0.0
            for s in range(0, len(X), 64):
                idx = perm[s : s + 64]
                logp, trace = forward(X[idx], True)
                onehot = np.eye(10)[y[idx]]
                total += -(logp * onehot).sum()
                grad = (np.exp(logp) - onehot) / len(idx)
                for k in range(len(layers) - 1, -1, -1):
                    layer, entry = layers[k], trace[k]
                    if k < len(layers) - 1:
                        grad = grad * (entry["out"] > 0)
                        if bn:
                            grad, dg, dbe = bn_backward_chain(grad, entry["z"], layer["g"])
                            layer["g"] = layer["g"] - rate * dg
                            layer["be"] = layer["be"] - rate * dbe
                    upstream = grad @ layer["W"].T
                    layer["W"] = layer["W"] - rate * entry["A"].T @ grad
                    layer["b"] = layer["b"] - rate * grad.sum(0)
                    grad = upstream
            losses.append(total / len(X))
        logp, _ = forward(Xv, False)
    return np.array(losses), float((logp.argmax(1) == yv).mean())


@pytest.fixture(scope="module")
def digits():
    X, y = load_digit_images()
    X = X.reshape(len(X), -1).astype(np.float64)
    order = np.random.default_rng(SEED).permutation(len(X))
    return X[order[:1400]], y[order[:1400]], X[order[1400:]], y[order[1400:]]


@pytest.fixture(scope="module")
def runs(digits):
    """{(rate, batch norm, seed): (losses, accuracy)} for the rates the text makes claims on."""
    out = {}
    for seed in SEEDS:
        for rate in (0.1, 1.0, 3.0):
            for bn in (False, True):
                out[rate, bn, seed] = run(rate, bn, seed, *digits)
    for rate in (0.03, 0.3, 10.0):
        for bn in (False, True):
            out[rate, bn, SEED] = run(rate, bn, SEED, *digits)
    return out


def test_the_split():
    assert "X_train: (1400, 64)  X_val: (397, 64)" in TEXT
    assert "1,797 scikit-learn digits" in PROSE and len(load_digit_images()[1]) == 1797


def test_rate_0_1_ranges_over_seeds(runs):
    assert "the ranges below hold for seeds 0 to 4" in PROSE
    assert "loss after 20 epochs in [0.07, 0.12]" in TEXT
    assert "loss after 20 epochs in [0.02, 0.07]" in TEXT
    for seed in SEEDS:
        plain, plain_acc = runs[0.1, False, seed]
        bn, bn_acc = runs[0.1, True, seed]
        assert 0.07 <= plain[-1] <= 0.12 and 0.02 <= bn[-1] <= 0.07
        assert np.all(bn < plain)  # "lower at every epoch"
        assert min(plain_acc, bn_acc) >= 0.95


def test_rate_3_ten_times_a_rate_that_trains(runs):
    assert "a learning rate of 3.0, ten times 0.3" in PROSE
    assert (
        "chance is ln 10 = 2.303" in TEXT
        and "accuracy near 10 %" in PROSE
        and f"{math.log(10):.3f}" == "2.303"
    )
    for seed in SEEDS:
        plain, plain_acc = runs[3.0, False, seed]
        bn, bn_acc = runs[3.0, True, seed]
        assert plain[-1] > 2.2 and 0.05 < plain_acc < 0.15  # 'accuracy near 10 %'
        assert bn[-1] < 0.1 and bn_acc >= 0.95
    # the plain network trains at 0.3; at 3 it jumps up in the first epoch
    assert runs[0.3, False, SEED][0][-1] < 0.1
    assert runs[3.0, False, SEED][0][0] > runs[0.1, False, SEED][0][0]
    # the right panel: batch norm at 3 ends lower than at 0.1
    assert runs[3.0, True, SEED][0][-1] < runs[0.1, True, SEED][0][-1]


def test_the_sweep_of_learning_rates(runs):
    """Seed 0, as drawn: the plain loss falls up to 0.3 and sits at chance at 3 and 10; batch norm
    is lower at every rate up to 3 and at chance at 10. Over seeds: the plain network fails at 1
    for some seeds only, batch norm trains at 1 and 3 for all."""
    assert "falls as the rate grows up to 0.3" in PROSE
    assert "failed for some seeds and trained for others" in PROSE
    assert "plain network reliably only up to 0.3" in PROSE
    chance = math.log(10)
    plain = [runs[r, False, SEED][0][-1] for r in (0.03, 0.1, 0.3)]
    assert plain[0] > plain[1] > plain[2]
    for rate in (3.0, 10.0):
        assert abs(min(runs[rate, False, SEED][0][-1], 10.0) - chance) < 0.2
    for rate in (0.03, 0.1, 0.3, 1.0, 3.0):
        assert runs[rate, True, SEED][0][-1] < runs[rate, False, SEED][0][-1]
    assert abs(min(runs[10.0, True, SEED][0][-1], 10.0) - chance) < 0.2
    fails_at_1 = [runs[1.0, False, s][0][-1] > 1.0 for s in SEEDS]
    assert any(fails_at_1) and not all(fails_at_1)
    assert all(runs[r, True, s][0][-1] < 0.1 for r in (1.0, 3.0) for s in SEEDS)


def test_the_slider_text(runs):
    """Section 7: up to 0.3 batch norm is lower at every epoch (seed 0, as shown); at 1 it ends
    below 0.01 for every seed; at 3 the plain loss is at chance from the third epoch on."""
    assert "the orange one lower at every epoch" in PROSE
    for rate in (0.03, 0.1, 0.3):
        assert np.all(runs[rate, True, SEED][0] < runs[rate, False, SEED][0])
    assert "the orange one ends below 0.01" in PROSE
    assert all(runs[1.0, True, s][0][-1] < 0.01 for s in SEEDS)
    assert "chance level from the third epoch on" in PROSE
    assert "after its first two epochs the blue curve stays flat near 2.3" in PROSE
    for s in SEEDS:
        assert np.all(np.abs(runs[3.0, False, s][0][2:] - math.log(10)) < 0.1)
