"""c4w2-gradient-checking: the numbers its text states agree with independent references.

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks the
text, and the given code it is about, against references computed here without the lab's code:

- the payments and the parameters are drawn again from the seed by the rule the text states;
- the network's cost and its exact gradient come from TensorFlow (``tf.nn`` ops and
  ``tf.GradientTape``), so the corrected back-propagation is proven right, the given one wrong in
  exactly the parameters the text names, and every stated difference is recomputed against the
  exact gradient;
- the one-dimensional claims (the figure of section 4) use the closed-form derivative, evaluated
  with mpmath at 50 digits;
- the training claims train the network again with TensorFlow's gradients.

A difference at the level of rounding noise (the corrected back-propagation's) is checked as a
range: its digits depend on the machine.
"""

import mpmath
import numpy as np
import pytest
from helpers import NUMBER, assert_rounded, markdown, stated

from autograder import cells
from autograder.syllabus import REPO_ROOT, load_syllabus

LAB = "c4w2-gradient-checking"
TEXT = markdown(LAB)
PROSE = " ".join(TEXT.split())
SEED, M, DIMS = 0, 40, [4, 5, 3, 1]
KEYS = ["W1", "b1", "W2", "b2", "W3", "b3"]


def payments_and_parameters():
    """The payments and the parameters, drawn from the seed as the text says: 4 x 40 standard
    normal features, the risk score 1.5 amount + distance + 0.8 recent - 1 + 0.5 noise, then He
    weights and biases of standard deviation 0.1, layer by layer."""
    rng = np.random.default_rng(SEED)
    X = rng.normal(0.0, 1.0, (4, M))
    amount, _, distance, recent = X
    risk = 1.5 * amount + distance + 0.8 * recent - 1.0 + 0.5 * rng.normal(0.0, 1.0, M)
    Y = (risk > 0).astype(float).reshape(1, M)
    parameters = {}
    for layer in range(1, 4):
        scale = np.sqrt(2.0 / DIMS[layer - 1])
        parameters[f"W{layer}"] = rng.normal(0.0, 1.0, (DIMS[layer], DIMS[layer - 1])) * scale
        parameters[f"b{layer}"] = rng.normal(0.0, 0.1, (DIMS[layer], 1))
    return X, Y, parameters


X, Y, PARAMETERS = payments_and_parameters()


def given_code(start: str, stop: str | None = None, namespace: dict | None = None) -> dict:
    """Run the lab's code cell that starts with ``start`` (up to ``stop``) in ``namespace`` (a
    new one by default, with NumPy and the seed); return the namespace."""
    notebook = cells.read_notebook(REPO_ROOT / load_syllabus().lab(LAB).source)
    sources = [c.source for c in notebook.cells if c.cell_type == "code"]
    source = next(s for s in sources if s.startswith(start))
    namespace = {"np": np, "SEED": SEED} if namespace is None else namespace
    exec(source.split(stop)[0] if stop else source, namespace)
    return namespace


@pytest.fixture(scope="module")
def tf():
    import tensorflow

    return tensorflow


def tf_cost(tf, variables):
    """The network's mean logistic loss, and its activations A1 and A2, by TensorFlow ops."""
    A1 = tf.nn.relu(variables["W1"] @ X + variables["b1"])
    A2 = tf.nn.relu(variables["W2"] @ A1 + variables["b2"])
    Z3 = variables["W3"] @ A2 + variables["b3"]
    return tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=Y, logits=Z3)), A1, A2


def tf_cost_and_gradients(tf, parameters):
    """The cost of the network, its exact gradient (tf.GradientTape) and its activations."""
    variables = {k: tf.Variable(v, dtype=tf.float64) for k, v in parameters.items()}
    with tf.GradientTape() as tape:
        cost, A1, A2 = tf_cost(tf, variables)
    grads = tape.gradient(cost, variables)
    return float(cost), {"d" + k: grads[k].numpy() for k in KEYS}, (A1.numpy(), A2.numpy())


def tf_descent(tf, steps, rate):
    """The parameters after ``steps`` steps of gradient descent with TensorFlow's gradients."""
    variables = {k: tf.Variable(v, dtype=tf.float64) for k, v in PARAMETERS.items()}

    @tf.function
    def step():
        with tf.GradientTape() as tape:
            cost = tf_cost(tf, variables)[0]
        grads = tape.gradient(cost, variables)
        for key in KEYS:
            variables[key].assign_sub(rate * grads[key])

    for _ in range(steps):
        step()
    return {k: v.numpy() for k, v in variables.items()}


def relative(a, b) -> float:
    a = np.concatenate([np.ravel(v) for v in a]) if isinstance(a, list) else np.ravel(a)
    b = np.concatenate([np.ravel(v) for v in b]) if isinstance(b, list) else np.ravel(b)
    return float(np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b)))


