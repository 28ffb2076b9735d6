"""utils.checks.optimization_methods: right answers pass, typical mistakes get their hint.

The right answers here are written in this file (vectorized over the keys, not as the notebook's
solution), and the mini-batches are checked against a direct construction: every column once, in
the order of the permutation.
"""

import copy
import math

import numpy as np
import pytest

from utils.checks import CheckFailed
from utils.checks import optimization_methods as om


def mini_batches(X, Y, mini_batch_size=64, seed=0):
    order = np.random.RandomState(seed).permutation(X.shape[1])  # the legacy stream, as seed()
    return [
        (X[:, order[k : k + mini_batch_size]], Y[:, order[k : k + mini_batch_size]])
        for k in range(0, X.shape[1], mini_batch_size)
    ]


def velocity(parameters):
    return {"d" + key: np.zeros_like(value) for key, value in parameters.items()}


def adam_init(parameters):
    return velocity(parameters), velocity(parameters)


def momentum(parameters, grads, v, beta, learning_rate):
    v = {k: beta * v[k] + (1 - beta) * grads[k] for k in v}
    return {k: p - learning_rate * v["d" + k] for k, p in parameters.items()}, v


def adam(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8):
    v = {k: beta1 * v[k] + (1 - beta1) * grads[k] for k in v}
    s = {k: beta2 * s[k] + (1 - beta2) * grads[k] ** 2 for k in s}
    vc = {k: x / (1 - beta1**t) for k, x in v.items()}
    sc = {k: x / (1 - beta2**t) for k, x in s.items()}
    new = {
        k: p - learning_rate * vc["d" + k] / (np.sqrt(sc["d" + k]) + epsilon)
        for k, p in parameters.items()
    }
    return new, v, s, vc, sc


def update_lr(learning_rate0, epoch_num, decay_rate):
    return learning_rate0 / (1 + decay_rate * epoch_num)


