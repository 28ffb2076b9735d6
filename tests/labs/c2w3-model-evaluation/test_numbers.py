"""c2w3-model-evaluation: the numbers its text states agree with independent references.

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text against references computed here with NumPy only: the polynomial features built by hand
and least squares by np.linalg.lstsq (no scikit-learn pipeline, no TensorFlow). A stated number
passes when it equals the reference at the number of decimals it is stated with (half a unit of
its last digit, plus 1e-6 relative for rounding).
"""

from helpers import assert_stated_close, markdown, stated_with_decimals
from references import half_mse, poly_fit_predict

from utils import data


def test_model_evaluation_lab_line_and_chosen_degree():
    text = markdown("c2w3-model-evaluation")
    x, y = data.make_poly_curve(m=50, seed=3)
    train, cv, test = data.split_60_20_20(len(x), 1)
    assert f"training: {len(train)} examples, cv: {len(cv)}, test: {len(test)}" in text
    p = poly_fit_predict(1, x=x, y=y, fit_on=train)
    line_train, line_cv = stated_with_decimals(
        text, r"straight line: J_train = ([\d.]+), J_cv = ([\d.]+)"
    )
    assert_stated_close(line_train, half_mse(y[train], p[train]))
    assert_stated_close(line_cv, half_mse(y[cv], p[cv]))
    cv_errors = {
        d: half_mse(y[cv], poly_fit_predict(d, x=x, y=y, fit_on=train)[cv]) for d in range(1, 11)
    }
    best = min(cv_errors, key=cv_errors.get)
    (degree, _), cv_err, test_err = stated_with_decimals(
        text, r"chosen degree (\d+): J_cv = ([\d.]+), J_test = ([\d.]+)"
    )
    assert degree == best
    assert_stated_close(cv_err, cv_errors[best])
    assert_stated_close(
        test_err, half_mse(y[test], poly_fit_predict(best, x=x, y=y, fit_on=train)[test])
    )
