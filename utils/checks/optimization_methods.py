"""Public checks of the graded lab c4w2-optimization-methods.

Every expected value is worked out by hand next to its case: mini-batches of five numbered
columns in the order that ``np.random.seed(seed); np.random.permutation(m)`` gives (the
permutations are written out below), one or two steps of momentum and Adam on one-layer and
two-layer parameters with round numbers, and the two decay formulas. The exercises do not call
each other, so no trusted helper is needed: a mistake in one exercise costs that exercise only.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import numpy as np

from utils.checks import Case, CheckFailed, learners_result, matches, run_cases
from utils.records import record

# np.random.seed(s); np.random.permutation(m), written out for the cases below.
PERMUTATION_5_SEED_1 = [2, 1, 4, 0, 3]
PERMUTATION_4_SEED_2 = [2, 3, 1, 0]
PERMUTATION_3_SEED_0 = [2, 1, 0]

_X5 = np.array([[0.0, 1.0, 2.0, 3.0, 4.0], [10.0, 11.0, 12.0, 13.0, 14.0]])
_Y5 = np.array([[0.0, 1.0, 0.0, 1.0, 1.0]])


def _call(fn: Callable, name: str, describe: str, args: tuple) -> tuple[Any, str]:
    """Call the learner's ``fn`` on a deep copy of ``args``; record and return its result."""
    call = f"{name}({describe})"
    got = learners_result(fn, call, *copy.deepcopy(args))
    record(call, got)
    return got, call


def _fmt(value: Any) -> str:
    return np.array2string(np.asarray(value, dtype=float), precision=6, separator=", ")


# --- random_mini_batches ------------------------------------------------------------------------


def _columns(X: np.ndarray, Y: np.ndarray, order: list[int], size: int) -> list[tuple]:
    """The mini-batches of the columns of X and Y taken in ``order``, ``size`` at a time."""
    return [
        (X[:, order[k : k + size]], Y[:, order[k : k + size]]) for k in range(0, len(order), size)
    ]


def _batches_problem(got: Any, expected: list[tuple]) -> str | None:
    """Why ``got`` is not the list of (mini_batch_X, mini_batch_Y) pairs ``expected``, or None."""
    if not isinstance(got, list | tuple):
        return f"expected a list of (mini_batch_X, mini_batch_Y) pairs, got {type(got).__name__}"
    if len(got) != len(expected):
        return f"expected {len(expected)} mini-batches, got {len(got)}"
    for k, (pair, (ex_X, ex_Y)) in enumerate(zip(got, expected, strict=True)):
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            return f"mini-batch {k} should be a pair (mini_batch_X, mini_batch_Y)"
        for part, got_part, ex_part in (("X", pair[0], ex_X), ("Y", pair[1], ex_Y)):
            if np.shape(got_part) != ex_part.shape:
                return (
                    f"mini_batch_{part} of mini-batch {k} should have shape {ex_part.shape}, "
                    f"got {np.shape(got_part)}"
                )
            if not matches(got_part, ex_part):
                return (
                    f"mini_batch_{part} of mini-batch {k}: expected {_fmt(ex_part)}, "
                    f"got {_fmt(got_part)}"
                )
    return None


