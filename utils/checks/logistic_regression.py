"""Public checks of the graded lab c1w3-logistic-regression.

Every expected value below is worked out by hand on three examples with two features,
X = [[1, 0], [0, 1], [1, 1]] and y = [1, 0, 1], written with the exact constants it comes from.
The checks of the exercises that use ``sigmoid`` run with SciPy's ``expit`` in its place, so a
mistake in ``sigmoid`` costs that exercise only.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

import numpy as np
from scipy.special import expit

from utils.checks import Case, run_cases, substitute

_X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
_Y = np.array([1.0, 0.0, 1.0])
_W = np.array([1.0, -1.0])
_DATA = "X=[[1, 0], [0, 1], [1, 1]], y=[1, 0, 1]"
_LOG2 = np.log(2.0)


def _softplus(t: float) -> float:
    """log(1 + e^t): the loss -log(sigmoid(-t)), written out for the hand-worked values."""
    return float(np.log1p(np.exp(t)))


def trusted_sigmoid(fn: Callable) -> AbstractContextManager[None]:
    """While the block runs, ``fn`` calls SciPy's ``expit`` where it calls ``sigmoid``.

    Args:
        fn: the learner's function (``compute_cost``, ``predict``...).
    """
    return substitute(fn, sigmoid=expit)


def check_sigmoid(sigmoid: Callable) -> None:
    """Check ``sigmoid(z)`` on a number, a vector and a matrix."""
    e = np.e
    cases = [
        Case((0,), 0.5, "0"),
        Case(
            (np.array([-1.0, 0.0, 1.0]),),
            np.array([1 / (1 + e), 0.5, e / (1 + e)]),
            "np.array([-1, 0, 1])",
            hints=[
                (np.array([e / (1 + e), 0.5, 1 / (1 + e)]), "the exponent is -z: np.exp(-z)."),
            ],
        ),
        Case(
            (np.array([[-2.0, 2.0], [0.0, 50.0]]),),
            np.array([[1 / (1 + e**2), e**2 / (1 + e**2)], [0.5, 1.0]]),
            "np.array([[-2, 2], [0, 50]])",
        ),
    ]
    run_cases(
        sigmoid,
        "sigmoid",
        cases,
        default_hint="g(z) = 1 / (1 + np.exp(-z)), element by element, keeping the shape of z.",
    )


def check_compute_cost(compute_cost: Callable) -> None:
    """Check ``compute_cost(X, y, w, b)`` on three hand-worked cases."""
    # w = 0, b = 0: every prediction is 0.5 and every loss log 2.
    # w = [1, -1], b = 0: z = [1, -1, 0]; losses log(1 + e^-1) twice, and log 2.
    # w = 0, b = 2: z = 2 everywhere; losses log(1 + e^-2), log(1 + e^2), log(1 + e^-2).
    losses_w = 2 * _softplus(-1.0) + _LOG2
    swapped_w = 2 * _softplus(1.0) + _LOG2
    cases = [
        Case(
            (_X, _Y, np.zeros(2), 0.0),
            _LOG2,
            f"{_DATA}, w=[0, 0], b=0",
            hints=[
                (3 * _LOG2, "did you forget to divide the sum of the losses by m?"),
                (_LOG2 / 2, "the logistic cost divides by m, not 2m."),
                (-_LOG2, "each loss is -y log(f) - (1 - y) log(1 - f): mind the minus signs."),
            ],
        ),
        Case(
            (_X, _Y, _W, 0.0),
            losses_w / 3,
            f"{_DATA}, w=[1, -1], b=0",
            hints=[
                (swapped_w / 3, "log(f) goes with y and log(1 - f) with (1 - y), not swapped."),
                (losses_w, "did you forget to divide by m?"),
            ],
        ),
        Case(
            (_X, _Y, np.zeros(2), 2.0),
            (2 * _softplus(-2.0) + _softplus(2.0)) / 3,
            f"{_DATA}, w=[0, 0], b=2",
            hints=[(_LOG2, "did you forget to add b to z?")],
        ),
    ]
    with trusted_sigmoid(compute_cost):
        run_cases(
            compute_cost,
            "compute_cost",
            cases,
            default_hint="f = sigmoid(X[i] . w + b); the cost is the mean over the examples of "
            "-y log(f) - (1 - y) log(1 - f).",
        )


def check_compute_gradient(compute_gradient: Callable) -> None:
    """Check ``compute_gradient(X, y, w, b)`` → ``(dj_dw, dj_db)`` on two hand-worked cases."""
    names = ("dj_dw", "dj_db")
    # w = [1, -1], b = 0: errors f - y = [-s, s, -1/2] with s = 1 / (1 + e) = sigmoid(-1).
    s = 1 / (1 + np.e)
    dj_dw = np.array([(-s - 0.5) / 3, (s - 0.5) / 3])
    dj_db = -0.5 / 3
    cases = [
        # w = 0, b = 0: errors [-1/2, 1/2, -1/2].
        Case(
            (_X, _Y, np.zeros(2), 0.0),
            (np.array([-1 / 3, 0.0]), -1 / 6),
            f"{_DATA}, w=[0, 0], b=0",
            names=names,
            hints=[
                ((np.array([1 / 3, 0.0]), 1 / 6), "the error is f - y, not y - f."),
                ((np.array([-1.0, 0.0]), -0.5), "did you forget to divide by m?"),
            ],
        ),
        Case(
            (_X, _Y, _W, 0.0),
            (dj_dw, dj_db),
            f"{_DATA}, w=[1, -1], b=0",
            names=names,
            hints=[
                ((-dj_dw, -dj_db), "the error is f - y, not y - f."),
                ((3 * dj_dw, 3 * dj_db), "did you forget to divide by m?"),
            ],
        ),
    ]
    with trusted_sigmoid(compute_gradient):
        run_cases(
            compute_gradient,
            "compute_gradient",
            cases,
            default_hint="with err = sigmoid(X[i] . w + b) - y[i], dj_dw[j] is the mean of "
            "err * X[i, j] and dj_db the mean of err; return (dj_dw, dj_db) in this order.",
        )


def check_predict(predict: Callable) -> None:
    """Check ``predict(X, w, b)`` on two cases, one with a prediction of exactly 0.5."""
    X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [2.0, -2.0]])
    data = "X=[[1, 0], [0, 1], [1, 1], [2, -2]]"
    cases = [
        # z = [1, -1, 0, 4]: f(z = 0) = 0.5 counts as 1.
        Case(
            (X, _W, 0.0),
            np.array([1.0, 0.0, 1.0, 1.0]),
            f"{data}, w=[1, -1], b=0",
            hints=[
                (np.array([1.0, 0.0, 0.0, 1.0]), "f = 0.5 predicts 1: compare with >= 0.5."),
                (np.array([0.0, 1.0, 0.0, 0.0]), "predict 1 when f >= 0.5, not below it."),
            ],
        ),
        # z = -1 everywhere.
        Case((X, np.zeros(2), -1.0), np.zeros(4), f"{data}, w=[0, 0], b=-1"),
    ]
    with trusted_sigmoid(predict):
        run_cases(
            predict,
            "predict",
            cases,
            default_hint="return an array of m labels: 1 where sigmoid(X[i] . w + b) >= 0.5, "
            "else 0 (not the probabilities).",
        )


def check_compute_cost_reg(compute_cost_reg: Callable) -> None:
    """Check ``compute_cost_reg(X, y, w, b, lambda_)`` on three hand-worked cases."""
    # w = [1, -1], b = 0.5: z = [1.5, -0.5, 0.5]; losses log(1 + e^-1.5), log(1 + e^-0.5) twice.
    base = (_softplus(-1.5) + 2 * _softplus(-0.5)) / 3
    reg = 2 / (2 * 3)  # lambda / (2m) * (1^2 + (-1)^2) with lambda = 1
    data = f"{_DATA}, w=[1, -1], b=0.5"
    cases = [
        Case(
            (_X, _Y, _W, 0.5, 1.0),
            base + reg,
            f"{data}, lambda_=1",
            hints=[
                (base, "did you forget to add the regularization term?"),
                (base + 2 * reg, "the term is lambda_ / (2m) times the sum of w_j squared."),
                (base + reg + 0.25 / 6, "regularize the weights w only, not b."),
            ],
        ),
        Case((_X, _Y, _W, 0.5, 0.0), base, f"{data}, lambda_=0"),
        Case((_X, _Y, _W, 0.5, 3.0), base + 3 * reg, f"{data}, lambda_=3"),
    ]
    with trusted_sigmoid(compute_cost_reg):
        run_cases(
            compute_cost_reg,
            "compute_cost_reg",
            cases,
            default_hint="the cost of exercise 2 plus lambda_ / (2m) * sum(w_j ** 2).",
        )


def check_compute_gradient_reg(compute_gradient_reg: Callable) -> None:
    """Check ``compute_gradient_reg(X, y, w, b, lambda_)`` on two hand-worked cases."""
    names = ("dj_dw", "dj_db")
    # w = [1, -1], b = 0.5: errors f - y = [-u, v, -v] with u = sigmoid(-1.5), v = sigmoid(-0.5).
    u, v = 1 / (1 + np.exp(1.5)), 1 / (1 + np.exp(0.5))
    dj_dw = np.array([(-u - v) / 3, 0.0])
    dj_db = -u / 3
    data = f"{_DATA}, w=[1, -1], b=0.5"
    cases = [
        Case(
            (_X, _Y, _W, 0.5, 1.0),
            (dj_dw + _W / 3, dj_db),
            f"{data}, lambda_=1",
            names=names,
            hints=[
                ((dj_dw, dj_db), "did you forget to add lambda_ / m * w_j to dj_dw[j]?"),
                ((dj_dw + _W / 6, dj_db), "the term is lambda_ / m * w_j, not lambda_ / (2m)."),
                ((dj_dw + _W / 3, dj_db + 0.5 / 3), "do not regularize b: dj_db is unchanged."),
            ],
        ),
        Case((_X, _Y, _W, 0.5, 0.0), (dj_dw, dj_db), f"{data}, lambda_=0", names=names),
    ]
    with trusted_sigmoid(compute_gradient_reg):
        run_cases(
            compute_gradient_reg,
            "compute_gradient_reg",
            cases,
            default_hint="the gradient of exercise 3 with lambda_ / m * w_j added to each "
            "dj_dw[j]; dj_db stays as it was.",
        )
