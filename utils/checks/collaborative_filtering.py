"""Public checks of the graded lab c3w2-collaborative-filtering (cofi_cost_func, cofi_cost_func_v).

Both exercises compute the same cost, so both checks use the same hand-worked cases, written out
next to each case; neither check calls the other exercise. ``check_cofi_cost_func_v`` also checks
that the result is a TensorFlow scalar and that ``tf.GradientTape`` can differentiate it (the
gradients are worked out by hand too).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import tensorflow as tf

from utils.checks import Case, CheckFailed, learners_code, run_cases
from utils.records import record

# Case A: 2 movies, 3 users, 2 features; movie 0 is not rated by user 2, movie 1 not by user 0.
#   X W^T + b = [[1 + 0 + 0.5, 0.5 + 2 + 1, 2 - 2 - 1], [0 + 0 + 0.5, 0 + 1 + 1, 0 - 1 - 1]]
#             = [[1.5, 3.5, -1], [0.5, 2, -2]]
#   errors on the rated entries: 1.5 - 2 = -0.5, 3.5 - 3 = 0.5, 2 - 4 = -2, -2 - 1 = -3;
#   squares 0.25 + 0.25 + 4 + 9 = 13.5, half of it 6.75.
#   unrated entries (Y = 0 there): -1 and 0.5, squares 1 + 0.25 (counted when R is forgotten).
#   sum W^2 = 1 + 0 + 0.25 + 1 + 4 + 1 = 7.25, sum X^2 = 1 + 4 + 0 + 1 = 6, sum b^2 = 2.25.
#   without b, X W^T = [[1, 2.5, 0], [0, 1, -1]]: errors 1 - 2, 2.5 - 3, 1 - 4, -1 - 1
#   = -1, -0.5, -3, -2; squares 1 + 0.25 + 9 + 4 = 14.25, half 7.125.
X_A = np.array([[1.0, 2.0], [0.0, 1.0]])
W_A = np.array([[1.0, 0.0], [0.5, 1.0], [2.0, -1.0]])
B_A = np.array([[0.5, 1.0, -1.0]])
Y_A = np.array([[2.0, 3.0, 0.0], [0.0, 4.0, 1.0]])
R_A = np.array([[1.0, 1.0, 0.0], [0.0, 1.0, 1.0]])

# Case B: 3 movies, 2 users, 1 feature, lambda = 2.
#   X W^T + b = [[2 + 1, 1 - 1], [4 + 1, 2 - 1], [-2 + 1, -1 - 1]] = [[3, 0], [5, 1], [-1, -2]]
#   rated: (0, 0), (1, 0), (1, 1), (2, 1); errors 3 - 4 = -1, 5 - 5 = 0, 1 - 2 = -1, -2 - 1 = -3;
#   squares 1 + 0 + 1 + 9 = 11, half 5.5.
#   sum X^2 = 1 + 4 + 1 = 6, sum W^2 = 4 + 1 = 5: lambda / 2 * 11 = 11; J = 5.5 + 11 = 16.5.
X_B = np.array([[1.0], [2.0], [-1.0]])
W_B = np.array([[2.0], [1.0]])
B_B = np.array([[1.0, -1.0]])
Y_B = np.array([[4.0, 0.0], [5.0, 2.0], [0.0, 1.0]])
R_B = np.array([[1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])

# The gradients of case A with lambda = 1, E = (X W^T + b - Y) * R = [[-0.5, 0.5, 0], [0, -2, -3]]:
#   dJ/db = column sums of E = [-0.5, 0.5 - 2, -3] = [-0.5, -1.5, -3]
#   dJ/dX = E W + X = [[-0.5 + 0.25, 0.5], [-1 - 6, -2 + 3]] + X = [[0.75, 2.5], [-7, 2]]
#   dJ/dW = E^T X + W = [[-0.5, -1], [0.5, 1 - 2], [0, -3]] + W = [[0.5, -1], [1, 0], [2, -4]]
GRAD_X_A = np.array([[0.75, 2.5], [-7.0, 2.0]])
GRAD_W_A = np.array([[0.5, -1.0], [1.0, 0.0], [2.0, -4.0]])
GRAD_B_A = np.array([[-0.5, -1.5, -3.0]])

DEFAULT_HINT = (
    "J = 1/2 * sum over the rated entries (R = 1) of (w_j . x_i + b_j - y_ij)^2 "
    "+ lambda_/2 * (sum of W^2 + sum of X^2); b is not regularized."
)


def _cases(wrap: Callable[[np.ndarray], Any]) -> list[Case]:
    """The hand-worked cases; ``wrap`` turns X, W and b into what the exercise takes."""

    def args(X, W, b, Y, R, lambda_):
        return (wrap(X), wrap(W), wrap(b), Y, R, lambda_)

    return [
        Case(
            args(X_A, W_A, B_A, Y_A, R_A, 0.0),
            6.75,
            "2 movies, 3 users, two unrated entries, lambda_=0",
            hints=[
                (
                    7.375,
                    "sum the errors of the rated entries only: multiply by R (or skip "
                    "R[i, j] == 0).",
                ),
                (13.5, "the squared errors are multiplied by 1/2."),
                (7.125, "the prediction is w_j . x_i + b_j: did you forget b?"),
            ],
        ),
        Case(
            args(X_A, W_A, B_A, Y_A, R_A, 1.0),
            13.375,
            "2 movies, 3 users, two unrated entries, lambda_=1",
            hints=[
                (6.75, "add the regularization lambda_/2 * (sum of W^2 + sum of X^2)."),
                (
                    14.0,
                    "sum the errors of the rated entries only: multiply by R (or skip "
                    "R[i, j] == 0).",
                ),
                (20.125, "the squared errors are multiplied by 1/2."),
                (26.75, "both the squared errors and the regularization are multiplied by 1/2."),
                (20.0, "the regularization is lambda_/2 times the sums of squares, not lambda_."),
                (14.5, "b is not regularized: only the sums of W^2 and X^2."),
                (13.75, "the prediction is w_j . x_i + b_j: did you forget b?"),
                (10.375, "regularize X too: lambda_/2 * (sum of W^2 + sum of X^2)."),
                (9.75, "regularize W too: lambda_/2 * (sum of W^2 + sum of X^2)."),
            ],
        ),
        Case(
            args(X_B, W_B, B_B, Y_B, R_B, 2.0),
            16.5,
            "3 movies, 2 users, 1 feature, lambda_=2",
            hints=[
                (
                    17.0,
                    "sum the errors of the rated entries only: multiply by R (or skip "
                    "R[i, j] == 0).",
                ),
                (27.5, "the regularization is lambda_/2 times the sums of squares, not lambda_."),
                (18.5, "b is not regularized: only the sums of W^2 and X^2."),
                (15.5, "the prediction is w_j . x_i + b_j: did you forget b?"),
            ],
        ),
    ]


def check_cofi_cost_func(cofi_cost_func: Callable) -> None:
    """Check ``cofi_cost_func(X, W, b, Y, R, lambda_)`` on three hand-worked cases (NumPy)."""
    run_cases(cofi_cost_func, "cofi_cost_func", _cases(np.array), default_hint=DEFAULT_HINT)


def check_cofi_cost_func_v(cofi_cost_func_v: Callable) -> None:
    """Check ``cofi_cost_func_v`` on the same cases with X, W and b as ``tf.Variable`` (float64).

    The result must be a TensorFlow scalar, and ``tf.GradientTape`` must give the hand-worked
    gradients of case A with lambda_ = 1.
    """
    if not callable(cofi_cost_func_v):
        raise CheckFailed(
            f"cofi_cost_func_v should be a function, got {type(cofi_cost_func_v).__name__}"
        )
    X, W, b = (tf.Variable(v, dtype=tf.float64) for v in (X_A, W_A, B_A))
    try:
        with tf.GradientTape() as tape, learners_code("cofi_cost_func_v(case A, lambda_=1)"):
            J = cofi_cost_func_v(X, W, b, Y_A, R_A, 1.0)
    except NotImplementedError:
        raise CheckFailed(
            "cofi_cost_func_v is not written yet: replace `raise "
            "NotImplementedError()` with your code."
        ) from None
    if not isinstance(J, tf.Tensor) or J.shape.rank != 0:
        raise CheckFailed(
            f"cofi_cost_func_v should return a TensorFlow scalar (a tensor of shape ()), got "
            f"{type(J).__name__} of shape {np.shape(J)}.\nHint: use TensorFlow operations "
            "(tf.reduce_sum, tf.linalg.matmul, tf.square) rather than NumPy ones, and sum "
            "everything into one number."
        )
    run_cases(
        cofi_cost_func_v,
        "cofi_cost_func_v",
        _cases(lambda v: tf.Variable(v, dtype=tf.float64)),
        default_hint=DEFAULT_HINT,
    )
    grads = tape.gradient(J, [X, W, b])
    record(
        "cofi_cost_func_v gradients, 2 movies, 3 users, lambda_=1",
        [None if g is None else g.numpy() for g in grads],
    )
    names = ("X", "W", "b")
    missing = [name for name, g in zip(names, grads, strict=True) if g is None]
    if missing:
        raise CheckFailed(
            f"tf.GradientTape found no gradient of J with respect to {', '.join(missing)}.\n"
            "Hint: the computation must stay in TensorFlow from X, W and b to J (no .numpy(), "
            "no np. functions, no float() on the way)."
        )
    for name, got, expected in zip(names, grads, (GRAD_X_A, GRAD_W_A, GRAD_B_A), strict=True):
        if not np.allclose(got.numpy(), expected):
            raise CheckFailed(
                f"the gradient of J with respect to {name} is {got.numpy()}, expected {expected}."
                f"\nHint: {DEFAULT_HINT}"
            )
    print("cofi_cost_func_v: the gradients with respect to X, W and b are right too.")
