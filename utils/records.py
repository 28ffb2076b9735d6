"""Results that test cells record for the autograder, and how the autograder compares them.

A test cell calls ``record(name, value)`` for each result it checks. Under the autograder, which
sets ``AUTOGRADER_RECORD``, each record leaves the kernel as a display output with its own MIME
type; elsewhere ``record`` does nothing. The autograder runs the instructor's solution the same
way and compares the two sets of records outside the learner's kernel, so nothing the learner's
code does inside the kernel (patching NumPy or the checks, reading the caller's frames) can change
the comparison: the expected values never enter the learner's kernel.

Values are encoded as JSON: numbers, strings, booleans and None as themselves, sequences and
mappings recursively, and NumPy arrays (anything ``np.asarray`` turns into numbers) as base64 of
``np.save`` without pickles.
"""

from __future__ import annotations

import base64
import io
import math
import os
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np

MIME = "application/vnd.ml-course.record+json"
ENV_FLAG = "AUTOGRADER_RECORD"


def record(name: str, value: Any, *, rtol: float = 1e-6, atol: float = 1e-9) -> None:
    """Record a result for the autograder; a no-op outside the autograder.

    Args:
        name: what the value is, unique within the test cell, e.g. ``"cost m=7"``.
        value: the learner's result: numbers, arrays, tuples, lists, dicts, strings.
        rtol, atol: tolerances of the comparison (the instructor's record sets them).
    """
    if not os.environ.get(ENV_FLAG):
        return
    from IPython.display import display

    payload = {"name": str(name), "value": encode(value), "rtol": rtol, "atol": atol}
    display({MIME: payload}, raw=True)


def record_random_cases(
    name: str,
    fn: Callable[..., Any],
    inputs: Callable[..., tuple],
    sizes: Iterable[Any],
    *,
    seed: int,
    rtol: float = 1e-6,
    atol: float = 1e-9,
) -> np.random.Generator:
    """Record ``fn`` on seeded random inputs, one case per size: the loop of many hidden tests.

    For each size, ``inputs(rng, *size)`` draws the arguments from one generator seeded with
    ``seed`` (in order, so every run draws the same inputs), and ``fn(*arguments)`` is recorded
    as ``name.format(*size)``.

    Args:
        name: the record's name with a field per size, e.g. ``"cost on random data, m={}"``.
        fn: the learner's function.
        inputs: draws the arguments of one call: ``inputs(rng, *size) -> tuple``.
        sizes: one entry per case: a number, or a tuple of numbers (e.g. ``(m, n)``).
        seed: the generator's seed.
        rtol, atol: tolerances of the comparison.

    Returns:
        The generator, for edge cases drawn after the loop.
    """
    rng = np.random.default_rng(seed)
    for size in sizes:
        size = size if isinstance(size, tuple) else (size,)
        record(name.format(*size), fn(*inputs(rng, *size)), rtol=rtol, atol=atol)
    return rng


def encode(value: Any) -> Any:
    """A JSON-ready form of ``value`` (see the module docstring)."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value if math.isfinite(value) else {"ndarray": _array_b64(np.asarray(value))}
    if isinstance(value, Mapping):
        return {"map": {str(k): encode(v) for k, v in value.items()}}
    if isinstance(value, tuple | list):
        return {"seq": [encode(v) for v in value]}
    try:
        array = np.asarray(value)
    except Exception:  # any object NumPy cannot take: recorded by its type only
        return {"object": type(value).__name__}
    if array.dtype.kind in "biufc":
        return {"ndarray": _array_b64(array)}
    if array.dtype.kind == "U":
        return {"seq": [encode(v) for v in array.tolist()]} if array.ndim else str(array)
    return {"object": type(value).__name__}


def _array_b64(array: np.ndarray) -> str:
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def decode(encoded: Any) -> Any:
    """The value ``encode`` produced, with arrays as NumPy arrays (never unpickles anything)."""
    if isinstance(encoded, dict):
        if "ndarray" in encoded:
            raw = base64.b64decode(encoded["ndarray"])
            return np.load(io.BytesIO(raw), allow_pickle=False)
        if "seq" in encoded:
            return tuple(decode(v) for v in encoded["seq"])
        if "map" in encoded:
            return {k: decode(v) for k, v in encoded["map"].items()}
        return f"<{encoded.get('object', 'object')}>"
    return encoded


def same(got: Any, expected: Any, *, rtol: float, atol: float) -> bool:
    """True when a decoded learner value equals the decoded reference value up to tolerance.

    Sequences must have the same length, mappings the same keys; numbers and arrays must have the
    same shape and be close (NaN equals NaN); anything else must be equal.
    """
    if isinstance(expected, tuple):
        return (
            isinstance(got, tuple)
            and len(got) == len(expected)
            and all(same(g, e, rtol=rtol, atol=atol) for g, e in zip(got, expected, strict=True))
        )
    if isinstance(expected, dict):
        return (
            isinstance(got, dict)
            and got.keys() == expected.keys()
            and all(same(got[k], expected[k], rtol=rtol, atol=atol) for k in expected)
        )
    if _numeric(expected):
        if not _numeric(got):
            return False
        got_arr, exp_arr = np.asarray(got), np.asarray(expected)
        if got_arr.shape != exp_arr.shape:
            return False
        return bool(np.allclose(got_arr, exp_arr, rtol=rtol, atol=atol, equal_nan=True))
    return type(got) is type(expected) and got == expected


def _numeric(value: Any) -> bool:
    if isinstance(value, np.ndarray):
        return value.dtype.kind in "biufc"
    return isinstance(value, bool | int | float | np.number)


def difference(got: Any, expected: Any) -> str:
    """How a decoded learner value differs from the reference's, in words that show neither.

    Records come from hidden tests: a message that echoed the expected value, or the learner's
    own value (which can encode the hidden input), would turn the feedback into an oracle.
    """
    if isinstance(expected, tuple | dict):
        kind = "tuple" if isinstance(expected, tuple) else "dict"
        if not isinstance(got, type(expected)):
            return f"not a {kind}"
        if len(got) != len(expected) or (kind == "dict" and got.keys() != expected.keys()):
            return f"a {kind} of other length or keys"
        return f"an item of the {kind} differs"
    if _numeric(expected):
        if not _numeric(got):
            return "not a number or an array of numbers"
        if np.shape(got) != np.shape(expected):
            return "a number or array of another shape"
        return "other numbers (beyond the tolerance)"
    if type(got) is not type(expected):
        return f"not a {type(expected).__name__}"
    return "another value"
