"""c4w2-regularization-boundaries: the numbers and claims its text states agree with independent
references.

tests/labs/test_run.py checks that the notebook prints what its Expected output blocks state; this
file checks the text. Counts and the L2 example are recomputed with plain formulas; the true
border's accuracy with the rule written here. The trained networks are the lab's own (the tool's
``train``, same data, seed and steps as the notebook), but every accuracy, cost, boundary and
weight size is re-measured here with a NumPy forward pass of their weights, and the boundary's
"length" is the number of neighbouring grid cells of different classes (never the tool's
contours). The L2 trend (gap closing at λ = 1, underfitting at 10, collapse at 31.6, weights
shrinking) is confirmed a second way with scikit-learn's MLPClassifier, whose penalty
alpha / (2 m) Σ W² is the course's λ / (2m) Σ W² with alpha = λ, trained by L-BFGS instead of
Adam. Results of training are stated in the text as ranges; the tests check the ranges.
"""

import warnings

import numpy as np
import pytest
from helpers import markdown

from utils import data
from utils.interactive import regularization as reg

LAB = "c4w2-regularization-boundaries"
TEXT = " ".join(markdown(LAB).split())  # line breaks of the markdown as spaces
SEED = 0
NOISE = 0.15
FULL_LAMBDAS = 10 ** np.arange(-2, 1.75, 0.25)
QUICK_LAMBDAS = 10 ** np.arange(-2, 1.75, 0.5)


def says(*phrases: str) -> None:
    """Each phrase appears in the lab's text (line breaks ignored)."""
    for phrase in phrases:
        assert " ".join(phrase.split()) in TEXT, f"the text does not say {phrase!r}"


def forward(model, X: np.ndarray) -> np.ndarray:
    """Probabilities of class 1 by a NumPy forward pass (ReLU hidden layers, sigmoid output)."""
    dense = [layer for layer in model.layers if hasattr(layer, "kernel")]
    A = X
    for k, layer in enumerate(dense):
        Z = layer.kernel.numpy().T.astype(np.float64) @ A + layer.bias.numpy()[:, None]
        A = np.maximum(Z, 0.0) if k < len(dense) - 1 else 1.0 / (1.0 + np.exp(-Z))
    return A


def accuracy(model, X, Y) -> float:
    return float(np.mean((forward(model, X) >= 0.5) == Y))


def log_loss(model, X, Y) -> float:
    p = np.clip(forward(model, X), 1e-7, 1 - 1e-7)
    return float(-np.mean(Y * np.log(p) + (1 - Y) * np.log(1 - p)))


def weight_size(model) -> float:
    kernels = [layer.kernel.numpy() for layer in model.layers if hasattr(layer, "kernel")]
    return float(np.sqrt(sum(np.sum(K.astype(np.float64) ** 2) for K in kernels)))


def boundary_length(model) -> int:
    """Pairs of side-by-side or stacked cells of a 200 x 200 grid over [-1.2, 1.2]^2 whose
    predicted classes differ: proportional to the boundary's length inside the data's square."""
    g = np.linspace(-1.2, 1.2, 200)
    g0, g1 = np.meshgrid(g, g)
    c = (forward(model, np.stack([g0.ravel(), g1.ravel()])) >= 0.5).reshape(g0.shape)
    return int(np.sum(c[:, 1:] != c[:, :-1]) + np.sum(c[1:, :] != c[:-1, :]))


@pytest.fixture(scope="module")
def sets():
    return {
        "train": data.make_wavy_regions(m=120, seed=11, noise=NOISE),
        "val": data.make_wavy_regions(m=500, seed=12, noise=NOISE),
        "test": data.make_wavy_regions(m=2000, seed=13, noise=NOISE),
    }


@pytest.fixture(scope="module")
def runs(sets):
    """The notebook's networks, by (lambd, keep_prob): the grid of section 4 and the full run's
    validation curve (the quick run's values are a subset)."""
    X, Y = sets["train"]
    pairs = [(lam, keep) for keep in (1.0, 0.5, 0.2) for lam in (0.0, 1.0, 10.0)]
    pairs += [(float(lam), 1.0) for lam in FULL_LAMBDAS if lam not in (1.0, 10.0)]
    return {pair: reg.train_regularized(X, Y, *pair, seed=SEED).model for pair in pairs}


