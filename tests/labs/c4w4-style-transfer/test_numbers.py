"""c4w4-style-transfer: the numbers and claims its text states agree with independent references.

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text. The worked examples are recomputed with NumPy's einsum (the notebook uses tf.matmul and
reshape). The feature extractor is rebuilt with Keras Conv2D layers from the same seeded draws
(and one response checked against scipy.signal.correlate), the Gram matrices taken with einsum
over positions, the costs written again here. The optimizations are re-run with that network,
SciPy's L-BFGS-B and Keras' Adam, each once for the full length (200 iterations) with a snapshot
at the quick length (60), so every stated number is checked for both modes. The spectra, channel
spreads and edge maps are computed by functions of this file written differently (ring masks in
a loop over unshifted frequencies, explicit differences).
"""

import os
import re

import numpy as np
import pytest
from helpers import markdown

os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

LAB = "c4w4-style-transfer"
TEXT = markdown(LAB)
FLAT = " ".join(TEXT.split())  # the text with every line break and run of spaces as one space
SEED = 0
SIZE = 64
SCALES = (3, 5, 7, 11, 15, 23)
PER_SCALE = 32
QUICK, FULL = 60, 200


def says(phrase: str) -> None:
    assert " ".join(phrase.split()) in FLAT, f"the text does not say {phrase!r}"


# --- Sections 1 to 3: the worked examples ------------------------------------------------------


def worked_example() -> tuple[np.ndarray, np.ndarray]:
    """The text's a_C (channel 0 [[1, 2], [3, 4]], channel 1 [[0, 1], [1, 0]]) and a_G (ones),
    shape (2, 2, 2)."""
    a_C = np.zeros((2, 2, 2))
    a_C[:, :, 0] = [[1, 2], [3, 4]]
    a_C[:, :, 1] = [[0, 1], [1, 0]]
    return a_C, np.ones_like(a_C)


def gram(a: np.ndarray) -> np.ndarray:
    """Gram matrix of activations (n_H, n_W, n_C): sum over positions of a_c * a_c'."""
    return np.einsum("hwc,hwd->cd", a, a)


def layer_style(a_S: np.ndarray, a_G: np.ndarray) -> float:
    n_H, n_W, n_C = a_S.shape
    return float(np.sum((gram(a_S) - gram(a_G)) ** 2) / (4 * n_C**2 * (n_H * n_W) ** 2))


def test_worked_example():
    a_C, a_G = worked_example()
    J = float(np.einsum("hwc,hwc->", a_C - a_G, a_C - a_G) / (4 * 2 * 2 * 2))
    assert J == 0.5 and "J_content = 0.5" in TEXT and "J_{content} = 0.5" in TEXT
    assert np.array_equal(gram(a_C), [[30, 5], [5, 2]])
    assert "G of a_C:\n[[30.  5.]\n [ 5.  2.]]" in TEXT
    assert np.array_equal(gram(a_G), np.full((2, 2), 4.0))
    cost = layer_style(a_C, a_G)
    assert cost == 682 / 256 == 2.6640625
    assert "J_style_layer = 2.6640625" in TEXT and "682/256 = 2.6640625" in TEXT
    assert 0.25 * cost + 0.75 * cost == 2.6640625
    assert "J_style, two layers weighted 0.25 and 0.75 = 2.6640625" in TEXT


# --- Section 4: the random multi-scale layer, rebuilt with Keras ---------------------------------


def photo(name: str) -> np.ndarray:
    """A centred square of a scikit-image picture, 64 x 64 x 3 in [0, 1]."""
    from skimage.transform import resize

    from utils.image_data import load_photo

    im = load_photo(name)
    im = np.repeat(im[..., None], 3, axis=-1) if im.ndim == 2 else im[..., :3]
    side = min(im.shape[:2])
    top, left = (im.shape[0] - side) // 2, (im.shape[1] - side) // 2
    im = im[top : top + side, left : left + side]
    return resize(im, (SIZE, SIZE), anti_aliasing=True).astype(np.float32)


