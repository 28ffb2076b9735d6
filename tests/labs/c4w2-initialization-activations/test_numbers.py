"""Optional lab c4w2-initialization-activations: the numbers and trends its text states agree with
references computed here, never with utils.interactive.initialization (the lab's code):

- a re-implementation of the network with one example per ROW (a @ W.T), its draws made in the
  order the module's docstring documents; its backward pass is checked against directional
  finite differences of the loss, so it does not rely on the lab's formulas;
- closed forms: the variance propagation Var[z] = n Var[w] E[a^2], the std of a rectified normal,
  the normal distribution's tail for saturated tanh units (math.erf).

A stated number must equal the reference rounded as the text shows it.
"""

import math

import numpy as np
import pytest

from autograder import cells
from autograder.syllabus import REPO_ROOT, load_syllabus

LAB = "c4w2-initialization-activations"
N, M, LAYERS, SEED = 100, 1000, 10, 0
SCALES = {
    "zeros": 0.0,
    "small": 0.01,
    "Xavier": 1 / math.sqrt(N),
    "He": math.sqrt(2 / N),
    "large": 1.0,
}


@pytest.fixture(scope="module")
def text() -> str:
    """All markdown text of the lab."""
    nb = cells.read_notebook(REPO_ROOT / load_syllabus().lab(LAB).notebook)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def draws(seed: int = SEED, n: int = N, m: int = M, layers: int = LAYERS):
    """X (m, n) with examples as rows, the L weight draws G (n, n), targets Y (m, n)."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, m)).T
    G = [rng.standard_normal((n, n)) for _ in range(layers)]
    Y = rng.standard_normal((n, m)).T
    return X, G, Y


X, G, Y = draws()


def act(z, activation):
    return np.tanh(z) if activation == "tanh" else np.where(z > 0, z, 0.0)


def rows_forward(scale, activation, X=X, G=G):
    """Activations of layers 0..L, one example per row."""
    out = [X]
    for Gl in G:
        out.append(act(out[-1] @ (scale * Gl).T, activation))
    return out


def loss(Ws, activation, X=X, Y=Y):
    a = X
    for W in Ws:
        a = act(a @ W.T, activation)
    return 0.5 * np.sum((a - Y) ** 2) / len(X)


def rows_backward(scale, activation, X=X, G=G, Y=Y):
    """dL/dW per layer, derived for the row convention: dW = dZ.T @ a_prev."""
    Ws = [scale * Gl for Gl in G]
    acts = rows_forward(scale, activation, X, G)
    delta = (acts[-1] - Y) / len(X)
    out = [None] * len(Ws)
    for i in reversed(range(len(Ws))):
        a = acts[i + 1]
        slope = 1 - a * a if activation == "tanh" else (a > 0).astype(float)
        dz = delta * slope
        out[i] = dz.T @ acts[i]
        delta = dz @ Ws[i]
    return out


def stds(scale, activation):
    return np.array([a.std() for a in rows_forward(scale, activation)[1:]])


def factor(s):
    return (s[-1] / s[0]) ** (1 / (len(s) - 1))


def fmt_row(s):
    return " ".join(f"{v:8.2e}" for v in s)


def test_rows_backward_matches_finite_differences():
    """The reference backward pass itself, on a small network, against (L(W+eV)-L(W-eV))/2e."""
    Xs, Gs, Ys = draws(seed=5, n=6, m=8, layers=4)
    rng = np.random.default_rng(1)
    for activation in ("tanh", "relu"):
        scale = 0.7
        grads = rows_backward(scale, activation, Xs, Gs, Ys)
        for i in range(4):
            V = rng.standard_normal(Gs[i].shape)
            Ws = [scale * Gl for Gl in Gs]
            eps = 1e-6
            plus = [W + eps * V if j == i else W for j, W in enumerate(Ws)]
            minus = [W - eps * V if j == i else W for j, W in enumerate(Ws)]
            numeric = (loss(plus, activation, Xs, Ys) - loss(minus, activation, Xs, Ys)) / (2 * eps)
            assert np.sum(grads[i] * V) == pytest.approx(numeric, rel=1e-5, abs=1e-10)


def test_inputs_and_scales(text):
    assert f"std of X: {X.std():.3f}" in text
    for name, s in SCALES.items():
        assert f"{name:>6}: weights drawn with std {s:.4f}" in text


def test_zeros_every_unit_identical(text):
    for activation in ("tanh", "relu"):
        acts = rows_forward(0.0, activation)
        assert all(np.all(a == 0) for a in acts[1:])  # every unit the same: 0
        assert all(np.all(g == 0) for g in rows_backward(0.0, activation))
        assert f"{activation}: largest |a| in layers 1-10: 0.0, largest |dW|: 0.0" in text


def test_std_table(text):
    for activation in ("tanh", "relu"):
        for name, s in SCALES.items():
            assert f"{name:>6}: {fmt_row(stds(s, activation))}" in text


def test_relu_scale_only_shifts_the_layers(text):
    """max(0, cz) = c max(0, z): layer l of scale c is c**l times layer l of scale 1."""
    base = stds(1.0, "relu")
    for s in (0.01, 0.1):
        np.testing.assert_allclose(stds(s, "relu"), base * s ** np.arange(1, 11), rtol=1e-9)
    he_zero = [np.mean(a == 0) for a in rows_forward(SCALES["He"], "relu")[1:]]
    assert all(0.45 < z < 0.56 for z in he_zero)  # "about half of every layer" at exactly 0
    assert "same digits\nshifted by powers of ten" in text


def test_factors_and_closed_forms(text):
    measured = {
        ("tanh", "small"): factor(stds(0.01, "tanh")),
        ("relu", "small"): factor(stds(0.01, "relu")),
        ("relu", "Xavier"): factor(stds(SCALES["Xavier"], "relu")),
        ("relu", "large"): factor(stds(1.0, "relu")),
    }
    predicted = {
        ("tanh", "small"): math.sqrt(N) * 0.01,
        ("relu", "small"): math.sqrt(N / 2) * 0.01,
        ("relu", "Xavier"): math.sqrt(0.5),
        ("relu", "large"): math.sqrt(N / 2),
    }
    decimals = {("tanh", "small"): 3, ("relu", "small"): 3, ("relu", "Xavier"): 3}
    for key, value in measured.items():
        assert abs(value / predicted[key] - 1) < 0.02  # "within 2% of the predicted ones"
        label = f"{key[0]} {key[1]}:".ljust(12)
        assert f"{label} std multiplied by {value:.{decimals.get(key, 3)}f} per layer" in text
    assert (
        "a factor of about 10 per layer with tanh" in text
        and round(1 / measured[("tanh", "small")]) == 10
    )
    assert "a factor of about 7 per layer" in text and round(measured[("relu", "large")]) == 7
    assert f"sqrt(1 - 1/pi) = {math.sqrt(1 - 1 / math.pi):.3f}" in text


def test_he_relu_keeps_its_std(text):
    s = stds(SCALES["He"], "relu")
    # the rectified normal: z ~ N(0, 2), E[a] = sqrt(2)/sqrt(2 pi), E[a^2] = 1
    predicted = math.sqrt(1 - (math.sqrt(2) / math.sqrt(2 * math.pi)) ** 2)
    assert s[0] == pytest.approx(predicted, rel=0.01)  # "layer 1 matches it"
    assert s.min() <= predicted + 0.005 and s.max() < 1.2 * predicted
    assert f"std between {s.min():.3f} and {s.max():.3f} in layers 1-10" in text
    assert f"keep a std between {s.min():.3f} and {s.max():.3f} through" in text
    assert "predicted 0.826" in text and f"{predicted:.3f}" == "0.826"
    # the tool at scale 0.2 tilts up
    assert np.all(np.diff(np.log(stds(0.2, "relu"))) > 0) or factor(stds(0.2, "relu")) > 1.2


def test_tanh_rows(text):
    xavier, he, large = (stds(SCALES[k], "tanh") for k in ("Xavier", "He", "large"))
    assert f"std {xavier[0]:.3f} in layer 1, {xavier[-1]:.3f} in layer 10" in text
    assert f"std from {xavier[0]:.3f} to {xavier[-1]:.3f}" in text
    assert np.all(np.diff(xavier) < 0)  # "narrows slowly"
    assert np.all(np.abs(he[3:] - 0.56) < 0.03)  # "settles near 0.56"
    assert np.all(np.abs(large - 0.96) < 0.005)  # "flat at 0.96"
    small = rows_forward(0.01, "tanh")
    inside = [np.mean(np.abs(a) < 0.05) for a in small[2:]]  # the two bars beside 0
    assert min(inside) > 0.9999 and "all but a handful of the 100,000 values" in text


def test_tanh_saturation(text):
    acts = rows_forward(1.0, "tanh")[1:]
    sat = [np.mean(np.abs(a) > 0.99) for a in acts]
    assert f"{sat[0]:.1%} in layer 1, {min(sat):.1%} to {max(sat):.1%} in layers 1-10" in text
    assert f"{sat[0]:.1%} of the units of\nlayer 1 are beyond" in text
    assert f"between {min(sat):.1%} and {max(sat):.1%} in every layer" in text
    # layer 1: z ~ N(0, n * 1 * 1); P(|z| > atanh 0.99)
    threshold = math.atanh(0.99)
    p = 1 - math.erf(threshold / math.sqrt(N) / math.sqrt(2))
    assert f"$|z| > {threshold:.2f}$, which happens\n{p:.0%}" in text
    assert abs(p - sat[0]) < 0.01
    assert f"{sat[0]:.1%} of the units are beyond $|0.99|$" in text  # what you saw


def test_gradients(text):
    norms = {
        (activation, name): np.array([np.linalg.norm(g) for g in rows_backward(s, activation)])
        for activation in ("tanh", "relu")
        for name, s in SCALES.items()
        if name != "zeros"
    }
    for (activation, name), g in norms.items():
        line = (
            f"{activation} {name:>6}: ||dW|| layer 1 {g[0]:.2e}, layer 10 {g[-1]:.2e}, "
            f"ratio {g[0] / g[-1]:.3g}"
        )
        assert line in text
    assert np.all((1e-9 < norms["tanh", "small"]) & (norms["tanh", "small"] < 1e-8))
    assert np.all((1e-10 < norms["relu", "small"]) & (norms["relu", "small"] < 1e-9))
    assert np.all((1e17 < norms["relu", "large"]) & (norms["relu", "large"] < 1e19))
    ratio = norms["tanh", "large"][0] / norms["tanh", "large"][-1]
    assert f"{round(ratio, -1):,.0f} times that of layer 10" in text
    for key in [(a, s) for a in ("tanh", "relu") for s in ("Xavier", "He")]:
        g = norms[key]
        assert np.all((0.1 <= g) & (g <= 200))  # "sizes between 0.1 and 200"
        assert max(g[0] / g[-1], g[-1] / g[0]) < 6  # "within a factor of 6"


def test_tool_readout(text):
    for scale, activation in [(0.01, "tanh"), (0.1, "tanh"), (1.0, "tanh"), (0.1, "relu")]:
        last = stds(scale, activation)[-1]
        assert f"{activation} at scale {scale:.3f}: std of layer 10 {last:.3g}" in text
    last = stds(SCALES["He"], "relu")[-1]
    assert f"relu at scale 0.141: std of layer 10 {last:.3g}" in text
