"""Course 2 week 3 labs: the numbers their texts state agree with independent references.

Labs: c2w3-applying-ml (graded), c2w3-model-evaluation and c2w3-bias-variance (optional).

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text against references computed here with NumPy only: the polynomial features built by hand,
least squares by np.linalg.lstsq and ridge regression by its closed form (no scikit-learn
pipeline, no TensorFlow). A stated number passes when it equals the reference at the number of
decimals it is stated with (half a unit of its last digit, plus 1e-6 relative for rounding).
"""

import re

import numpy as np

from autograder import cells
from autograder.syllabus import REPO_ROOT, load_syllabus
from utils import data


def lab_text(lab_id):
    """The markdown of a lab's notebook (the instructor source of a graded lab)."""
    lab = load_syllabus().lab(lab_id)
    path = REPO_ROOT / (getattr(lab, "source", None) or lab.notebook)
    return "\n".join(c.source for c in cells.read_notebook(path).cells if c.cell_type == "markdown")


TEXT = lab_text("c2w3-applying-ml")
SPLIT_SEED = 1  # the seed the lab states for its split
X, Y = data.make_poly_curve()
TRAIN, CV, TEST = data.split_60_20_20(len(X), SPLIT_SEED)


def half_mse(y, yhat):
    return np.mean((yhat - y) ** 2) / 2


def features(x, x_fit, degree):
    """Scaled x (mean and std of x_fit), its powers 1..degree, each scaled again on x_fit."""
    mu, sd = x_fit.mean(), x_fit.std()
    powers = lambda v: ((v - mu) / sd)[:, None] ** np.arange(1, degree + 1)  # noqa: E731
    fit_powers = powers(x_fit)
    mean, std = fit_powers.mean(axis=0), fit_powers.std(axis=0)
    return (powers(x) - mean) / std


def fit_predict(degree, lam=0.0, x=X, y=Y, fit_on=TRAIN):
    """Least squares (lam = 0) or ridge, closed form, on x[fit_on]; predictions for every x."""
    Z = features(x[fit_on], x[fit_on], degree)  # centred columns: the intercept is the mean of y
    y_mean = y[fit_on].mean()
    if lam == 0.0:
        w = np.linalg.lstsq(Z, y[fit_on] - y_mean, rcond=None)[0]
    else:
        w = np.linalg.solve(Z.T @ Z + lam * np.eye(degree), Z.T @ (y[fit_on] - y_mean))
    return features(x, x[fit_on], degree) @ w + y_mean


def stated(pattern, text=TEXT):
    """The number(s) captured by pattern in the text, with their numbers of decimals."""
    match = re.search(pattern, text)
    assert match, f"the text states no {pattern!r}"
    return [(float(g), len(g.split(".")[1]) if "." in g else 0) for g in match.groups()]


def assert_close(stated_value, reference):
    value, decimals = stated_value
    assert abs(value - reference) <= 0.5 * 10.0**-decimals + 1e-6 * abs(reference), (
        f"stated {value}, reference {reference}"
    )


def test_split_sizes():
    assert f"training set: {len(TRAIN)} examples, cv set: {len(CV)}, test set: {len(TEST)}" in TEXT
    assert (len(TRAIN), len(CV), len(TEST)) == (10, 4, 4)


def test_degree_9_interpolates_the_training_set_and_misses_the_cv_set():
    p = fit_predict(9)
    train_err, cv_err = stated(r"degree 9: J_train = ([\d.]+), J_cv = ([\d.]+)")
    assert_close(train_err, half_mse(Y[TRAIN], p[TRAIN]))
    assert_close(cv_err, half_mse(Y[CV], p[CV]))


def test_degree_chosen_by_cv_error_and_its_test_error():
    cv_errors = {d: half_mse(Y[CV], fit_predict(d)[CV]) for d in range(1, 10)}
    best = min(cv_errors, key=cv_errors.get)
    (degree, _), cv_err = stated(r"lowest cv error: degree (\d+), J_cv = ([\d.]+)")
    assert degree == best
    assert_close(cv_err, cv_errors[best])
    (test_err,) = stated(rf"test error of degree {best}: J_test = ([\d.]+)")
    assert_close(test_err, half_mse(Y[TEST], fit_predict(best)[TEST]))


