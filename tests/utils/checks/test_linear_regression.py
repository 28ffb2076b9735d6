"""utils.checks: public checks pass right answers, and name the mistake in wrong ones.

The right answers here are written in this file, independently of the notebooks' solutions.
"""

import numpy as np
import pytest

from utils.checks import Case, CheckFailed, matches, run_cases
from utils.checks import linear_regression as lr


def cost_loop(x, y, w, b):
    total = 0.0
    for xi, yi in zip(x, y, strict=True):
        total += (w * xi + b - yi) ** 2
    return total / (2 * len(x))


def cost_vectorized(x, y, w, b):
    return float(np.sum((w * x + b - y) ** 2) / (2 * x.shape[0]))


def gradient_vectorized(x, y, w, b):
    err = w * x + b - y
    return np.mean(err * x), np.mean(err)


def test_right_answers_pass(capsys):
    lr.check_compute_cost(cost_loop)
    lr.check_compute_cost(cost_vectorized)
    lr.check_compute_gradient(gradient_vectorized)
    out = capsys.readouterr().out
    assert "compute_cost: all 3 public tests passed." in out
    assert "compute_gradient: all 3 public tests passed." in out


@pytest.mark.parametrize(
    ("wrong", "message"),
    [
        (lambda x, y, w, b: np.sum((w * x + b - y) ** 2) / len(x), "divide by m instead of 2m"),
        (lambda x, y, w, b: np.sum(w * x + b - y) / (2 * len(x)), "forget to square"),
        (lambda x, y, w, b: np.sum(np.abs(w * x + b - y)) / (2 * len(x)), "absolute value"),
        (lambda x, y, w, b: np.sum((w * x + b - y) ** 2), "forget to divide"),
        (lambda x, y, w, b: (w * x + b - y) ** 2 / (2 * len(x)), "single number"),
    ],
    ids=["by-m", "no-square", "abs", "no-division", "no-sum"],
)
def test_typical_cost_mistakes_get_their_hint(wrong, message):
    with pytest.raises(CheckFailed, match=message):
        lr.check_compute_cost(wrong)


@pytest.mark.parametrize(
    ("wrong", "message"),
    [
        (lambda x, y, w, b: gradient_vectorized(x, y, w, b)[::-1], "in this order"),
        (lambda x, y, w, b: tuple(-g for g in gradient_vectorized(x, y, w, b)), "not y - f_wb"),
        (lambda x, y, w, b: (np.mean(w * x + b - y),) * 2, "multiplies each error by x"),
        (lambda x, y, w, b: tuple(g / 2 for g in gradient_vectorized(x, y, w, b)), "not 2m"),
        (lambda x, y, w, b: np.array(gradient_vectorized(x, y, w, b)), "expected a tuple"),
    ],
    ids=["swapped", "sign", "no-x", "2m", "array"],
)
def test_typical_gradient_mistakes_get_their_hint(wrong, message):
    with pytest.raises(CheckFailed, match=message):
        lr.check_compute_gradient(wrong)


def test_failure_message_says_expected_and_got():
    with pytest.raises(CheckFailed) as info:
        lr.check_compute_cost(lambda x, y, w, b: 1.0)
    text = str(info.value)
    assert "compute_cost(x=[1, 2, 3], y=[2, 4, 6], w=2, b=0): expected 0, got 1." in text
    assert "Hint:" in text


def test_stub_is_reported_as_not_written():
    def stub(x, y, w, b):
        raise NotImplementedError()

    with pytest.raises(CheckFailed, match="not written yet"):
        lr.check_compute_cost(stub)


def test_modifying_the_inputs_is_reported():
    def sneaky(x, y, w, b):
        x -= 1
        return cost_vectorized(x + 1, y, w, b)

    with pytest.raises(CheckFailed, match="changed its input arrays"):
        lr.check_compute_cost(sneaky)


def test_not_a_function_is_reported():
    with pytest.raises(CheckFailed, match="should be a function"):
        lr.check_compute_cost(3.0)


def test_other_exceptions_reach_the_learner_unchanged():
    with pytest.raises(ZeroDivisionError):
        run_cases(lambda: 1 / 0, "f", [Case((), 1.0, "")], default_hint="")


def test_matches_compares_tuples_part_by_part_and_rejects_shapes():
    assert matches((1.0, np.float64(2.0)), (1.0, 2.0))
    assert matches([1.0, 2.0], (1.0, 2.0))
    assert not matches((1.0,), (1.0, 2.0))
    assert not matches(np.ones(3), 1.0)
    assert not matches("abc", 1.0)
