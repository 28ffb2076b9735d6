"""c2w1-coffee-roasting-numpy: the numbers its text states agree with independent references
computed here (the coffee-roasting rule of utils.data's docstring, written out again, NumPy
statistics, and a vectorized forward pass with scipy's expit and the weights the lab gives).

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text itself, without TensorFlow. Unless an assertion says otherwise, a stated number must equal
the reference rounded to the decimals the text shows (tolerance: half a unit of the last digit).
"""

import numpy as np
import pytest
from helpers import markdown
from references import assert_roast_decisions_follow_the_rule
from scipy.special import expit

from autograder import cells
from autograder.syllabus import REPO_ROOT, load_syllabus

LAB = "c2w1-coffee-roasting-numpy"


@pytest.fixture(scope="module")
def given_weights():
    """The lab's given parameters, read from the code cell that defines them."""
    notebook = cells.read_notebook(REPO_ROOT / load_syllabus().lab(LAB).notebook)
    source = next(
        c.source
        for c in notebook.cells
        if c.cell_type == "code" and c.source.startswith("W1 = np.array")
    )
    namespace = {"np": np}
    exec(source.split("\nprint(")[0], namespace)  # only the assignments
    return tuple(namespace[k] for k in ("W1", "b1", "W2", "b2"))


def test_stated_decisions_follow_the_roasting_rule():
    assert_roast_decisions_follow_the_rule(markdown(LAB))


def test_given_weights_in_the_text_match_the_code(given_weights):
    W1, b1, W2, b2 = given_weights
    text = markdown(LAB)
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

    text = markdown(LAB)
    assert f"mu = [{mu[0]:.2f} {mu[1]:.2f}], sigma = [{sigma[0]:.2f} {sigma[1]:.2f}]" in text
    for (t, d), p in zip(
        [(200.0, 13.0), (200.0, 17.0)],
        forward(np.array([[200.0, 13.0], [200.0, 17.0]])),
        strict=True,
    ):
        decision = "good" if p >= 0.5 else "bad"
        assert f"{t:.0f} C, {d:.1f} min: P(good) = {p:.4f} -> {decision} roast" in text
    accuracy = 100 * np.mean((forward(X) >= 0.5) == y)
    assert f"training accuracy: {accuracy:.1f}%" in text
    assert f"classifies {accuracy:.1f}% of the roasts" in text


def test_my_dense_check_follows_the_sigmoid():
    text = markdown(LAB)
    a = expit(np.array([1.0, 1.0]) @ np.array([[1.0, -1.0], [2.0, 0.5]]) + [-1.0, 0.5])
    assert f"a_out = {np.round(a, 4)}, shape (2,)" in text


def test_unit_roles_follow_the_given_weights(roasts, given_weights):
    """Each unit fires most for the bad roast its role names, and not for a good one; the output
    with no unit firing is g(b2)."""
    X, _ = roasts
    W1, b1, W2, b2 = given_weights
    mu, sigma = X.mean(axis=0), X.std(axis=0)
    bad = {
        "too short": [215.0, 11.7],
        "too cold": [160.0, 13.5],
        "too long or too hot": [250, 14.5],
    }
    a1 = expit((np.array(list(bad.values())) - mu) / sigma @ W1 + b1)
    assert list(a1.argmax(axis=0)) == [0, 1, 2]  # unit j fires for the j-th roast of the list
    assert np.all(expit((np.array([[210.0, 13.0]]) - mu) / sigma @ W1 + b1) < 0.01)
    assert np.all(W2 < 0) and W1[1, 0] < 0 and W1[0, 1] < 0 and np.all(W1[:, 2] > 0)
    assert abs(W1[1, 1]) < 0.1 * abs(W1[0, 1])  # unit 1: "almost none on the duration"
    text = " ".join(markdown(LAB).split())
    for j, role in enumerate(bad):
        assert f"Unit {j}" in text and f"**{role}**" in text
    assert f"$g(b^{{[2]}}) = g({b2[0]:.2f})$, almost exactly 1" in text and expit(b2[0]) > 0.9999