def schedule(learning_rate0, epoch_num, decay_rate, time_interval=1000):
    return learning_rate0 / (1 + decay_rate * (epoch_num // time_interval))


RIGHT = {
    om.check_random_mini_batches: mini_batches,
    om.check_initialize_velocity: velocity,
    om.check_initialize_adam: adam_init,
    om.check_update_parameters_with_momentum: momentum,
    om.check_update_parameters_with_adam: adam,
    om.check_update_lr: update_lr,
    om.check_schedule_lr_decay: schedule,
}


def test_right_answers_pass(capsys):
    for check, answer in RIGHT.items():
        check(answer)
    assert capsys.readouterr().out.count("public tests passed.") == 7


def test_the_written_permutations_are_numpys():
    for constant, m, seed in (
        (om.PERMUTATION_5_SEED_1, 5, 1),
        (om.PERMUTATION_4_SEED_2, 4, 2),
        (om.PERMUTATION_3_SEED_0, 3, 0),
    ):
        np.random.seed(seed)
        assert list(np.random.permutation(m)) == constant


def test_mini_batches_take_every_column_once_in_the_order_of_the_permutation():
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(3, 130)), rng.normal(size=(1, 130))
    batches = mini_batches(X, Y, 32, 4)
    assert [b[0].shape[1] for b in batches] == [32, 32, 32, 32, 2]
    np.random.seed(4)
    order = np.random.permutation(130)
    assert np.array_equal(np.hstack([b[0] for b in batches]), X[:, order])
    assert np.array_equal(np.hstack([b[1] for b in batches]), Y[:, order])
    assert sorted(np.hstack([b[1] for b in batches])[0]) == sorted(Y[0])


def _no_shuffle(X, Y, size=64, seed=0):
    return [(X[:, k : k + size], Y[:, k : k + size]) for k in range(0, X.shape[1], size)]


def _drops_last(X, Y, size=64, seed=0):
    return mini_batches(X, Y, size, seed)[: math.floor(X.shape[1] / size)]


def _two_permutations(X, Y, size=64, seed=0):
    np.random.seed(seed)
    px, py = np.random.permutation(X.shape[1]), np.random.permutation(X.shape[1])
    return [(X[:, px[k : k + size]], Y[:, py[k : k + size]]) for k in range(0, X.shape[1], size)]


def _new_generator(X, Y, size=64, seed=0):
    order = np.random.default_rng(seed).permutation(X.shape[1])
    return [
        (X[:, order[k : k + size]], Y[:, order[k : k + size]]) for k in range(0, X.shape[1], size)
    ]


def _empty_last(X, Y, size=64, seed=0):
    batches = mini_batches(X, Y, size, seed)
    m = X.shape[1]
    return batches + [(X[:, m:], Y[:, m:])] if m % size == 0 else batches


def _momentum_no_one_minus_beta(parameters, grads, v, beta, learning_rate):
    v = {k: beta * v[k] + grads[k] for k in v}
    return {k: p - learning_rate * v["d" + k] for k, p in parameters.items()}, v


def _momentum_old_velocity(parameters, grads, v, beta, learning_rate):
    new = {k: p - learning_rate * v["d" + k] for k, p in parameters.items()}
    return new, {k: beta * v[k] + (1 - beta) * grads[k] for k in v}


def _momentum_first_layer(parameters, grads, v, beta, learning_rate):
    new, new_v = momentum(parameters, grads, v, beta, learning_rate)
    keep = {k: (new[k] if k.endswith("1") else parameters[k]) for k in parameters}
    return keep, {k: (new_v[k] if k.endswith("1") else v[k]) for k in v}


def _adam_no_correction(parameters, grads, v, s, t, learning_rate, beta1, beta2, epsilon):
    new, v, s, _, _ = adam(parameters, grads, v, s, 1, learning_rate, beta1, beta2, epsilon)
    # undo the correction at t = 1: step with the raw averages
    raw = {
        k: parameters[k] - learning_rate * v["d" + k] / (np.sqrt(s["d" + k]) + epsilon)
        for k in parameters
    }
    return raw, v, s, v, s


def _adam_eps_inside(parameters, grads, v, s, t, learning_rate, beta1, beta2, epsilon):
    _, v, s, vc, sc = adam(parameters, grads, v, s, t, learning_rate, beta1, beta2, epsilon)
    new = {
        k: parameters[k] - learning_rate * vc["d" + k] / np.sqrt(sc["d" + k] + epsilon)
        for k in parameters
    }
    return new, v, s, vc, sc


def _adam_t_one(parameters, grads, v, s, t, learning_rate, beta1, beta2, epsilon):
    return adam(parameters, grads, v, s, 1, learning_rate, beta1, beta2, epsilon)


@pytest.mark.parametrize(
    ("check", "wrong", "message"),
    [
        (om.check_random_mini_batches, _no_shuffle, "shuffle first"),
        (om.check_random_mini_batches, _drops_last, "last, smaller mini-batch"),
        (om.check_random_mini_batches, _two_permutations, "same permutation"),
        (om.check_random_mini_batches, _new_generator, "np.random.seed"),
        (om.check_random_mini_batches, _empty_last, "no last, smaller"),
        (
            om.check_initialize_velocity,
            lambda p: {k: np.zeros_like(x) for k, x in p.items()},
            "gradients' names",
        ),
        (om.check_initialize_velocity, lambda p: {"dW1": np.zeros(2)}, "keys"),
        (
            om.check_initialize_adam,
            lambda p: ({k: np.zeros_like(x) for k, x in p.items()},) * 2,
            "gradients' names",
        ),
        (om.check_initialize_adam, lambda p: velocity(p), "expected a tuple"),
        (om.check_update_parameters_with_momentum, _momentum_no_one_minus_beta, "(1 - beta)"),
        (om.check_update_parameters_with_momentum, _momentum_old_velocity, "new v"),
        (om.check_update_parameters_with_momentum, _momentum_first_layer, "every layer"),
        (
            om.check_update_parameters_with_momentum,
            lambda p, g, v, beta, lr: momentum(p, g, v, beta, -lr),
            "against the velocity",
        ),
        (om.check_update_parameters_with_adam, _adam_no_correction, "bias corrections"),
        (om.check_update_parameters_with_adam, _adam_eps_inside, "outside the square root"),
        (om.check_update_parameters_with_adam, _adam_t_one, "step number t"),
        (om.check_update_lr, lambda a, e, r: a / (1 + r) * e, "divide learning_rate0"),
        (om.check_update_lr, lambda a, e, r: a / (1 + r), "expected"),
        (om.check_update_lr, lambda a, e, r: a // (1 + r * e), "expected"),
        (om.check_schedule_lr_decay, lambda a, e, r, ti=1000: a / (1 + r * e / ti), "np.floor"),
        (
            om.check_schedule_lr_decay,
            lambda a, e, r, ti=1000: a / (1 + r * round(e / ti)),
            "not to the nearest",
        ),
        (
            om.check_schedule_lr_decay,
            lambda a, e, r, ti=1000: a / (1 + r * (e // 1000)),
            "time_interval you are given",
        ),
    ],
)
def test_typical_mistakes_fail_with_their_hint(check, wrong, message):
    with pytest.raises(CheckFailed, match=message.replace("(", r"\(").replace(")", r"\)")):
        check(wrong)


def test_checks_do_not_let_the_learner_change_their_inputs():
    """Each call gets a deep copy: an answer that updates its dictionaries in place passes, and
    the next case still sees the check's own values."""

    def in_place(parameters, grads, v, beta, learning_rate):
        for k in v:
            v[k] *= beta
            v[k] += (1 - beta) * grads[k]
        for k in parameters:
            parameters[k] -= learning_rate * v["d" + k]
        return parameters, v

    before = copy.deepcopy(om._P1)
    om.check_update_parameters_with_momentum(in_place)
    assert all(np.array_equal(om._P1[k], before[k]) for k in before)


def test_a_stub_says_it_is_not_written_yet():
    def stub(*args):
        raise NotImplementedError()

    for check in RIGHT:
        with pytest.raises(CheckFailed, match="not written yet"):
            check(stub)