@pytest.fixture(scope="module")
def net():
    """The seeded filters (k, k, 3, 32) per scale, a Keras model with one valid ReLU convolution
    per scale, and the images."""
    import keras

    rng = np.random.default_rng(SEED)
    draws = [
        (rng.normal(0, 1, (k, k, 3, PER_SCALE)) / np.sqrt(k * k * 3)).astype(np.float32)
        for k in SCALES
    ]
    inputs = keras.Input((SIZE, SIZE, 3))
    outputs = []
    for W in draws:
        conv = keras.layers.Conv2D(PER_SCALE, W.shape[0], padding="valid", use_bias=False)
        outputs.append(keras.layers.ReLU()(conv(inputs)))
        conv.set_weights([W])
    model = keras.Model(inputs, outputs)
    images = {name: photo(name) for name in ("brick", "grass", "gravel", "chelsea")}
    return draws, model, images


def acts(model, image: np.ndarray, mean: np.ndarray) -> list[np.ndarray]:
    """The six scales' activations of image - mean, float64, shape (h, w, 32) each."""
    return [np.asarray(a[0], np.float64) for a in model((image - mean)[None])]


def gram_pp(a: np.ndarray) -> np.ndarray:
    """Gram matrix per position."""
    return np.einsum("hwc,hwd->cd", a, a) / (a.shape[0] * a.shape[1])


def rel_style(style_acts, image_acts) -> float:
    total = 0.0
    for s, g in zip(style_acts, image_acts, strict=True):
        G_S = gram_pp(s)
        total += np.sum((gram_pp(g) - G_S) ** 2) / np.sum(G_S**2)
    return float(total)


def rel_content(content_acts, image_acts) -> float:
    return float(
        sum(
            np.mean((g - c) ** 2) / np.mean(c**2)
            for c, g in zip(content_acts[:3], image_acts[:3], strict=True)
        )
    )


def test_layer_matches_a_direct_correlation(net):
    """The Keras route computes what the text defines (checked with scipy.signal.correlate)."""
    from scipy.signal import correlate

    draws, model, images = net
    brick = images["brick"]
    x = brick - brick.mean(axis=(0, 1))
    a = acts(model, brick, brick.mean(axis=(0, 1)))
    for scale, channel in [(0, 0), (5, 7)]:
        W = draws[scale][..., channel].astype(np.float64)
        direct = sum(correlate(x[..., c], W[..., c], mode="valid") for c in range(3))
        assert np.allclose(np.maximum(direct, 0), a[scale][..., channel], atol=1e-4)


def test_shapes_and_gram_matrices(net):
    _, model, images = net
    brick = images["brick"]
    says("32 filters of each size: 192 channels in all")
    assert len(SCALES) * PER_SCALE == 192
    for k, a in zip(SCALES, acts(model, brick, brick.mean(axis=(0, 1))), strict=True):
        n = SIZE - k + 1
        assert a.shape == (n, n, PER_SCALE)
        assert f"{k}x{k} filters: activations (1, {n}, {n}, 32), Gram (32, 32)" in TEXT
        G = gram(a)
        assert np.allclose(G, G.T) and np.linalg.eigvalsh(G).min() >= -1e-9 * np.abs(G).max()
    says("from $62^2$ to $42^2$")


def test_filter_scale_and_responses(net):
    """About the same output spread on white noise whatever k (closed form ||w|| and a measure);
    a k x k filter's response depends on k x k pixels (one pixel changed, responses compared)."""
    draws, model, images = net
    says("on an image of white noise, every filter's output has about the same spread whatever $k$")
    from scipy.signal import correlate

    noise = np.random.default_rng(5).normal(0, 1, (128, 128, 3))
    for W in draws:
        W = W.astype(np.float64)
        norms = np.sqrt(np.sum(W**2, axis=(0, 1, 2)))  # the output's std on unit white noise
        assert abs(np.mean(norms**2) - 1) < 0.15
        measured = np.std(
            sum(correlate(noise[..., c], W[..., c, 0], mode="valid") for c in range(3))
        )
        assert measured == pytest.approx(norms[0], rel=0.1)
    # "a 3x3 filter sees 9 pixels, a 23x23 filter 529, more than four columns of bricks wide":
    # changing one pixel changes the responses within k - 1 positions of it, and no others
    _, model, images = net
    brick = images["brick"]
    mean = brick.mean(axis=(0, 1))
    says("a $23 \\times 23$ filter sees 529, an area more than four columns of bricks wide")
    assert 3 * 3 == 9 and 23 * 23 == 529 and 23 / (SIZE / 13) > 4
    poked = brick.copy()
    poked[32, 32] += 0.5
    for k, a, b in zip(SCALES, acts(model, brick, mean), acts(model, poked, mean), strict=True):
        rows = np.nonzero(np.abs(a - b).max(axis=(1, 2)) > 1e-6)[0]
        assert rows.min() >= 32 - (k - 1) and rows.max() <= 32 and rows.max() - rows.min() <= k - 1


