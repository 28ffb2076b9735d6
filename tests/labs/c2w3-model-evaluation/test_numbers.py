"""c2w3-model-evaluation: the numbers its text states agree with independent references.

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text against references computed here without the lab's code: NumPy statistics, the
polynomial features built by hand with least squares by np.linalg.lstsq (references.py), and, for
the ranges the text gives for trained networks, scikit-learn's MLPRegressor and MLPClassifier
with the same hidden layers, optimizer, learning rate and number of full-batch steps, over five
initializations. A stated number passes when it equals the reference at the number of decimals it
is stated with (half a unit of its last digit, plus 1e-6 relative for rounding).
"""

import re
import warnings

import nbformat
import numpy as np
import pytest
from helpers import assert_stated_close, markdown, stated_line, stated_with_decimals
from references import half_mse, poly_fit_predict

from autograder.syllabus import REPO_ROOT, load_syllabus
from utils import data

LAB = "c2w3-model-evaluation"
TEXT = markdown(LAB)
X, Y = data.make_poly_curve(m=50, seed=3)
TRAIN, CV, TEST = data.split_60_20_20(len(X), seed=1)
HIDDEN_UNITS = ((25, 15), (20, 12, 12, 20), (32, 16, 8, 4, 12))
SEEDS = range(5)


def _code() -> str:
    lab = load_syllabus().lab(LAB)
    nb = nbformat.read(REPO_ROOT / lab.notebook, as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "code")


def stated(pattern: str) -> list[float]:
    """The numbers of the pattern's groups in the text, thousands separators removed."""
    match = re.search(pattern, TEXT)
    assert match, f"the text states no {pattern!r}"
    return [float(g.replace(",", "")) for g in match.groups()]


def _line_fit_in_z():
    """The least-squares line w z + b on the z-scores of the training inputs (population std)."""
    mu, sd = X[TRAIN].mean(), X[TRAIN].std()
    A = np.column_stack([(X[TRAIN] - mu) / sd, np.ones(len(TRAIN))])
    w, b = np.linalg.lstsq(A, Y[TRAIN], rcond=None)[0]
    return mu, sd, w, b


def _degree_errors() -> dict[int, tuple[float, float, float]]:
    """(J_train, J_cv, J_test) of each degree 1 to 10, least squares on the training set."""
    errors = {}
    for degree in range(1, 11):
        p = poly_fit_predict(degree, x=X, y=Y, fit_on=TRAIN)
        errors[degree] = tuple(half_mse(Y[idx], p[idx]) for idx in (TRAIN, CV, TEST))
    return errors


def test_split_and_training_scaler():
    assert f"training: {len(TRAIN)} examples, cv: {len(CV)}, test: {len(TEST)}" in TEXT
    mean, std = stated_line(TEXT, "training set: mean {}, standard deviation {}")
    assert f"{X[TRAIN].mean():.2f}" == f"{mean:.2f}"
    assert f"{X[TRAIN].std():.2f}" == f"{std:.2f}"


def test_line_errors_and_the_cv_sets_own_scaler():
    p = poly_fit_predict(1, x=X, y=Y, fit_on=TRAIN)
    J_train, J_cv = half_mse(Y[TRAIN], p[TRAIN]), half_mse(Y[CV], p[CV])
    (loop,) = stated_with_decimals(TEXT, r"J_train with a loop:\s+([\d.]+)")
    (sklearn,) = stated_with_decimals(TEXT, r"J_train, mean_squared_error / 2:\s+([\d.]+)")
    assert_stated_close(loop, J_train)
    assert_stated_close(sklearn, J_train)
    (cv,) = stated_with_decimals(TEXT, r"J_cv, the training set's mean and std:\s+([\d.]+)")
    assert_stated_close(cv, J_cv)

    mu, sd, w, b = _line_fit_in_z()
    mu_cv, sd_cv = X[CV].mean(), X[CV].std()
    J_cv_own = half_mse(Y[CV], w * (X[CV] - mu_cv) / sd_cv + b)
    (own,) = stated_with_decimals(TEXT, r"J_cv, the cv set's own \(wrong\):\s+([\d.]+)")
    assert_stated_close(own, J_cv_own)
    assert "grows by about 70 %" in TEXT and 0.65 < J_cv_own / J_cv - 1 < 0.75
    z_train, z_own = stated_line(TEXT, "x = 20 becomes z = {} (training set's scaler), z = {}")
    assert f"{z_train:.2f}" == f"{(20 - mu) / sd:.2f}"
    assert f"{z_own:.2f}" == f"{(20 - mu_cv) / sd_cv:.2f}"
    assert J_train > 4 * _degree_errors()[2][0], "the line underfits: far above degree 2"


