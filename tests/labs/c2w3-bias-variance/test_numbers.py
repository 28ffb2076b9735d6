"""c2w3-bias-variance: the numbers and claims its text states agree with independent references.

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text against references computed here with NumPy only: the true curve the data is drawn
around, the polynomial features built by hand, least squares by np.linalg.lstsq and ridge
regression by its closed form (no scikit-learn pipeline, no TensorFlow). A stated number passes
when it equals the reference at the number of decimals it is stated with (half a unit of its last
digit, plus 1e-6 relative for rounding); each claim about the models and the curves ("more than
seven times the baseline", "U-shaped") is checked on the same references.
"""

import numpy as np
from helpers import assert_stated_close, markdown, stated_with_decimals
from references import half_mse, poly_fit_predict

from utils import data

TEXT = markdown("c2w3-bias-variance")
X, Y = data.make_poly_curve(m=100, seed=4)
TRAIN, CV, _ = data.split_60_20_20(len(X), 2)
TRUE_CURVE = X**2 + 100.0
BASE_TRAIN = half_mse(Y[TRAIN], TRUE_CURVE[TRAIN])
BASE_CV = half_mse(Y[CV], TRUE_CURVE[CV])
FEW = TRAIN[:12]
HIGH_DEGREE = 6
LAMBDAS = 10.0 ** np.arange(-5, 4)


def errors(degree, fit_on, lam=0.0):
    """(J on the examples fit_on, J on the cv set) of a polynomial fitted on fit_on."""
    p = poly_fit_predict(degree, lam, x=X, y=Y, fit_on=fit_on)
    return half_mse(Y[fit_on], p[fit_on]), half_mse(Y[CV], p[CV])


def test_the_text_names_the_data_and_the_models_checked_here():
    assert "data.make_poly_curve(m=100, seed=4)" in TEXT
    assert "data.split_60_20_20(100, seed=2)" in TEXT
    assert "a degree 6 polynomial fitted on only 12 of them" in TEXT


def test_baseline_of_the_true_curve():
    base_train, base_cv = stated_with_decimals(
        TEXT, r"baseline \(the true curve\): J_train = ([\d.]+), J_cv = ([\d.]+)"
    )
    assert_stated_close(base_train, BASE_TRAIN)
    assert_stated_close(base_cv, BASE_CV)
    assert "cv set (2257.4, dashed)" in TEXT and round(BASE_CV, 1) == 2257.4


def test_high_bias_just_right_and_high_variance():
    models = {
        "line, 60 points": (1, TRAIN),
        "degree 2, 60 points": (2, TRAIN),
        "degree 6, 12 points": (HIGH_DEGREE, FEW),
    }
    found = {}
    for name, (degree, idx) in models.items():
        found[name] = errors(degree, idx)
        j_train, j_cv = stated_with_decimals(
            TEXT, rf"{name}\s+J_train =\s+([\d.]+), J_cv =\s+([\d.]+)"
        )
        assert_stated_close(j_train, found[name][0])
        assert_stated_close(j_cv, found[name][1])
    # "The line has J_train and J_cv more than seven times their baselines"
    line_train, line_cv = found["line, 60 points"]
    assert line_train > 7 * BASE_TRAIN and line_cv > 7 * BASE_CV
    # "The parabola is within 1 % of the baselines on both sets"
    parabola_train, parabola_cv = found["degree 2, 60 points"]
    assert abs(parabola_train / BASE_TRAIN - 1) < 0.01 and abs(parabola_cv / BASE_CV - 1) < 0.01
    # "J_train far below the baseline, J_cv over a thousand times its J_train and twenty times
    # the baseline"
    hv_train, hv_cv = found["degree 6, 12 points"]
    assert hv_train < BASE_TRAIN / 10
    assert hv_cv > 1000 * hv_train and hv_cv > 20 * BASE_CV
    assert "more than seven" in TEXT and "within 1 %" in TEXT and "over a thousand" in TEXT


def test_learning_curves():
    sizes = np.arange(8, 61, 4)
    line = np.array([errors(1, TRAIN[:n]) for n in sizes])
    high = np.array([errors(HIGH_DEGREE, TRAIN[:n]) for n in sizes])
    # "both curves stay far above their baselines, more than five times them at every size"
    assert np.all(line[:, 0] > 5 * BASE_TRAIN) and np.all(line[:, 1] > 5 * BASE_CV)
    # "J_cv starts more than twenty times above its baseline, and the gap closes ... from over
    # 60,000 at 8 examples to about 600 at 60"
    gaps = high[:, 1] - high[:, 0]
    assert high[0, 1] > 20 * BASE_CV
    assert gaps[0] > 60_000 and 550 < gaps[-1] < 650
    assert "from over 60,000 at 8\n  examples to about 600 at 60" in TEXT


def test_lambda_sweep_is_u_shaped_and_stops_at_the_noise():
    sweep = np.array([errors(HIGH_DEGREE, FEW, lam) for lam in LAMBDAS])
    best = int(np.argmin(sweep[:, 1]))
    for k, suffix in ((0, ""), (best, r" \(the lowest J_cv\)"), (len(LAMBDAS) - 1, "")):
        j_train, j_cv = stated_with_decimals(
            TEXT,
            rf"lambda = {LAMBDAS[k]:g}:\s+J_train =\s+([\d.]+), J_cv =\s+([\d.]+){suffix}",
        )
        assert_stated_close(j_train, sweep[k, 0])
        assert_stated_close(j_cv, sweep[k, 1])
    assert 0 < best < len(LAMBDAS) - 1
    assert np.all(np.diff(sweep[:, 0]) > 0)  # J_train rises with lambda
    assert np.all(np.diff(sweep[: best + 1, 1]) < 0)  # J_cv falls ...
    assert np.all(np.diff(sweep[best:, 1]) > 0)  # ... then rises: U-shaped
    # "At its lowest, J_cv is close to the baseline on the cv set, not below it"
    assert BASE_CV < sweep[best, 1] < 1.2 * BASE_CV
