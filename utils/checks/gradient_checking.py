"""Public checks of the graded lab c4w2-gradient-checking.

Every expected value below is worked out by hand. The checks of ``gradient_check`` and
``gradient_check_n`` do not run the learner's ``forward_propagation`` and ``backward_propagation``
nor the lab's network: they put, under the names those functions look up, a cost whose exact
derivatives and whose two-sided differences are known in closed form,

    J(theta) = s * sum(theta_i^3) + t * (sum(theta_i))^2

with s and t read from the inputs. Its derivative is 3 s theta_i^2 + 2 t sum(theta), and the
two-sided difference with step eps is exactly 3 s theta_i^2 + s eps^2 + 2 t sum(theta) (the cube
leaves eps^2, the square nothing), while a one-sided difference adds 3 s theta_i eps + t eps on
top. So a mistake in exercise 1 or 2 costs that exercise only, and each typical mistake of
exercises 3 and 4 gives a number of its own, listed with its hint.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import numpy as np

from utils.checks import Case, run_cases, substitute

# --- Exercises 1 and 2: J(theta) = theta x and its derivative ---------------------------------


def check_forward_propagation(forward_propagation: Callable) -> None:
    """Check ``forward_propagation(x, theta)`` = theta * x on three pairs of numbers."""
    cases = [
        Case(
            (2.0, 4.0),
            8.0,
            "x=2, theta=4",
            hints=[
                (6.0, "J is the product theta * x, not the sum."),
                (2.0, "that is x, the derivative dJ/dtheta: the forward pass returns J itself."),
                (16.0, "J(theta) = theta * x, not theta ** x."),
            ],
        ),
        Case((-3.0, 0.5), -1.5, "x=-3, theta=0.5", hints=[(-2.5, "J is theta * x, not a sum.")]),
        Case((0.0, 7.0), 0.0, "x=0, theta=7"),
    ]
    run_cases(
        forward_propagation,
        "forward_propagation",
        cases,
        default_hint="return J = theta * x.",
    )


def check_backward_propagation(backward_propagation: Callable) -> None:
    """Check ``backward_propagation(x, theta)`` = dJ/dtheta = x on three pairs of numbers."""
    cases = [
        Case(
            (2.0, 4.0),
            2.0,
            "x=2, theta=4",
            hints=[
                (4.0, "the derivative is taken with respect to theta: dJ/dtheta = x, not theta."),
                (8.0, "that is J = theta * x; its derivative with respect to theta is x."),
                (1.0, "the derivative of theta * x with respect to theta is x, not 1."),
            ],
        ),
        Case((-3.0, 0.5), -3.0, "x=-3, theta=0.5"),
        Case((5.0, 0.0), 5.0, "x=5, theta=0", hints=[(0.0, "dJ/dtheta = x, whatever theta.")]),
    ]
    run_cases(
        backward_propagation,
        "backward_propagation",
        cases,
        default_hint="return dtheta = x: the derivative of J = theta * x with respect to theta.",
    )


# --- Exercise 3: gradient_check on curved one-dimensional costs -------------------------------


def cubic_cost(s: float) -> Callable:
    """forward_propagation(x, theta) for J = s * x * theta^3 (a curved cost, unlike theta x)."""
    return lambda x, theta: s * x * theta**3


def cubic_derivative(s: float, factor: float = 3.0) -> Callable:
    """backward_propagation(x, theta) = factor * s * x * theta^2: right when factor is 3."""
    return lambda x, theta: factor * s * x * theta**2


@contextmanager
def curved_cost(
    gradient_check: Callable, s: float = 1.0, derivative_factor: float = 3.0
) -> Iterator[None]:
    """While the block runs, ``gradient_check`` calls J = s x theta^3 and the derivative
    ``derivative_factor`` s x theta^2 (3: the right one) in place of the lab's two functions.

    Args:
        gradient_check: the learner's function; it looks the two names up at call time.
        s: the scale of the cost.
        derivative_factor: 3 for the right derivative, anything else plants a bug.
    """
    with substitute(
        gradient_check,
        forward_propagation=cubic_cost(s),
        backward_propagation=cubic_derivative(s, derivative_factor),
    ):
        yield


def check_gradient_check(gradient_check: Callable) -> None:
    """Check ``gradient_check(x, theta, epsilon)`` on J = x theta^3 with a right derivative and a
    wrong one (the lab's functions are replaced while it runs)."""
    # x = 1, theta = 1, eps = 0.1, derivative 3 (right): the two-sided difference is
    # ((1.1)^3 - (0.9)^3) / 0.2 = 3 + eps^2 = 3.01, so the difference is 0.01 / (3 + 3.01).
    # One-sided: ((1.1)^3 - 1) / 0.1 = 3.31; over eps instead of 2 eps: 6.02.
    right = 0.01 / 6.01
    # x = 2, theta = -1, eps = 0.1, derivative x theta^2 = 2 (the 3 forgotten): the two-sided
    # difference is 2 (3 + 0.01) = 6.02, so the difference is 4.02 / (2 + 6.02).
    wrong = 4.02 / 8.02
    cases = [
        Case(
            (3.0, 1.0, 1.0, 0.1),
            right,
            "x=1, theta=1, epsilon=0.1, with J = x theta^3 and the right derivative 3 x theta^2",
            hints=[
                (
                    0.31 / 6.31,
                    "use the two-sided difference (J(theta + eps) - J(theta - eps)) / (2 eps), "
                    "not (J(theta + eps) - J(theta)) / eps.",
                ),
                (3.02 / 9.02, "the two points are 2 epsilon apart: divide by 2 * epsilon."),
                (0.01, "divide the norm of the difference by ||grad|| + ||gradapprox||."),
                (-right, "the numerator is a norm, never negative: ||grad - gradapprox||."),
                (
                    0.0001 / (9 + 3.01**2),
                    "np.linalg.norm takes the square root for you: do not square the norms.",
                ),
                (
                    0.0,
                    "gradapprox must come from forward_propagation at theta + epsilon and "
                    "theta - epsilon, and grad from backward_propagation.",
                ),
            ],
        ),
        Case(
            (1.0, 2.0, -1.0, 0.1),
            wrong,
            "x=2, theta=-1, epsilon=0.1, with J = x theta^3 and a wrong derivative x theta^2",
            hints=[(0.0, "grad comes from backward_propagation(x, theta), not from J.")],
        ),
        Case(
            (3.0, 1.0, 2.0, 0.5),
            0.25 / (12 + 12.25),
            "x=1, theta=2, epsilon=0.5, with J = x theta^3 and the right derivative 3 x theta^2",
            hints=[
                (3.25 / (12 + 15.25), "use the two-sided difference, not a one-sided one."),
                (12.5 / (12 + 24.5), "divide J(theta + eps) - J(theta - eps) by 2 * epsilon."),
            ],
        ),
    ]

    def checked(factor, x, theta, epsilon):
        """The learner's gradient_check(x, theta, epsilon) on J = x theta^3, with the
        derivative factor * x * theta^2 (3 is right, 1 the planted bug)."""
        with curved_cost(gradient_check, derivative_factor=factor):
            return gradient_check(x, theta, epsilon)

    run_cases(
        _named(checked, gradient_check),
        "gradient_check",
        cases,
        default_hint="gradapprox = (J(theta + epsilon) - J(theta - epsilon)) / (2 epsilon) with "
        "forward_propagation, grad = backward_propagation(x, theta), and the difference "
        "||grad - gradapprox|| / (||grad|| + ||gradapprox||).",
    )


# --- Exercise 4: gradient_check_n on a cost with known derivatives ----------------------------


def polynomial_cost(X: np.ndarray, Y: np.ndarray) -> tuple[float, float]:
    """The scales (s, t) of the check's cost J = s sum(theta^3) + t (sum theta)^2: the sums of
    X and of Y, so that a call that drops or swaps X and Y gives other numbers."""
    return float(np.sum(X)), float(np.sum(Y))


def trusted_network(parameters: dict) -> dict:
    """The names gradient_check_n looks up, for a cost of the entries of ``parameters``:
    ``forward_propagation_n`` (J of the module docstring) and the three vector helpers, written
    for any keys and shapes (the lab's are written for its network's)."""
    keys = list(parameters)
    shapes = {key: np.shape(parameters[key]) for key in keys}

    def dictionary_to_vector(params):
        theta = np.concatenate([np.reshape(params[key], (-1, 1)) for key in keys])
        return theta, [key for key in keys for _ in range(int(np.prod(shapes[key])))]

    def vector_to_dictionary(theta):
        out, start = {}, 0
        for key in keys:
            size = int(np.prod(shapes[key]))
            out[key] = np.reshape(theta[start : start + size], shapes[key])
            start += size
        return out

    def gradients_to_vector(gradients):
        return np.concatenate([np.reshape(gradients["d" + key], (-1, 1)) for key in keys])

    def forward_propagation_n(X, Y, params):
        s, t = polynomial_cost(X, Y)
        theta = np.concatenate([np.ravel(params[key]) for key in keys])
        return s * np.sum(theta**3) + t * np.sum(theta) ** 2, None

    return {
        "forward_propagation_n": forward_propagation_n,
        "dictionary_to_vector": dictionary_to_vector,
        "vector_to_dictionary": vector_to_dictionary,
        "gradients_to_vector": gradients_to_vector,
    }


def exact_gradients(parameters: dict, X: np.ndarray, Y: np.ndarray) -> dict:
    """The derivatives of the check's cost: 3 s theta^2 + 2 t sum(theta), keyed "d" + name."""
    s, t = polynomial_cost(X, Y)
    total = sum(float(np.sum(value)) for value in parameters.values())
    return {
        "d" + key: 3 * s * np.asarray(value) ** 2 + 2 * t * total
        for key, value in parameters.items()
    }


@contextmanager
def known_cost(gradient_check_n: Callable, parameters: dict) -> Iterator[None]:
    """While the block runs, ``gradient_check_n`` sees the check's cost and helpers
    (trusted_network) in place of the lab's network.

    Args:
        gradient_check_n: the learner's function.
        parameters: the parameters it will be called with (their keys and shapes).
    """
    with substitute(gradient_check_n, **trusted_network(parameters)):
        yield


def _difference(grad, approx) -> float:
    """The relative difference of two lists of numbers worked out in the cases below."""
    grad, approx = np.asarray(grad, dtype=float), np.asarray(approx, dtype=float)
    return float(
        np.sqrt(np.sum((grad - approx) ** 2))
        / (np.sqrt(np.sum(grad**2)) + np.sqrt(np.sum(approx**2)))
    )


def check_gradient_check_n(gradient_check_n: Callable) -> None:
    """Check ``gradient_check_n(parameters, gradients, X, Y, epsilon)`` on the check's cost
    (module docstring), with right gradients and with a planted bug."""
    eps = 0.1
    # Case 1: theta = (W1 = [1, 2], b1 = -1), X sums to 1 and Y to 0: J = sum(theta^3).
    # Right gradient 3 theta^2 = [3, 12, 3]; two-sided differences [3.01, 12.01, 3.01].
    p1 = {"W1": np.array([[1.0, 2.0]]), "b1": np.array([[-1.0]])}
    X1, Y1 = np.array([[0.25, 0.75]]), np.array([[0.0, 0.0]])
    g1 = {"dW1": np.array([[3.0, 12.0]]), "db1": np.array([[3.0]])}
    grad1, approx1 = [3.0, 12.0, 3.0], [3.01, 12.01, 3.01]
    one_sided = [3.31, 12.61, 2.71]  # 3 theta^2 + 3 theta eps + eps^2
    all_at_once = [18.03] * 3  # every entry moved together: sum of (3 theta^2 + eps^2)
    no_copy = [3.31 / 2, 12.61 / 2, 2.71 / 2]  # theta_plus is theta itself: theta_minus = theta
    swapped1 = [4.0] * 3  # X and Y swapped: s = 0, t = 1, so 2 * sum(theta) = 4
    # Case 2: the same theta with a planted bug, db1 = 6 instead of 3.
    g2 = {"dW1": np.array([[3.0, 12.0]]), "db1": np.array([[6.0]])}
    # Case 3: theta = (W1 = [[0.5], [-1]], b1 = [[0], [2]]), X sums to 2, Y to 1:
    # J = 2 sum(theta^3) + (sum theta)^2, sum theta = 1.5; derivatives 6 theta^2 + 3,
    # two-sided differences 6 theta^2 + 2 eps^2 + 3.
    p3 = {"W1": np.array([[0.5], [-1.0]]), "b1": np.array([[0.0], [2.0]])}
    X3, Y3 = np.array([[1.0, 0.5], [0.5, 0.0]]), np.array([[1.0, 0.0]])
    grad3 = [4.5, 9.0, 3.0, 27.0]
    g3 = {"dW1": np.array([[4.5], [9.0]]), "db1": np.array([[3.0], [27.0]])}
    approx3 = [g + 0.02 for g in grad3]
    theta3 = np.array([0.5, -1.0, 0.0, 2.0])
    # X and Y swapped: s = 1, t = 2, so 3 theta^2 + eps^2 + 2 * 2 * 1.5
    swapped3 = list(3 * theta3**2 + 0.01 + 2 * 2 * 1.5)
    cases = [
        Case(
            (p1, g1, X1, Y1, eps),
            _difference(grad1, approx1),
            "parameters={W1: [[1, 2]], b1: [[-1]]}, gradients={dW1: [[3, 12]], db1: [[3]]}, "
            "X, Y with J = sum(theta^3) (right gradients), epsilon=0.1",
            hints=[
                (
                    _difference(grad1, one_sided),
                    "use the two-sided difference (J_plus[i] - J_minus[i]) / (2 epsilon).",
                ),
                (
                    _difference(grad1, 2 * np.array(approx1)),
                    "J_plus[i] and J_minus[i] are 2 epsilon apart: divide by 2 * epsilon.",
                ),
                (
                    _difference(grad1, all_at_once),
                    "move one entry at a time: theta_plus[i] += "
                    "epsilon on a copy of theta, not theta + epsilon everywhere.",
                ),
                (
                    _difference(grad1, no_copy),
                    "theta_plus = parameters_values is the same array, "
                    "not a copy: use np.copy(parameters_values) for theta_plus and theta_minus.",
                ),
                (
                    float(np.sqrt(3) * 0.01),
                    "divide ||grad - gradapprox|| by ||grad|| + ||gradapprox||.",
                ),
                (
                    float(3 * 0.01**2 / (162 + np.sum(np.square(approx1)))),
                    "np.linalg.norm already takes the square root: do not square the norms.",
                ),
                (
                    0.03 / (18 + 18.03),
                    "use the Euclidean norm (np.linalg.norm), not the sum of absolute values.",
                ),
                (
                    1.0,
                    "gradapprox is 0: call forward_propagation_n with "
                    "vector_to_dictionary(theta_plus), not with the original parameters.",
                ),
                (
                    _difference(grad1, swapped1),
                    "pass X and Y to forward_propagation_n in this order: "
                    "forward_propagation_n(X, Y, parameters).",
                ),
            ],
        ),
        Case(
            (p1, g2, X1, Y1, eps),
            _difference([3.0, 12.0, 6.0], approx1),
            "the same parameters with a wrong gradient db1=[[6]], epsilon=0.1",
        ),
        Case(
            (p3, g3, X3, Y3, eps),
            _difference(grad3, approx3),
            "parameters={W1: [[0.5], [-1]], b1: [[0], [2]]}, right gradients, X, Y with "
            "J = 2 sum(theta^3) + (sum theta)^2, epsilon=0.1",
            hints=[
                (
                    _difference(grad3, swapped3),
                    "pass X and Y to forward_propagation_n in this "
                    "order: forward_propagation_n(X, Y, parameters).",
                ),
            ],
        ),
    ]

    def checked(parameters, gradients, X, Y, epsilon):
        with known_cost(gradient_check_n, parameters):
            return gradient_check_n(parameters, gradients, X, Y, epsilon)

    run_cases(
        _named(checked, gradient_check_n),
        "gradient_check_n",
        cases,
        default_hint="for each i: J_plus[i] at a copy of theta with theta_plus[i] += epsilon, "
        "J_minus[i] likewise with -epsilon, gradapprox[i] = (J_plus[i] - J_minus[i]) / "
        "(2 epsilon); then ||grad - gradapprox|| / (||grad|| + ||gradapprox||).",
    )


def _named(call: Callable, learners: Callable) -> Callable:
    """``call``, which runs the learner's function inside a substitution, kept callable by
    run_cases (which reads nothing else from it)."""
    call.__name__ = getattr(learners, "__name__", "function")
    return call
