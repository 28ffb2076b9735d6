"""Optional labs of course 2, week 1: the numbers their text states agree with independent
references computed here (the neuron formulas w x + b and g(w x + b) with scipy's expit, the
coffee-roasting rule of utils.data's docstring, NumPy statistics, and a vectorized forward pass
with the weights the NumPy lab gives).

tests/labs/test_run.py checks that each notebook prints what its text states; this file checks
the text itself, without TensorFlow. Unless an assertion says otherwise, a stated number must equal
the reference rounded to the decimals the text shows (tolerance: half a unit of the last digit).
"""

import re

import numpy as np
import pytest
from scipy.special import expit

from autograder import cells
from autograder.syllabus import REPO_ROOT, load_syllabus
from utils.data import make_coffee_roasting

SYLLABUS = load_syllabus()


def notebook(lab_id: str):
    return cells.read_notebook(REPO_ROOT / SYLLABUS.lab(lab_id).notebook)


def markdown(lab_id: str) -> str:
    """All markdown text of an optional lab."""
    return "\n".join(c.source for c in notebook(lab_id).cells if c.cell_type == "markdown")


def good_roast(t: float, d: float) -> bool:
    """The rule of make_coffee_roasting's docstring, written out independently."""
    return 175 < t < 260 and 12 < d < 15 and d <= 21 - 3 * t / 85


# c2w1-neurons-and-layers ---------------------------------------------------------------------


def test_linear_neuron_outputs_follow_w_x_plus_b():
    text = markdown("c2w1-neurons-and-layers")
    for x in (1.0, 2.0):
        assert f"Dense layer: x = {x} -> a = {200 * x + 100:.1f}" in text
        assert f"NumPy w x + b: x = {x} -> {200 * x + 100:.1f}" in text


def test_logistic_neuron_outputs_follow_the_sigmoid():
    text = markdown("c2w1-neurons-and-layers")
    for x in range(6):
        a = expit(2.0 * x - 4.5)
        assert f"x = {x}: Dense {a:.4f}, NumPy {a:.4f}" in text
    assert "at $x = 4.5 / 2 = 2.25$" in text  # where g(2x - 4.5) = 0.5


# c2w1-coffee-roasting-tf ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def roasts():
    X, y = make_coffee_roasting()
    assert np.array_equal(y, [good_roast(t, d) for t, d in X]), "labels follow the stated rule"
    return X, y


def test_coffee_data_summary(roasts):
    X, y = roasts
    text = markdown("c2w1-coffee-roasting-tf")
    assert f"good roasts: {int(y.sum())} of {y.size}" in text
    assert f"temperature: {X[:, 0].min():.1f} to {X[:, 0].max():.1f} C" in text
    assert f"duration: {X[:, 1].min():.2f} to {X[:, 1].max():.2f} min" in text


def test_normalization_statistics(roasts):
    """Keras's Normalization layer uses the population variance (ddof = 0)."""
    X, _ = roasts
    mean, var = X.mean(axis=0), X.var(axis=0)
    Xn = (X - mean) / np.sqrt(var)
    text = markdown("c2w1-coffee-roasting-tf")
    assert f"mean: [{mean[0]:.2f} {mean[1]:.2f}], variance: [{var[0]:.2f} {var[1]:.1f}]" in text
    assert f"-> {Xn[:, 0].min():.2f} to {Xn[:, 0].max():.2f}" in text
    assert f"-> {Xn[:, 1].min():.2f} to {Xn[:, 1].max():.2f}" in text


@pytest.mark.parametrize("lab_id", ["c2w1-coffee-roasting-tf", "c2w1-coffee-roasting-numpy"])
def test_stated_decisions_follow_the_roasting_rule(lab_id):
    text = markdown(lab_id)
    stated = re.findall(r"(\d+) C, ([\d.]+) min: (?:P\(good\) = [\d.]+ -> )?(good|bad) roast", text)
    assert len(stated) == 2
    for t, d, decision in stated:
        assert decision == ("good" if good_roast(float(t), float(d)) else "bad"), (t, d)


# c2w1-coffee-roasting-numpy -------------------------------------------------------------------


@pytest.fixture(scope="module")
def given_weights():
    """The lab's given parameters, read from the code cell that defines them."""
    source = next(c.source for c in notebook("c2w1-coffee-roasting-numpy").cells
                  if c.cell_type == "code" and c.source.startswith("W1 = np.array"))
    namespace = {"np": np}
    exec(source.split("\nprint(")[0], namespace)  # only the assignments
    return tuple(namespace[k] for k in ("W1", "b1", "W2", "b2"))


def test_given_weights_in_the_text_match_the_code(given_weights):
    W1, b1, W2, b2 = given_weights
    text = markdown("c2w1-coffee-roasting-numpy")
    rows = " \\\\ ".join(" & ".join(f"{v:.2f}" for v in row) for row in W1)
    assert rows in text
    assert "(" + ", ".join(f"{v:.2f}" for v in b1) + ")" in text
    assert " \\\\ ".join(f"{v:.2f}" for v in W2[:, 0]) in text
    assert f"b^{{[2]}} = {b2[0]:.2f}" in text


def test_numpy_lab_predictions_and_accuracy(roasts, given_weights):
    X, y = roasts
    W1, b1, W2, b2 = given_weights
    mu, sigma = X.mean(axis=0), X.std(axis=0)

    def forward(P):
        return expit(expit((P - mu) / sigma @ W1 + b1) @ W2 + b2)[:, 0]

    text = markdown("c2w1-coffee-roasting-numpy")
    assert f"mu = [{mu[0]:.2f} {mu[1]:.2f}], sigma = [{sigma[0]:.2f} {sigma[1]:.2f}]" in text
    for (t, d), p in zip([(200.0, 13.0), (200.0, 17.0)], forward(np.array([[200.0, 13.0],
                                                                         [200.0, 17.0]])),
                         strict=True):
        decision = "good" if p >= 0.5 else "bad"
        assert f"{t:.0f} C, {d:.1f} min: P(good) = {p:.4f} -> {decision} roast" in text
    accuracy = 100 * np.mean((forward(X) >= 0.5) == y)
    assert f"training accuracy: {accuracy:.1f}%" in text
    assert f"classifies {accuracy:.1f}% of the roasts" in text


def test_my_dense_check_follows_the_sigmoid():
    text = markdown("c2w1-coffee-roasting-numpy")
    a = expit(np.array([1.0, 1.0]) @ np.array([[1.0, -1.0], [2.0, 0.5]]) + [-1.0, 0.5])
    assert f"a_out = {np.round(a, 4)}, shape (2,)" in text
