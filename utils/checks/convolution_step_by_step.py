"""Public checks of the graded lab c4w3-convolution-step-by-step.

Every expected value below is worked out by hand on images of a few pixels (the worked examples
are in the comments), or, for the one case with several channels and filters, written out as the
numbers TensorFlow's ``tf.nn.conv2d`` gives. The checks of ``conv_forward`` run with trusted
helpers in place of the learner's ``zero_pad`` and ``conv_single_step``, built on SciPy's
convolutions, so that a mistake in an earlier exercise costs that exercise only.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import Any

import numpy as np
from scipy import signal

from utils.checks import Case, CheckFailed, learners_result, run_cases, substitute

# The 3 x 3 image [[1, 2, 3], [4, 5, 6], [7, 8, 9]] (one example, one channel) and the 4 x 4 image
# [[0, 1, 2, 3], ..., [12, 13, 14, 15]] of the pooling checks.
_NINE = np.arange(1.0, 10.0).reshape(1, 3, 3, 1)
_SIXTEEN = np.arange(16.0).reshape(1, 4, 4, 1)


def _image(rows: list[list[float]]) -> np.ndarray:
    """One example with one channel: shape (1, n_H, n_W, 1)."""
    return np.array(rows, dtype=float)[np.newaxis, :, :, np.newaxis]


def _trusted_zero_pad(X: np.ndarray, pad: int) -> np.ndarray:
    """X with ``pad`` zeros around its height and width: the full convolution of X with a unit
    impulse at the centre of a (1, 2 pad + 1, 2 pad + 1, 1) kernel (SciPy)."""
    impulse = np.zeros((1, 2 * pad + 1, 2 * pad + 1, 1))
    impulse[0, pad, pad, 0] = 1.0
    return signal.convolve(np.asarray(X, dtype=float), impulse, mode="full", method="direct")


def _trusted_conv_single_step(a_slice_prev: np.ndarray, W: np.ndarray, b: np.ndarray) -> float:
    """One filter on one window: SciPy's "valid" cross-correlation of two arrays of one shape."""
    window = signal.correlate(a_slice_prev, W, mode="valid", method="direct")
    return float(window.item() + np.asarray(b).item())


def trusted_helpers(fn: Callable) -> AbstractContextManager[None]:
    """While the block runs, ``fn`` calls trusted helpers where it calls ``zero_pad`` and
    ``conv_single_step``.

    Args:
        fn: the learner's function (``conv_forward``).
    """
    return substitute(fn, zero_pad=_trusted_zero_pad, conv_single_step=_trusted_conv_single_step)


def _call(fn: Callable, name: str, args: tuple, describe: str) -> Any:
    """The learner's result on one call, with the learner's traceback if it raises."""
    return learners_result(fn, f"{name}({describe})", *copy.deepcopy(args))


def _run(
    fn: Callable,
    name: str,
    cases: Sequence[Case],
    *,
    default_hint: str,
    shape_hints: dict[tuple[int, ...], str],
) -> None:
    """``run_cases``, with a hint when a result has one of the shapes typical mistakes give."""
    results = []

    def spy(*args):
        result = fn(*args)
        results.append(result)
        return result

    try:
        run_cases(spy, name, cases, default_hint=default_hint)
    except CheckFailed as failed:
        shape = np.shape(results[-1]) if results and not isinstance(results[-1], tuple) else None
        if "Hint:" not in str(failed) and shape in shape_hints:
            raise CheckFailed(f"{failed}\nHint: {shape_hints[shape]}") from None
        raise


def _same_array(got: Any, expected: np.ndarray) -> bool:
    try:
        got = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return False
    return got.shape == expected.shape and bool(np.allclose(got, expected))


def _check_returns_pair(fn: Callable, name: str, case: Case, kept: str) -> None:
    """The learner's function returns a pair (output, cache)."""
    output = "Z" if name == "conv_forward" else "A"
    result = _call(fn, name, case.args, case.describe)
    if not isinstance(result, tuple | list) or len(result) != 2:
        raise CheckFailed(
            f"{name}({case.describe}): expected a tuple ({output}, cache), got "
            f"{type(result).__name__}.\nHint: end with `cache = ({kept})` and "
            f"`return {output}, cache`."
        )


