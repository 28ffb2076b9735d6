"""Optional lab c4w1-planar-flower: the numbers and claims its text states agree with references
computed here: logistic regression fitted by Newton's method (not scikit-learn, which the lab
uses), and the one-hidden-layer network re-implemented with flat parameter arrays, einsum,
scipy's expit and tanh' = 1 / cosh^2 (the lab writes matrix products and 1 - tanh^2), started
from the same random draws. Accuracies are counts out of 400 and are stated to two decimals;
costs to four decimals (tolerance: half a unit of the last digit shown).
"""

import numpy as np
import pytest
from scipy.special import expit

from autograder import cells
from autograder.syllabus import REPO_ROOT, load_syllabus
from utils import data

LAB = "c4w1-planar-flower"
SEED = 0
ITERATIONS, RATE = 5_000, 1.2
SIZES = (1, 2, 3, 4, 5, 20, 50)


@pytest.fixture(scope="module")
def text() -> str:
    """All markdown text of the lab, every run of white space (line breaks too) as one space:
    compare with :func:`flat` phrases."""
    nb = cells.read_notebook(REPO_ROOT / load_syllabus().lab(LAB).notebook)
    return flat("\n".join(c.source for c in nb.cells if c.cell_type == "markdown"))


def flat(phrase: str) -> str:
    """The phrase with every run of white space as one space."""
    return " ".join(phrase.split())


@pytest.fixture(scope="module")
def flower():
    """Training points (m, 2), labels (m,), held-out points and labels: one row per example."""
    X, Y = data.make_flower(m=400, seed=1)
    Xt, Yt = data.make_flower(m=400, seed=2)
    return X.T, Y[0], Xt.T, Yt[0]


def newton_logistic(P, y, C=1.0, steps=30):
    """L2-penalized logistic regression (penalty w.w / 2, intercept free, loss sum times C), by
    Newton's method: scikit-learn's LogisticRegression() objective. Returns (w, b)."""
    A = np.column_stack([P, np.ones(len(P))])
    theta = np.zeros(A.shape[1])
    penalty = np.diag([1.0] * P.shape[1] + [0.0])
    for _ in range(steps):
        p = expit(A @ theta)
        grad = C * A.T @ (p - y) + penalty @ theta
        hess = C * (A.T * (p * (1 - p))) @ A + penalty
        theta -= np.linalg.solve(hess, grad)
    return theta[:-1], theta[-1]


class ShallowNet:
    """The lab's network written another way: rows are examples, parameters in a flat list."""

    def __init__(self, n_h: int) -> None:
        rng = np.random.default_rng(SEED)
        self.W1 = 0.01 * rng.standard_normal((n_h, 2))  # same draws, same order as the lab
        self.W2 = 0.01 * rng.standard_normal((1, n_h))
        self.b1, self.b2 = np.zeros(n_h), np.zeros(1)

    def hidden(self, P):
        Z1 = np.einsum("kj,ij->ik", self.W1, P) + self.b1
        return Z1, np.tanh(Z1)

    def output(self, P):
        _, H = self.hidden(P)
        return expit(np.einsum("ok,ik->io", self.W2, H) + self.b2)[:, 0]

    def cost(self, P, y):
        a = self.output(P)
        return float(np.mean(np.where(y == 1, -np.log(a), -np.log1p(-a))))

    def step(self, P, y):
        m = len(y)
        Z1, H = self.hidden(P)
        e = expit(np.einsum("ok,ik->io", self.W2, H) + self.b2)[:, 0] - y  # dJ/dz2 times m
        g2 = np.einsum("i,ik->k", e, H) / m
        delta = np.einsum("i,k->ik", e, self.W2[0]) / np.cosh(Z1) ** 2
        g1 = np.einsum("ik,ij->kj", delta, P) / m
        self.W2 = self.W2 - RATE * g2[None, :]
        self.b2 = self.b2 - RATE * e.mean()
        self.W1 = self.W1 - RATE * g1
        self.b1 = self.b1 - RATE * delta.mean(axis=0)

    def accuracy(self, P, y):
        return 100.0 * np.mean((self.output(P) > 0.5) == (y == 1))


@pytest.fixture(scope="module")
def trained(flower):
    """{n_h: (network after 5,000 steps, costs at 0, 1000, ..., 5000)}."""
    P, y, _, _ = flower
    nets = {}
    for n_h in SIZES:
        net, costs = ShallowNet(n_h), []
        for i in range(ITERATIONS + 1):
            if i % 1000 == 0:
                costs.append(net.cost(P, y))
            if i < ITERATIONS:
                net.step(P, y)
        nets[n_h] = (net, costs)
    return nets


def test_data_counts(text, flower):
    P, y, Pt, _ = flower
    assert flat("X: (2, 400), Y: (1, 400), X_test: (2, 400)") in text
    assert flat(f"training points of class 1: {int(y.sum())} of {len(y)}") in text
    assert flat("400 points on a rose with eight petals") in text and len(Pt) == 400


def test_logistic_regression_is_near_chance(text, flower):
    P, y, Pt, yt = flower
    w, b = newton_logistic(P, y)
    train = 100 * np.mean(((P @ w + b) > 0) == (y == 1))
    test = 100 * np.mean(((Pt @ w + b) > 0) == (yt == 1))
    assert flat(f"logistic regression: {train:.2f} % of training points right") in text
    assert flat(f"{test:.2f} % of held-out points right") in text
    assert flat(f"{train:.2f} % of the training points and {test:.2f} % of the held-out") in text
    assert flat(f"gets {train:.2f} % of the flower's training") in text
    assert abs(train - 50) < 5 and abs(test - 50) < 5  # "about what a coin toss gets"
    # "every half-plane holds about as many red petals as blue ones": class 1's share per side
    side = (P @ w + b) > 0
    for half in (side, ~side):
        assert 0.4 < y[half].mean() < 0.6