def test_degree_2_step_by_step():
    x = X[TRAIN][:3]
    squares = X[TRAIN] ** 2
    z1 = (x - X[TRAIN].mean()) / X[TRAIN].std()
    z2 = (x**2 - squares.mean()) / squares.std()
    for row in zip(x, x**2, z1, z2, strict=True):
        line = "{:5.1f} {:7.1f}  -> {:6.2f} {:6.2f}".format(*row).strip()
        assert line in TEXT, f"no row {line!r} in the text"
    J_train, J_cv, _ = _degree_errors()[2]
    stated_train, stated_cv = stated_with_decimals(
        TEXT, r"degree 2: J_train = ([\d.]+), J_cv = ([\d.]+)"
    )
    assert_stated_close(stated_train, J_train)
    assert_stated_close(stated_cv, J_cv)


def test_chosen_degree_its_errors_and_the_shape_of_the_curves():
    errors = _degree_errors()
    J_train = np.array([errors[d][0] for d in range(1, 11)])
    J_cv = np.array([errors[d][1] for d in range(1, 11)])
    best = int(np.argmin(J_cv)) + 1
    assert f"lowest J_cv: degree {best}" in TEXT
    assert np.all(np.diff(J_train) < 0), "J_train falls at every degree"
    assert np.all(np.diff(J_cv[:best]) < 0) and np.all(np.diff(J_cv[best - 1 :]) > 0), (
        f"J_cv falls to degree {best}, then rises at every degree"
    )
    assert f"falls from degree 1 to degree {best}, then rises at every degree" in TEXT
    close, second = stated_with_decimals(TEXT, r"\(\$J_\{cv\}\$ = ([\d.]+) against ([\d.]+)\)")
    assert_stated_close(close, errors[best][1])
    assert_stated_close(second, errors[2][1])
    assert sorted(J_cv)[1] == errors[2][1], "degree 2 is the second best"

    (degree, _), *stated = stated_with_decimals(
        TEXT, r"degree (\d+): J_train = ([\d.]+), J_cv = ([\d.]+), J_test = ([\d.]+)"
    )
    assert degree == best
    for value, reference in zip(stated, errors[best], strict=True):
        assert_stated_close(value, reference)
    assert "$J_{test}$ is lower than $J_{cv}$ here" in TEXT and errors[best][2] < errors[best][1]
    (poly,) = stated_with_decimals(TEXT, r"degree 3 polynomial \(([\d.]+)\)")
    assert_stated_close(poly, errors[best][1])


def test_parameter_counts_follow_the_layer_sizes():
    for name, hidden in zip(("model_1", "model_2", "model_3"), HIDDEN_UNITS, strict=True):
        sizes = (1, *hidden, 1)
        count = sum(k * n + n for k, n in zip(sizes, sizes[1:], strict=False))
        assert f"{name}: {count} parameters" in TEXT
        row = f"| `{name}` | {', '.join(map(str, hidden))} | {count} |"
        assert row in TEXT, row
    assert "(1 \\cdot 25 + 25) + (25 \\cdot 15 + 15) + (15 \\cdot 1 + 1) = 456" in TEXT


def _scaled(fit_on: np.ndarray, *index_sets) -> list[np.ndarray]:
    """Rows of the inputs, z-scored with the mean and population std of the rows fit_on."""
    inputs = X.reshape(-1, 1) if X.ndim == 1 else X
    mean, std = inputs[fit_on].mean(axis=0), inputs[fit_on].std(axis=0)
    return [(inputs[idx] - mean) / std for idx in index_sets]


def _network_errors(network_class, rate, steps, sets, error) -> np.ndarray:
    """``error`` on the training and cv sets of scikit-learn networks of each size and seed:
    ``network_class`` (MLPRegressor or MLPClassifier), full-batch Adam at ``rate`` for ``steps``
    steps, no penalty and no early stop; ``sets`` is (x_train, y_train, x_cv, y_cv).

    Returns:
        shape (seeds, 3, 2): (training error, cv error) per seed and network size.
    """
    from sklearn.exceptions import ConvergenceWarning

    x_train, y_train, x_cv, y_cv = sets
    results = []
    for seed in SEEDS:
        row = []
        for hidden in HIDDEN_UNITS:
            network = network_class(
                hidden_layer_sizes=hidden,
                learning_rate_init=rate,
                batch_size=len(y_train),
                max_iter=steps,
                alpha=0.0,
                tol=0.0,
                n_iter_no_change=10**6,
                random_state=seed,
            )
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                network.fit(x_train, y_train)
            row.append(
                (error(y_train, network.predict(x_train)), error(y_cv, network.predict(x_cv)))
            )
        results.append(row)
    return np.array(results)


