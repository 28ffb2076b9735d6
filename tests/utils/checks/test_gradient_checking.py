"""utils.checks.gradient_checking: right answers pass, typical mistakes get their hint, a wrong
forward or backward pass does not fail the checks of the exercises that call them, and the check's
closed forms (the known cost's derivatives and two-sided differences) are right, worked out here
in exact rational arithmetic.

The right answers are written in this file, independently of the notebook's solution. They look up
``forward_propagation``, ``forward_propagation_n`` and the vector helpers in this module's globals
at call time, as a notebook's functions do; the checks put their own there while they run.
"""

from fractions import Fraction

import numpy as np
import pytest

from utils.checks import CheckFailed
from utils.checks import gradient_checking as gc

# --- right answers -------------------------------------------------------------------------------


def forward_propagation(x, theta):
    return x * theta


def backward_propagation(x, theta):
    return x


def gradient_check(x, theta, epsilon=1e-7):
    approx = (forward_propagation(x, theta + epsilon) - forward_propagation(x, theta - epsilon)) / (
        2 * epsilon
    )
    grad = backward_propagation(x, theta)
    return abs(grad - approx) / (abs(grad) + abs(approx))


def numerical(parameters, X, Y, epsilon, *, sided=2, copy=True, together=False):
    """gradapprox through the helpers, with the mistakes of the tests below as options."""
    theta, _ = dictionary_to_vector(parameters)  # noqa: F821 (the check puts it here)
    approx = np.zeros_like(theta)
    J0 = forward_propagation_n(X, Y, vector_to_dictionary(theta))[0]  # noqa: F821
    for i in range(len(theta)):
        plus = theta.copy() if copy else theta
        if together:
            plus = theta + epsilon
        else:
            plus[i] += epsilon
        J_plus = forward_propagation_n(X, Y, vector_to_dictionary(plus))[0]  # noqa: F821
        minus = theta.copy()
        if together:
            minus = theta - epsilon
        else:
            minus[i] -= epsilon
        J_minus = forward_propagation_n(X, Y, vector_to_dictionary(minus))[0]  # noqa: F821
        approx[i] = (J_plus - J0) / epsilon if sided == 1 else (J_plus - J_minus) / (2 * epsilon)
    return approx


def relative(grad, approx, norm=np.linalg.norm):
    return norm(grad - approx) / (norm(grad) + norm(approx))


def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7):
    grad = gradients_to_vector(gradients)  # noqa: F821
    return relative(grad, numerical(parameters, X, Y, epsilon))


def check_n_with(**mistake):
    def wrong(parameters, gradients, X, Y, epsilon=1e-7):
        grad = gradients_to_vector(gradients)  # noqa: F821
        norm = mistake.pop("norm", np.linalg.norm) if "norm" in mistake else np.linalg.norm
        return relative(grad, numerical(parameters, X, Y, epsilon, **mistake), norm)

    return wrong


def test_right_answers_pass(capsys):
    gc.check_forward_propagation(forward_propagation)
    gc.check_backward_propagation(backward_propagation)
    gc.check_gradient_check(gradient_check)
    gc.check_gradient_check_n(gradient_check_n)
    assert capsys.readouterr().out.count("public tests passed.") == 4


def test_the_checks_leave_the_names_as_they_were():
    gc.check_gradient_check_n(gradient_check_n)
    assert "forward_propagation_n" not in globals() and "vector_to_dictionary" not in globals()
    assert forward_propagation(2, 3) == 6 and backward_propagation(2, 3) == 2


# --- typical mistakes ---------------------------------------------------------------------------


def one_sided(x, theta, epsilon=1e-7):
    approx = (forward_propagation(x, theta + epsilon) - forward_propagation(x, theta)) / epsilon
    grad = backward_propagation(x, theta)
    return abs(grad - approx) / (abs(grad) + abs(approx))


def over_epsilon(x, theta, epsilon=1e-7):
    approx = (forward_propagation(x, theta + epsilon) - forward_propagation(x, theta - epsilon)) / (
        epsilon
    )
    grad = backward_propagation(x, theta)
    return abs(grad - approx) / (abs(grad) + abs(approx))


def no_denominator(x, theta, epsilon=1e-7):
    return gradient_check(x, theta, epsilon) * (
        abs(backward_propagation(x, theta))
        + abs(
            (forward_propagation(x, theta + epsilon) - forward_propagation(x, theta - epsilon))
            / (2 * epsilon)
        )
    )


