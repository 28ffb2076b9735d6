"""utils.checks.logistic_regression: right answers pass, typical mistakes get their hint, and a
wrong sigmoid does not fail the checks of the exercises that call it.

The right answers here are written in this file, independently of the notebook's solution. They
look ``sigmoid`` up in this module's globals at call time, as a notebook's functions do.
"""

import numpy as np
import pytest

from utils.checks import CheckFailed, substitute
from utils.checks import logistic_regression as lg


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def cost(X, y, w, b, lambda_=None):
    f = sigmoid(X @ w + b)
    return float(-np.mean(y * np.log(f) + (1 - y) * np.log(1 - f)))


def gradient(X, y, w, b, lambda_=None):
    err = sigmoid(X @ w + b) - y
    return X.T @ err / len(y), float(np.mean(err))


def predict(X, w, b):
    return (X @ w + b >= 0).astype(int)


def cost_reg(X, y, w, b, lambda_=1):
    return cost(X, y, w, b) + lambda_ / (2 * len(y)) * float(w @ w)


def gradient_reg(X, y, w, b, lambda_=1):
    dj_dw, dj_db = gradient(X, y, w, b)
    return dj_dw + lambda_ / len(y) * w, dj_db


RIGHT = {
    lg.check_sigmoid: sigmoid,
    lg.check_compute_cost: cost,
    lg.check_compute_gradient: gradient,
    lg.check_predict: predict,
    lg.check_compute_cost_reg: cost_reg,
    lg.check_compute_gradient_reg: gradient_reg,
}


def test_right_answers_pass(capsys):
    for check, answer in RIGHT.items():
        check(answer)
    assert capsys.readouterr().out.count("public tests passed.") == 6


@pytest.mark.parametrize(
    ("check", "wrong", "message"),
    [
        (lg.check_sigmoid, lambda z: 1 / (1 + np.exp(z)), "np.exp\\(-z\\)"),
        (lg.check_compute_cost, lambda X, y, w, b: cost(X, y, w, b) / 2, "not 2m"),
        (lg.check_compute_cost, lambda X, y, w, b: cost(X, 1 - y, w, b), "not swapped"),
        (lg.check_compute_cost, lambda X, y, w, b: cost(X, y, w, 0.0), "add b"),
        (lg.check_compute_gradient, lambda X, y, w, b: gradient(X, y, w, b)[::-1], "expected"),
        (
            lg.check_compute_gradient,
            lambda X, y, w, b: tuple(-g for g in gradient(X, y, w, b)),
            "not y - f",
        ),
        (lg.check_predict, lambda X, w, b: (sigmoid(X @ w + b) > 0.5) * 1.0, ">= 0.5"),
        (lg.check_predict, lambda X, w, b: sigmoid(X @ w + b), "not the probabilities"),
        (lg.check_compute_cost_reg, lambda X, y, w, b, lambda_=1: cost(X, y, w, b), "forget"),
        (
            lg.check_compute_cost_reg,
            lambda X, y, w, b, lambda_=1: cost_reg(X, y, w, b, lambda_) + lambda_ * b**2 / 6,
            "not b",
        ),
        (
            lg.check_compute_gradient_reg,
            lambda X, y, w, b, lambda_=1: gradient_reg(X, y, w, b, lambda_ / 2),
            "not lambda_ / \\(2m\\)",
        ),
    ],
)
def test_typical_mistakes_get_their_hint(check, wrong, message):
    with pytest.raises(CheckFailed, match=message):
        check(wrong)


def test_a_wrong_sigmoid_fails_its_own_check_only(capsys):
    global sigmoid
    right = sigmoid
    sigmoid = lambda z: 1 / (1 + np.exp(z))  # noqa: E731 (the mistake under test)
    try:
        with pytest.raises(CheckFailed):
            lg.check_sigmoid(sigmoid)
        for check, answer in RIGHT.items():
            if check is not lg.check_sigmoid:
                check(answer)
        assert sigmoid(0.0) == 0.5 and sigmoid(1.0) < 0.5  # the learner's sigmoid is back
    finally:
        sigmoid = right


def test_substitute_restores_and_removes_names():
    namespace = {}
    exec("def f():\n    return helper()", namespace)  # a function whose helper is not defined
    with substitute(namespace["f"], helper=lambda: 42):
        assert namespace["f"]() == 42
    assert "helper" not in namespace
    with pytest.raises(RuntimeError), substitute(cost, sigmoid=None):
        raise RuntimeError
    assert sigmoid is globals()["sigmoid"] and cost(np.zeros((1, 1)), np.ones(1), np.zeros(1), 0)
