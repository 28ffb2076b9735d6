"""c2w2-softmax: the numbers its text states agree with independent references computed
here (scipy.special's softmax and logsumexp, and the clipping Keras applies written out again).

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text itself, without TensorFlow. Unless an assertion says otherwise, a stated number must equal
the reference rounded to the decimals the text shows (tolerance: half a unit of the last digit).
"""

import numpy as np
from helpers import markdown, np_str
from scipy.special import logsumexp, softmax


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