def _check_cache(fn: Callable, name: str, case: Case, parts: Sequence[tuple[str, Any]]) -> None:
    """The cache the learner's function returns holds ``parts``, in this order."""
    kept = ", ".join(part for part, _ in parts)
    call = f"{name}({case.describe})"
    cache = _call(fn, name, case.args, case.describe)[1]
    if not isinstance(cache, tuple | list) or len(cache) != len(parts):
        raise CheckFailed(
            f"{call}: the cache should be the tuple ({kept}).\nHint: keep the given line "
            f"`cache = ({kept})`."
        )
    for (part, value), got in zip(parts, cache, strict=True):
        if isinstance(value, dict):
            same = isinstance(got, dict) and got == value
        else:
            same = _same_array(got, value)
        if not same:
            hint = f"keep the given line `cache = ({kept})`"
            if part == "A_prev" and np.shape(got) != np.shape(value):
                hint = "the cache keeps A_prev as it came in, not the padded A_prev_pad"
            raise CheckFailed(
                f"{call}: the cache's {part} is not the one passed in.\nHint: {hint}."
            )


def check_zero_pad(zero_pad: Callable) -> None:
    """Check ``zero_pad(X, pad)`` on three small batches."""
    four = _image([[1, 2], [3, 4]])
    # pad = 1: the 2 x 2 image in the middle of a 4 x 4 frame of zeros.
    framed = _image([[0, 0, 0, 0], [0, 1, 2, 0], [0, 3, 4, 0], [0, 0, 0, 0]])
    edge = _image([[1, 1, 2, 2], [1, 1, 2, 2], [3, 3, 4, 4], [3, 3, 4, 4]])
    # Two examples of 1 x 2 pixels with 3 channels, pad = 2: shape (2, 5, 6, 3), the pixels at
    # row 2, columns 2 and 3.
    X = np.arange(1.0, 13.0).reshape(2, 1, 2, 3)
    padded = np.zeros((2, 5, 6, 3))
    padded[:, 2, 2:4, :] = X[:, 0]
    cases = [
        Case(
            (four, 1),
            framed,
            "X of shape (1, 2, 2, 1) holding [[1, 2], [3, 4]], pad=1",
            hints=[(edge, 'pad with zeros: mode="constant", constant_values=0.')],
        ),
        Case((X, 2), padded, "X = np.arange(1, 13).reshape(2, 1, 2, 3), pad=2"),
        Case((four, 0), four, "X of shape (1, 2, 2, 1) holding [[1, 2], [3, 4]], pad=0"),
    ]
    _run(
        zero_pad,
        "zero_pad",
        cases,
        default_hint="pad axes 1 and 2 (height and width) with `pad` zeros on both sides: "
        "np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)), mode='constant').",
        shape_hints={
            (3, 4, 4, 3): "pad the height and width only (axes 1 and 2): the pairs of the "
            "examples' and the channels' axes are (0, 0).",
            (6, 5, 6, 7): "pad the height and width only (axes 1 and 2): the pairs of the "
            "examples' and the channels' axes are (0, 0).",
            (1, 3, 3, 1): "pad both sides: (pad, pad) for each spatial axis, not (0, pad).",
            (2, 3, 4, 3): "pad both sides: (pad, pad) for each spatial axis, not (0, pad).",
            (2, 5, 2, 7): "axis 2 is the width and axis 3 the channels: pad axes 1 and 2.",
            (4, 4): "keep the four axes (m, n_H, n_W, n_C) of X.",
        },
    )


def check_conv_single_step(conv_single_step: Callable) -> None:
    """Check ``conv_single_step(a_slice_prev, W, b)`` on three hand-worked windows."""
    # One channel: [[1, 2], [3, 4]] * [[1, 0], [0, -1]] sums to 1 - 4 = -3; plus b = 0.5.
    a1 = np.array([[1.0, 2.0], [3.0, 4.0]])[:, :, np.newaxis]
    W1 = np.array([[1.0, 0.0], [0.0, -1.0]])[:, :, np.newaxis]
    # Two channels: channel 0 of the window times ones sums to 10, channel 1 ([[0, 1], [1, 0]])
    # times [[0, 3], [0, 0]] to 3; plus b = -1.
    a2 = np.stack([[[1.0, 2.0], [3.0, 4.0]], [[0.0, 1.0], [1.0, 0.0]]], axis=-1)
    W2 = np.stack([np.ones((2, 2)), [[0.0, 3.0], [0.0, 0.0]]], axis=-1)
    # 3 x 3 x 3: halves times 0, 1, ..., 26 sum to 351 / 2 = 175.5; plus b = 2.
    a3, W3 = np.full((3, 3, 3), 0.5), np.arange(27.0).reshape(3, 3, 3)
    cases = [
        Case(
            (a1, W1, np.array([[[0.5]]])),
            -2.5,
            "a_slice_prev=[[1, 2], [3, 4]], W=[[1, 0], [0, -1]] (one channel), b=[[[0.5]]]",
            hints=[(-3.0, "did you add the bias b?"), (-3.5, "add the bias b, not subtract it.")],
        ),
        Case(
            (a2, W2, np.array([[[-1.0]]])),
            12.0,
            "a_slice_prev and W of shape (2, 2, 2), b=[[[-1]]]",
            hints=[
                (13.0, "did you add the bias b?"),
                (9.0, "sum the products over every channel, not channel 0 only."),
            ],
        ),
        Case(
            (a3, W3, np.array([[[2.0]]])),
            177.5,
            "a_slice_prev = np.full((3, 3, 3), 0.5), W = np.arange(27).reshape(3, 3, 3), b=[[[2]]]",
            hints=[(175.5, "did you add the bias b?")],
        ),
    ]
    _run(
        conv_single_step,
        "conv_single_step",
        cases,
        default_hint="Z = np.sum(a_slice_prev * W) + b.item(): the elementwise product, summed, "
        "plus the bias.",
        shape_hints={
            (1, 1, 1): "return a single number: add the number b holds, b.item(), not the array "
            "b of shape (1, 1, 1).",
            (2, 2, 1): "sum the elementwise products with np.sum: the result is one number.",
            (2, 2, 2): "sum the elementwise products with np.sum: the result is one number.",
            (3, 3, 3): "sum the elementwise products with np.sum: the result is one number.",
        },
    )