@pytest.fixture(scope="module")
def regression_networks() -> np.ndarray:
    """(J_train, J_cv) of each network size and seed: scikit-learn's MLPRegressor, Adam at 0.1,
    300 steps on the whole training set; shape (seeds, 3, 2)."""
    from sklearn.neural_network import MLPRegressor

    x_train, x_cv = _scaled(TRAIN, TRAIN, CV)
    return _network_errors(MLPRegressor, 0.1, 300, (x_train, Y[TRAIN], x_cv, Y[CV]), half_mse)


def test_regression_networks_land_in_the_stated_range_above_the_polynomial(regression_networks):
    low, high = stated(r"\$J_\{train\}\$ and \$J_\{cv\}\$\s+between about ([\d,]+) and ([\d,]+)")
    assert low <= regression_networks.min() and regression_networks.max() <= high, (
        regression_networks
    )
    best_polynomial = min(e[1] for e in _degree_errors().values())
    assert regression_networks[:, :, 1].min() > best_polynomial


def test_threshold_example():
    code = _code()
    probabilities = np.array(eval(re.search(r"probabilities = np.array\((\[.*?\])\)", code)[1]))
    targets = np.array(eval(re.search(r"targets = np.array\((\[.*?\])\)", code)[1]))
    predictions = (probabilities >= 0.5).astype(int)
    assert f"predictions with threshold 0.5: {predictions}" in TEXT
    error = np.sum(predictions != targets) / len(targets)
    assert f"fraction misclassified (loop):    {error:.3f}" in TEXT
    assert f"fraction misclassified (np.mean): {error:.3f}" in TEXT


@pytest.fixture(scope="module")
def moons():
    X_bc, y_bc = data.make_two_moons()
    from sklearn.datasets import make_moons

    X_ref, y_ref = make_moons(n_samples=200, noise=0.3, random_state=0)
    assert np.array_equal(X_bc, X_ref) and np.array_equal(y_bc, y_ref)
    return X_bc, y_bc


@pytest.fixture(scope="module")
def classification_networks(moons) -> np.ndarray:
    """(training error, cv error) of each network size and seed: scikit-learn's MLPClassifier
    (logistic output), Adam at 0.01, 500 steps on the whole training set; shape (seeds, 3, 2)."""
    from sklearn.neural_network import MLPClassifier

    X_bc, y_bc = moons
    train, cv, _ = data.split_60_20_20(len(y_bc), seed=1)
    mean, std = X_bc[train].mean(axis=0), X_bc[train].std(axis=0)
    x_train, x_cv = (X_bc[train] - mean) / std, (X_bc[cv] - mean) / std
    sets = (x_train, y_bc[train], x_cv, y_bc[cv])
    return _network_errors(MLPClassifier, 0.01, 500, sets, lambda y, p: np.mean(p != y))


def test_classification_split_and_stated_error_ranges(moons, classification_networks):
    _, y_bc = moons
    train, cv, test = data.split_60_20_20(len(y_bc), seed=1)
    assert f"training: {len(train)} points, cv: {len(cv)}, test: {len(test)}" in TEXT
    assert f"one cv point is {1 / len(cv):.3f}" in TEXT
    (most,) = stated(r"a fraction of at most ([\d.]+)\)")
    low, high = stated(r"cv points\s+\(between about ([\d.]+) and ([\d.]+)\)")
    assert classification_networks[:, :, 0].max() <= most, classification_networks
    cv_errors = classification_networks[:, :, 1]
    assert low <= cv_errors.min() and cv_errors.max() <= high, classification_networks
    assert np.all(classification_networks[:, :, 1] > classification_networks[:, :, 0])


def test_next_points_to_the_following_lab():
    labs = load_syllabus().labs
    index = next(i for i, lab in enumerate(labs) if lab.id == LAB)
    assert f"Next: the lab *{labs[index + 1].title}*" in TEXT
