"""c2w2-derivatives: the numbers its text states agree with independent references computed
here (SymPy's derivatives, and the difference quotients written out again).

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text itself, without TensorFlow. Unless an assertion says otherwise, a stated number must equal
the reference rounded to the decimals the text shows (tolerance: half a unit of the last digit).
"""

import pytest
import sympy
from helpers import markdown

W = sympy.symbols("w")


@pytest.mark.parametrize("eps", [0.1, 0.01, 0.001, 0.0001])
def test_derivatives_lab_difference_quotients(eps):
    text = markdown("c2w2-derivatives")
    assert f"eps = {eps}: (J(w + eps) - J(w)) / eps = {6 + eps:.4f}" in text  # exactly 6 + eps


@pytest.mark.parametrize("J", [W**2, W**3, 1 / W, 2 / W, W**4])
def test_derivatives_lab_symbolic_and_numeric(J):
    text = markdown("c2w2-derivatives")
    d = sympy.diff(J, W)
    f = sympy.lambdify(W, J)
    numeric = (f(3.001) - f(3.0)) / 0.001
    assert f"J = {J}: dJ/dw = {d}, at w = 3: {d.subs(W, 3)}, numeric {numeric:.4f}" in text


@pytest.mark.parametrize("J", [W**2, W**3, 1 / W, 2 / W, W**4])
def test_error_of_the_one_sided_quotient_is_half_eps_times_the_curvature(J):
    """Exact rational arithmetic: the quotient's error at w = 3 and its Taylor term eps/2 J''(3)."""
    text = markdown("c2w2-derivatives")
    eps, w0 = sympy.Rational(1, 1000), 3
    error = (J.subs(W, w0 + eps) - J.subs(W, w0)) / eps - sympy.diff(J, W).subs(W, w0)
    term = eps / 2 * sympy.diff(J, W, 2).subs(W, w0)
    assert abs(error - term) < eps**2 * 10 * abs(sympy.diff(J, W, 3).subs(W, w0)) + 1e-12
    line = f"J = {J}: error {float(error):.3e}, eps/2 * J''(3) = {float(term):.3e}"
    assert line in text
    assert "J'(w) + \\frac{\\epsilon}{2}\\, J''(w) + \\dots" in text
    assert "error is $\\frac{\\epsilon}{2} \\cdot 2 = \\epsilon$" in " ".join(text.split())
