"""c2w3-bias-variance: the numbers its text states agree with independent references.

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text against references computed here with NumPy only: the true curve the data is drawn
around, the polynomial features built by hand, least squares by np.linalg.lstsq and ridge
regression by its closed form (no scikit-learn pipeline, no TensorFlow). A stated number passes
when it equals the reference at the number of decimals it is stated with (half a unit of its last
digit, plus 1e-6 relative for rounding).
"""

from helpers import assert_stated_close, markdown, stated_with_decimals
from references import half_mse, poly_fit_predict

from utils import data


def test_bias_variance_lab_baseline_diagnosis_and_lambda():
    text = markdown("c2w3-bias-variance")
    x, y = data.make_poly_curve(m=100, seed=5)
    train, cv, _ = data.split_60_20_20(len(x), 1)
    true_curve = x**2 + 100.0
    base_train, base_cv = stated_with_decimals(
        text, r"baseline \(the true curve\): J_train = ([\d.]+), J_cv = ([\d.]+)"
    )
    assert_stated_close(base_train, half_mse(y[train], true_curve[train]))
    assert_stated_close(base_cv, half_mse(y[cv], true_curve[cv]))
    few = train[:10]
    for name, degree, idx in (
        ("line, 60 points", 1, train),
        ("degree 2, 60 points", 2, train),
        ("degree 4, 10 points", 4, few),
    ):
        p = poly_fit_predict(degree, x=x, y=y, fit_on=idx)
        j_train, j_cv = stated_with_decimals(
            text, rf"{name}\s+J_train =\s+([\d.]+), J_cv =\s+([\d.]+)"
        )
        assert_stated_close(j_train, half_mse(y[idx], p[idx]))
        assert_stated_close(j_cv, half_mse(y[cv], p[cv]))
    lambdas = [1e-4, 1e-3, 1e-2, 1e-1, 1.0, 10.0, 100.0]
    cv_errors = {
        lam: half_mse(y[cv], poly_fit_predict(4, lam, x=x, y=y, fit_on=few)[cv]) for lam in lambdas
    }
    ((lam, _),) = stated_with_decimals(text, r"lowest J_cv at lambda = ([\d.e-]+)")
    assert lam == min(cv_errors, key=cv_errors.get)
