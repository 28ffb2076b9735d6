"""c4w3-convolution-application: the numbers its text states agree with independent references.

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks the
text against references computed here: the faces against scikit-image's ``lfw_subset.npy`` read
directly (counts, pixel range, the split's sizes), the shapes' test set against its seeded
generator's class rule (image i shows shape i % 4), every output size against the formula
floor((n + 2p - f) / s) + 1 (ceil(n / s) for "same"), every parameter count against
(f * f * n_C_prev + 1) * n_C, 4 * n_C for batch normalization and (n_in + 1) * n_out for Dense,
and the same architectures built here, layer by layer, in Keras (not with the lab's solution).
The trained accuracies are re-trained here from those models, with the lab's settings and seeds
0, 1, 2 (quick and full): a trained accuracy varies from machine to machine, so the text states
ranges and "about" values, and every re-training must fall in the stated range and their mean
near the "about" value. The re-trainings are marked slow.
"""

import math
from pathlib import Path

import numpy as np
import pytest
from helpers import stated

from autograder import cells
from autograder.syllabus import REPO_ROOT, load_syllabus

LAB = load_syllabus().lab("c4w3-convolution-application")
NB = cells.read_notebook(REPO_ROOT / LAB.source)
TEXT = "\n".join(c.source for c in NB.cells if c.cell_type == "markdown")
CODE = "\n".join(c.source for c in NB.cells if c.cell_type == "code")
PROSE = " ".join(TEXT.split())
SEED = 0


def out_size(n, f, s=1, p=0, same=False):
    """The output size of a window f, stride s, padding p on n pixels."""
    return math.ceil(n / s) if same else (n + 2 * p - f) // s + 1


def conv_parameters(f, n_c_prev, n_c):
    return (f * f * n_c_prev + 1) * n_c


def test_faces_match_lfw_subset_read_directly():
    import skimage

    images = np.load(Path(skimage.__file__).parent / "data" / "lfw_subset.npy")
    assert images.shape == (200, 25, 25)
    assert "100 grey 25x25 faces" in PROSE and "100 patches of the same photos" in PROSE
    n_test = 2 * 25  # 25 of each kind
    n_train = len(images) - n_test
    assert f"X_train: ({n_train}, 25, 25, 1), y_train: ({n_train},), faces: {n_train // 2}" in TEXT
    assert f"X_test: ({n_test}, 25, 25, 1), y_test: ({n_test},), faces: {n_test // 2}" in TEXT
    assert f"pixels from {images.min()} to {images.max()}" in TEXT
    assert f"{n_train} for training and {n_test}, 25 of each kind" in PROSE


def test_shapes_test_set_follows_its_rule():
    """make_shapes draws SHAPES[i % 4] for image i: m = 400 gives 100 of each class."""
    m = 400
    counts = np.bincount(np.arange(m) % 4)
    assert f"X_test_s: ({m}, 32, 32, 3), y_test_s: ({m},)" in TEXT
    assert f"test pictures per class: {counts}" in TEXT
    assert "draw 2,000 training pictures (800 in quick mode)" in PROSE
    assert "M_SHAPES = 800 if quick() else 2000" in CODE


def test_face_model_sizes_and_parameters_follow_the_formulas():
    padded = 25 + 2 * 2
    conv = out_size(padded, 5)
    pooled = out_size(conv, 2, 2)
    assert (padded, conv, pooled) == (29, 25, 12)
    assert f"$25 + 2 \\cdot 2 - 5 + 1 = {conv}$" in PROSE
    assert f"\\lfloor (25 - 2) / 2 \\rfloor + 1 = {pooled}$" in PROSE
    rows = [
        ("ZeroPadding2D", (padded, padded, 1), 0),
        ("Conv2D", (conv, conv, 8), conv_parameters(5, 1, 8)),
        ("BatchNormalization", (conv, conv, 8), 4 * 8),
        ("ReLU", (conv, conv, 8), 0),
        ("MaxPooling2D", (pooled, pooled, 8), 0),
        ("Flatten", (pooled * pooled * 8,), 0),
        ("Dense", (1,), pooled * pooled * 8 + 1),
    ]
    for name, shape, count in rows:
        line = f"{name:<19} {str((None, *shape)):<19} {count:>5}"
        assert line in TEXT, line
    total = sum(count for _, _, count in rows)
    trained = total - 2 * 8  # moving mean and variance
    assert (total, trained) == (1393, 1377)
    assert f"parameters: {total}, trained: {trained}" in TEXT
    assert f"{total} parameters in all, of which {trained} are trained" in PROSE
    assert "$(5 \\cdot 5 \\cdot 1 + 1) \\cdot 8 = 208$" in PROSE
    assert "$1152 + 1 = 1153$" in PROSE and f"**{total} parameters" not in PROSE
    assert f"**Sequential** API, {total} parameters" in PROSE


