"""Public checks of the graded lab c3w1-anomaly-detection.

Every expected value below is worked out by hand and written with the exact constants it comes
from. ``estimate_gaussian`` is checked on a 3 x 2 array, X = [[1, 2], [3, 2], [5, 8]]: the means
are (1 + 3 + 5) / 3 = 3 and (2 + 2 + 8) / 3 = 4, the variances (4 + 0 + 4) / 3 = 8/3 and
(4 + 4 + 16) / 3 = 8. ``select_threshold`` is checked on probabilities between 0 and 1, so that
the step is (1 - 0) / 1000 = 0.001 and the thresholds tried are 0, 0.001, ..., 0.999; the
probabilities end in 5 (0.2505, ...) so that none of them falls on a threshold. The two exercises
do not call each other, so each is checked on its own.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from utils.checks import Case, run_cases


def check_estimate_gaussian(estimate_gaussian: Callable) -> None:
    """Check ``estimate_gaussian(X)`` → ``(mu, var)`` on two hand-worked arrays."""
    names = ("mu", "var")
    X = np.array([[1.0, 2.0], [3.0, 2.0], [5.0, 8.0]])
    mu, var = np.array([3.0, 4.0]), np.array([8 / 3, 8.0])
    # One feature, four examples: mean 2, squared deviations 4, 0, 0, 4.
    X_col = np.array([[0.0], [2.0], [2.0], [4.0]])
    cases = [
        Case(
            (X,),
            (mu, var),
            "X=[[1, 2], [3, 2], [5, 8]]",
            names=names,
            hints=[
                ((mu, var * 3 / 2), "the variance divides by m (np.var's default), not m - 1."),
                ((mu, np.sqrt(var)), "return the variance sigma^2, not the standard deviation."),
                (
                    (mu, np.array([35 / 3, 24.0])),
                    "subtract the mean before squaring: var_j is the mean of (x_j - mu_j)^2.",
                ),
                ((var, mu), "return (mu, var) in this order."),
            ],
        ),
        Case(
            (X_col,),
            (np.array([2.0]), np.array([2.0])),
            "X=[[0], [2], [2], [4]]",
            names=names,
            hints=[((np.array([2.0]), np.array([8 / 3])), "divide by m, not m - 1.")],
        ),
    ]
    run_cases(
        estimate_gaussian,
        "estimate_gaussian",
        cases,
        default_hint="mu_j is the mean of feature j over the m examples (axis=0) and var_j the "
        "mean of (x_j - mu_j)^2; both have shape (n,).",
    )


def check_select_threshold(select_threshold: Callable) -> None:
    """Check ``select_threshold(y_val, p_val)`` → ``(epsilon, F1)`` on two hand-worked cases."""
    names = ("epsilon", "F1")
    # Case 1: anomalies at p = 0 and p = 0.2505. Thresholds 0.001 .. 0.250 flag the first only
    # (F1 = 2/3); 0.251 .. 0.400 flag both and nothing else (F1 = 1, the best; the first such
    # threshold is 0.251); 0.401 .. 0.600 add a false alarm (F1 = 4/5). With p_val > epsilon
    # the best is F1 = 1/3 at epsilon = 0; counting the normal examples left alone as fn gives
    # F1 = 2 * 2 / (2 * 2 + 0 + 3) = 4/7 at 0.251.
    y1 = np.array([1, 0, 1, 0, 0])
    p1 = np.array([0.0, 1.0, 0.2505, 0.6005, 0.4005])
    # Case 2: one anomaly, at the smallest p. At epsilon = 0 nothing is below epsilon (tp = 0,
    # F1 = 0); from 0.001 on it is flagged alone (F1 = 1) until 0.5005 is flagged too.
    y2 = np.array([1, 0, 0])
    p2 = np.array([0.0, 0.5005, 1.0])
    cases = [
        Case(
            (y1, p1),
            (0.251, 1.0),
            "y_val=[1, 0, 1, 0, 0], p_val=[0, 1, 0.2505, 0.6005, 0.4005]",
            names=names,
            hints=[
                (
                    (0.0, 1 / 3),
                    "an example is predicted anomalous when p_val < epsilon "
                    "(a low probability), not p_val > epsilon.",
                ),
                (
                    (0.4, 1.0),
                    "keep the FIRST epsilon with the best F1: update only when F1 is "
                    "strictly greater than best_F1 (F1 > best_F1, not >=).",
                ),
                ((0.999, 1.0), "return the best epsilon, not the last one the loop tried."),
                ((1.0, 0.251), "return (epsilon, F1) in this order."),
                ((0.251, 0.5), "F1 = 2 * prec * rec / (prec + rec): did you forget the 2?"),
                (
                    (0.251, 4 / 7),
                    "fn counts the anomalies you missed: y_val == 1 and "
                    "p_val >= epsilon (not the normal examples you left alone).",
                ),
            ],
        ),
        Case(
            (y2, p2),
            (0.001, 1.0),
            "y_val=[1, 0, 0], p_val=[0, 0.5005, 1]",
            names=names,
            hints=[
                (
                    (0.0, 1.0),
                    "predict an anomaly when p_val < epsilon strictly: at "
                    "epsilon = min(p_val) nothing is flagged yet (tp = 0, so F1 = 0).",
                ),
            ],
        ),
    ]
    run_cases(
        select_threshold,
        "select_threshold",
        cases,
        default_hint="for each epsilon in np.arange(min(p_val), max(p_val), step_size), flag "
        "p_val < epsilon, count tp, fp, fn, compute F1 (0 when tp = 0) and keep the first "
        "epsilon with the highest F1.",
    )
