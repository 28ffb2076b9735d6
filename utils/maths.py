"""Small formulas the optional labs call to show an idea (never a graded exercise's answer)."""

from __future__ import annotations

import numpy as np


def sigmoid(z: np.ndarray | float) -> np.ndarray:
    """The logistic function ``g(z) = 1 / (1 + exp(-z))``, elementwise and without overflow.

    Args:
        z: any shape.

    Returns:
        Values in [0, 1], the shape of ``z``.
    """
    return np.exp(-np.logaddexp(0.0, -np.asarray(z, dtype=np.float64)))


def relu(z: float | np.ndarray) -> np.ndarray:
    """The rectified linear unit g(z) = max(0, z).

    Args:
        z: scores, any shape.

    Returns:
        max(0, z), the same shape as ``z``.
    """
    return np.maximum(0.0, np.asarray(z, dtype=float))


def fit_least_squares(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """The line ``w x + b`` with the smallest squared error (linear regression, closed form).

    Args:
        x: inputs, shape (m,), at least two distinct values.
        y: targets, shape (m,).

    Returns:
        The slope ``w`` and intercept ``b``.
    """
    A = np.column_stack([x, np.ones_like(x)])
    (w, b), *_ = np.linalg.lstsq(A, y, rcond=None)
    return float(w), float(b)