def shapes_sizes(n):
    """(P1 size, P2 size, parameters) of shapes_model on n x n x 3 pictures."""
    p1 = out_size(out_size(n, 4, same=True), 4, 4, same=True)
    p2 = out_size(out_size(p1, 2, same=True), 2, 2, same=True)
    parameters = conv_parameters(4, 3, 8) + conv_parameters(2, 8, 16) + (p2 * p2 * 16 + 1) * 4
    return p1, p2, parameters


def test_shapes_model_sizes_and_parameters_follow_the_formulas():
    assert conv_parameters(4, 3, 8) == 392 and conv_parameters(2, 8, 16) == 528
    assert (4 * 4 * 16 + 1) * 4 == 1028
    for n in (32, 20):
        p1, p2, parameters = shapes_sizes(n)
        line = (
            f"on ({n}, {n}, 3): P1 (None, {p1}, {p1}, 8), P2 (None, {p2}, {p2}, 16), "
            f"outputs (None, 4), parameters: {parameters}"
        )
        assert line in TEXT, line
    assert shapes_sizes(32)[2] == 1948 and "$392 + 528 + 1028 = 1948$" in PROSE
    assert "$\\lceil 20/4 \\rceil = 5$, then $\\lceil 5/2 \\rceil = 3$" in PROSE


def face_reference():
    """The face network of the table, built here in Keras layer by layer."""
    import keras

    layers = keras.layers
    model = keras.Sequential(
        [
            keras.Input(shape=(25, 25, 1)),
            layers.ZeroPadding2D(2),
            layers.Conv2D(8, 5),
            layers.BatchNormalization(axis=3),
            layers.ReLU(),
            layers.MaxPooling2D(2),
            layers.Flatten(),
            layers.Dense(1, activation="sigmoid"),
        ]
    )
    model.compile(
        optimizer=keras.optimizers.Adam(0.001), loss="binary_crossentropy", metrics=["accuracy"]
    )
    return model