def check_conv_forward(conv_forward: Callable) -> None:
    """Check ``conv_forward(A_prev, W, b, hparameters)`` → ``(Z, cache)`` on three layers."""
    # The filter [[1, 2], [0, 0]] on the image 1..9: Z[h, w] = A[h, w] + 2 A[h, w + 1] + b.
    W = np.array([[1.0, 2.0], [0.0, 0.0]])[:, :, np.newaxis, np.newaxis]
    b = np.ones((1, 1, 1, 1))
    nine = "A_prev = [[1, 2, 3], [4, 5, 6], [7, 8, 9]] (shape (1, 3, 3, 1)), W = [[1, 2], [0, 0]]"
    # Stride 2, pad 1: n_H = (3 - 2 + 2) // 2 + 1 = 2; the windows of the padded 5 x 5 image
    # start at rows and columns 0 and 2, giving [[0, 0], [8, 17]], plus b.
    stride_2 = {"stride": 2, "pad": 1}
    # Two examples with 2 channels, 3 filters: the numbers of tf.nn.conv2d(..., "VALID") + b.
    A_many = np.arange(36.0).reshape(2, 3, 3, 2) % 7 - 3
    W_many = np.arange(24.0).reshape(2, 2, 2, 3) % 5 - 2
    b_many = np.array([1.0, 0.0, -1.0]).reshape(1, 1, 1, 3)
    Z_many = np.array(
        [
            [[[11, 1, 11], [7, -4, -5]], [[-15, -14, 12], [9, -5, -4]]],
            [[[-11, 12, 0], [-15, -14, 12]], [[5, -3, -6], [1, 13, -15]]],
        ],
        dtype=float,
    )
    cases = [
        Case(
            (_NINE, W, b, {"stride": 1, "pad": 0}),
            _image([[6, 9], [15, 18]]),
            f"{nine}, b = 1, stride=1, pad=0",
            hints=[(_image([[5, 8], [14, 17]]), "did you add the filter's bias b[:, :, :, c]?")],
        ),
        Case(
            (_NINE, W, b, stride_2),
            _image([[1, 1], [9, 18]]),
            f"{nine}, b = 1, stride=2, pad=1",
            hints=[
                (
                    _image([[1, 1], [3, 6]]),
                    "the window of output pixel (h, w) starts at row h * stride and column "
                    "w * stride, not at (h, w).",
                ),
                (_image([[0, 0], [8, 17]]), "did you add the filter's bias b[:, :, :, c]?"),
            ],
        ),
        Case(
            (A_many, W_many, b_many, {"stride": 1, "pad": 0}),
            Z_many,
            "A_prev = np.arange(36).reshape(2, 3, 3, 2) % 7 - 3, "
            "W = np.arange(24).reshape(2, 2, 2, 3) % 5 - 2, b = [1, 0, -1], stride=1, pad=0",
        ),
    ]
    with trusted_helpers(conv_forward):
        _check_returns_pair(conv_forward, "conv_forward", cases[0], "A_prev, W, b, hparameters")
        _run(
            lambda *args: conv_forward(*args)[0],
            "conv_forward",
            cases,
            default_hint="Z[i, h, w, c] is conv_single_step of the window "
            "a_prev_pad[h * stride : h * stride + f, w * stride : w * stride + f, :] with "
            "W[:, :, :, c] and b[:, :, :, c].",
            shape_hints={
                (1, 1, 1, 1): "n_H = (n_H_prev - f + 2 * pad) // stride + 1: did you forget "
                "the + 1 or the 2 * pad?",
            },
        )
        _check_cache(
            conv_forward,
            "conv_forward",
            cases[1],
            [("A_prev", _NINE), ("W", W), ("b", b), ("hparameters", stride_2)],
        )