def as_list(gradients):
    return [gradients["d" + k] for k in KEYS]


@pytest.fixture(scope="module")
def exact(tf):
    return tf_cost_and_gradients(tf, PARAMETERS)


@pytest.fixture(scope="module")
def backprops():
    """The lab's given back-propagation and its corrected version, on the payments."""
    lab = given_code("rng = np.random.default_rng(SEED)", "\nprint(")
    given_code("LAYER_DIMS = [4, 5, 3, 1]", "\ncost, cache = ", lab)
    _, cache = lab["forward_propagation_n"](X, Y, PARAMETERS)
    buggy = given_code("def backward_propagation_n(X, Y, cache):")["backward_propagation_n"]
    fixed = given_code("def backward_propagation_n_fixed", "\n\ngradients_fixed")
    fixed = fixed["backward_propagation_n_fixed"]
    assert np.array_equal(lab["X"], X) and np.array_equal(lab["Y"], Y)
    assert all(np.array_equal(lab["parameters"][k], PARAMETERS[k]) for k in KEYS)
    return buggy(X, Y, cache), fixed(X, Y, cache), lab["forward_propagation_n"]


def test_payments_and_network_as_stated(exact):
    assert f"X: (4, {M}), Y: (1, {M}), {int(Y.sum())} fraudulent payments" in TEXT
    assert "the cell below generates 40 payments" in PROSE.lower()
    assert "1.5\\,\\text{amount} + \\text{distance} + 0.8\\,\\text{recent} - 1" in TEXT
    count = sum(n_out * n_in + n_out for n_in, n_out in zip(DIMS, DIMS[1:], strict=False))
    assert count == 47 and f"{count} parameters, cost J = {exact[0]:.4f}" in TEXT
    assert "$20 + 5 + 15 + 3 + 3 + 1 = 47$" in PROSE
    assert f"That is $2 \\times 47 = {2 * count}$ forward passes" in PROSE
    assert f"{2 * count} forward passes" in PROSE and f"{2 * count} here" in PROSE


def test_the_corrected_back_propagation_is_the_exact_gradient(exact, backprops):
    _, fixed, _ = backprops
    for key in KEYS:
        assert fixed["d" + key] == pytest.approx(exact[1]["d" + key], rel=1e-10, abs=1e-13)


def test_the_given_back_propagation_is_wrong_where_the_text_says(exact, backprops):
    """Its overall and per-parameter differences from the exact gradient are the stated ones
    (two-sided differences agree with the exact gradient to ~1e-9, far below the 4 decimals)."""
    buggy, _, _ = backprops
    grads = exact[1]
    overall = relative(as_list(buggy), as_list(grads))
    assert f"difference = {overall:.4f}: there is a mistake in the back-propagation" in TEXT
    assert f"falls from {overall:.4f}" in PROSE and f"(difference **{overall:.4f}**)" in PROSE
    for key in KEYS:
        d = relative(buggy["d" + key], grads["d" + key])
        shown = f"{d:.4f}" if d > 1e-7 else "below 1e-7"
        assert f"{key:9s}  {PARAMETERS[key].size:7d}  {shown}" in TEXT
        assert (d > 1e-3) == (key in ("W1", "b1", "b2"))
        if key not in ("W1", "b1", "b2"):
            assert d < 1e-12  # the right ones are exact, not merely close
    # db2 is m times too large, so its difference is (m - 1) / (m + 1)
    assert np.allclose(buggy["db2"], M * grads["db2"], rtol=1e-12)
    assert "$(40 - 1)/(40 + 1) = 0.9512$" in PROSE and f"{39 / 41:.4f}" == "0.9512"
    assert f"db2, back-propagation:      {np.round(buggy['db2'].ravel(), 4)}" in TEXT
    assert f"db2, two-sided differences: {np.round(grads['db2'].ravel(), 4)}" in TEXT


def test_relu_activity_as_stated(exact):
    A1, A2 = exact[2]
    off = np.mean(A1 <= 0, axis=1)
    assert round(off.min() * 100) == 40 and round(off.max() * 100) == 62
    assert "off for 40% to 62% of the payments" in PROSE
    assert np.all(A2[2] <= 0) and np.all(A2[:2].max(axis=1) > 0)
    assert "the third unit of layer 2 is off for every payment" in PROSE


