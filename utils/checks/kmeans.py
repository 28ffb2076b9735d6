"""Public checks of the graded lab c3w1-kmeans.

Every expected value below is worked out by hand on a few points with small integer coordinates;
the comments give the squared distances or the sums each answer comes from. The checks of
``compute_centroids`` give it the cluster indices directly, so they do not depend on
``find_closest_centroids``. No case has an empty cluster: the lab leaves that case undefined.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

import numpy as np

from utils.checks import Case, CheckFailed, _fmt, matches, run_cases

# Four points, three centroids in the plane. Squared distances to (0, 0), (6, 0), (4, 6):
# (1, 1): 2, 26, 34 -> 0;  (6, 1): 37, 1, 29 -> 1;  (2, 5): 29, 41, 5 -> 2;  (7, 6): 85, 37, 9 -> 2.
_X_PLANE = np.array([[1.0, 1.0], [6.0, 1.0], [2.0, 5.0], [7.0, 6.0]])
_C_PLANE = np.array([[0.0, 0.0], [6.0, 0.0], [4.0, 6.0]])
_PLANE = "X=[[1, 1], [6, 1], [2, 5], [7, 6]], centroids=[[0, 0], [6, 0], [4, 6]]"

_CLOSEST_HINT = (
    "for each example i, compute its distance to every centroid j (the squared differences "
    "summed over the n features), then keep the index j of the smallest one (np.argmin)."
)


def check_find_closest_centroids(find_closest_centroids: Callable) -> None:
    """Check ``find_closest_centroids(X, centroids)`` in 1, 2 and 3 dimensions, with a tie."""
    cases = [
        Case(
            (_X_PLANE, _C_PLANE),
            np.array([0, 1, 2, 2]),
            _PLANE,
            hints=[
                (
                    np.array([2, 0, 1, 0]),
                    "that is the farthest centroid: use np.argmin, not np.argmax.",
                ),
                (np.array([1, 2, 3, 3]), "indices start at 0 in Python: the first centroid is 0."),
                (
                    np.sqrt([2.0, 1.0, 5.0, 9.0]),
                    "return the index of the closest centroid, not its distance.",
                ),
                (
                    np.array([2.0, 1.0, 5.0, 9.0]),
                    "return the index of the closest centroid, not its squared distance.",
                ),
            ],
        ),
        # Squared distances: (2, 2): 4, 4, 64 -> a tie between 0 and 1; (5, 2): 25, 1, 73 -> 1.
        Case(
            (np.array([[2.0, 2.0], [5.0, 2.0]]), np.array([[0.0, 2.0], [4.0, 2.0], [2.0, 10.0]])),
            np.array([0, 1]),
            "X=[[2, 2], [5, 2]], centroids=[[0, 2], [4, 2], [2, 10]]",
            hints=[
                (
                    np.array([1, 1]),
                    "(2, 2) is as close to centroid 0 as to centroid 1: on a tie "
                    "keep the first, smaller index (compare with <, not <=; np.argmin does this).",
                ),
            ],
        ),
        # Squared distances 18 and 25 -> 0; the sums of absolute differences (6 and 5) disagree.
        Case(
            (np.array([[0.0, 0.0]]), np.array([[3.0, 3.0], [0.0, 5.0]])),
            np.array([0]),
            "X=[[0, 0]], centroids=[[3, 3], [0, 5]]",
            hints=[
                (
                    np.array([1]),
                    "use the Euclidean distance (square the differences), not the sum "
                    "of their absolute values.",
                ),
            ],
        ),
        # One feature: -3 and 0.5 are closer to 0, 2.5 and 9 closer to 4.
        Case(
            (np.array([[-3.0], [0.5], [2.5], [9.0]]), np.array([[0.0], [4.0]])),
            np.array([0, 0, 1, 1]),
            "X=[[-3], [0.5], [2.5], [9]], centroids=[[0], [4]]",
        ),
        # Three features. Squared distances to (0,0,0), (0,0,4), (4,4,0), (5,5,5):
        # (1, 0, 0): 1, 17, 25, 66 -> 0;  (0, 0, 5): 25, 1, 57, 50 -> 1;
        # (4, 4, 4): 48, 32, 16, 3 -> 3.
        Case(
            (
                np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 5.0], [4.0, 4.0, 4.0]]),
                np.array([[0.0, 0.0, 0.0], [0.0, 0.0, 4.0], [4.0, 4.0, 0.0], [5.0, 5.0, 5.0]]),
            ),
            np.array([0, 1, 3]),
            "X=[[1, 0, 0], [0, 0, 5], [4, 4, 4]], "
            "centroids=[[0, 0, 0], [0, 0, 4], [4, 4, 0], [5, 5, 5]]",
        ),
    ]
    _check_integer_indices(find_closest_centroids, cases[0])
    run_cases(find_closest_centroids, "find_closest_centroids", cases, default_hint=_CLOSEST_HINT)


def _check_integer_indices(find_closest_centroids: Callable, case: Case) -> None:
    """Fail when the function finds the right indices but returns them as floats."""
    try:
        got = find_closest_centroids(*copy.deepcopy(case.args))
    except Exception:  # run_cases reports it
        return
    if matches(got, case.expected) and not np.issubdtype(np.asarray(got).dtype, np.integer):
        raise CheckFailed(
            f"find_closest_centroids({case.describe}) returned {_fmt(got)}, values of type "
            f"{np.asarray(got).dtype}; the indices must be integers (they select rows later, as "
            "in centroids[idx]): start from np.zeros(m, dtype=int), or return np.argmin(...)."
        )


def check_compute_centroids(compute_centroids: Callable) -> None:
    """Check ``compute_centroids(X, idx, K)`` in 1, 2 and 3 dimensions on tiny sets."""
    # Cluster 0 holds (0, 0) and (2, 0); cluster 1 holds (4, 4) and (4, 6); cluster 2 holds (10, 0).
    x_plane = np.array([[0.0, 0.0], [2.0, 0.0], [4.0, 4.0], [4.0, 6.0], [10.0, 0.0]])
    sums = np.array([[2.0, 0.0], [8.0, 10.0], [10.0, 0.0]])
    expected = np.array([[1.0, 0.0], [4.0, 5.0], [10.0, 0.0]])
    cases = [
        Case(
            (x_plane, np.array([0, 0, 1, 1, 2]), 3),
            expected,
            "X=[[0, 0], [2, 0], [4, 4], [4, 6], [10, 0]], idx=[0, 0, 1, 1, 2], K=3",
            hints=[
                (sums / 5, "divide each sum by the number of points in its cluster, not by m."),
                (sums / 3, "divide each sum by the number of points in its cluster, not by K."),
                (sums, "each centroid is the mean of its points: divide the sum by their number."),
                (
                    np.array([[0.5, 0.5], [4.5, 4.5], [5.0, 5.0]]),
                    "average each feature separately: np.mean(points, axis=0).",
                ),
                (
                    np.array([[1.0, 0.0], [4.0, 5.0], [0.0, 0.0]]),
                    "compute all K centroids: loop over range(K).",
                ),
            ],
        ),
        # One feature, clusters in mixed order: {1, 3, 2} and {8, 10}.
        Case(
            (np.array([[1.0], [8.0], [3.0], [10.0], [2.0]]), np.array([0, 1, 0, 1, 0]), 2),
            np.array([[2.0], [9.0]]),
            "X=[[1], [8], [3], [10], [2]], idx=[0, 1, 0, 1, 0], K=2",
        ),
        # Three features: cluster 0 holds (0, 0, 0) and (6, 6, 6), cluster 1 (1, 2, 3), (3, 2, 1).
        Case(
            (
                np.array([[1.0, 2.0, 3.0], [3.0, 2.0, 1.0], [0.0, 0.0, 0.0], [6.0, 6.0, 6.0]]),
                np.array([1, 1, 0, 0]),
                2,
            ),
            np.array([[3.0, 3.0, 3.0], [2.0, 2.0, 2.0]]),
            "X=[[1, 2, 3], [3, 2, 1], [0, 0, 0], [6, 6, 6]], idx=[1, 1, 0, 0], K=2",
        ),
    ]
    run_cases(
        compute_centroids,
        "compute_centroids",
        cases,
        default_hint="centroid k is the mean, feature by feature, of the rows of X whose idx is "
        "k: np.mean(X[idx == k], axis=0); return an array of shape (K, n).",
    )