def test_lambda_chosen_by_cv_error():
    lambdas = [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0, 10.0, 100.0]
    cv_errors = {lam: half_mse(Y[CV], fit_predict(9, lam)[CV]) for lam in lambdas}
    best = min(cv_errors, key=cv_errors.get)
    (lam, _), cv_err = stated(r"lowest cv error: lambda = ([\d.e-]+), J_cv = ([\d.]+)")
    assert lam == best
    assert_close(cv_err, cv_errors[best])


def test_classification_set_and_parameter_counts():
    Xc, yc = data.make_six_blobs()
    train, cv, test = data.split_60_20_20(len(yc), SPLIT_SEED)
    assert f"X {Xc.shape}, y {yc.shape}, classes 0 to 5" in TEXT
    assert f"training set: {len(train)} points, cv set: {len(cv)}, test set: {len(test)}" in TEXT
    complex_params = (2 * 120 + 120) + (120 * 40 + 40) + (40 * 6 + 6)
    simple_params = (2 * 6 + 6) + (6 * 6 + 6)
    assert f"model: {complex_params} parameters" in TEXT
    assert f"model_s: {simple_params} parameters" in TEXT
    assert f"model_r: {complex_params} parameters" in TEXT


def test_model_evaluation_lab_line_and_chosen_degree():
    text = lab_text("c2w3-model-evaluation")
    x, y = data.make_poly_curve(m=50, seed=3)
    train, cv, test = data.split_60_20_20(len(x), 1)
    assert f"training: {len(train)} examples, cv: {len(cv)}, test: {len(test)}" in text
    p = fit_predict(1, x=x, y=y, fit_on=train)
    line_train, line_cv = stated(r"straight line: J_train = ([\d.]+), J_cv = ([\d.]+)", text)
    assert_close(line_train, half_mse(y[train], p[train]))
    assert_close(line_cv, half_mse(y[cv], p[cv]))
    cv_errors = {
        d: half_mse(y[cv], fit_predict(d, x=x, y=y, fit_on=train)[cv]) for d in range(1, 11)
    }
    best = min(cv_errors, key=cv_errors.get)
    (degree, _), cv_err, test_err = stated(
        r"chosen degree (\d+): J_cv = ([\d.]+), J_test = ([\d.]+)", text
    )
    assert degree == best
    assert_close(cv_err, cv_errors[best])
    assert_close(test_err, half_mse(y[test], fit_predict(best, x=x, y=y, fit_on=train)[test]))


def test_bias_variance_lab_baseline_diagnosis_and_lambda():
    text = lab_text("c2w3-bias-variance")
    x, y = data.make_poly_curve(m=100, seed=5)
    train, cv, _ = data.split_60_20_20(len(x), 1)
    true_curve = x**2 + 100.0
    base_train, base_cv = stated(
        r"baseline \(the true curve\): J_train = ([\d.]+), J_cv = ([\d.]+)", text
    )
    assert_close(base_train, half_mse(y[train], true_curve[train]))
    assert_close(base_cv, half_mse(y[cv], true_curve[cv]))
    few = train[:10]
    for name, degree, idx in (
        ("line, 60 points", 1, train),
        ("degree 2, 60 points", 2, train),
        ("degree 4, 10 points", 4, few),
    ):
        p = fit_predict(degree, x=x, y=y, fit_on=idx)
        j_train, j_cv = stated(rf"{name}\s+J_train =\s+([\d.]+), J_cv =\s+([\d.]+)", text)
        assert_close(j_train, half_mse(y[idx], p[idx]))
        assert_close(j_cv, half_mse(y[cv], p[cv]))
    lambdas = [1e-4, 1e-3, 1e-2, 1e-1, 1.0, 10.0, 100.0]
    cv_errors = {
        lam: half_mse(y[cv], fit_predict(4, lam, x=x, y=y, fit_on=few)[cv]) for lam in lambdas
    }
    ((lam, _),) = stated(r"lowest J_cv at lambda = ([\d.e-]+)", text)
    assert lam == min(cv_errors, key=cv_errors.get)