def test_relative_costs(net):
    _, model, images = net
    brick, chelsea = images["brick"], images["chelsea"]
    mean = brick.mean(axis=(0, 1))
    says(
        "term is $1$ for an image whose features are all 0"
        " (a plain image of the style's mean colour)"
    )
    says("such an image has a style cost of 6")
    flat = np.broadcast_to(mean, brick.shape).astype(np.float32)  # every feature is relu(0) = 0
    a_brick, a_flat = acts(model, brick, mean), acts(model, flat, mean)
    assert rel_style(a_brick, a_flat) == pytest.approx(len(SCALES))
    assert rel_content(a_brick, a_flat) == pytest.approx(3)
    # the weights lambda = 4 n_C^2 / ||G_S per position||^2 turn the weighted cost into the relative
    a_cat = acts(model, chelsea, mean)
    weights = [4 * PER_SCALE**2 / np.sum(gram_pp(a) ** 2) for a in a_brick]
    weighted = sum(w * layer_style(s, g) for w, s, g in zip(weights, a_brick, a_cat, strict=True))
    assert weighted == pytest.approx(rel_style(a_brick, a_cat), rel=1e-9)


def test_shuffled_tiles_keep_the_style(net):
    """Tiles moved with a loop over positions (the notebook reshapes and transposes)."""
    _, model, images = net
    brick, chelsea = images["brick"], images["chelsea"]
    mean = brick.mean(axis=(0, 1))
    order = np.random.default_rng(SEED).permutation(16)
    shuffled = np.empty_like(brick)
    for k, source in enumerate(order):
        r, c = divmod(k, 4)
        sr, sc = divmod(int(source), 4)
        shuffled[16 * r : 16 * r + 16, 16 * c : 16 * c + 16] = brick[
            16 * sr : 16 * sr + 16, 16 * sc : 16 * sc + 16
        ]
    a_brick, a_shuffled = acts(model, brick, mean), acts(model, shuffled, mean)
    ratio = rel_style(a_brick, acts(model, chelsea, mean)) / rel_style(a_brick, a_shuffled)
    says("about 4,000 times smaller than the cat photo's style cost to the brick")
    says("a style cost about 4,000 times smaller than the cat photo's")
    assert 3_000 < ratio < 5_500 and ratio > 1000  # "below 0.1 %"
    content = rel_content(a_brick, a_shuffled)
    says("the content cost between the two is about 3.7, more than the 3")
    assert 3.5 < content < 3.9


# --- Sections 5 to 8: the optimizations, re-run ---------------------------------------------------