@pytest.fixture(scope="module")
def measured(sets, runs):
    """Train and test accuracy and weight size of every network, re-measured."""
    out = {}
    for pair, model in runs.items():
        out[pair] = {
            "train": accuracy(model, *sets["train"]),
            "test": accuracy(model, *sets["test"]),
            "size": weight_size(model),
        }
    return out


def test_the_sets_and_the_true_border(sets):
    says("| training | 120 | 11 |", "| validation | 500 | 12 |", "| test | 2000 | 13 |")
    counts = {name: int(Y.sum()) for name, (X, Y) in sets.items()}
    assert counts == {"train": 61, "val": 254, "test": 989}
    X, Y = sets["test"]
    right = np.mean(
        [(x1 > 0.5 * np.sin(np.pi * x0)) == y for x0, x1, y in zip(*X, Y[0], strict=True)]
    )
    stated = f"{100 * right:.1f}%"
    assert stated == "91.1%"
    says(
        f"gets {stated} of them right",
        f"less than the true border's {stated}",
        f"about the true border's {stated}",
    )


def test_the_l2_example_and_the_size_of_the_network():
    weights = 2 * 40 + 40 * 40 + 40 * 1
    parameters = weights + 40 + 40 + 1
    penalty = 0.7 / (2 * 120) * weights
    says(
        f"{weights:,}$ weights".replace(",", "{,}"),
        f"= {penalty:.5f}$",
        f"{parameters:,} weights and biases for 120 points",
        f"a network of {parameters:,} weights and biases",
    )
    assert (weights, parameters, f"{penalty:.5f}") == (1720, 1801, "5.01667")


def test_the_training_settings_the_text_states():
    says(
        "$[2, 40, 40, 1]$, two hidden layers of 40 ReLU units",
        "for 2,000 steps",
        "Adam with a rate of 0.01",
    )
    assert (reg.HIDDEN, reg.STEPS, reg.LEARNING_RATE) == ((40, 40), 2000, 0.01)
    model = reg.build_model(0.0, 1.0, 120)
    assert model.count_params() == 1801


def test_the_keras_penalty_is_the_formula_on_random_weights():
    """On random weights (not the ones of the text): Keras's regularizer losses equal the
    course's λ/(2m) Σ ||W[l]||², for λ = 0.7 and m = 120."""
    model = reg.build_model(0.7, 1.0, 120, seed=5)
    rng = np.random.default_rng(0)
    total = 0.0
    for layer in model.layers:
        W = rng.normal(size=layer.kernel.shape)
        layer.kernel.assign(W)
        total += np.sum(W**2)
    assert float(sum(model.losses)) == pytest.approx(0.7 / 240 * total, rel=1e-5)


def test_dropout_keeps_the_mean():
    """The demonstration's mean: 10,000 values, each 0 or 2 with probability 1/2, have mean
    1 +- 0.01 (standard deviation), so '1.0' at one decimal is all but certain."""
    says("their mean stays about 1", "0 or $1 / 0.5 = 2$")
    assert 3 * np.sqrt(0.5 * 0.5 / 10_000) * 2 < 0.05


def test_without_regularization(measured):
    plain = measured[0.0, 1.0]
    says(
        "classifies **every** training point right (100%)",
        "about 90% of the test points (between 89 and 91%)",
        "with a size between 30 and 40",
        "A gap of about 10 points",
    )
    assert plain["train"] == 1.0
    assert 0.89 <= plain["test"] <= 0.91
    assert 30 <= plain["size"] <= 40
    assert 8 <= 100 * (plain["train"] - plain["test"]) <= 12


def test_l2_in_the_grid(measured, runs):
    plain, good, strong = (measured[lam, 1.0] for lam in (0.0, 1.0, 10.0))
    says(
        "Training accuracy falls to between 90 and 95%, test accuracy **rises** to between 90.5 "
        "and 92%",
        "shrinks from about 10 points to about 1",
        "about 7 times smaller than without regularization (their size between 4 and 6)",
        "(size between 2 and 3)",
        "training **and** test accuracy are both below those of $\\lambda = 1$ "
        "(between 87 and 90%)",
    )
    assert 0.90 <= good["train"] <= 0.95 and 0.905 <= good["test"] <= 0.92
    assert good["test"] > plain["test"]
    assert 0 <= 100 * (good["train"] - good["test"]) <= 2.5
    assert 4 <= good["size"] <= 6 and 6 <= plain["size"] / good["size"] <= 8
    assert 2 <= strong["size"] <= 3
    assert strong["train"] < good["train"] and strong["test"] < good["test"]
    assert all(0.87 <= strong[k] <= 0.90 for k in ("train", "test"))
    # the longest boundary of the row is λ = 0's; λ = 10's is (nearly) a straight line, the
    # shortest: a line across the square crosses about 2 x 200 cell pairs
    lengths = [boundary_length(runs[lam, 1.0]) for lam in (0.0, 1.0, 10.0)]
    assert lengths[0] > lengths[1] > lengths[2]
    assert lengths[2] < 1.15 * 2 * 200