@pytest.mark.parametrize(
    ("check", "wrong", "message"),
    [
        (gc.check_forward_propagation, lambda x, theta: x + theta, "not the sum"),
        (gc.check_forward_propagation, lambda x, theta: x, "the derivative"),
        (gc.check_backward_propagation, lambda x, theta: theta, "not theta"),
        (gc.check_backward_propagation, lambda x, theta: x * theta, "that is J"),
        (gc.check_gradient_check, one_sided, "two-sided"),
        (gc.check_gradient_check, over_epsilon, "2 \\* epsilon"),
        (gc.check_gradient_check, no_denominator, "divide the norm"),
        (gc.check_gradient_check, lambda x, t, e=1e-7: -gradient_check(x, t, e), "never negative"),
        (gc.check_gradient_check_n, check_n_with(sided=1), "two-sided"),
        (gc.check_gradient_check_n, check_n_with(copy=False), "np.copy"),
        (gc.check_gradient_check_n, check_n_with(together=True), "one entry at a time"),
        (
            gc.check_gradient_check_n,
            check_n_with(norm=lambda v: float(np.sum(np.abs(v)))),
            "Euclidean",
        ),
        (
            gc.check_gradient_check_n,
            check_n_with(norm=lambda v: float(np.sum(np.square(v)))),
            "square the norms",
        ),
        (
            gc.check_gradient_check_n,
            lambda p, g, X, Y, e=1e-7: gradient_check_n(p, g, Y, X, e),
            "in this order",
        ),
    ],
)
def test_typical_mistakes_get_their_hint(check, wrong, message):
    with pytest.raises(CheckFailed, match=message):
        check(wrong)


def test_not_written_yet_is_reported():
    def stub(*args):
        raise NotImplementedError()

    with pytest.raises(CheckFailed, match="not written yet"):
        gc.check_gradient_check_n(stub)


def test_a_wrong_forward_or_backward_pass_fails_its_own_check_only(capsys):
    global forward_propagation, backward_propagation
    right_forward, right_backward = forward_propagation, backward_propagation
    forward_propagation = lambda x, theta: x + theta  # noqa: E731 (the mistakes under test)
    backward_propagation = lambda x, theta: theta  # noqa: E731
    try:
        with pytest.raises(CheckFailed):
            gc.check_forward_propagation(forward_propagation)
        with pytest.raises(CheckFailed):
            gc.check_backward_propagation(backward_propagation)
        gc.check_gradient_check(gradient_check)
        assert "gradient_check: all 3 public tests passed." in capsys.readouterr().out
        assert forward_propagation(1, 2) == 3  # the learner's functions are back
    finally:
        forward_propagation, backward_propagation = right_forward, right_backward


# --- the check's closed forms, in exact arithmetic ---------------------------------------------


def exact_cost(theta, s, t):
    return s * sum(v**3 for v in theta) + t * sum(theta) ** 2


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_known_cost_derivatives_and_two_sided_differences_are_exact(seed):
    """exact_gradients is the derivative (the limit of the difference quotient, in fractions), and
    the two-sided difference with step eps is the derivative plus s eps^2, as the docstring says."""
    rng = np.random.default_rng(seed)
    parameters = {"W1": rng.normal(size=(2, 3)), "b1": rng.normal(size=(2, 1))}
    X, Y = rng.normal(size=(3, 4)), rng.normal(size=(1, 4))
    s, t = (Fraction(float(np.sum(X))), Fraction(float(np.sum(Y))))
    theta = [Fraction(float(v)) for key in parameters for v in np.ravel(parameters[key])]
    grads = gc.exact_gradients(parameters, X, Y)
    grad = [g for key in parameters for g in np.ravel(grads["d" + key])]
    tiny, eps = Fraction(1, 10**40), Fraction(1, 10)
    for i, value in enumerate(theta):
        up, down = list(theta), list(theta)
        up[i], down[i] = value + tiny, value - tiny
        derivative = (exact_cost(up, s, t) - exact_cost(down, s, t)) / (2 * tiny)
        assert float(derivative) == pytest.approx(grad[i], rel=1e-12)
        up[i], down[i] = value + eps, value - eps
        two_sided = (exact_cost(up, s, t) - exact_cost(down, s, t)) / (2 * eps)
        assert abs(two_sided - derivative - s * eps**2) < Fraction(1, 10**30)
    cost, _ = gc.trusted_network(parameters)["forward_propagation_n"](X, Y, parameters)
    assert cost == pytest.approx(float(exact_cost(theta, s, t)), rel=1e-12)


def test_trusted_helpers_round_trip_any_shapes():
    parameters = {"W1": np.arange(6.0).reshape(2, 3), "b1": np.array([[7.0], [8.0]])}
    helpers = gc.trusted_network(parameters)
    theta, keys = helpers["dictionary_to_vector"](parameters)
    assert theta.shape == (8, 1) and keys == ["W1"] * 6 + ["b1"] * 2
    back = helpers["vector_to_dictionary"](theta)
    assert all(np.array_equal(back[k], parameters[k]) for k in parameters)
    grads = {"dW1": parameters["W1"], "db1": parameters["b1"]}
    assert np.array_equal(helpers["gradients_to_vector"](grads), theta)
