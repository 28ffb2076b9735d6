"""Public checks of the graded lab c2w4-decision-trees.

Every expected value below is worked out by hand on the lab's ten mushrooms (features: brown
cap, tapering stalk shape, solitary; label 1 = edible), written with the exact constants it comes
from: for example H(1/3) = log2(3) - 2/3 and H(1/6) = 1 + log2(3) - 5/6 log2(5).

The checks of the exercises that call ``compute_entropy`` run with SciPy's ``scipy.stats.entropy``
in its place (:func:`trusted_helpers`), so that a mistake in the entropy costs that exercise only.
``split_dataset`` and ``compute_information_gain`` have no library twin, and this module holds no
implementation of an exercise: a wrong split also costs the exercises that call it.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import numpy as np
from scipy.stats import entropy as _scipy_entropy

from utils.checks import Case, run_cases, substitute

X_MUSHROOMS = np.array(
    [
        [1, 0, 1],
        [1, 1, 1],
        [1, 1, 0],
        [0, 1, 0],
        [1, 0, 1],
        [1, 1, 1],
        [0, 0, 1],
        [1, 0, 1],
        [0, 0, 0],
        [0, 0, 1],
    ]
)
Y_MUSHROOMS = np.array([1, 0, 0, 1, 1, 0, 1, 1, 0, 1])
ROOT = list(range(10))
_DATA = "X=X_train, y=y_train"
_LOG2_3, _LOG2_5, _LOG2_7 = np.log2(3.0), np.log2(5.0), np.log2(7.0)
H_THIRD = _LOG2_3 - 2 / 3  # H(1/3) = H(2/3)
H_QUARTER = 2 - 0.75 * _LOG2_3  # H(1/4) = H(3/4)
H_TWO_FIFTHS = _LOG2_5 - 0.4 - 0.6 * _LOG2_3  # H(2/5) = H(3/5)
H_SIXTH = 1 + _LOG2_3 - 5 / 6 * _LOG2_5  # H(1/6) = H(5/6)
H_TWO_SEVENTHS = _LOG2_7 - 2 / 7 - 5 / 7 * _LOG2_5  # H(2/7) = H(5/7)


def as_index_arrays(result: Any) -> Any:
    """A pair of index lists or arrays as a tuple of two integer arrays (other results unchanged).

    ``split_dataset`` may return lists or arrays; both are right, and are compared in this form.

    Args:
        result: what ``split_dataset`` returned.
    """
    if isinstance(result, tuple | list) and len(result) == 2:
        try:
            return tuple(np.asarray(part).astype(int).reshape(-1) for part in result)
        except (TypeError, ValueError):
            return result
    return result


def _trusted_entropy(y: np.ndarray) -> float:
    y = np.asarray(y).astype(int)
    return float(_scipy_entropy(np.bincount(y, minlength=2), base=2)) if y.size else 0.0


def trusted_helpers(fn: Callable) -> AbstractContextManager[None]:
    """While the block runs, ``fn`` calls SciPy's entropy (base 2, on the class counts) where it
    calls ``compute_entropy``.

    Args:
        fn: the learner's function (``compute_information_gain`` or ``get_best_split``).
    """
    return substitute(fn, compute_entropy=_trusted_entropy)


def check_compute_entropy(compute_entropy: Callable) -> None:
    """Check ``compute_entropy(y)`` on mixed, pure and empty nodes."""
    ln2 = np.log(2.0)
    cases = [
        Case(
            (np.array([1, 1, 0, 0]),),
            1.0,
            "y=np.array([1, 1, 0, 0])",
            hints=[(ln2, "the entropy is in bits: use np.log2, not np.log.")],
        ),
        Case(
            (np.array([1, 0, 0, 0]),),
            H_QUARTER,
            "y=np.array([1, 0, 0, 0])",
            hints=[(H_QUARTER * ln2, "the entropy is in bits: use np.log2, not np.log.")],
        ),
        Case((Y_MUSHROOMS[[0, 4, 6, 7, 8, 9]],), H_SIXTH, "y=np.array([1, 1, 1, 1, 0, 1])"),
        Case((np.array([1, 1, 1]),), 0.0, "y=np.array([1, 1, 1]) (a pure node)"),
        Case((np.array([0, 0]),), 0.0, "y=np.array([0, 0]) (a pure node)"),
        Case((np.array([], dtype=int),), 0.0, "y=np.array([]) (an empty node)"),
    ]
    run_cases(
        compute_entropy,
        "compute_entropy",
        cases,
        default_hint="with p1 the fraction of examples equal to 1, H = -p1 log2(p1) - (1 - p1) "
        "log2(1 - p1). A pure node (p1 = 0 or 1) and an empty node have entropy 0: 0 log2(0) "
        "counts as 0, so test p1 before taking logarithms (otherwise you get nan).",
    )


def check_split_dataset(split_dataset: Callable) -> None:
    """Check ``split_dataset(X, node_indices, feature)`` on the root and on smaller nodes."""
    names = ("left_indices", "right_indices")
    cases = [
        Case(
            (X_MUSHROOMS, ROOT, 0),
            (np.array([0, 1, 2, 4, 5, 7]), np.array([3, 6, 8, 9])),
            "X_train, node_indices=[0, 1, ..., 9], feature=0",
            names=names,
            hints=[
                (
                    (np.array([3, 6, 8, 9]), np.array([0, 1, 2, 4, 5, 7])),
                    "examples whose feature value is 1 go LEFT, those with 0 go right.",
                ),
            ],
        ),
        Case(
            (X_MUSHROOMS, [0, 1, 2, 3, 4], 2),
            (np.array([0, 1, 4]), np.array([2, 3])),
            "X_train, node_indices=[0, 1, 2, 3, 4], feature=2",
            names=names,
            hints=[
                (
                    (np.array([0, 1, 4, 5, 6, 7, 9]), np.array([2, 3, 8])),
                    "split only the examples of the node: loop over node_indices, not all rows.",
                ),
                (
                    (np.array([2, 3]), np.array([0, 1, 4])),
                    "examples whose feature value is 1 go LEFT, those with 0 go right.",
                ),
            ],
        ),
        Case(
            (X_MUSHROOMS, [2, 3, 8], 2),
            (np.array([], dtype=int), np.array([2, 3, 8])),
            "X_train, node_indices=[2, 3, 8], feature=2",
            names=names,
        ),
    ]
    run_cases(
        lambda *args: as_index_arrays(split_dataset(*args)),
        "split_dataset",
        cases,
        default_hint="return (left_indices, right_indices): the indices i of node_indices with "
        "X[i, feature] == 1 on the left, the others on the right, in the order of node_indices.",
    )


def check_compute_information_gain(compute_information_gain: Callable) -> None:
    """Check ``compute_information_gain(X, y, node_indices, feature)`` on four hand-worked nodes."""
    # The root has 6 edible of 10: H(3/5). Brown cap sends 6 left (3 edible), 4 right (3).
    root = H_TWO_FIFTHS
    brown = root - (0.6 * 1.0 + 0.4 * H_QUARTER)
    # Tapering stalk: 4 left (1 edible), 6 right (5 edible). Solitary: 7 (5), 3 (1).
    tapering = root - (0.4 * H_QUARTER + 0.6 * H_SIXTH)
    solitary = root - (0.7 * H_TWO_SEVENTHS + 0.3 * H_THIRD)
    # Node [0, 1, 2, 3] (2 edible of 4: H = 1), tapering stalk: [1, 2, 3] one edible; [0] edible.
    small = 1 - 0.75 * H_THIRD
    cases = [
        Case(
            (X_MUSHROOMS, Y_MUSHROOMS, ROOT, 0),
            brown,
            f"{_DATA}, node_indices=[0, ..., 9], feature=0",
            hints=[
                (
                    root - (1.0 + H_QUARTER),
                    "weight each child's entropy by its share of the node's examples.",
                ),
                (
                    root - (1.0 + H_QUARTER) / 2,
                    "weight each child's entropy by its share of the node's examples, not 1/2.",
                ),
                (
                    0.6 * 1.0 + 0.4 * H_QUARTER - root,
                    "the gain is H(node) minus the weighted entropy of the children, not the "
                    "reverse.",
                ),
            ],
        ),
        Case(
            (X_MUSHROOMS, Y_MUSHROOMS, ROOT, 1),
            tapering,
            f"{_DATA}, node_indices=[0, ..., 9], feature=1",
        ),
        Case(
            (X_MUSHROOMS, Y_MUSHROOMS, ROOT, 2),
            solitary,
            f"{_DATA}, node_indices=[0, ..., 9], feature=2",
        ),
        Case(
            (X_MUSHROOMS, Y_MUSHROOMS, [0, 1, 2, 3], 1),
            small,
            f"{_DATA}, node_indices=[0, 1, 2, 3], feature=1",
            hints=[
                (
                    1 - 0.3 * H_THIRD,
                    "the weights are the children's sizes over the NODE's size, not over all m.",
                ),
                (root - 0.75 * H_THIRD, "H(node) is the entropy of y[node_indices], not of all y."),
            ],
        ),
        Case(
            (X_MUSHROOMS, Y_MUSHROOMS, [0, 1, 2], 0),
            0.0,
            f"{_DATA}, node_indices=[0, 1, 2], feature=0 (every example goes left)",
        ),
    ]
    with trusted_helpers(compute_information_gain):
        run_cases(
            compute_information_gain,
            "compute_information_gain",
            cases,
            default_hint="split the node with split_dataset; the gain is H(y[node_indices]) - "
            "(w_left H(y[left]) + w_right H(y[right])) with w_left = len(left) / "
            "len(node_indices).",
        )


def check_get_best_split(get_best_split: Callable) -> None:
    """Check ``get_best_split(X, y, node_indices)`` on the root, two children and no-gain nodes."""
    tapering = H_TWO_FIFTHS - (0.4 * H_QUARTER + 0.6 * H_SIXTH)
    cases = [
        Case(
            (X_MUSHROOMS, Y_MUSHROOMS, ROOT),
            1,
            f"{_DATA}, node_indices=[0, ..., 9]",
            hints=[
                (tapering, "return the index of the best feature, not its information gain."),
                (0, "keep the feature with the LARGEST gain (tapering stalk, gain 0.256)."),
            ],
        ),
        # Tapering stalks [1, 2, 3, 5]: brown cap separates them perfectly.
        Case((X_MUSHROOMS, Y_MUSHROOMS, [1, 2, 3, 5]), 0, f"{_DATA}, node_indices=[1, 2, 3, 5]"),
        # The others [0, 4, 6, 7, 8, 9]: "solitary" separates them perfectly.
        Case(
            (X_MUSHROOMS, Y_MUSHROOMS, [0, 4, 6, 7, 8, 9]),
            2,
            f"{_DATA}, node_indices=[0, 4, 6, 7, 8, 9]",
        ),
        Case(
            (X_MUSHROOMS, Y_MUSHROOMS, [0, 4, 6, 7, 9]),
            -1,
            f"{_DATA}, node_indices=[0, 4, 6, 7, 9] (a pure node)",
            hints=[(0, "when no split has a positive information gain, return -1.")],
        ),
        Case(
            (np.array([[1, 0, 1], [1, 0, 1]]), np.array([1, 0]), [0, 1]),
            -1,
            "X=[[1, 0, 1], [1, 0, 1]], y=[1, 0], node_indices=[0, 1] (no split separates them)",
            hints=[(0, "when no split has a positive information gain, return -1.")],
        ),
    ]
    with trusted_helpers(get_best_split):
        run_cases(
            get_best_split,
            "get_best_split",
            cases,
            default_hint="compute the information gain of each feature and return the index of "
            "the largest; return -1 when no gain is above 0.",
        )
