"""Optional labs of course 2, week 2: the numbers their text states agree with independent
references computed here (scipy.special's expit, softmax and logsumexp, SymPy's derivatives,
scikit-learn's make_blobs, and the formulas of each lab written out again), without TensorFlow.

tests/labs/test_run.py checks that each notebook prints what its text states; this file checks
the text itself. Unless an assertion says otherwise, a stated number must equal the reference
rounded to the decimals the text shows (tolerance: half a unit of the last digit).
"""

import numpy as np
import pytest
import sympy
from scipy.special import expit, logsumexp, softmax
from sklearn.datasets import make_blobs

from autograder import cells
from autograder.syllabus import REPO_ROOT, load_syllabus

SYLLABUS = load_syllabus()


def markdown(lab_id: str) -> str:
    """All markdown text of an optional lab."""
    nb = cells.read_notebook(REPO_ROOT / SYLLABUS.lab(lab_id).notebook)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def np_str(a: np.ndarray) -> str:
    """How NumPy prints an array, e.g. '[0.09   0.2447 0.6652]'."""
    return str(np.asarray(a))


# c2w2-relu ----------------------------------------------------------------------------------


def relu_target(x: np.ndarray) -> np.ndarray:
    """The lab's target: 0.5 up to x = 1, then slope 1 up to x = 2, then slope 3."""
    return np.piecewise(x, [x <= 1, (x > 1) & (x <= 2), x > 2],
                        [0.5, lambda t: 0.5 + (t - 1), lambda t: 1.5 + 3 * (t - 2)])


def test_relu_lab_activation_values():
    text = markdown("c2w2-relu")
    assert f"sigmoid: {np_str(np.round(expit([-2.0, 0.0, 2.0]), 4))}" in text
    assert "ReLU:    [0. 0. 2.]" in text


def test_relu_lab_target_and_fit_errors():
    text = markdown("c2w2-relu")
    points = relu_target(np.array([0.0, 1.0, 2.0, 3.0]))
    assert "$x = 0, 1, 2, 3$ are " + ", ".join(f"{v:g}" for v in points) in text
    x = np.linspace(0, 3, 3001)
    start = np.max(np.abs(3 * x - relu_target(x)))  # three units max(0, 1 x + 0)
    assert f"fit error: {start:.3f}" in text
    solution = 0.5 + np.maximum(0, x - 1) + np.maximum(0, 2 * x - 4)
    assert np.max(np.abs(solution - relu_target(x))) < 1e-12
    assert "units: ((0.0, 0.5), (1.0, -1.0), (2.0, -4.0))\nfit error: 0.000" in text


# c2w2-softmax -------------------------------------------------------------------------------


def test_softmax_lab_probabilities():
    text = markdown("c2w2-softmax")
    a = np_str(np.round(softmax([1.0, 2.0, 3.0, 4.0]), 4))
    assert f"a = {a}" in text
    assert f"z = [1. 2. 3. 4.] -> a = {a}" in text
    assert f"z = [2. 3. 4. 5.] -> a = {a}" in text  # shift invariance
    assert "z = [2. 2. 2. 2.] -> a = [0.25 0.25 0.25 0.25]" in text
    stable = np_str(np.round(softmax([1000.0, 1001.0, 1002.0]), 4))
    assert f"stable: {stable}" in text
    assert f"stable on z - 1000: {stable}" in text


def test_softmax_lab_losses():
    """Keras clips probabilities at epsilon = 1e-7 before taking the log."""
    text = markdown("c2w2-softmax")
    z = np.array([0.0, 120.0])
    assert f"loss from logits: {logsumexp(z) - z[0]:.3f}" in text
    assert f"loss from probabilities: {-np.log(1e-7):.3f}" in text
    assert f"$-\\ln 10^{{-7}} = {-np.log(1e-7):.3f}$" in text
    a0 = softmax(z)[0]
    assert f"\\approx {a0:.1e}".replace("e-", " \\times 10^{-") + "}$" in text
    assert np.float32(a0) == 0.0  # what the text says float32 does


# c2w2-multiclass-tf -------------------------------------------------------------------------


def test_multiclass_lab_data_and_parameter_count():
    text = markdown("c2w2-multiclass-tf")
    _, y = make_blobs(n_samples=100, centers=[[-5, 2], [-1, -2], [1, 2], [5, -2]],
                      cluster_std=1.0, random_state=30)
    assert f"examples per class: {np_str(np.bincount(y))}" in text
    n_in, n_hidden, n_out = 2, 2, 4
    layer1, layer2 = n_in * n_hidden + n_hidden, n_hidden * n_out + n_out
    assert f"parameters: {layer1 + layer2}" in text
    assert f"= {layer1}$ in layer 1" in text and f"= {layer2}$ in layer 2" in text


# c2w2-derivatives ---------------------------------------------------------------------------


W = sympy.symbols("w")


@pytest.mark.parametrize("eps", [0.1, 0.01, 0.001, 0.0001])
def test_derivatives_lab_difference_quotients(eps):
    text = markdown("c2w2-derivatives")
    assert f"eps = {eps}: (J(w + eps) - J(w)) / eps = {6 + eps:.4f}" in text  # exactly 6 + eps


@pytest.mark.parametrize("J", [W**2, W**3, 1 / W, 2 / W, W**4])
def test_derivatives_lab_symbolic_and_numeric(J):
    text = markdown("c2w2-derivatives")
    d = sympy.diff(J, W)
    f = sympy.lambdify(W, J)
    numeric = (f(3.001) - f(3.0)) / 0.001
    assert f"J = {J}: dJ/dw = {d}, at w = 3: {d.subs(W, 3)}, numeric {numeric:.4f}" in text


# c2w2-backprop ------------------------------------------------------------------------------


def test_backprop_lab_values_and_derivatives():
    text = markdown("c2w2-backprop")
    w, b, x, y = sympy.symbols("w b x y")
    J = (w * x + b - y) ** 2 / 2
    point = {w: 2, b: 8, x: -2, y: 2}
    c, a = 2 * -2, 2 * -2 + 8
    d = a - 2
    forward = f"c = w x   = {c}\na = c + b = {a}\nd = a - y = {d}\nJ = d^2/2 = {J.subs(point)}.0"
    assert forward in text
    dw, db = sympy.diff(J, w), sympy.diff(J, b)
    assert f"dJ/dw = {dw} = {dw.subs(point)}" in text
    assert f"dJ/db = {db} = {db.subs(point)}" in text
    assert f"dJ/dd = {d}\ndJ/da = {d}\ndJ/db = {db.subs(point)}\ndJ/dc = {d}" in text
    assert f"dJ/dw = {dw.subs(point)}" in text
    for name, value, grad in [("w", 2, dw.subs(point)), ("b", 8, db.subs(point)),
                              ("c = w x", c, d), ("a = c + b", a, d), ("d = a - y", d, d)]:
        sym = name[0]
        assert f"{name:<10} value {value:>4}   dJ/d{sym} {grad!s:>4}" in text


def test_backprop_lab_bumped_costs():
    text = markdown("c2w2-backprop")

    def cost(w, b):
        return (w * -2.0 + b - 2.0) ** 2 / 2

    for name, bumped in [("w", cost(2.001, 8.0)), ("b", cost(2.0, 8.001))]:
        slope = (bumped - 2) / 0.001
        assert f"J({name} + 0.001) = {bumped:.7f} -> dJ/d{name} ~ {slope:.4f}" in text
