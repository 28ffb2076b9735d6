"""Public checks of the graded lab c4w2-initialization-regularization.

The expected values are written out: zeros; the first draws of NumPy's legacy generator after
``np.random.seed(5)`` (the random initializations scale them); and, for the L2 and dropout
exercises, one small network worked through by hand (integer and half weights, three examples), its
results listed below to full precision. The dropout masks come from the stated draws of
``np.random.seed(2)`` and ``np.random.seed(3)``, kept where the draw is below ``keep_prob``.

Results that are dictionaries (parameters, gradients) are checked key by key, so that a message
names the wrong entry; only the entries a test names are compared (the gradient dictionaries also
hold dZ and dA, which these checks leave alone).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from utils import records
from utils.checks import CheckFailed, _fmt, learners_result, matches

# np.random.seed(5); np.random.randn(8): the draws the random initializations scale, in order.
_DRAWS_SEED5 = np.array([
    0.44122748688504143, -0.33087015189408764, 2.43077118700778, -0.2520921296030769,
    0.10960984157818278, 1.5824811170615634, -0.9092324048562419, -0.5916366579302884,
])  # fmt: skip

# The hand-worked network [2, 3, 2, 1] on three examples.
_X = np.array([[1.0, -1.0, 2.0], [0.5, 1.0, -0.5]])
_Y = np.array([[1.0, 0.0, 1.0]])
_PARAMETERS = {
    "W1": np.array([[1.0, -1.0], [0.5, 2.0], [-1.0, 1.0]]),
    "b1": np.array([[0.0], [-1.0], [0.25]]),
    "W2": np.array([[1.0, -0.5, 1.0], [0.5, 1.0, -1.0]]),
    "b2": np.array([[0.25], [-0.5]]),
    "W3": np.array([[1.0, -1.0]]),
    "b3": np.array([[0.5]]),
}
_DATA = "the hand-worked network [2, 3, 2, 1] on X=[[1, -1, 2], [0.5, 1, -0.5]], Y=[[1, 0, 1]]"
# Forward propagation without dropout: Z1 = W1 X + b1, A1 = relu(Z1), and so on.
_Z1 = np.array([[0.5, -2.0, 2.5], [0.5, 0.5, -1.0], [-0.25, 2.25, -2.25]])
_A1 = np.maximum(_Z1, 0)
_Z2 = np.array([[0.5, 2.25, 2.75], [0.25, -2.25, 0.75]])
_A2 = np.maximum(_Z2, 0)
_Z3 = np.array([[0.75, 2.75, 2.5]])
_A3 = np.array([[0.679178699175393, 0.9399133498259924, 0.9241418199787566]])  # sigmoid(Z3)
_CACHE = (_Z1, _A1, _PARAMETERS["W1"], _PARAMETERS["b1"], _Z2, _A2, _PARAMETERS["W2"],
          _PARAMETERS["b2"], _Z3, _A3, _PARAMETERS["W3"], _PARAMETERS["b3"])  # fmt: skip
# Its gradients without the penalty (dZ3 = A3 - Y, then down the layers, each dW and db over m=3).
_GRADS = {
    "dW1": np.array(
        [
            [-0.07875627681118232, -0.0204135934002803],
            [0.31706287538330225, -0.07644689976484698],
            [-0.31330444994199746, 0.31330444994199746],
        ]
    ),
    "db1": np.array([[-0.06611324680764175], [0.00375842544130478], [0.31330444994199746]]),
    "dW2": np.array(
        [
            [-0.11668536682180404, 0.10318200816689756, 0.7049350123694943],
            [0.11668536682180404, 0.05347021680410117, 0.0],
        ]
    ),
    "db2": np.array([[0.18107795632671397], [0.1322264936152835]]),
    "dW3": np.array([[0.58192813054592, -0.04569965340736145]]),
    "db3": np.array([[0.18107795632671397]]),
}

# The same network with dropout, keep_prob = 0.5, and the masks D1, D2 chosen by hand; each unit
# of A1 and A2 is relu(Z) times its mask, divided by 0.5.
_D1 = np.array([[1, 0, 1], [1, 1, 0], [0, 1, 1]])
_D2 = np.array([[1, 1, 0], [0, 1, 1]])
_A1_DROP = np.array([[1.0, 0.0, 5.0], [1.0, 1.0, 0.0], [0.0, 4.5, 0.0]])
_Z2_DROP = np.array([[0.75, 4.25, 5.25], [1.0, -4.0, 2.0]])
_A2_DROP = np.array([[1.5, 8.5, 0.0], [0.0, 0.0, 4.0]])
_Z3_DROP = np.array([[2.0, 9.0, -3.5]])
_A3_DROP = np.array([[0.8807970779778823, 0.9998766054240137, 0.02931223075135632]])
_DROP_CACHE = (_Z1, _D1, _A1_DROP, _PARAMETERS["W1"], _PARAMETERS["b1"], _Z2_DROP, _D2, _A2_DROP,
               _PARAMETERS["W2"], _PARAMETERS["b2"], _Z3_DROP, _A3_DROP, _PARAMETERS["W3"],
               _PARAMETERS["b3"])  # fmt: skip
_GRADS_DROP = {
    "dW1": np.array(
        [
            [1.135313129635368, -0.40303120443095963],
            [0.7460530182974209, -0.6268500962753033],
            [-1.3331688072320182, 1.3331688072320182],
        ]
    ),
    "db1": np.array([[0.4881879501362722], [-0.5871157889345974], [1.3331688072320182]]),
    "dW2": np.array(
        [
            [-0.0794686146814118, 0.5871157889345974, 2.999629816272041],
            [3.235625897495479, 0.0, 0.0],
        ]
    ),
    "db2": np.array([[0.5871157889345974], [0.6471251794990958]]),
    "dW3": np.array([[2.77338225435698, -1.2942503589981915]]),
    "db3": np.array([[-0.03000469528224921]]),
}
# The gradients when dA2 and dA1 are divided by keep_prob but not masked.
_GRADS_DROP_NO_MASK = {
    "dW1": np.array(
        [
            [-1.3737189736796032, 0.283828282408842],
            [0.9049902476602445, -0.5473814815938914],
            [-1.3331688072320182, 1.3331688072320182],
        ]
    ),
    "db1": np.array([[-0.7265937941805075], [-0.42817855957177375], [1.3331688072320182]]),
    "dW2": np.array(
        [
            [-3.315094512176891, 0.5871157889345974, 2.999629816272041],
            [3.315094512176891, 0.0794686146814118, 0.0],
        ]
    ),
    "db2": np.array([[-0.06000939056449842], [0.7265937941805075]]),
}

# Forward propagation with dropout of the hand-worked network after np.random.seed(seed):
# seed 3, keep_prob 0.8: the draws [[0.551, 0.708, 0.291], [0.511, 0.893, 0.896], [0.126, 0.207,
# 0.051]] for D1, then [[0.441, 0.030, 0.457], [0.649, 0.278, 0.676]] for D2 (all below 0.8).
# seed 2, keep_prob 0.5: the draws [[0.436, 0.026, 0.550], [0.435, 0.420, 0.330], [0.205, 0.619,
# 0.300]], then [[0.267, 0.621, 0.529], [0.135, 0.514, 0.184]].
_SEEDED = {
    (3, 0.8): {
        "D1": np.array([[1, 1, 1], [1, 0, 0], [1, 1, 1]]),
        "A1": np.array([[0.625, 0.0, 3.125], [0.625, 0.0, 0.0], [0.0, 2.8125, 0.0]]),
        "D2": np.array([[1, 1, 1], [1, 1, 1]]),
        "A2": np.array([[0.703125, 3.828125, 4.21875], [0.546875, 0.0, 1.328125]]),
        "A3": np.array([[0.658417500561683, 0.9869795098861571, 0.9674102552339746]]),
        "other rule": np.array([[1, 1, 1], [1, 1, 1], [0, 1, 0]]),  # D1 of draw > 1 - keep_prob
    },
    (2, 0.5): {
        "D1": np.array([[1, 1, 0], [1, 1, 1], [1, 0, 1]]),
        "A1": np.array([[1.0, 0.0, 0.0], [1.0, 1.0, 0.0], [0.0, 0.0, 0.0]]),
        "D2": np.array([[1, 0, 0], [1, 0, 1]]),
        "A2": np.array([[1.5, 0.0, 0.0], [2.0, 0.0, 0.0]]),
        "A3": np.array([[0.5, 0.6224593312018546, 0.6224593312018546]]),
        "other rule": np.array([[0, 0, 1], [0, 0, 0], [0, 1, 0]]),
    },
}

_GRAD_NAMES = ("dW1", "db1", "dW2", "db2", "dW3", "db3")


@dataclass(frozen=True)
class DictCase:
    """One call whose result is a dictionary of arrays.

    Attributes:
        args: the positional arguments.
        expected: the right entries (only these are compared, unless ``exact_keys``).
        describe: the call as the learner reads it.
        hints: pairs (wrong entries, hint); a hint applies when the result matches all its entries.
        seed: if set, ``np.random.seed(seed)`` runs right before the call.
        exact_keys: the result must have exactly the expected keys.
    """

    args: tuple
    expected: dict
    describe: str
    hints: Sequence[tuple[dict, str]] = field(default_factory=tuple)
    seed: int | None = None
    exact_keys: bool = False


def _call(fn: Callable, name: str, args: tuple, describe: str, seed: int | None) -> Any:
    """Call the learner's function (after seeding NumPy's generator, if asked) and record it."""
    call = f"{name}({describe})"
    if seed is not None:
        np.random.seed(seed)
    got = learners_result(fn, call, *args)
    records.record(call, got)  # compared with the instructor's result by the autograder
    return got


def _entry_problem(key: str, got: Any, expected: np.ndarray) -> str | None:
    """A message when one entry has the wrong shape."""
    shape, want = np.shape(got), np.shape(expected)
    if shape == want:
        return None
    if key.startswith("b") and shape == want[:1]:
        return f"{key} has shape {shape}: keep it a column of shape {want}, with np.zeros((n, 1))."
    if key.startswith("W") and shape == want[::-1]:
        return (
            f"{key} has shape {shape}, expected {want}: W<l> has layers_dims[l] rows (the units "
            "of layer l) and layers_dims[l - 1] columns (the units of the layer before)."
        )
    return f"{key} should have shape {want}, got {shape}."


SEEDED_INSIDE = (
    "your function gives the same result whatever the caller's seed: do not call np.random.seed "
    "in it (the caller seeds the generator)."
)


def _ignores_seed(fn: Callable, case: DictCase, got: dict) -> bool:
    """True when calling again after another seed gives the same result (seeded inside)."""
    np.random.seed(case.seed + 1)
    try:
        again = fn(*case.args)
    except Exception:
        return False
    return isinstance(again, dict) and _same_entries(again, got)


def _same_entries(got: dict, wanted: dict) -> bool:
    return all(key in got and matches(got[key], value) for key, value in wanted.items())


def run_dict_cases(
    fn: Callable, name: str, cases: Sequence[DictCase], *, default_hint: str
) -> None:
    """Call ``fn`` on each case; print a pass line, or raise CheckFailed at the first wrong one.

    Args:
        fn: the learner's function, returning a dictionary.
        name: its name, as the exercise calls it.
        cases: the calls, each with the expected entries.
        default_hint: the hint when no typical mistake matches.
    """
    if not callable(fn):
        raise CheckFailed(f"{name} should be a function, got {type(fn).__name__}")
    for case in cases:
        call = f"{name}({case.describe})"
        got = _call(fn, name, case.args, case.describe, case.seed)
        if not isinstance(got, dict):
            raise CheckFailed(f"{call}: expected a dictionary, got {type(got).__name__}.")
        missing = [key for key in case.expected if key not in got]
        extra = [key for key in got if key not in case.expected] if case.exact_keys else []
        if missing or extra:
            raise CheckFailed(
                f"{call}: expected the keys {list(case.expected)}, got {list(got)}.\n"
                f"Hint: {'missing ' + ', '.join(missing) if missing else ''}"
                f"{'; ' if missing and extra else ''}{'extra ' + ', '.join(extra) if extra else ''}"
                ". The loop runs over l = 1, ..., L - 1 with L = len(layers_dims), and each key is "
                '"W" + str(l) or "b" + str(l).'
            )
        for key, value in case.expected.items():
            problem = _entry_problem(key, got[key], value)
            if problem:
                raise CheckFailed(f"{call}: {problem}")
        for key, value in case.expected.items():
            if not matches(got[key], value):
                hint = next((h for wrong, h in case.hints if _same_entries(got, wrong)), None)
                if hint is None and case.seed is not None and _ignores_seed(fn, case, got):
                    hint = SEEDED_INSIDE
                raise CheckFailed(
                    f"{call}: {key} expected {_fmt(value)}, got {_fmt(got[key])}.\n"
                    f"Hint: {hint or default_hint}"
                )
    print(f"{name}: all {len(cases)} public tests passed.")


def _zeros(dims: Sequence[int]) -> dict:
    """The expected zero parameters of a network with these layer sizes."""
    parameters = {}
    for layer in range(1, len(dims)):
        parameters[f"W{layer}"] = np.zeros((dims[layer], dims[layer - 1]))
        parameters[f"b{layer}"] = np.zeros((dims[layer], 1))
    return parameters


def _from_draws(scale_1: float, scale_2: float) -> dict:
    """The parameters of [3, 2, 1] after np.random.seed(5): W1 the first six draws (2 x 3), W2 the
    next two (1 x 2), times their scales; biases zero."""
    return {
        "W1": _DRAWS_SEED5[:6].reshape(2, 3) * scale_1,
        "b1": np.zeros((2, 1)),
        "W2": _DRAWS_SEED5[6:8].reshape(1, 2) * scale_2,
        "b2": np.zeros((1, 1)),
    }


def check_initialize_parameters_zeros(initialize_parameters_zeros: Callable) -> None:
    """Check ``initialize_parameters_zeros(layers_dims)`` on three networks."""
    cases = [
        DictCase(([3, 2, 1],), _zeros([3, 2, 1]), "[3, 2, 1]", exact_keys=True),
        DictCase(([2, 4, 3, 1],), _zeros([2, 4, 3, 1]), "[2, 4, 3, 1]", exact_keys=True),
        DictCase(([5, 1],), _zeros([5, 1]), "[5, 1]", exact_keys=True),
    ]
    run_dict_cases(
        initialize_parameters_zeros,
        "initialize_parameters_zeros",
        cases,
        default_hint="every W<l> = np.zeros((layers_dims[l], layers_dims[l - 1])) and every "
        "b<l> = np.zeros((layers_dims[l], 1)).",
    )


def check_initialize_parameters_random(initialize_parameters_random: Callable) -> None:
    """Check ``initialize_parameters_random(layers_dims)`` after np.random.seed(5)."""
    name = "initialize_parameters_random"
    cases = [
        DictCase(
            ([3, 2, 1],),
            _from_draws(10.0, 10.0),
            "[3, 2, 1], after np.random.seed(5)",
            hints=[
                (
                    {"W1": _DRAWS_SEED5[:6].reshape(2, 3)},
                    "multiply the standard normal draws by 10.",
                ),
                (
                    {"W1": _DRAWS_SEED5[:6].reshape(2, 3) * 0.01},
                    "this exercise's scale is 10, not 0.01.",
                ),
                (
                    {"W1": _DRAWS_SEED5[:6].reshape(3, 2).T * 10},
                    "draw the matrix in its own shape, "
                    "np.random.randn(layers_dims[l], layers_dims[l - 1]), not transposed.",
                ),
            ],
            seed=5,
            exact_keys=True,
        ),
    ]
    run_dict_cases(
        initialize_parameters_random,
        name,
        cases,
        default_hint="W<l> = np.random.randn(layers_dims[l], layers_dims[l - 1]) * 10, drawn in "
        "the order W1, W2, ..., with np.random.randn (not np.random.rand, which is uniform), and "
        "without seeding; b<l> = zeros.",
    )


def check_initialize_parameters_he(initialize_parameters_he: Callable) -> None:
    """Check ``initialize_parameters_he(layers_dims)`` after np.random.seed(5)."""
    name = "initialize_parameters_he"
    w1 = _DRAWS_SEED5[:6].reshape(2, 3)
    cases = [
        DictCase(
            ([3, 2, 1],),
            _from_draws(np.sqrt(2 / 3), np.sqrt(2 / 2)),
            "[3, 2, 1], after np.random.seed(5)",
            hints=[
                (
                    {"W1": w1 * np.sqrt(2 / 2)},
                    "the factor uses the size of the previous layer, "
                    "layers_dims[l - 1], not layers_dims[l].",
                ),
                (
                    {"W1": w1 * np.sqrt(1 / 3)},
                    "He initialization is sqrt(2 / n), not sqrt(1 / n) (that one is Xavier's).",
                ),
                ({"W1": w1 * 2 / 3}, "take the square root: sqrt(2 / layers_dims[l - 1])."),
                ({"W1": w1 * 10}, "the factor is sqrt(2 / layers_dims[l - 1]), not 10."),
            ],
            seed=5,
            exact_keys=True,
        ),
    ]
    run_dict_cases(
        initialize_parameters_he,
        name,
        cases,
        default_hint="W<l> = np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(2 / "
        "layers_dims[l - 1]), in the order W1, W2, ..., without seeding; b<l> = zeros.",
    )


def check_compute_cost_with_regularization(compute_cost_with_regularization: Callable) -> None:
    """Check ``compute_cost_with_regularization(A3, Y, parameters, lambd)`` on the hand-worked
    network: the squared weights add up to 8.25 + 4.5 + 2 = 14.75, the squared biases to
    1.0625 + 0.3125 + 0.25 = 1.625."""
    from utils.checks import Case, run_cases

    # The cross-entropy of A3 = [0.8, 0.4, 0.9] against Y = [1, 0, 1]:
    # -(log 0.8 + log 0.6 + log 0.9) / 3.
    A3 = np.array([[0.8, 0.4, 0.9]])
    cross_entropy = -(np.log(0.8) + np.log(0.6) + np.log(0.9)) / 3
    squares, bias_squares, m = 14.75, 1.625, 3
    args = f"A3=[[0.8, 0.4, 0.9]], Y=[[1, 0, 1]], {_DATA.split(' on ')[0]}"
    cases = [
        Case(
            (A3, _Y, _PARAMETERS, 0.6),
            cross_entropy + 0.6 / (2 * m) * squares,
            f"{args}, lambd=0.6",
            hints=[
                (cross_entropy, "add the L2 penalty to the cross-entropy cost."),
                (cross_entropy + 0.6 / m * squares, "the penalty is lambd / (2m), not lambd / m."),
                (cross_entropy + 0.6 / 2 * squares, "divide the penalty by m too: lambd / (2m)."),
                (
                    cross_entropy + 0.6 / (2 * m) * (squares + bias_squares),
                    "penalize the weights W1, W2, W3 only, not the biases.",
                ),
                (
                    cross_entropy + 0.6 / (2 * m) * (2.5**2 + 2.0**2 + 0.0**2),
                    "square each weight before adding: np.sum(np.square(W)), not np.sum(W) ** 2.",
                ),
            ],
        ),
        Case((A3, _Y, _PARAMETERS, 0.0), cross_entropy, f"{args}, lambd=0"),
    ]
    run_cases(
        compute_cost_with_regularization,
        "compute_cost_with_regularization",
        cases,
        default_hint="compute_cost(A3, Y) + lambd / (2m) * (np.sum(np.square(W1)) + "
        "np.sum(np.square(W2)) + np.sum(np.square(W3))), with m = Y.shape[1].",
    )


def _penalized(grads: dict, lambd: float, factor: float = 1.0, on_b: bool = False) -> dict:
    """The hand-worked gradients plus factor * lambd / m times each W (and b, if on_b)."""
    result = dict(grads)
    for layer in (1, 2, 3):
        result[f"dW{layer}"] = grads[f"dW{layer}"] + factor * lambd / 3 * _PARAMETERS[f"W{layer}"]
        if on_b:
            result[f"db{layer}"] = (
                grads[f"db{layer}"] + factor * lambd / 3 * _PARAMETERS[f"b{layer}"]
            )
    return result


def check_backward_propagation_with_regularization(
    backward_propagation_with_regularization: Callable,
) -> None:
    """Check ``backward_propagation_with_regularization(X, Y, cache, lambd)`` on the hand-worked
    network: the gradients without penalty plus lambd / 3 times each W."""
    wrong_b = _penalized(_GRADS, 0.6, on_b=True)
    cases = [
        DictCase(
            (_X, _Y, _CACHE, 0.6),
            {key: value for key, value in _penalized(_GRADS, 0.6).items()},
            f"{_DATA}, lambd=0.6",
            hints=[
                (_penalized(_GRADS, 0.0), "add lambd / m * W<l> to each dW<l>."),
                (
                    _penalized(_GRADS, 0.6, 0.5),
                    "the penalty's derivative is lambd / m * W, not lambd / (2m) * W.",
                ),
                (
                    _penalized(_GRADS, 0.6, 3.0),
                    "divide the penalty's derivative by m: lambd / m * W.",
                ),
                (
                    _penalized(_GRADS, 0.6, -1.0),
                    "add the penalty's derivative, do not subtract it.",
                ),
                (wrong_b, "do not penalize the biases: db<l> stays as without regularization."),
            ],
        ),
        DictCase((_X, _Y, _CACHE, 0.0), _GRADS, f"{_DATA}, lambd=0"),
    ]
    run_dict_cases(
        backward_propagation_with_regularization,
        "backward_propagation_with_regularization",
        cases,
        default_hint="dW3 = dZ3 @ A2.T / m + lambd / m * W3, and the same pattern for dW2 (with "
        "dZ2, A1) and dW1 (with dZ1, X); the other lines are given.",
    )


def _as_float(value: Any) -> np.ndarray | None:
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None


def check_forward_propagation_with_dropout(forward_propagation_with_dropout: Callable) -> None:
    """Check ``forward_propagation_with_dropout(X, parameters, keep_prob)`` on the hand-worked
    network: after a seed, masks drawn as stated; with keep_prob = 1, no unit dropped."""
    name = "forward_propagation_with_dropout"
    fn = forward_propagation_with_dropout
    if not callable(fn):
        raise CheckFailed(f"{name} should be a function, got {type(fn).__name__}")
    plain = {"D1": np.ones((3, 3)), "A1": _A1, "D2": np.ones((2, 3)), "A2": _A2, "A3": _A3}
    cases = [((3, 0.8), _SEEDED[(3, 0.8)]), ((2, 0.5), _SEEDED[(2, 0.5)]), ((4, 1.0), plain)]
    positions = {"D1": 1, "A1": 2, "D2": 6, "A2": 7}
    for (seed, keep_prob), expected in cases:
        describe = (
            f"{_DATA.split(' on ')[0]}, X=[[1, -1, 2], [0.5, 1, -0.5]], keep_prob={keep_prob}"
        )
        call = f"{name}({describe}) after np.random.seed({seed})"
        got = _call(
            fn, name, (_X, _PARAMETERS, keep_prob), f"{describe}) after np.random.seed({seed}", seed
        )
        if not (isinstance(got, tuple | list) and len(got) == 2):
            raise CheckFailed(f"{call}: expected a tuple (A3, cache).")
        A3, cache = got
        if not (isinstance(cache, tuple | list) and len(cache) == 14):
            raise CheckFailed(
                f"{call}: the cache should be the 14 items (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2,"
                " Z3, A3, W3, b3); keep the given cache line."
            )
        parts = {key: _as_float(cache[i]) for key, i in positions.items()} | {"A3": _as_float(A3)}
        for key in ("D1", "A1", "D2", "A2", "A3"):
            want, have = expected[key], parts[key]
            if have is not None and have.shape == want.shape and matches(have, want):
                continue
            hint = _dropout_hint(key, have, expected, keep_prob)
            if key == "D1" and keep_prob < 1 and _masks_ignore_seed(fn, seed, keep_prob, have):
                hint = SEEDED_INSIDE
            raise CheckFailed(
                f"{call}: {key} expected {_fmt(want)}, got {_fmt(have)}.\nHint: {hint}"
            )
    print(f"{name}: all {len(cases)} public tests passed.")


def _masks_ignore_seed(fn: Callable, seed: int, keep_prob: float, mask: Any) -> bool:
    """True when the first mask after another seed is the same (the function seeds itself)."""
    np.random.seed(seed + 10)
    try:
        _, cache = fn(_X, _PARAMETERS, keep_prob)
        return matches(_as_float(cache[1]), mask)
    except Exception:
        return False


def _dropout_hint(key: str, have: np.ndarray | None, expected: dict, keep_prob: float) -> str:
    """The hint for a wrong mask, activation or output of the dropout forward pass."""
    want = expected[key]
    if have is None or have.shape != want.shape:
        return f"{key} has the shape of the activations it masks, (units, examples)."
    if key in ("D1", "D2"):
        if matches(have, 1 - want):
            return "the mask is 1 where the unit is KEPT: np.random.rand(...) < keep_prob."
        if key == "D1" and "other rule" in expected and matches(have, expected["other rule"]):
            return (
                "keep a unit when its draw is below keep_prob (D < keep_prob), the convention "
                "every answer follows, not when it is above 1 - keep_prob."
            )
        return (
            "draw each mask with one call of np.random.rand(A.shape[0], A.shape[1]) right "
            "after its layer's ReLU (D1 first, then D2), keep where the draw < keep_prob, and do "
            "not seed the generator."
        )
    if key in ("A1", "A2") and matches(have, want * keep_prob):
        return "divide the kept activations by keep_prob (inverted dropout)."
    if key in ("A1", "A2") and keep_prob < 1 and matches(have, want * keep_prob**2):
        return "divide by keep_prob, do not multiply by it."
    if key in ("A1", "A2"):
        return f"{key} = {key} * D{key[1]} / keep_prob: the ReLU's output, masked, then scaled."
    return "the output layer has no dropout: A3 = sigmoid(W3 @ A2 + b3) with A2 after dropout."


def _scaled(grads: dict, layer_2: float, layer_1: float) -> dict:
    """The hand-worked dropout gradients with dA2 scaled by layer_2 and dA1 by layer_1 more."""
    return {
        "dW2": grads["dW2"] * layer_2,
        "db2": grads["db2"] * layer_2,
        "dW1": grads["dW1"] * layer_2 * layer_1,
        "db1": grads["db1"] * layer_2 * layer_1,
    }


def check_backward_propagation_with_dropout(backward_propagation_with_dropout: Callable) -> None:
    """Check ``backward_propagation_with_dropout(X, Y, cache, keep_prob)`` on the hand-worked
    network with the masks D1, D2 chosen by hand, and with every unit kept."""
    plain_cache = (_Z1, np.ones((3, 3), dtype=int), _A1, _PARAMETERS["W1"], _PARAMETERS["b1"],
                   _Z2, np.ones((2, 3), dtype=int), _A2, _PARAMETERS["W2"], _PARAMETERS["b2"],
                   _Z3, _A3, _PARAMETERS["W3"], _PARAMETERS["b3"])  # fmt: skip
    describe = (
        f"{_DATA}, the cache of a forward pass with masks D1=[[1, 0, 1], [1, 1, 0], "
        "[0, 1, 1]], D2=[[1, 1, 0], [0, 1, 1]], keep_prob=0.5"
    )
    cases = [
        DictCase(
            (_X, _Y, _DROP_CACHE, 0.5),
            _GRADS_DROP,
            describe,
            hints=[
                (_scaled(_GRADS_DROP, 0.5, 0.5), "divide dA2 and dA1 by keep_prob after masking."),
                (_scaled(_GRADS_DROP, 0.5, 1.0), "divide dA2 by keep_prob too."),
                (_scaled(_GRADS_DROP, 1.0, 0.5), "divide dA1 by keep_prob too."),
                (_scaled(_GRADS_DROP, 0.25, 0.25), "divide by keep_prob, do not multiply."),
                (
                    _GRADS_DROP_NO_MASK,
                    "multiply dA2 by D2 and dA1 by D1: the dropped units get no gradient.",
                ),
            ],
        ),
        DictCase(
            (_X, _Y, plain_cache, 1.0),
            _GRADS,
            f"{_DATA}, every unit kept (masks of ones), keep_prob=1",
        ),
    ]
    run_dict_cases(
        backward_propagation_with_dropout,
        "backward_propagation_with_dropout",
        cases,
        default_hint="right after dA2 = W3.T @ dZ3: dA2 = dA2 * D2 / keep_prob; right after "
        "dA1 = W2.T @ dZ2: dA1 = dA1 * D1 / keep_prob (the masks from the cache).",
    )
