"""Public check helpers used by the test cells of the graded labs.

A check takes the learner's function, calls it on small cases whose answers can be worked out by
hand, and either prints that every case passed or raises :class:`CheckFailed` with "expected ...,
got ..." and a hint aimed at the most likely mistake. The modules of this package hold the checks of
each lab; they contain expected values, never a reference implementation.

What the learner sees in the notebook is short: a failed check shows its message alone (the case,
expected against got, the hint), and an error raised in the learner's own code shows the learner's
frames only, not the check's (IPython renders an exception through its ``_render_traceback_``).
"""

from __future__ import annotations

import copy
import functools
import traceback
import types
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from utils import records

COURSE_CODE = str(Path(__file__).resolve().parents[1])  # the utils package: frames never shown
ERROR_NAME = "\x1b[0;31m{}\x1b[0m"  # an exception's name in red, as IPython shows it


class CheckFailed(AssertionError):
    """A public check found a wrong answer; the message says what was expected and why."""

    def _render_traceback_(self) -> list[str]:
        """What IPython shows for a failed check: its message, no frames of the check's code."""
        first, *rest = str(self).splitlines() or [""]
        return [f"{ERROR_NAME.format(type(self).__name__)}: {first}", *rest]


def _learners_frames(tb: types.TracebackType | None) -> types.TracebackType | None:
    """The traceback ``tb`` without the frames of the course's own code."""
    kept = []
    while tb is not None:
        if not tb.tb_frame.f_code.co_filename.startswith(COURSE_CODE):
            kept.append(tb)
        tb = tb.tb_next
    chain = None
    for frame in reversed(kept):
        chain = types.TracebackType(chain, frame.tb_frame, frame.tb_lasti, frame.tb_lineno)
    return chain


def _learners_traceback(exc: BaseException, call: str) -> list[str]:
    """The lines IPython shows for an error raised in the learner's code during ``call``."""
    from IPython import get_ipython  # what calls this method: imported here, not with the checks

    tb = _learners_frames(exc.__traceback__)
    shell = get_ipython()
    if shell is not None:
        lines = shell.InteractiveTB.structured_traceback(type(exc), exc, tb)
    else:
        lines = traceback.format_exception(type(exc), exc, tb)
    return [f"While checking {call}, your code raised an error:", *lines]


@contextmanager
def learners_code(call: str) -> Iterator[None]:
    """Run the learner's code: an error it raises shows the learner's frames, not the check's.

    Args:
        call: the call being checked, as the learner reads it, e.g. ``compute_cost(x=[1, 2], ...)``.
    """
    try:
        yield
    except Exception as exc:
        try:  # the error keeps its type (the grader reads it); only its rendering changes
            exc._render_traceback_ = functools.partial(_learners_traceback, exc, call)
        except AttributeError:  # an exception that takes no attributes shows in full
            pass
        raise


def learners_result(fn: Callable, call: str, *args: Any) -> Any:
    """``fn(*args)`` run as the learner's code: what every check calls the learner's function with.

    An error the learner's code raises shows the learner's frames (``learners_code``); the stub's
    ``NotImplementedError`` becomes a ``CheckFailed`` saying the exercise is not written yet.
    Nothing is recorded here: the check records what it compares.

    Args:
        fn: the learner's function (a ``CheckFailed`` when it is not callable).
        call: the call as the learner reads it; its function's name is what comes before "(".
        *args: the arguments.

    Returns:
        What ``fn`` returned.
    """
    name = call.split("(")[0]
    if not callable(fn):
        raise CheckFailed(f"{name} should be a function, got {type(fn).__name__}")
    try:
        with learners_code(call):
            return fn(*args)
    except NotImplementedError:
        raise CheckFailed(
            f"{name} is not written yet: replace `raise NotImplementedError()` with your code."
        ) from None


@dataclass(frozen=True)
class Case:
    """One call of the learner's function and its known answer.

    Attributes:
        args: the positional arguments of the call.
        expected: the right result: a number, an array, or a tuple of those.
        describe: the call as the learner should read it, e.g. ``"x=[1, 2, 3], w=0, b=0"``.
        hints: pairs (wrong result, hint) for typical mistakes; the first that matches is shown.
        names: the names of a tuple result's parts, e.g. ``("dj_dw", "dj_db")``.
    """

    args: tuple
    expected: Any
    describe: str
    hints: Sequence[tuple[Any, str]] = field(default_factory=tuple)
    names: Sequence[str] = field(default_factory=tuple)