def test_the_straight_boundary_is_a_line(runs):
    """At λ = 10 the class changes along each grid column at most once, and the crossing points
    lie on a straight line (residual of a least-squares line under 0.03)."""
    g = np.linspace(-1.2, 1.2, 200)
    g0, g1 = np.meshgrid(g, g)
    c = (forward(runs[10.0, 1.0], np.stack([g0.ravel(), g1.ravel()])) >= 0.5).reshape(g0.shape)
    changes = np.sum(c[1:, :] != c[:-1, :], axis=0)
    assert changes.max() <= 1
    cols = np.flatnonzero(changes == 1)
    heights = np.array([g[np.argmax(c[:, j] != c[0, j])] for j in cols])
    fit = np.polyval(np.polyfit(g[cols], heights, 1), g[cols])
    assert np.sqrt(np.mean((heights - fit) ** 2)) < 0.03


def test_dropout_in_the_grid(measured, runs):
    plain, half, fifth = (measured[0.0, keep] for keep in (1.0, 0.5, 0.2))
    good = measured[1.0, 1.0]
    says(
        "can still fit every training point (100%)",
        "the test accuracy stays within a point of section 3's",
        "training accuracy falls to between 90 and 95% and the gap closes to a few points",
        "near the unregularized network's (between 89 and 91.5%), it does not beat L2",
        "at `keep_prob = 0.5` their size stays about as large as without regularization",
    )
    assert half["train"] == 1.0 and abs(half["test"] - plain["test"]) <= 0.01
    assert 0.90 <= fifth["train"] <= 0.95 and 0 <= 100 * (fifth["train"] - fifth["test"]) <= 4
    assert 0.89 <= fifth["test"] <= 0.915 and fifth["test"] < good["test"]
    assert 0.8 <= half["size"] / plain["size"] <= 1.25
    # keep_prob = 0.5 still wraps noisy points (a boundary as long as without dropout);
    # keep_prob = 0.2 is smoother (shorter)
    lengths = {keep: boundary_length(runs[0.0, keep]) for keep in (1.0, 0.5, 0.2)}
    assert lengths[0.5] >= 0.85 * lengths[1.0]
    assert lengths[0.2] < 0.8 * lengths[1.0]


def test_dropout_adds_less_than_l2_did(runs):
    """'with λ = 1 or 10, adding dropout changes the boundary less than L2 alone already did':
    the share of the grid whose class changes."""
    g = np.linspace(-1.2, 1.2, 120)
    g0, g1 = np.meshgrid(g, g)
    points = np.stack([g0.ravel(), g1.ravel()])
    classes = {pair: forward(model, points) >= 0.5 for pair, model in runs.items()}
    for lam in (1.0, 10.0):
        by_l2 = np.mean(classes[lam, 1.0] != classes[0.0, 1.0])
        for keep in (0.5, 0.2):
            assert np.mean(classes[lam, keep] != classes[lam, 1.0]) < by_l2
    says("adding dropout changes the boundary less than L2 alone already did")


