"""utils.checks.convolution_step_by_step: right answers pass, typical mistakes get their hint, and
a wrong zero_pad or conv_single_step does not fail the checks of conv_forward, which calls them.

The right answers here are written in this file, vectorized where the notebook loops, independently
of the notebook's solution. conv_forward looks ``zero_pad`` and ``conv_single_step`` up in this
module's globals at call time, as a notebook's functions do.
"""

import numpy as np
import pytest

from utils.checks import CheckFailed
from utils.checks import convolution_step_by_step as cs


def zero_pad(X, pad):
    m, n_H, n_W, n_C = X.shape
    X_pad = np.zeros((m, n_H + 2 * pad, n_W + 2 * pad, n_C), dtype=X.dtype)
    X_pad[:, pad : pad + n_H, pad : pad + n_W, :] = X
    return X_pad


def conv_single_step(a_slice_prev, W, b):
    return float(np.tensordot(a_slice_prev, W, axes=a_slice_prev.ndim) + b.ravel()[0])


def conv_forward(A_prev, W, b, hparameters):
    """Vectorized over the examples and the filters: one einsum per output pixel."""
    f, stride, pad = W.shape[0], hparameters["stride"], hparameters["pad"]
    A_pad = zero_pad(A_prev, pad)
    n_H = (A_prev.shape[1] - f + 2 * pad) // stride + 1
    n_W = (A_prev.shape[2] - f + 2 * pad) // stride + 1
    Z = np.zeros((A_prev.shape[0], n_H, n_W, W.shape[3]))
    for h in range(n_H):
        for w in range(n_W):
            window = A_pad[:, h * stride : h * stride + f, w * stride : w * stride + f, :]
            Z[:, h, w, :] = np.einsum("mijk,ijkc->mc", window, W) + b.reshape(1, -1)
    return Z, (A_prev, W, b, hparameters)


def conv_forward_with_helpers(A_prev, W, b, hparameters):
    """The loops of the notebook, calling zero_pad and conv_single_step."""
    f, stride, pad = W.shape[0], hparameters["stride"], hparameters["pad"]
    A_pad = zero_pad(A_prev, pad)
    n_H = (A_prev.shape[1] - f + 2 * pad) // stride + 1
    n_W = (A_prev.shape[2] - f + 2 * pad) // stride + 1
    Z = np.zeros((A_prev.shape[0], n_H, n_W, W.shape[3]))
    for i, h, w, c in np.ndindex(Z.shape):
        window = A_pad[i, h * stride : h * stride + f, w * stride : w * stride + f, :]
        Z[i, h, w, c] = conv_single_step(window, W[..., c], b[..., c])
    return Z, (A_prev, W, b, hparameters)


def pool_forward(A_prev, hparameters, mode="max"):
    f, stride = hparameters["f"], hparameters["stride"]
    m, n_H_prev, n_W_prev, n_C = A_prev.shape
    n_H, n_W = (n_H_prev - f) // stride + 1, (n_W_prev - f) // stride + 1
    reduce = np.max if mode == "max" else np.mean
    A = np.zeros((m, n_H, n_W, n_C))
    for h in range(n_H):
        for w in range(n_W):
            window = A_prev[:, h * stride : h * stride + f, w * stride : w * stride + f, :]
            A[:, h, w, :] = reduce(window, axis=(1, 2))
    return A, (A_prev, hparameters)


RIGHT = {
    cs.check_zero_pad: zero_pad,
    cs.check_conv_single_step: conv_single_step,
    cs.check_conv_forward: conv_forward,
    cs.check_pool_forward: pool_forward,
}


def test_right_answers_pass(capsys):
    for check, answer in RIGHT.items():
        check(answer)
    cs.check_conv_forward(conv_forward_with_helpers)
    assert capsys.readouterr().out.count("public tests passed.") == 5


def _conv_variant(*, slice_at=lambda h, stride: h * stride, bias=True, size=None, cache=None):
    """conv_forward with one typical mistake."""

    def wrong(A_prev, W, b, hparameters):
        f, stride, pad = W.shape[0], hparameters["stride"], hparameters["pad"]
        A_pad = zero_pad(A_prev, pad)
        n_H, n_W = (
            size(A_prev.shape[1], f, pad, stride)
            if size
            else (A_prev.shape[1] - f + 2 * pad) // stride + 1,
            size(A_prev.shape[2], f, pad, stride)
            if size
            else (A_prev.shape[2] - f + 2 * pad) // stride + 1,
        )
        Z = np.zeros((A_prev.shape[0], n_H, n_W, W.shape[3]))
        for i, h, w, c in np.ndindex(Z.shape):
            r, s = slice_at(h, stride), slice_at(w, stride)
            window = A_pad[i, r : r + f, s : s + f, :]
            Z[i, h, w, c] = np.sum(window * W[..., c]) + (b[0, 0, 0, c] if bias else 0.0)
        return Z, cache(A_prev, A_pad, W, b, hparameters) if cache else (A_prev, W, b, hparameters)

    return wrong