def test_start_of_training(text, flower):
    P, y, _, _ = flower
    net = ShallowNet(4)
    a = net.output(P)
    assert flat(f"between {a.min():.4f} and {a.max():.4f}") in text
    assert flat(f"cost at the start: {net.cost(P, y):.4f}") in text
    assert f"{np.log(2):.4f}" == "0.6931" and flat("$\\log 2 \\approx 0.6931$") in text


def test_four_hidden_units(text, flower, trained):
    P, y, Pt, yt = flower
    net, costs = trained[4]
    assert flat(f"iteration     0: cost {costs[0]:.4f}") in text
    assert flat(f"iteration  1000: cost {costs[1]:.4f}") in text
    assert flat(f"iteration  5000: cost {costs[5]:.4f}") in text
    assert flat(f"(from {costs[0]:.4f} to {costs[1]:.4f}) and slowly after") in text
    assert flat(f"({costs[5]:.4f} at 5,000)") in text
    train, test = net.accuracy(P, y), net.accuracy(Pt, yt)
    assert flat(f"4 hidden units: {train:.2f} % of training points right") in text
    assert flat(f"gets {train:.2f} % of the training points right") in text
    assert flat(f"as many, {test:.2f} %, of the held-out points") in text and train == test
    assert (
        flat(f"gets {train:.2f} % of the training points and {test:.2f} % of the held-out") in text
    )
    # "three of the four pass within 0.05 of the centre": a unit's line is W1_k x + b1_k = 0
    distances = np.abs(net.b1) / np.linalg.norm(net.W1, axis=1)
    assert np.sum(distances < 0.05) == 3
    assert flat("(three of the four pass within 0.05 of the centre)") in text
    # "the errors are where the petals meet, near the centre": most within radius 1.5
    wrong = (net.output(P) > 0.5) != (y == 1)
    radius = np.hypot(P[:, 0], P[:, 1])
    assert np.mean(radius[wrong] < 1.5) > 0.5


def switches_on_circles(net, radii=(1.0, 2.0, 3.0, 4.0), n=2000):
    """How many times the predicted class changes along circles around the centre."""
    t = np.linspace(0, 2 * np.pi, n, endpoint=False)
    total = 0
    for r in radii:
        c = net.output(np.column_stack([r * np.cos(t), r * np.sin(t)])) > 0.5
        total += int(np.sum(c != np.roll(c, 1)))
    return total


def test_hidden_size_sweep(text, flower, trained):
    P, y, Pt, yt = flower
    train = {n: trained[n][0].accuracy(P, y) for n in SIZES}
    test = {n: trained[n][0].accuracy(Pt, yt) for n in SIZES}
    for n in SIZES:
        assert flat(f"{n:12d}   {train[n]:6.2f} %   {test[n]:6.2f} %") in text
    # 1 and 2 units underfit: about 70 % on both sets
    assert all(abs(acc[n] - 70) < 3 for n in (1, 2) for acc in (train, test))
    assert flat(f"({train[1]:.2f} % and {train[2]:.2f} % of the training points)") in text
    # "a second unit adds about one more line": with each tanh replaced by its sign (a hard step
    # on each unit's line) the 2-unit network predicts the same class on 95 % of a grid or more
    net = trained[2][0]
    g = np.linspace(-4.5, 4.5, 121)
    grid = np.array([(u, v) for u in g for v in g])
    Z1, _ = net.hidden(grid)
    stepped = expit(np.sign(Z1) @ net.W2[0] + net.b2[0]) > 0.5
    assert np.mean(stepped == (net.output(grid) > 0.5)) >= 0.95  # measured: 96.7 %
    assert flat("a second unit adds about one more line") in text
    # from 3 units on: learned, levelling off between 92 % and 95 %
    assert flat(f"{train[3]:.2f} %, {train[4]:.2f} % and {train[5]:.2f} %") in text
    low, high = min(test[n] for n in (3, 4, 5)), max(test[n] for n in (3, 4, 5))
    assert flat(f"between {low:.2f} % and {high:.2f} % on the held-out") in text
    assert all(92 <= train[n] <= 95 for n in SIZES[2:])
    assert flat("levels off** between 92 % and 95 %") in text
    # 20 and 50 units: highest training accuracy, held-out four points below 4 or 5 units
    assert max(train, key=train.get) == 50 and train[20] > max(train[n] for n in (3, 4, 5))
    assert flat(f"({train[20]:.2f} % and {train[50]:.2f} %)") in text
    assert test[20] == test[50] and flat(f"falls to {test[50]:.2f} %, four") in text
    assert test[4] - test[50] == 4 and test[5] - test[50] == 4
    assert flat(f"drop to {test[50]:.2f} % on held-out points") in text
    gap4, gap50 = train[4] - test[4], train[50] - test[50]
    assert flat(f"grows from {gap4:.0f} points (4 units) to {gap50:.1f} points (50 units)") in text
    # "add pieces the smaller networks do not have": more class changes around the centre
    pieces = {n: switches_on_circles(trained[n][0]) for n in (3, 4, 5, 20, 50)}
    assert min(pieces[20], pieces[50]) > max(pieces[3], pieces[4], pieces[5]), pieces