def make_cost(model, style: np.ndarray, content=None, weight: float = 0.0):
    """cost(x) -> (J, J_style, J_content, gradient) for an image x, with tf.einsum costs."""
    import tensorflow as tf

    mean = style.mean(axis=(0, 1))

    def per_position(a):
        n = tf.cast(tf.shape(a)[1] * tf.shape(a)[2], tf.float32)
        return tf.einsum("bhwc,bhwd->cd", a, a) / n

    targets = [per_position(a) for a in model((style - mean)[None])]
    content_acts = None if content is None else model((content - mean)[None])[:3]

    @tf.function
    def cost(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            outs = model((x - mean)[None])
            J_style = tf.add_n(
                [
                    tf.reduce_sum((per_position(a) - t) ** 2) / tf.reduce_sum(t**2)
                    for a, t in zip(outs, targets, strict=True)
                ]
            )
            J_content = tf.constant(0.0)
            if content_acts is not None:
                J_content = tf.add_n(
                    [
                        tf.reduce_mean((a - c) ** 2) / tf.reduce_mean(c**2)
                        for a, c in zip(outs[:3], content_acts, strict=True)
                    ]
                )
            J = J_style + weight * J_content
        return J, J_style, J_content, tape.gradient(J, x)

    return cost


def run_lbfgs(cost, start: np.ndarray, iterations: int = FULL) -> dict:
    """The test's own L-BFGS-B loop: the image and costs at the start, at 10, QUICK and the end."""
    import scipy.optimize
    import tensorflow as tf

    def evaluate(v):
        out = cost(tf.constant(v.reshape(SIZE, SIZE, 3), tf.float32))
        return [float(out[i]) for i in range(3)], out[3].numpy().astype(np.float64).ravel()

    snaps = {0: (start.copy(), evaluate(start.ravel().astype(np.float64))[0])}
    count = [0]

    def callback(xk):
        count[0] += 1
        if count[0] in (10, QUICK, iterations):
            snaps[count[0]] = (xk.reshape(SIZE, SIZE, 3).astype(np.float32), evaluate(xk)[0])

    scipy.optimize.minimize(
        lambda v: (lambda c, g: (c[0], g))(*evaluate(v)),
        start.ravel().astype(np.float64),
        jac=True,
        method="L-BFGS-B",
        bounds=scipy.optimize.Bounds(0.0, 1.0),
        options={"maxiter": iterations, "ftol": 0.0, "gtol": 0.0},
        callback=callback,
    )
    assert count[0] == iterations
    return snaps


def run_adam(cost, start: np.ndarray, steps: int = FULL) -> tuple[dict, float]:
    """Keras Adam(0.02) on the pixels, clipped; snapshots at 0, QUICK and steps, and the largest
    change of a pixel in one step."""
    import keras
    import tensorflow as tf

    x = tf.Variable(start)
    opt = keras.optimizers.Adam(learning_rate=0.02)
    snaps = {0: (start.copy(), [float(v) for v in cost(tf.convert_to_tensor(x))[:3]])}
    largest = 0.0
    for i in range(1, steps + 1):
        before = x.numpy()
        opt.apply_gradients([(cost(tf.convert_to_tensor(x))[3], x)])
        x.assign(tf.clip_by_value(x, 0.0, 1.0))
        largest = max(largest, float(np.abs(x.numpy() - before).max()))
        if i in (QUICK, steps):
            snaps[i] = (x.numpy(), [float(v) for v in cost(tf.convert_to_tensor(x))[:3]])
    return snaps, largest


def ring_spectrum(image: np.ndarray) -> np.ndarray:
    """Power of the grey image at integer radii 1..31 of the unshifted frequency grid, averaged
    per ring, normalized to sum 1 (written with masks, not bincount)."""
    grey = image.astype(np.float64).mean(axis=2)
    power = np.abs(np.fft.fft2(grey - grey.mean())) ** 2
    f = np.fft.fftfreq(SIZE) * SIZE
    radius = np.floor(np.sqrt(f[:, None] ** 2 + f[None, :] ** 2) + 1e-9)
    rings = np.array([power[radius == r].mean() for r in range(1, SIZE // 2)])
    return rings / rings.sum()


def spectrum_distance(a, b) -> float:
    d = np.log(ring_spectrum(a)) - np.log(ring_spectrum(b))
    return float(np.sqrt(d @ d / d.size))


def spread(image: np.ndarray) -> float:
    return float(np.mean(np.ptp(image, axis=-1)))


def edges(image: np.ndarray) -> np.ndarray:
    """Gradient magnitude of the grey image: central differences inside, one-sided at the border."""
    g = image.astype(np.float64).mean(axis=2)
    dy, dx = np.empty_like(g), np.empty_like(g)
    dy[1:-1] = (g[2:] - g[:-2]) / 2
    dy[0], dy[-1] = g[1] - g[0], g[-1] - g[-2]
    dx[:, 1:-1] = (g[:, 2:] - g[:, :-2]) / 2
    dx[:, 0], dx[:, -1] = g[:, 1] - g[:, 0], g[:, -1] - g[:, -2]
    return np.sqrt(dx**2 + dy**2).ravel()


def edge_correlation(a, b) -> float:
    ea, eb = edges(a), edges(b)
    ea, eb = ea - ea.mean(), eb - eb.mean()
    return float(ea @ eb / np.sqrt((ea @ ea) * (eb @ eb)))


@pytest.fixture(scope="module")
def noise() -> np.ndarray:
    return np.random.default_rng(SEED + 1).uniform(0, 1, (SIZE, SIZE, 3)).astype(np.float32)


@pytest.fixture(scope="module")
def brick_runs(net, noise):
    _, model, images = net
    cost = make_cost(model, images["brick"])
    return run_lbfgs(cost, noise), run_adam(cost, noise)


@pytest.mark.parametrize("n", [QUICK, FULL])
def test_texture_synthesis_with_lbfgs(net, noise, brick_runs, n):
    brick = net[2]["brick"]
    lbfgs, _ = brick_runs
    start_cost = lbfgs[0][1][1]
    image, costs = lbfgs[n]
    says("The cost falls from about 3,200 for the noise")
    assert 3_000 < start_cost < 3_400
    says("about 0.004 after 60 iterations and about 0.001 after 200")
    assert (0.002 < costs[1] < 0.008) if n == QUICK else (0.0004 < costs[1] < 0.002)
    says("a fall by more than five orders of magnitude")
    assert start_cost / costs[1] > 1e5
    says("The full run takes 200 L-BFGS iterations")
    import inspect

    from scipy.optimize._lbfgsb_py import _minimize_lbfgsb

    says("keeps the last few gradients (10 here)")
    assert inspect.signature(_minimize_lbfgsb).parameters["maxcor"].default == 10
    says("takes 60, which already draws bricks")
    # "draws bricks": the brick's spectrum peak (13 cycles per image) and its grey mean colour
    says("the brick puts most of it around 13 cycles per image")
    brick_peak = 1 + int(np.argmax(ring_spectrum(brick)))
    assert brick_peak == 13 and round(SIZE / 13) == 5
    assert 1 + int(np.argmax(ring_spectrum(image))) in (13, 14)
    says("peak included (at 13 or 14)")
    assert np.abs(image.mean(axis=(0, 1)) - brick.mean(axis=(0, 1))).max() < 0.01
    d, d_noise = spectrum_distance(image, brick), spectrum_distance(noise, brick)
    says("its spectrum distance to the brick is about 0.3, against about 0.97 for the noise")
    assert 0.25 < d < 0.4 and abs(d_noise - 0.97) < 0.005 and d < 0.5 * d_noise
    assert spread(image) < 0.05 and spread(brick) < 1e-6
    says("about 0.5 for uniform noise")
    assert abs(spread(noise) - 0.5) < 0.02


@pytest.mark.parametrize("n", [QUICK, FULL])
def test_adam_stays_noisy(net, noise, brick_runs, n):
    brick = net[2]["brick"]
    lbfgs, (adam, largest) = brick_runs
    image, costs = adam[n]
    lbfgs_image, lbfgs_costs = lbfgs[n]
    says("about 1.7 against 0.004 after 60 steps, about 0.6 against 0.0008 after 200")
    assert (1.4 < costs[1] < 2.1) if n == QUICK else (0.45 < costs[1] < 0.75)
    if n == FULL:
        assert 0.0006 < lbfgs_costs[1] < 0.001
    says("it stays hundreds of times above L-BFGS's")
    assert costs[1] > 200 * lbfgs_costs[1]
    d = spectrum_distance(image, brick)
    says("Adam's lies in between (about 0.9 after 60 steps, about 0.5 after 200)")
    assert (0.8 < d < 0.95) if n == QUICK else (0.4 < d < 0.6)
    assert d > spectrum_distance(lbfgs_image, brick)
    high = slice(19, 31)  # 20 to 31 cycles per image
    says("at the high frequencies (20 to 31 cycles per image)")
    s_adam = ring_spectrum(image)[high].sum()
    assert (
        s_adam > ring_spectrum(brick)[high].sum()
        and s_adam > ring_spectrum(lbfgs_image)[high].sum()
    )
    says("Its channel spread is still about 0.1")
    assert 0.08 < spread(image) < 0.13
    says("every pixel moves by at most about 0.02 per step")
    assert largest < 0.025
    says("after only 10 iterations its cost is already below Adam's after 200 steps")
    assert lbfgs[10][1][1] < adam[FULL][1][1]


def test_three_textures(net, noise, brick_runs):
    _, model, images = net
    results = {"brick": brick_runs[0]}
    for name in ("grass", "gravel"):
        results[name] = run_lbfgs(make_cost(model, images[name]), noise)
    ratios = []
    for name, snaps in results.items():
        style = images[name]
        for n in (QUICK, FULL):
            image, costs = snaps[n]
            assert costs[1] < 0.01
            assert spectrum_distance(image, style) < 0.5 * spectrum_distance(noise, style)
            assert spread(image) < 0.06
            # "none is a copy": far from the texture pixel by pixel
            assert np.abs(image - style).mean() > 0.05
            # the coloured frame: the outermost pixels keep 2 to 4 times the inside's spread
            inside = image[1:-1, 1:-1]
            frame = np.concatenate([image[0], image[-1], image[1:-1, 0], image[1:-1, -1]])
            ratios.append(spread(frame) / spread(inside))
        says(f"{name}: style cost below 0.01 True, spectrum distance below half the noise's True")
    assert 1.8 < min(ratios) and max(ratios) < 4.5, ratios  # measured 2.1 to 3.8
    says("a thin frame of coloured pixels remains")
    says("their channel spread is two to four times the inside's")


@pytest.fixture(scope="module")
def transfer(net):
    _, model, images = net
    cat = images["chelsea"]
    return run_lbfgs(make_cost(model, images["brick"], cat, 1.0), cat)


@pytest.mark.parametrize("n", [QUICK, FULL])
def test_style_transfer(net, transfer, n):
    images = net[2]
    brick, cat = images["brick"], images["chelsea"]
    start = transfer[0][1]
    image, costs = transfer[n]
    says("The style cost falls from about 1,100")
    assert 1_050 < start[1] < 1_200 and start[2] == 0
    says("to about 0.16, while the content cost rises from 0 to about 1.9")
    assert 0.13 < costs[1] < 0.2 and 1.7 < costs[2] < 2.1
    assert 1 - costs[1] / start[1] > 0.999
    says(
        "correlate at about 0.6, where those of the brick and of the photo"
        " do not correlate at all (about 0)"
    )
    assert 0.5 < edge_correlation(image, cat) < 0.7
    assert abs(edge_correlation(brick, cat)) < 0.05
    says("falls from 0.27 for the photo to about 0.04")
    assert round(spread(cat), 2) == 0.27 and 0.03 < spread(image) < 0.05
    # the mortar lines: the result has several times the photo's power near 13 cycles per image
    near = slice(11, 14)  # 12 to 14
    assert ring_spectrum(image)[near].sum() > 3 * ring_spectrum(cat)[near].sum()
    if n == FULL:
        says("Both are already there after 60 iterations; 200 change them by less than 2 %")
        quick_costs = transfer[QUICK][1]
        assert (
            abs(costs[1] / quick_costs[1] - 1) < 0.02 and abs(costs[2] / quick_costs[2] - 1) < 0.02
        )


@pytest.fixture(scope="module")
def sweep(net, transfer):
    """Content weight -> (image, costs) after 60 iterations; weight 1 from the transfer run."""
    _, model, images = net
    cat = images["chelsea"]
    out = {1.0: transfer[QUICK]}
    for weight in (0.1, 0.3, 3.0, 10.0):
        out[weight] = run_lbfgs(make_cost(model, images["brick"], cat, weight), cat, QUICK)[QUICK]
    return dict(sorted(out.items()))


@pytest.mark.parametrize("weight_1", [QUICK, FULL])
def test_content_weight_sweep(net, transfer, sweep, weight_1):
    """The slider's five results (weight 1 as the notebook has it in either mode)."""
    brick, cat = net[2]["brick"], net[2]["chelsea"]
    results = {**sweep, 1.0: transfer[weight_1]}
    weights = sorted(results)
    says("runs four more, for $\\alpha$ = 0.1, 0.3, 3 and 10 (60 L-BFGS iterations each")
    assert weights == [0.1, 0.3, 1.0, 3.0, 10.0]
    style = [results[w][1][1] for w in weights]
    content = [results[w][1][2] for w in weights]
    edge = [edge_correlation(results[w][0], cat) for w in weights]
    distance = [spectrum_distance(results[w][0], brick) for w in weights]
    assert np.all(np.diff(style) > 0) and np.all(np.diff(content) < 0) and np.all(np.diff(edge) > 0)
    says("the style cost rises from about 0.01 to about 2.8")
    assert 0.008 < style[0] < 0.018 and 2.4 < style[-1] < 3.2
    says("content cost falls from about 2.3 to about 1.3")
    assert 2.1 < content[0] < 2.45 and 1.15 < content[-1] < 1.4
    says("correlate with the photo's at about 0.4")
    assert 0.33 < edge[0] < 0.48
    says("its spectrum is closer to the brick's than at any larger weight")
    assert distance[0] == min(distance)
    says("the cat is back almost whole (about 0.9)")
    assert 0.85 < edge[-1] < 0.96
    says("and the bricks are faint")
    assert distance[-1] == max(distance)


def test_text_claims_are_stated_once():
    """The section headings the report and README use, and the last line."""
    assert TEXT.rstrip().endswith("This is the last lab of course 4.")
    assert "Ustyuzhaninov" in TEXT and "ICLR 2017" in TEXT
    assert re.search(r"## The original and this lab", TEXT) and "## What you saw" in TEXT
