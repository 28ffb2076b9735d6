"""Public checks of the graded lab c3w2-content-based (user_NN, item_NN, sq_dist).

``check_tower`` reads the architecture of a learner's tower (its weights do not matter). A tower,
as in the lab, is a ``keras.Sequential`` of Dense layers without an input layer: Keras creates its
weights the first time it sees data. The check therefore builds a copy of the tower
(``keras.models.clone_model``) on the number of input features the notebook passes, and leaves the
learner's tower untouched. The movie tower must own its weights: a tower made of the user tower's
layers (``item_NN = user_NN``, or a Sequential over ``user_NN.layers``) has the right architecture
but would be the user tower itself. The expected values of ``sq_dist`` are worked out by hand
next to each case.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import keras
import numpy as np

from utils.checks import Case, CheckFailed, run_cases
from utils.checks.keras_models import (
    check_layers,
    describe_model,
    recorded_architecture,
    shared_weights,
)

TOWER_UNITS = (256, 128, 32)
TOWER_ACTIVATIONS = ("relu", "relu", "linear")


def built_copy(tower: keras.Sequential, n_features: int) -> keras.Sequential:
    """A fresh copy of ``tower`` with its weights created for inputs of ``n_features`` values.

    Args:
        tower: a Sequential model, with or without a ``keras.Input``.
        n_features: the number of input features.

    Returns:
        The copy, built for the input shape (None, n_features); its weights are new.

    Raises:
        CheckFailed: the tower cannot take inputs of that size.
    """
    copy = keras.models.clone_model(tower)
    try:
        copy.build((None, n_features))
    except ValueError as error:
        raise CheckFailed(
            f"the tower cannot take vectors of {n_features} features: {error}\nHint: leave out "
            "keras.Input; Keras then sizes the first layer on the data it receives."
        ) from None
    return copy


def _units_hint(units: tuple[int, ...]) -> str:
    if units[-1] != TOWER_UNITS[-1]:
        return (
            f"the last layer gives the tower's output vector, which has 32 values "
            f"(num_outputs = 32), not {units[-1]}."
        )
    if units == (128, 256, 32):
        return "the first layer has 256 units and the second 128, not the other way round."
    return "the layers have 256, 128 and 32 units, in this order."


def _activation_hint(position: int, activation: str | None) -> str:
    if position == len(TOWER_UNITS) - 1:
        return (
            f"the last layer uses {activation}; it is linear (no activation, the default): the "
            "output vector may have negative values, and it is normalized afterwards."
        )
    if activation == "linear":
        return (
            f"Dense layer {position + 1} has no activation: Dense is linear unless you pass "
            "activation='relu'."
        )
    return f"Dense layer {position + 1} uses {activation}; the hidden layers use activation='relu'."


def check_tower(
    tower: Any, name: str, n_features: int, other: tuple[str, Any] | None = None
) -> None:
    """Check that ``tower`` is a Sequential Dense 256 (relu) → 128 (relu) → 32 (linear), with
    weights of its own when ``other`` is given.

    The architecture (layers, and parameters for inputs of ``n_features`` values) is recorded for
    the autograder before it is checked.

    Args:
        tower: the learner's tower.
        name: its variable name, ``"user_NN"`` or ``"item_NN"``.
        n_features: the number of features of the vectors the tower will receive.
        other: the name and the learner's other tower, ``("user_NN", user_NN)``, with which
            ``tower`` must share no weight; None skips that check.

    Raises:
        CheckFailed: with a hint at the first problem found.
    """
    found = recorded_architecture(
        tower,
        name,
        f"{name} architecture for {n_features} input features",
        lambda model: describe_model(built_copy(model, n_features)),
    )
    check_layers(found, TOWER_UNITS, _units_hint, TOWER_ACTIVATIONS, _activation_hint, name)
    sizes = (n_features, *TOWER_UNITS)
    expected = sum(n_in * n_out + n_out for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True))
    if found["parameters"] != expected:
        raise CheckFailed(
            f"{name}: expected {expected} parameters for {n_features} input features, got "
            f"{found['parameters']}; do all layers use a bias (the default use_bias=True)?"
        )
    if other is not None:
        _check_own_weights(tower, name, *other)
    print(f"{name}: all public tests passed.")


def _check_own_weights(tower: Any, name: str, other_name: str, other_tower: Any) -> None:
    """Raise CheckFailed when ``tower`` shares a layer or a weight with ``other_tower``."""
    shared = shared_weights(tower, other_tower) if isinstance(other_tower, keras.Model) else []
    if shared:
        raise CheckFailed(
            f"{name} shares its weights with {other_name} ({', '.join(shared)}): it is "
            f"{other_name}'s layers, not a tower of its own.\nHint: the movie tower reads movie "
            "features and the user tower user features; with one set of weights for both, each "
            "training step of one would move the other, and the model would have half its "
            "parameters. Create new Dense layers for it."
        )


def check_sq_dist(sq_dist: Callable) -> None:
    """Check ``sq_dist(a, b)`` on four hand-worked pairs of vectors."""
    cases = [
        # a vector is at distance 0 from itself.
        Case(
            (np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.0, 3.0])), 0.0, "a=[1, 2, 3], b=[1, 2, 3]"
        ),
        # a - b = [-3, -4, 0]: 9 + 16 + 0 = 25.
        Case(
            (np.array([1.0, 2.0, 3.0]), np.array([4.0, 6.0, 3.0])),
            25.0,
            "a=[1, 2, 3], b=[4, 6, 3]",
            hints=[
                (5.0, "that is the distance itself; the squared distance has no square root."),
                (7.0, "square the differences; their absolute values do not add up to the same."),
                (-7.0, "square each difference before adding them up."),
                (
                    49.0,
                    "square each difference, then add: np.sum((a - b) ** 2), not the square "
                    "of the sum.",
                ),
                (25.0 / 3, "add the squared differences up; do not average them."),
            ],
        ),
        # a - b = [1, -2]: 1 + 4 = 5 (the absolute differences add up to 3).
        Case(
            (np.array([0.5, -1.0]), np.array([-0.5, 1.0])),
            5.0,
            "a=[0.5, -1], b=[-0.5, 1]",
            hints=[(np.sqrt(5.0), "the squared distance has no square root.")],
        ),
        # one feature: (2 - (-1))^2 = 9.
        Case((np.array([2.0]), np.array([-1.0])), 9.0, "a=[2], b=[-1]"),
    ]
    run_cases(
        sq_dist,
        "sq_dist",
        cases,
        default_hint="the squared distance is the sum over l of (a_l - b_l)^2, a single number: "
        "np.sum((a - b) ** 2).",
    )