def check_random_mini_batches(random_mini_batches: Callable) -> None:
    """Check ``random_mini_batches(X, Y, mini_batch_size, seed)`` on numbered columns."""
    X4, Y4 = _X5[:, :4], _Y5[:, :4]
    X3, Y3 = _X5[:, :3], _Y5[:, :3]
    # (args, describe, expected, [(wrong result, hint)])
    cases = [
        (
            (_X5, _Y5, 2, 1),
            "X of 5 columns [[0..4], [10..14]], Y=[[0, 1, 0, 1, 1]], mini_batch_size=2, seed=1",
            _columns(_X5, _Y5, PERMUTATION_5_SEED_1, 2),
            [
                (
                    _columns(_X5, _Y5, list(range(5)), 2),
                    "shuffle first: take the columns in the order of the permutation, "
                    "X[:, permutation], then cut.",
                ),
                (
                    _columns(_X5, _Y5, PERMUTATION_5_SEED_1, 2)[:2],
                    "when m is not a multiple of mini_batch_size, the last, smaller mini-batch "
                    "holds the m - mini_batch_size * num_complete_minibatches columns left.",
                ),
            ],
        ),
        (
            (X4, Y4, 2, 2),
            "X of 4 columns [[0..3], [10..13]], Y=[[0, 1, 0, 1]], mini_batch_size=2, seed=2",
            _columns(X4, Y4, PERMUTATION_4_SEED_2, 2),
            [],
        ),
        (
            (X3, Y3, 64, 0),
            "X of 3 columns [[0, 1, 2], [10, 11, 12]], Y=[[0, 1, 0]], mini_batch_size=64, seed=0",
            _columns(X3, Y3, PERMUTATION_3_SEED_0, 64),
            [],
        ),
    ]
    for args, describe, expected, hints in cases:
        got, call = _call(random_mini_batches, "random_mini_batches", describe, args)
        problem = _batches_problem(got, expected)
        if problem is None:
            continue
        hint = next((h for wrong, h in hints if _batches_problem(got, wrong) is None), None)
        if hint is None and isinstance(got, list | tuple) and len(got) == len(expected) + 1:
            hint = "when m is a multiple of mini_batch_size there is no last, smaller mini-batch."
        if hint is None and not _batches_problem_x_only(got, expected):
            hint = "shuffle X and Y with the same permutation: Y[:, permutation], then cut."
        raise CheckFailed(
            f"{call}: {problem}.\nHint: "
            + (
                hint
                or "seed with np.random.seed(seed), draw permutation = "
                "list(np.random.permutation(m)) once, shuffle the columns of X and Y with it, "
                "then cut them into slices k * mini_batch_size : (k + 1) * mini_batch_size."
            )
        )
    print(f"random_mini_batches: all {len(cases)} public tests passed.")


def _batches_problem_x_only(got: Any, expected: list[tuple]) -> str | None:
    """Like _batches_problem, looking at the mini-batches of X only (None: X is right)."""
    try:
        return _batches_problem(
            [(pair[0], e[1]) for pair, e in zip(got, expected, strict=False)], expected
        )
    except (TypeError, IndexError):
        return "not pairs"


# --- momentum and Adam --------------------------------------------------------------------------


def _dict_problem(got: Any, expected: dict[str, np.ndarray], what: str) -> str | None:
    """Why the dictionary ``got`` differs from ``expected`` (keys, shapes, values), or None."""
    if not isinstance(got, dict):
        return f"{what} should be a dictionary, got {type(got).__name__}"
    if set(got) != set(expected):
        return f"{what} should have the keys {sorted(expected)}, got {sorted(map(str, got))}"
    for key, value in expected.items():
        if np.shape(got[key]) != value.shape:
            return f'{what}["{key}"] should have shape {value.shape}, got {np.shape(got[key])}'
        if not matches(got[key], value):
            return f'{what}["{key}"]: expected {_fmt(value)}, got {_fmt(got[key])}'
    return None


def _results_problem(got: Any, expected: tuple, names: tuple[str, ...]) -> str | None:
    """Why the tuple of dictionaries ``got`` differs from ``expected``, or None."""
    if len(names) == 1:
        return _dict_problem(got, expected[0], names[0])
    if not isinstance(got, tuple | list) or len(got) != len(expected):
        return f"expected a tuple ({', '.join(names)}), got {type(got).__name__}"
    for part, ex, name in zip(got, expected, names, strict=True):
        problem = _dict_problem(part, ex, name)
        if problem:
            return problem
    return None


def _check_dicts(
    fn: Callable,
    name: str,
    cases: list[tuple[tuple, str, tuple, list]],
    names: tuple[str, ...],
    default_hint: str,
) -> None:
    """Run ``fn`` on each (args, describe, expected, hints) case; results are dictionaries."""
    for args, describe, expected, hints in cases:
        got, call = _call(fn, name, describe, args)
        problem = _results_problem(got, expected, names)
        if problem:
            hint = next(
                (h for wrong, h in hints if _results_problem(got, wrong, names) is None),
                default_hint,
            )
            raise CheckFailed(f"{call}: {problem}.\nHint: {hint}")
    print(f"{name}: all {len(cases)} public tests passed.")


