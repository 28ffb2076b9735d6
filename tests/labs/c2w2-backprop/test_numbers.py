"""c2w2-backprop: the numbers its text states agree with independent references computed
here (SymPy's derivatives of the cost, and the forward pass and bumped costs written out again).

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text itself, without TensorFlow. Unless an assertion says otherwise, a stated number must equal
the reference rounded to the decimals the text shows (tolerance: half a unit of the last digit).
"""

import sympy
from helpers import markdown


def test_backprop_lab_values_and_derivatives():
    text = markdown("c2w2-backprop")
    w, b, x, y = sympy.symbols("w b x y")
    J = (w * x + b - y) ** 2 / 2
    point = {w: 2, b: 8, x: -2, y: 2}
    c, a = 2 * -2, 2 * -2 + 8
    d = a - 2
    forward = f"c = w x   = {c}\na = c + b = {a}\nd = a - y = {d}\nJ = d^2/2 = {J.subs(point)}.0"
    assert forward in text
    dw, db = sympy.diff(J, w), sympy.diff(J, b)
    assert f"dJ/dw = {dw} = {dw.subs(point)}" in text
    assert f"dJ/db = {db} = {db.subs(point)}" in text
    assert f"dJ/dd = {d}\ndJ/da = {d}\ndJ/db = {db.subs(point)}\ndJ/dc = {d}" in text
    assert f"dJ/dw = {dw.subs(point)}" in text
    for name, value, grad in [
        ("w", 2, dw.subs(point)),
        ("b", 8, db.subs(point)),
        ("c = w x", c, d),
        ("a = c + b", a, d),
        ("d = a - y", d, d),
    ]:
        sym = name[0]
        assert f"{name:<10} value {value:>4}   dJ/d{sym} {grad!s:>4}" in text


def test_backprop_lab_bumped_costs():
    text = markdown("c2w2-backprop")

    def cost(w, b):
        return (w * -2.0 + b - 2.0) ** 2 / 2

    for name, bumped in [("w", cost(2.001, 8.0)), ("b", cost(2.0, 8.001))]:
        slope = (bumped - 2) / 0.001
        assert f"J({name} + 0.001) = {bumped:.7f} -> dJ/d{name} ~ {slope:.4f}" in text
