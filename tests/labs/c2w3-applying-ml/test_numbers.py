"""c2w3-applying-ml (graded): the numbers its text states agree with independent references.

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the instructor source's text against references computed here with NumPy only: the polynomial
features built by hand, least squares by np.linalg.lstsq and ridge regression by its closed form
(no scikit-learn pipeline, no TensorFlow), and the parameter counts worked out from the layer
sizes. A stated number passes when it equals the reference at the number of decimals it is stated
with (half a unit of its last digit, plus 1e-6 relative for rounding).
"""

from functools import partial

from helpers import assert_stated_close, markdown, stated_with_decimals
from references import half_mse, poly_fit_predict

from utils import data

TEXT = markdown("c2w3-applying-ml")
SPLIT_SEED = 1  # the seed the lab states for its split
X, Y = data.make_poly_curve()
TRAIN, CV, TEST = data.split_60_20_20(len(X), SPLIT_SEED)
fit_predict = partial(poly_fit_predict, x=X, y=Y, fit_on=TRAIN)  # (degree, lam=0): predictions


def stated(pattern):
    """The (value, decimals) of each number captured by ``pattern`` in the lab's text."""
    return stated_with_decimals(TEXT, pattern)


def test_split_sizes():
    assert f"training set: {len(TRAIN)} examples, cv set: {len(CV)}, test set: {len(TEST)}" in TEXT
    assert (len(TRAIN), len(CV), len(TEST)) == (10, 4, 4)


def test_degree_9_interpolates_the_training_set_and_misses_the_cv_set():
    p = fit_predict(9)
    train_err, cv_err = stated(r"degree 9: J_train = ([\d.]+), J_cv = ([\d.]+)")
    assert_stated_close(train_err, half_mse(Y[TRAIN], p[TRAIN]))
    assert_stated_close(cv_err, half_mse(Y[CV], p[CV]))


def test_degree_chosen_by_cv_error_and_its_test_error():
    cv_errors = {d: half_mse(Y[CV], fit_predict(d)[CV]) for d in range(1, 10)}
    best = min(cv_errors, key=cv_errors.get)
    (degree, _), cv_err = stated(r"lowest cv error: degree (\d+), J_cv = ([\d.]+)")
    assert degree == best
    assert_stated_close(cv_err, cv_errors[best])
    (test_err,) = stated(rf"test error of degree {best}: J_test = ([\d.]+)")
    assert_stated_close(test_err, half_mse(Y[TEST], fit_predict(best)[TEST]))


def test_lambda_chosen_by_cv_error():
    lambdas = [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0, 10.0, 100.0]
    cv_errors = {lam: half_mse(Y[CV], fit_predict(9, lam)[CV]) for lam in lambdas}
    best = min(cv_errors, key=cv_errors.get)
    (lam, _), cv_err = stated(r"lowest cv error: lambda = ([\d.e-]+), J_cv = ([\d.]+)")
    assert lam == best
    assert_stated_close(cv_err, cv_errors[best])


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