def shapes_reference(input_shape):
    """The shapes network of the table, built here."""
    import keras

    layers = keras.layers
    inputs = keras.Input(shape=input_shape)
    x = layers.Conv2D(8, 4, padding="same", activation="relu")(inputs)
    x = layers.MaxPooling2D(4, padding="same")(x)
    x = layers.Conv2D(16, 2, padding="same", activation="relu")(x)
    x = layers.MaxPooling2D(2, padding="same")(x)
    outputs = layers.Dense(4, activation="softmax")(layers.Flatten()(x))
    model = keras.Model(inputs, outputs)
    model.compile(
        optimizer=keras.optimizers.Adam(0.01),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model


def test_keras_builds_the_stated_sizes_and_counts():
    face = face_reference()
    assert face.count_params() == 1393
    assert sum(int(np.prod(w.shape)) for w in face.trainable_weights) == 1377
    assert [tuple(layer.output.shape) for layer in face.layers][-3] == (None, 12, 12, 8)
    for n in (32, 20):
        model = shapes_reference((n, n, 3))
        p1, p2, parameters = shapes_sizes(n)
        pools = [tuple(layer.output.shape) for layer in model.layers if "pooling" in layer.name]
        assert pools == [(None, p1, p1, 8), (None, p2, p2, 16)]
        assert model.count_params() == parameters


def test_the_lab_trains_with_the_settings_its_text_states():
    assert "EPOCHS_FACES = 10 if quick() else 40" in CODE
    assert "batch_size=16" in CODE and "in batches of 16 pictures, for 40 epochs (10 in" in PROSE
    assert "EPOCHS_SHAPES = 6 if quick() else 25" in CODE
    assert "batch_size=32" in CODE and "in batches of 32 pictures, for 25 epochs (6 in" in PROSE
    assert "keras.optimizers.Adam(learning_rate=0.001)" in TEXT
    assert "keras.optimizers.Adam(learning_rate=0.01)" in TEXT


def batchnorm_memory(batches, momentum=0.99):
    """The weight the running averages still give their starting values after ``batches``."""
    return momentum**batches


def test_batchnorm_running_average_claim():
    batches = 10 * math.ceil(150 / 16)  # 10 epochs of 150 pictures in batches of 16
    (share,) = stated(PROSE, r"after the (\d+) batches of quick mode they still give")
    assert share == batches == 100
    (percent,) = stated(PROSE, r"they still give about (\d+)% weight to their starting values")
    assert abs(percent - 100 * batchnorm_memory(batches)) < 1
    (full_percent,) = stated(PROSE, r"after the 400 batches of the full run, (\d+)%")
    assert round(100 * batchnorm_memory(400)) == full_percent


def _train(kind, quick, seed):
    """Test accuracy (%) of the reference network trained as the lab trains it."""
    import keras

    from utils.image_data import load_faces, make_shapes

    keras.utils.set_random_seed(seed)
    if kind == "faces":
        X, y, X_test, y_test = load_faces()
        model, epochs, batch = face_reference(), (10 if quick else 40), 16
        X, X_test = X[..., None], X_test[..., None]
        predict = lambda p: (p[:, 0] > 0.5).astype(int)  # noqa: E731
    else:
        X, y = make_shapes(800 if quick else 2000, size=32, seed=SEED)
        X_test, y_test = make_shapes(400, size=32, seed=SEED + 1)
        model, epochs, batch = shapes_reference((32, 32, 3)), (6 if quick else 25), 32
        predict = lambda p: np.argmax(p, axis=1)  # noqa: E731
    model.steps_per_execution = 10
    model.fit(X, y, epochs=epochs, batch_size=batch, verbose=0)
    return 100 * float(np.mean(predict(model.predict(X_test, verbose=0)) == y_test))


def _stated_ranges(name):
    """(quick low, quick high, full low, full high) from the code cell and the text."""
    import re

    match = re.search(
        r"low, high = \((\d+), (\d+)\) if quick\(\) else \((\d+), (\d+)\)\n"
        + re.escape(f'print(f"test accuracy: {{{name}'),
        CODE,
    )
    assert match, name
    return [float(v) for v in match.groups()]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("kind", "variable", "about_pattern"),
    [
        ("faces", "accuracy", r"right about (\d+)% of the time after 40 epochs"),
        ("shapes", "accuracy_s", r"it is right about (\d+)% of the time after 25 epochs"),
    ],
)
def test_stated_accuracy_ranges_hold_over_retrainings(kind, variable, about_pattern):
    quick_low, quick_high, full_low, full_high = _stated_ranges(variable)
    prose = f"between {full_low:.0f}% and {full_high:.0f}%"
    assert prose in PROSE and f"between {quick_low:.0f}% and {quick_high:.0f}%" in PROSE
    assert full_high - full_low <= 20, "a range, not a shrug"
    quick = [_train(kind, True, seed) for seed in range(3)]
    assert all(quick_low <= a <= quick_high for a in quick), quick
    full = [_train(kind, False, seed) for seed in range(3)]
    assert all(full_low <= a <= full_high for a in full), full
    (about,) = stated(PROSE, about_pattern)
    assert abs(about - np.mean(full)) <= 4, (about, full)
