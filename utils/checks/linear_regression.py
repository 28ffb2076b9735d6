"""Public checks of the graded lab c1w2-linear-regression (compute_cost, compute_gradient).

Every expected value below can be worked out by hand on x = [1, 2, 3], y = [2, 4, 6] (y = 2x).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from utils.checks import Case, run_cases

_X = np.array([1.0, 2.0, 3.0])
_Y = np.array([2.0, 4.0, 6.0])
_DATA = "x=[1, 2, 3], y=[2, 4, 6]"


def check_compute_cost(compute_cost: Callable) -> None:
    """Check ``compute_cost(x, y, w, b)`` on three hand-worked cases."""
    cases = [
        # f = 2x fits exactly: every error is 0.
        Case((_X, _Y, 2.0, 0.0), 0.0, f"{_DATA}, w=2, b=0"),
        # errors -2, -4, -6; squares 4 + 16 + 36 = 56; 56 / (2 * 3) = 9.333
        Case(
            (_X, _Y, 0.0, 0.0),
            56 / 6,
            f"{_DATA}, w=0, b=0",
            hints=[
                (56 / 3, "did you divide by m instead of 2m?"),
                (56.0, "did you forget to divide the sum of squared errors by 2m?"),
                (28.0, "did you divide by 2 but forget to divide by m?"),
                (-2.0, "did you forget to square the errors?"),
                (2.0, "square each error instead of taking its absolute value."),
            ],
        ),
        # f = 2, 3, 4; errors 0, -1, -2; squares 0 + 1 + 4 = 5; 5 / 6 = 0.8333
        Case(
            (_X, _Y, 1.0, 1.0),
            5 / 6,
            f"{_DATA}, w=1, b=1",
            hints=[(-0.5, "did you forget to square the errors?")],
        ),
    ]
    run_cases(
        compute_cost,
        "compute_cost",
        cases,
        default_hint="the cost is the sum over all examples of (w * x[i] + b - y[i])**2, "
        "divided by 2m.",
    )


def check_compute_gradient(compute_gradient: Callable) -> None:
    """Check ``compute_gradient(x, y, w, b)`` → ``(dj_dw, dj_db)`` on three hand-worked cases."""
    names = ("dj_dw", "dj_db")
    cases = [
        Case((_X, _Y, 2.0, 0.0), (0.0, 0.0), f"{_DATA}, w=2, b=0", names=names),
        # errors -2, -4, -6: dj_dw = (-2*1 - 4*2 - 6*3) / 3 = -28/3, dj_db = (-2 - 4 - 6) / 3 = -4
        Case(
            (_X, _Y, 0.0, 0.0),
            (-28 / 3, -4.0),
            f"{_DATA}, w=0, b=0",
            names=names,
            hints=[
                ((-4.0, -28 / 3), "return (dj_dw, dj_db) in this order."),
                ((28 / 3, 4.0), "the error is f_wb - y, not y - f_wb."),
                ((-4.0, -4.0), "dj_dw multiplies each error by x[i]."),
                ((-14 / 3, -2.0), "the gradient divides by m, not 2m."),
                ((-28.0, -12.0), "did you forget to divide by m?"),
            ],
        ),
        # errors 0, -1, -2: dj_dw = (0 - 2 - 6) / 3 = -8/3, dj_db = (0 - 1 - 2) / 3 = -1
        Case((_X, _Y, 1.0, 1.0), (-8 / 3, -1.0), f"{_DATA}, w=1, b=1", names=names),
    ]
    run_cases(
        compute_gradient,
        "compute_gradient",
        cases,
        default_hint="dj_dw is the mean of (f_wb - y[i]) * x[i] and dj_db the mean of "
        "(f_wb - y[i]), with f_wb = w * x[i] + b.",
    )