def _fmt(value: Any) -> str:
    if isinstance(value, tuple):
        return "(" + ", ".join(_fmt(v) for v in value) + ")"
    if np.ndim(value) == 0 and np.isreal(value):
        try:
            return f"{float(value):.6g}"
        except (TypeError, ValueError):
            return repr(value)
    return np.array2string(np.asarray(value), precision=6)


def matches(got: Any, expected: Any, *, rtol: float = 1e-6, atol: float = 1e-9) -> bool:
    """True when ``got`` equals ``expected`` up to rounding, part by part for tuples.

    Args:
        got: the learner's result.
        expected: the right result (number, array, or tuple of those).
        rtol, atol: tolerances of ``np.allclose``.
    """
    if isinstance(expected, tuple):
        return (
            isinstance(got, tuple | list)
            and len(got) == len(expected)
            and all(matches(g, e, rtol=rtol, atol=atol) for g, e in zip(got, expected, strict=True))
        )
    try:
        got_arr = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return False
    expected_arr = np.asarray(expected, dtype=float)
    return got_arr.shape == expected_arr.shape and bool(
        np.allclose(got_arr, expected_arr, rtol=rtol, atol=atol)
    )


def _shape_problem(got: Any, case: Case) -> str | None:
    """A message when the result has the wrong form (not a tuple, wrong length, wrong shape)."""
    expected = case.expected
    if isinstance(expected, tuple):
        names = ", ".join(case.names) if case.names else f"{len(expected)} values"
        if not isinstance(got, tuple | list) or len(got) != len(expected):
            return f"expected a tuple ({names}), got {type(got).__name__} {_fmt(got)}"
        return None
    if np.shape(got) != np.shape(expected):
        return (
            f"expected a result of shape {np.shape(expected)}, got shape {np.shape(got)}"
            if np.ndim(expected)
            else f"expected a single number, got an array of shape {np.shape(got)}"
        )
    return None


def run_cases(
    fn: Callable[..., Any],
    name: str,
    cases: Sequence[Case],
    *,
    default_hint: str,
    rtol: float = 1e-6,
) -> None:
    """Call ``fn`` on each case; print a pass line, or raise CheckFailed at the first wrong case.

    Args:
        fn: the learner's function.
        name: its name, as the exercise calls it.
        cases: the calls to make, each with its expected result.
        default_hint: the hint shown when no typical mistake matches.
        rtol: relative tolerance of the comparison.

    Raises:
        CheckFailed: a result is wrong, has the wrong shape, the function modified its inputs, or
            the exercise is not done yet (``NotImplementedError``).
    """
    for case in cases:
        args = copy.deepcopy(case.args)
        call = f"{name}({case.describe})"
        got = learners_result(fn, call, *args)
        records.record(call, got)  # compared with the instructor's result by the autograder
        if not all(_same_input(a, b) for a, b in zip(args, case.args, strict=True)):
            raise CheckFailed(f"{call} changed its input arrays; compute new arrays instead.")
        problem = _shape_problem(got, case)
        if problem:
            raise CheckFailed(f"{call}: {problem}.")
        if not matches(got, case.expected, rtol=rtol):
            hints = (h for wrong, h in case.hints if matches(got, wrong, rtol=rtol))
            hint = next(hints, default_hint)
            raise CheckFailed(
                f"{call}: expected {_fmt(case.expected)}, got {_fmt(got)}.\nHint: {hint}"
            )
    print(f"{name}: all {len(cases)} public tests passed.")


def _same_input(after: Any, before: Any) -> bool:
    if isinstance(before, np.ndarray):
        return isinstance(after, np.ndarray) and np.array_equal(after, before)
    return True


@contextmanager
def substitute(fn: Callable[..., Any], **names: Any) -> Iterator[None]:
    """Let ``fn`` see other objects under some global names while the block runs.

    A learner's function looks up the helpers it calls (``sigmoid`` in ``compute_cost``) in the
    notebook's namespace at call time. The checks of one exercise put a trusted helper there so that
    a mistake in an earlier exercise costs that exercise only; the names are restored afterwards.

    Args:
        fn: the learner's function; its ``__globals__`` is the notebook's namespace.
        **names: the global names to replace, and what to put there.
    """
    namespace = getattr(fn, "__globals__", None)
    if namespace is None:  # a builtin or a callable object: nothing to substitute
        yield
        return
    missing = object()
    saved = {name: namespace.get(name, missing) for name in names}
    namespace.update(names)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is missing:
                namespace.pop(name, None)
            else:
                namespace[name] = value
