"""c2w2-multiclass-tf: the numbers its text states agree with independent references
computed here (scikit-learn's make_blobs, and the parameter count worked out from the layer
sizes).

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text itself, without TensorFlow. Unless an assertion says otherwise, a stated number must equal
the reference rounded to the decimals the text shows (tolerance: half a unit of the last digit).
"""

import numpy as np
from helpers import markdown, np_str
from sklearn.datasets import make_blobs


def test_multiclass_lab_data_and_parameter_count():
    text = markdown("c2w2-multiclass-tf")
    _, y = make_blobs(
        n_samples=100,
        centers=[[-5, 2], [-1, -2], [1, 2], [5, -2]],
        cluster_std=1.0,
        random_state=30,
    )
    assert f"examples per class: {np_str(np.bincount(y))}" in text
    n_in, n_hidden, n_out = 2, 2, 4
    layer1, layer2 = n_in * n_hidden + n_hidden, n_hidden * n_out + n_out
    assert f"parameters: {layer1 + layer2}" in text
    assert f"= {layer1}$ in layer 1" in text and f"= {layer2}$ in layer 2" in text