_P1 = {"W1": np.array([[1.0, 2.0]]), "b1": np.array([[0.5]])}
_G1 = {"dW1": np.array([[0.1, -0.2]]), "db1": np.array([[1.0]])}
_P2 = {
    "W1": np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]),
    "b1": np.array([[0.5], [-0.5]]),
    "W2": np.array([[1.0, -1.0]]),
    "b2": np.array([[2.0]]),
}
_ZEROS2 = {
    "dW1": np.zeros((2, 3)),
    "db1": np.zeros((2, 1)),
    "dW2": np.zeros((1, 2)),
    "db2": np.zeros((1, 1)),
}
_P1_TEXT = "parameters={W1: [[1, 2]], b1: [[0.5]]}"
_G1_TEXT = "grads={dW1: [[0.1, -0.2]], db1: [[1]]}"


def check_initialize_velocity(initialize_velocity: Callable) -> None:
    """Check ``initialize_velocity(parameters)`` on one-layer and two-layer parameters."""
    cases = [
        (
            (_P1,),
            _P1_TEXT,
            ({"dW1": np.zeros((1, 2)), "db1": np.zeros((1, 1))},),
            [
                (
                    ({"W1": np.zeros((1, 2)), "b1": np.zeros((1, 1))},),
                    'the keys of v are the gradients\' names: "dW1", "db1", ...',
                ),
            ],
        ),
        (
            (_P2,),
            "parameters={W1: 2x3, b1: 2x1, W2: 1x2, b2: 1x1} (two layers)",
            (_ZEROS2,),
            [],
        ),
    ]
    _check_dicts(
        initialize_velocity,
        "initialize_velocity",
        cases,
        ("v",),
        'for each layer l = 1 .. L (L = len(parameters) // 2), v["dW" + str(l)] and '
        'v["db" + str(l)] are zeros of the shapes of parameters["W" + str(l)] and '
        'parameters["b" + str(l)].',
    )


def check_initialize_adam(initialize_adam: Callable) -> None:
    """Check ``initialize_adam(parameters)`` → ``(v, s)`` on one-layer and two-layer parameters."""
    zeros1 = {"dW1": np.zeros((1, 2)), "db1": np.zeros((1, 1))}
    cases = [
        (
            (_P1,),
            _P1_TEXT,
            (zeros1, zeros1),
            [
                (
                    ({"W1": np.zeros((1, 2)), "b1": np.zeros((1, 1))},) * 2,
                    'the keys of v and s are the gradients\' names: "dW1", "db1", ...',
                ),
            ],
        ),
        (
            (_P2,),
            "parameters={W1: 2x3, b1: 2x1, W2: 1x2, b2: 1x1} (two layers)",
            (_ZEROS2, _ZEROS2),
            [],
        ),
    ]
    _check_dicts(
        initialize_adam,
        "initialize_adam",
        cases,
        ("v", "s"),
        "v and s each hold, for every layer l, zeros of the shapes of W[l] and b[l] under the "
        'keys "dW" + str(l) and "db" + str(l); return (v, s) in this order.',
    )