def check_pool_forward(pool_forward: Callable) -> None:
    """Check ``pool_forward(A_prev, hparameters, mode)`` → ``(A, cache)`` on seven poolings."""
    # The 4 x 4 image 0..15: its 2 x 2 windows with stride 2 hold 0, 1, 4, 5 / 2, 3, 6, 7 / ...
    sixteen = "A_prev = np.arange(16).reshape(1, 4, 4, 1)"
    by_2 = {"f": 2, "stride": 2}
    # Two channels, [[1, 2], [3, 4]] and its negative, pooled as a whole (f = 2).
    two = np.stack([[[1.0, 2.0], [3.0, 4.0]], [[-1.0, -2.0], [-3.0, -4.0]]], axis=-1)[np.newaxis]
    whole = {"f": 2, "stride": 1}
    two_text = "A_prev of shape (1, 2, 2, 2): channel 0 [[1, 2], [3, 4]], channel 1 its negative"
    cases = [
        Case(
            (_SIXTEEN, by_2, "max"),
            _image([[5, 7], [13, 15]]),
            f"{sixteen}, f=2, stride=2, mode='max'",
            hints=[
                (
                    _image([[5, 6], [9, 10]]),
                    "the window of output pixel (h, w) starts at row h * stride and column "
                    "w * stride, not at (h, w).",
                ),
                (_image([[2.5, 4.5], [10.5, 12.5]]), "mode='max' keeps np.max of the window."),
            ],
        ),
        Case(
            (_SIXTEEN, by_2, "average"),
            _image([[2.5, 4.5], [10.5, 12.5]]),
            f"{sixteen}, f=2, stride=2, mode='average'",
            hints=[
                (_image([[5, 7], [13, 15]]), "mode='average' keeps np.mean of the window."),
                (
                    _image([[10, 18], [42, 50]]),
                    "the average is the mean of the window, not its sum.",
                ),
                (_image([[0, 0], [0, 0]]), "mode='average' keeps np.mean of the window."),
            ],
        ),
        Case(
            (_SIXTEEN, {"f": 2, "stride": 1}, "max"),
            _image([[5, 6, 7], [9, 10, 11], [13, 14, 15]]),
            f"{sixteen}, f=2, stride=1, mode='max'",
        ),
        # f = 3, stride 2: one window, rows and columns 0 to 2, whose mean is 5.
        Case(
            (_SIXTEEN, {"f": 3, "stride": 2}, "average"),
            _image([[5.0]]),
            f"{sixteen}, f=3, stride=2, mode='average'",
            hints=[
                (_image([[2.5]]), "each window is f rows and f columns: vert_end = vert_start + f.")
            ],
        ),
        Case(
            (two, whole, "max"),
            np.array([4.0, -1.0]).reshape(1, 1, 1, 2),
            f"{two_text}, f=2, stride=1, mode='max'",
            hints=[
                (
                    np.array([4.0, 4.0]).reshape(1, 1, 1, 2),
                    "pool each channel on its own: slice A_prev[i, rows, columns, c].",
                )
            ],
        ),
        Case(
            (two, whole, "average"),
            np.array([2.5, -2.5]).reshape(1, 1, 1, 2),
            f"{two_text}, f=2, stride=1, mode='average'",
            hints=[
                (
                    np.zeros((1, 1, 1, 2)),
                    "pool each channel on its own: slice A_prev[i, rows, columns, c].",
                )
            ],
        ),
        Case((two, whole), np.array([4.0, -1.0]).reshape(1, 1, 1, 2), f"{two_text}, f=2, stride=1"),
    ]
    _check_returns_pair(pool_forward, "pool_forward", cases[0], "A_prev, hparameters")
    _run(
        lambda *args: pool_forward(*args)[0],
        "pool_forward",
        cases,
        default_hint="A[i, h, w, c] is np.max (mode 'max') or np.mean (mode 'average') of "
        "A_prev[i, h * stride : h * stride + f, w * stride : w * stride + f, c].",
        shape_hints={},
    )
    _check_cache(
        pool_forward, "pool_forward", cases[0], [("A_prev", _SIXTEEN), ("hparameters", by_2)]
    )