def _pool_variant(*, slice_at=lambda h, stride: h * stride, average=np.mean, across=False):
    """pool_forward with one typical mistake."""

    def wrong(A_prev, hparameters, mode="max"):
        f, stride = hparameters["f"], hparameters["stride"]
        m, n_H_prev, n_W_prev, n_C = A_prev.shape
        A = np.zeros((m, (n_H_prev - f) // stride + 1, (n_W_prev - f) // stride + 1, n_C))
        for i, h, w, c in np.ndindex(A.shape):
            r, s = slice_at(h, stride), slice_at(w, stride)
            window = (
                A_prev[i, r : r + f, s : s + f, :] if across else A_prev[i, r : r + f, s : s + f, c]
            )
            A[i, h, w, c] = np.max(window) if mode == "max" else average(window)
        return A, (A_prev, hparameters)

    return wrong


@pytest.mark.parametrize(
    ("check", "wrong", "message"),
    [
        (cs.check_zero_pad, lambda X, pad: np.pad(X, pad), "height and width only"),
        (
            cs.check_zero_pad,
            lambda X, pad: np.pad(X, ((0, 0), (0, pad), (0, pad), (0, 0))),
            "pad both sides",
        ),
        (
            cs.check_zero_pad,
            lambda X, pad: np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)), mode="edge"),
            "pad with zeros",
        ),
        (cs.check_zero_pad, lambda X, pad: np.pad(X[0, :, :, 0], pad), "keep the four axes"),
        (cs.check_conv_single_step, lambda a, W, b: np.sum(a * W) + b, "b.item\\(\\)"),
        (cs.check_conv_single_step, lambda a, W, b: float(np.sum(a * W)), "add the bias"),
        (cs.check_conv_single_step, lambda a, W, b: a * W + b.item(), "np.sum"),
        (
            cs.check_conv_single_step,
            lambda a, W, b: float(np.sum(a[..., 0] * W[..., 0]) + b.item()),
            "every channel",
        ),
        (cs.check_conv_forward, _conv_variant(slice_at=lambda h, stride: h), "h \\* stride"),
        (cs.check_conv_forward, _conv_variant(bias=False), "bias"),
        (
            cs.check_conv_forward,
            _conv_variant(size=lambda n, f, pad, stride: (n - f + 2 * pad) // stride),
            "forget the \\+ 1",
        ),
        (
            cs.check_conv_forward,
            _conv_variant(cache=lambda A_prev, A_pad, W, b, hp: (A_pad, W, b, hp)),
            "not the padded",
        ),
        (
            cs.check_conv_forward,
            lambda A_prev, W, b, hparameters: conv_forward(A_prev, W, b, hparameters)[0],
            "expected a tuple \\(Z, cache\\)",
        ),
        (
            cs.check_conv_forward,
            lambda A_prev, W, b, hparameters: (
                conv_forward(A_prev, W, b, hparameters)[0],
                (A_prev, W, b),
            ),
            "the cache should be",
        ),
        (cs.check_pool_forward, _pool_variant(slice_at=lambda h, stride: h), "h \\* stride"),
        (cs.check_pool_forward, _pool_variant(average=np.max), "np.mean"),
        (cs.check_pool_forward, _pool_variant(average=np.sum), "not its sum"),
        (cs.check_pool_forward, _pool_variant(across=True), "each channel on its own"),
        (
            cs.check_pool_forward,
            lambda A_prev, hparameters, mode="average": pool_forward(
                A_prev, hparameters, "average"
            ),
            "np.max",
        ),
    ],
)
def test_typical_mistakes_get_their_hint(check, wrong, message):
    with pytest.raises(CheckFailed, match=message):
        check(wrong)


def test_the_stub_says_it_is_not_written_yet():
    def stub(*args):
        raise NotImplementedError()

    for check in RIGHT:
        with pytest.raises(CheckFailed, match="not written yet"):
            check(stub)


def test_wrong_helpers_fail_their_own_checks_only(capsys):
    global zero_pad, conv_single_step
    right = zero_pad, conv_single_step
    zero_pad = lambda X, pad: np.pad(X, pad)  # noqa: E731 (the mistakes under test)
    conv_single_step = lambda a, W, b: np.sum(a * W) + b  # noqa: E731
    try:
        with pytest.raises(CheckFailed):
            cs.check_zero_pad(zero_pad)
        with pytest.raises(CheckFailed):
            cs.check_conv_single_step(conv_single_step)
        cs.check_conv_forward(conv_forward_with_helpers)
        assert "conv_forward: all 3 public tests passed." in capsys.readouterr().out
        assert zero_pad(np.ones((1, 1, 1, 1)), 1).shape == (3, 3, 3, 3)  # the learner's is back
    finally:
        zero_pad, conv_single_step = right


def test_trusted_helpers_agree_with_the_definitions():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(2, 3, 4, 2))
    for pad in (0, 1, 3):
        assert np.array_equal(cs._trusted_zero_pad(X, pad), zero_pad(X, pad))
    a, W, b = rng.normal(size=(3, 3, 2)), rng.normal(size=(3, 3, 2)), rng.normal(size=(1, 1, 1))
    assert np.isclose(cs._trusted_conv_single_step(a, W, b), np.sum(a * W) + b.item())