def check_update_parameters_with_momentum(update_parameters_with_momentum: Callable) -> None:
    """Check ``update_parameters_with_momentum(parameters, grads, v, beta, learning_rate)``."""
    zeros1 = {"dW1": np.zeros((1, 2)), "db1": np.zeros((1, 1))}
    # From v = 0, beta = 0.9, alpha = 0.1: v = 0.1 g = [[0.01, -0.02]], [[0.1]];
    # W1 = [1, 2] - 0.1 v = [0.999, 2.002], b1 = 0.5 - 0.01 = 0.49.
    case1 = (
        {"W1": np.array([[0.999, 2.002]]), "b1": np.array([[0.49]])},
        {"dW1": np.array([[0.01, -0.02]]), "db1": np.array([[0.1]])},
    )
    # Without the factor (1 - beta): v = g, W1 = [0.99, 2.02], b1 = 0.4.
    no_one_minus_beta = (
        {"W1": np.array([[0.99, 2.02]]), "b1": np.array([[0.4]])},
        {"dW1": np.array([[0.1, -0.2]]), "db1": np.array([[1.0]])},
    )
    # Stepping with the old velocity (zeros): the parameters do not move.
    old_velocity = (copy.deepcopy(_P1), case1[1])
    # From v = ([[0.5, 0.5]], [[-1]]), beta = 0.5, alpha = 1:
    # v = 0.5 v + 0.5 g = [[0.3, 0.15]], [[0]]; W1 = [0.7, 1.85], b1 = 0.5.
    v2 = {"dW1": np.array([[0.5, 0.5]]), "db1": np.array([[-1.0]])}
    case2 = (
        {"W1": np.array([[0.7, 1.85]]), "b1": np.array([[0.5]])},
        {"dW1": np.array([[0.3, 0.15]]), "db1": np.array([[0.0]])},
    )
    # Two layers, from v = 0, beta = 0.5, alpha = 1, every gradient 1: v = 0.5, each parameter
    # moves by -0.5.
    ones2 = {key: np.ones_like(value) for key, value in _ZEROS2.items()}
    case3 = (
        {key: value - 0.5 for key, value in _P2.items()},
        {key: value * 0.5 for key, value in ones2.items()},
    )
    only_first = (
        {key: value - 0.5 if key.endswith("1") else value.copy() for key, value in _P2.items()},
        {key: value * 0.5 if key.endswith("1") else 0 * value for key, value in ones2.items()},
    )
    cases = [
        (
            (_P1, _G1, zeros1, 0.9, 0.1),
            f"{_P1_TEXT}, {_G1_TEXT}, v=zeros, beta=0.9, learning_rate=0.1",
            case1,
            [
                (no_one_minus_beta, "the velocity is beta * v + (1 - beta) * grad."),
                (old_velocity, "update v first, then step with the new v: W = W - alpha * v."),
                (
                    ({"W1": np.array([[1.001, 1.998]]), "b1": np.array([[0.51]])}, case1[1]),
                    "step against the velocity: W = W - learning_rate * v.",
                ),
                (
                    ({"W1": np.array([[0.99, 2.02]]), "b1": np.array([[0.4]])}, case1[1]),
                    "step with the velocity v, not with the gradient.",
                ),
            ],
        ),
        (
            (_P1, _G1, v2, 0.5, 1.0),
            f"{_P1_TEXT}, {_G1_TEXT}, v={{dW1: [[0.5, 0.5]], db1: [[-1]]}}, beta=0.5, "
            "learning_rate=1",
            case2,
            [],
        ),
        (
            (_P2, ones2, _ZEROS2, 0.5, 1.0),
            "two layers, every gradient 1, v=zeros, beta=0.5, learning_rate=1",
            case3,
            [(only_first, "update every layer l = 1 .. L, with L = len(parameters) // 2.")],
        ),
    ]
    _check_dicts(
        update_parameters_with_momentum,
        "update_parameters_with_momentum",
        cases,
        ("parameters", "v"),
        "for each layer and for W and b: v = beta * v + (1 - beta) * grad, then "
        "W = W - learning_rate * v; return (parameters, v).",
    )