def test_the_corrected_difference_is_rounding_noise(exact, backprops):
    """Two-sided differences of the lab's forward pass at 1e-7 against the exact gradient: a
    noise-level difference, "about 2e-9" (between 1e-9 and 4e-9 here)."""
    _, _, forward = backprops
    theta = np.concatenate([PARAMETERS[k].ravel() for k in KEYS])
    sizes = np.cumsum([PARAMETERS[k].size for k in KEYS])[:-1]

    def cost(vector):
        parts = np.split(vector, sizes)
        return forward(
            X, Y, {k: p.reshape(PARAMETERS[k].shape) for k, p in zip(KEYS, parts, strict=True)}
        )[0]

    eps = 1e-7
    approx = [
        (cost(theta + eps * e) - cost(theta - eps * e)) / (2 * eps) for e in np.eye(len(theta))
    ]
    d = relative(np.array(approx), as_list(exact[1]))
    assert 1e-9 <= d <= 4e-9, d
    assert "about $2 \\times 10^{-9}$" in PROSE


def test_one_dimensional_claims():
    assert "J = forward_propagation(x=3, theta=2) = 6.0" in TEXT
    assert "dJ/dtheta at x=3, theta=2: 3.0" in TEXT
    approx = (3.0 * (2.0 + 1e-7) - 3.0 * (2.0 - 1e-7)) / 2e-7
    assert abs(3.0 - approx) / (3.0 + abs(approx)) < 1e-7


def test_the_step_figure_as_stated():
    """Section 4: float differences of J = log(1 + e^(-theta x)) at theta = 0.2, x = 3, against
    the derivative -x / (1 + e^(theta x)) evaluated at 50 digits."""
    mpmath.mp.dps = 50
    theta, x = 0.2, 3.0
    exact = float(-mpmath.mpf(x) / (1 + mpmath.exp(mpmath.mpf(theta) * x)))
    assert float(mpmath.diff(lambda t: mpmath.log(1 + mpmath.exp(-t * x)), theta)) == (
        pytest.approx(exact, rel=1e-14)
    )

    def loss(t):
        return np.log1p(np.exp(-t * x))

    def differences(eps):
        one = (loss(theta + eps) - loss(theta)) / eps
        two = (loss(theta + eps) - loss(theta - eps)) / (2 * eps)
        return [abs(exact - a) / (abs(exact) + abs(a)) for a in (one, two)]

    one, two = differences(1e-3)
    assert f"{two:.0e}" == "1e-07" and f"{one:.0e}" == "5e-04"
    assert "about $1 \\times 10^{-7}$ and $5 \\times 10^{-4}$" in PROSE
    one, two = differences(1e-7)
    assert two < 1e-10  # "more than a thousand times below the 1e-7 threshold"
    assert 1e-8 < one < 1e-7  # "just below it"
    epsilons = np.logspace(-12, -1, 45)
    curves = np.array([differences(e) for e in epsilons])
    best_one, best_two = epsilons[np.argmin(curves, axis=0)]
    assert 1e-9 <= best_one <= 3e-8 and 3e-7 <= best_two <= 1e-5  # "near 1e-8" and "near 1e-6"
    assert "near $\\varepsilon = 10^{-6}$ for the two-sided difference and $10^{-8}$" in PROSE
    assert np.all(curves[epsilons < 1e-10] > 1e-9)  # "below 1e-10 both are noise"
    # slopes 1 and 2 on the right of the figure
    slopes = (
        np.diff(np.log10(curves[epsilons > 1e-4]), axis=0)
        / np.diff(np.log10(epsilons[epsilons > 1e-4]))[:, None]
    )
    assert np.allclose(slopes, [1, 2], atol=0.05)


def test_training_with_either_back_propagation_fits_every_payment(tf, backprops):
    """Section 9: 1000 steps of rate 0.5. The corrected run is redone with TensorFlow's exact
    gradients; the given (wrong) one can only be the lab's code."""
    assert "1000 steps with a learning rate of 0.5" in PROSE
    _, _, forward = backprops
    buggy = given_code("def backward_propagation_n(X, Y, cache):")["backward_propagation_n"]
    finals = {}
    for name in ("given", "corrected"):
        if name == "corrected":
            params = tf_descent(tf, 1000, 0.5)
        else:
            params = {k: v.copy() for k, v in PARAMETERS.items()}
            for _ in range(1000):
                grads = buggy(X, Y, forward(X, Y, params)[1])
                params = {k: params[k] - 0.5 * grads["d" + k] for k in KEYS}
        cost, cache = forward(X, Y, params)
        accuracy = np.mean((cache[9] > 0.5) == (Y == 1))
        assert f"{name} back-propagation: {accuracy * 100:.0f}% of the {M} payments right" in TEXT
        assert accuracy == 1.0
        finals[name] = cost
    assert max(finals.values()) < 0.01 and "both costs end below 0.01" in PROSE
    given, corrected = stated(PROSE, rf"below 0\.01 \({NUMBER} and {NUMBER} here\)")
    assert_rounded([given, corrected], [finals["given"], finals["corrected"]], 3)