def test_the_validation_curve(sets, runs):
    costs = {}
    for lam in FULL_LAMBDAS:
        model = runs[float(lam), 1.0]
        costs[lam] = {
            "train": log_loss(model, *sets["train"]),
            "val": log_loss(model, *sets["val"]),
            "train acc": accuracy(model, *sets["train"]),
            "val acc": accuracy(model, *sets["val"]),
            "size": weight_size(model),
        }
    lams = list(costs)
    series = {key: np.array([costs[lam][key] for lam in lams]) for key in costs[lams[0]]}
    says(
        "The full run tries 15 values",
        "a quick run (`COURSE_QUICK=1`, as the tests run it) tries every other one, 8 values",
        "from 0.01 to 31.6",
    )
    assert len(FULL_LAMBDAS) == 15 and len(QUICK_LAMBDAS) == 8
    assert np.allclose(QUICK_LAMBDAS, FULL_LAMBDAS[::2])
    # the training cost only grows; the validation cost falls, then rises
    assert np.all(np.diff(series["train"]) > 0)
    says("from about 0.65 at $\\lambda = 0.01$")
    assert round(series["val"][0], 2) == 0.65
    best = int(np.argmin(series["val"]))
    assert 0 < best < len(lams) - 1
    assert np.all(np.diff(series["val"][: best + 1]) < 0)
    assert np.all(np.diff(series["val"][best:]) > 0)
    # the chosen λ of each mode
    quick_best = min(range(0, 15, 2), key=lambda i: series["val"][i])
    says(
        f"in the full run it is $\\lambda = {lams[best]:.3g}$",
        f"in a quick run $\\lambda = {lams[quick_best]:.3g}$",
        "the chosen network gets between 90.5 and 92% of the test points right",
        "(about 0.5 to 1 here)",
    )
    for i in (best, quick_best):
        assert 0.905 <= accuracy(runs[float(lams[i]), 1.0], *sets["test"]) <= 0.92
        assert 0.5 <= lams[i] <= 1.0
    # accuracy: 100 % on training up to about 0.2, then falling; validation barely moves up to
    # λ = 1; both about 51 % at 31.6 (every weight 0, class 1 everywhere)
    says(
        "Training accuracy stays at 100% up to about $\\lambda = 0.2$",
        "At $\\lambda = 31.6$ both collapse to about 51%",
        "has pushed every weight to almost 0 (their size is below 0.01)",
    )
    small = np.array(lams) < 0.2
    assert np.all(series["train acc"][small] == 1.0) and series["train acc"][small.sum()] < 1
    assert np.ptp(series["val acc"][np.array(lams) <= 1.0]) <= 0.015
    collapsed = runs[float(lams[-1]), 1.0]
    assert weight_size(collapsed) < 0.01
    X, Y = sets["train"]
    assert np.all(forward(collapsed, X) >= 0.5) and Y.mean() == pytest.approx(61 / 120)
    assert round(series["train acc"][-1], 2) == round(series["val acc"][-1], 2) == 0.51
    # weight decay: the size falls with every step of λ
    assert np.all(np.diff(series["size"]) < 0)


def test_the_things_to_try_in_the_explorer(sets, runs):
    """λ = 0, 0.1, 0.3, 1, 3 (the slider's values): every step shortens the boundary and
    narrows the gap; λ = 30 answers one class everywhere."""
    X, Y = sets["train"]
    models = {lam: runs[lam, 1.0] for lam in (0.0, 0.1, 1.0)}
    for lam in (0.3, 3.0, 30.0):
        models[lam] = reg.train_regularized(X, Y, lam, 1.0, seed=SEED).model
    steps = (0.0, 0.1, 0.3, 1.0, 3.0)
    lengths = [boundary_length(models[lam]) for lam in steps]
    gaps = [accuracy(models[lam], X, Y) - accuracy(models[lam], *sets["test"]) for lam in steps]
    assert np.all(np.diff(lengths) < 0) and np.all(np.diff(gaps) < 0)
    assert np.all(forward(models[30.0], X) >= 0.5) and boundary_length(models[30.0]) == 0
    says(
        "the boundary gets shorter at every step), and the gap close",
        "$\\lambda = 30$: the network gives up and answers one class everywhere",
    )


def test_scikit_learn_confirms_the_l2_trend(sets):
    """An MLPClassifier (40, 40) with alpha = λ, trained by L-BFGS: the same picture."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    X, Y = sets["train"]
    Xt, Yt = sets["test"]
    fits = {}
    for alpha in (0.0, 1.0, 10.0, 31.6):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            net = MLPClassifier(
                (40, 40), alpha=alpha, solver="lbfgs", max_iter=3000, random_state=0
            )
            net.fit(X.T, Y[0])
        size = np.sqrt(sum(np.sum(W**2) for W in net.coefs_))
        fits[alpha] = (net.score(X.T, Y[0]), net.score(Xt.T, Yt[0]), size)
    (train0, test0, size0), (train1, test1, size1) = fits[0.0], fits[1.0]
    train10, test10, size10 = fits[10.0]
    assert train0 >= 0.99 and train0 - test0 > 0.08  # overfits
    assert 0.90 <= train1 <= 0.95 and test1 > test0 and train1 - test1 < 0.025
    assert train10 < train1 and test10 < test1  # too much: both fall
    assert size0 > size1 > size10 > fits[31.6][2] and fits[31.6][2] < 0.01
    assert 4 <= size1 <= 6 and 2 <= size10 <= 3