def check_update_parameters_with_adam(update_parameters_with_adam: Callable) -> None:
    """Check ``update_parameters_with_adam(parameters, grads, v, s, t, learning_rate, beta1,
    beta2, epsilon)`` → ``(parameters, v, s, v_corrected, s_corrected)`` on two steps."""
    zeros1 = {"dW1": np.zeros((1, 2)), "db1": np.zeros((1, 1))}
    names = ("parameters", "v", "s", "v_corrected", "s_corrected")
    g = np.array([0.1, -0.2, 1.0])  # dW1[0, 0], dW1[0, 1], db1[0, 0]

    def split(values):
        return {"dW1": np.array([values[:2]]), "db1": np.array([values[2:]])}

    def params(values):
        return {"W1": np.array([values[:2]]), "b1": np.array([values[2:]])}

    p = np.array([1.0, 2.0, 0.5])
    # t = 1 from zeros, beta1 = 0.9, beta2 = 0.999: v = 0.1 g, s = 0.001 g^2, and the corrected
    # averages are g and g^2 themselves, so each parameter moves by alpha * g / (|g| + epsilon).
    alpha, eps = 0.01, 1e-8
    step1 = alpha * g / (np.abs(g) + eps)
    case1 = (params(p - step1), split(0.1 * g), split(0.001 * g**2), split(g), split(g**2))
    # Without the bias correction: alpha * 0.1 g / (sqrt(0.001) |g| + epsilon), about 3.16 alpha.
    raw = alpha * 0.1 * g / (np.sqrt(0.001) * np.abs(g) + eps)
    no_correction = (params(p - raw), *case1[1:3], *case1[1:3])
    # Epsilon inside the square root, with epsilon = 0.01 and |g| = 0.03: the step is
    # alpha * 0.03 / (0.03 + 0.01) = 0.75 alpha outside, alpha * 0.03 / sqrt(0.0009 + 0.01) inside.
    g_small = np.array([0.03, -0.03, 0.03])
    big_eps = 0.01
    case2_step = 1.0 * g_small / (np.abs(g_small) + big_eps)
    case2 = (
        params(p - case2_step),
        split(0.1 * g_small),
        split(0.001 * g_small**2),
        split(g_small),
        split(g_small**2),
    )
    inside = 1.0 * g_small / np.sqrt(g_small**2 + big_eps)
    eps_inside = (params(p - inside), *case2[1:])
    # t = 2 from v = 0.1 g0, s = 0.001 g0^2 with g0 = [1, 1, 1] and the new gradient g:
    # v = 0.09 + 0.1 g, s = 0.000999 + 0.001 g^2, corrected by 1 - 0.9^2 = 0.19 and
    # 1 - 0.999^2 = 0.001999.
    ones = np.ones(3)
    v_t2, s_t2 = 0.9 * 0.1 * ones + 0.1 * g, 0.999 * 0.001 * ones + 0.001 * g**2
    vc_t2, sc_t2 = v_t2 / 0.19, s_t2 / 0.001999
    step_t2 = alpha * vc_t2 / (np.sqrt(sc_t2) + eps)
    case3 = (params(p - step_t2), split(v_t2), split(s_t2), split(vc_t2), split(sc_t2))
    vc_t1, sc_t1 = v_t2 / 0.1, s_t2 / 0.001
    t_one = (
        params(p - alpha * vc_t1 / (np.sqrt(sc_t1) + eps)),
        split(v_t2),
        split(s_t2),
        split(vc_t1),
        split(sc_t1),
    )
    cases = [
        (
            (params(p), split(g), zeros1, copy.deepcopy(zeros1), 1, alpha, 0.9, 0.999, eps),
            f"{_P1_TEXT}, {_G1_TEXT}, v=s=zeros, t=1, learning_rate=0.01, beta1=0.9, "
            "beta2=0.999, epsilon=1e-8",
            case1,
            [
                (
                    no_correction,
                    "divide by the bias corrections: v_corrected = v / (1 - beta1 ** t), "
                    "s_corrected = s / (1 - beta2 ** t), and step with the corrected values.",
                ),
            ],
        ),
        (
            (params(p), split(g_small), zeros1, copy.deepcopy(zeros1), 1, 1.0, 0.9, 0.999, big_eps),
            f"{_P1_TEXT}, grads all +-0.03, v=s=zeros, t=1, learning_rate=1, beta1=0.9, "
            "beta2=0.999, epsilon=0.01",
            case2,
            [
                (
                    eps_inside,
                    "epsilon goes outside the square root: "
                    "v_corrected / (np.sqrt(s_corrected) + epsilon).",
                )
            ],
        ),
        (
            (
                params(p),
                split(g),
                split(0.1 * ones),
                split(0.001 * ones),
                2,
                alpha,
                0.9,
                0.999,
                eps,
            ),
            f"{_P1_TEXT}, {_G1_TEXT}, v=0.1 and s=0.001 everywhere, t=2, learning_rate=0.01, "
            "beta1=0.9, beta2=0.999, epsilon=1e-8",
            case3,
            [(t_one, "the corrections use the step number t: 1 - beta1 ** t, 1 - beta2 ** t.")],
        ),
    ]
    _check_dicts(
        update_parameters_with_adam,
        "update_parameters_with_adam",
        cases,
        names,
        "for each layer and for W and b: v = beta1 v + (1 - beta1) grad, s = beta2 s + "
        "(1 - beta2) grad ** 2, v_corrected = v / (1 - beta1 ** t), s_corrected = s / (1 - beta2 "
        "** t), W = W - learning_rate * v_corrected / (np.sqrt(s_corrected) + epsilon); return "
        "(parameters, v, s, v_corrected, s_corrected).",
    )


# --- learning-rate decay ------------------------------------------------------------------------


def check_update_lr(update_lr: Callable) -> None:
    """Check ``update_lr(learning_rate0, epoch_num, decay_rate)`` on four hand-worked cases."""
    cases = [
        Case(
            (0.5, 0, 1.0),
            0.5,
            "learning_rate0=0.5, epoch_num=0, decay_rate=1",
            hints=[
                (
                    0.0,
                    "divide learning_rate0 by (1 + decay_rate * epoch_num): at epoch 0 the rate "
                    "is learning_rate0 itself.",
                ),
                (0.25, "at epoch 0 the rate is learning_rate0 itself: 1 + decay_rate * 0 = 1."),
            ],
        ),
        Case(
            (0.5, 2, 1.0),
            0.5 / 3,
            "learning_rate0=0.5, epoch_num=2, decay_rate=1",
            hints=[
                (0.5 / 2 * 2, "divide learning_rate0 by (1 + decay_rate * epoch_num)."),
            ],
        ),
        Case(
            (1.0, 10, 0.3),
            0.25,
            "learning_rate0=1, epoch_num=10, decay_rate=0.3",
            hints=[(1 / 1.3, "multiply decay_rate by epoch_num in the denominator.")],
        ),
        Case((1, 3, 1), 0.25, "learning_rate0=1, epoch_num=3, decay_rate=1 (integers)"),
    ]
    run_cases(
        update_lr,
        "update_lr",
        cases,
        default_hint="learning_rate = learning_rate0 / (1 + decay_rate * epoch_num), a number.",
    )


def check_schedule_lr_decay(schedule_lr_decay: Callable) -> None:
    """Check ``schedule_lr_decay(learning_rate0, epoch_num, decay_rate, time_interval)``."""
    cases = [
        Case(
            (0.5, 999, 1.0, 1000),
            0.5,
            "learning_rate0=0.5, epoch_num=999, decay_rate=1, time_interval=1000",
            hints=[
                (0.5 / (1 + 0.999), "round epoch_num / time_interval down: np.floor."),
                (0.25, "round epoch_num / time_interval down (np.floor), not to the nearest."),
            ],
        ),
        Case(
            (0.5, 1000, 1.0, 1000),
            0.25,
            "learning_rate0=0.5, epoch_num=1000, decay_rate=1, time_interval=1000",
        ),
        Case(
            (0.3, 2500, 2.0, 1000),
            0.3 / 5,
            "learning_rate0=0.3, epoch_num=2500, decay_rate=2, time_interval=1000",
            hints=[(0.3 / 6, "round epoch_num / time_interval down: np.floor.")],
        ),
        Case(
            (1.0, 250, 1.0, 100),
            1 / 3,
            "learning_rate0=1, epoch_num=250, decay_rate=1, time_interval=100",
            hints=[
                (1.0, "use the time_interval you are given, not 1000."),
                (1 / 1.25, "use the time_interval you are given, not 1000."),
            ],
        ),
        Case(
            (0.5, 1500, 1.0),
            0.25,
            "learning_rate0=0.5, epoch_num=1500, decay_rate=1 (time_interval left at 1000)",
            hints=[(0.5 / 2.5, "round epoch_num / time_interval down: np.floor.")],
        ),
    ]
    run_cases(
        schedule_lr_decay,
        "schedule_lr_decay",
        cases,
        default_hint="learning_rate = learning_rate0 / (1 + decay_rate * "
        "np.floor(epoch_num / time_interval)), with time_interval=1000 by default.",
    )


# --- inputs of the hidden tests -----------------------------------------------------------------


def random_parameters(rng: np.random.Generator, layers_dims: tuple[int, ...]) -> dict:
    """Parameters W1, b1, ... of a network of ``layers_dims``, drawn from N(0, 1) by ``rng``."""
    parameters = {}
    for layer in range(1, len(layers_dims)):
        shape = (layers_dims[layer], layers_dims[layer - 1])
        parameters[f"W{layer}"] = rng.normal(size=shape)
        parameters[f"b{layer}"] = rng.normal(size=(layers_dims[layer], 1))
    return parameters


def random_grads(rng: np.random.Generator, layers_dims: tuple[int, ...]) -> dict:
    """Gradients (or averages) dW1, db1, ... of a network of ``layers_dims``, from N(0, 1)."""
    return {f"d{key}": value for key, value in random_parameters(rng, layers_dims).items()}
