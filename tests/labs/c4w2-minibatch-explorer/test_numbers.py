"""Optional lab c4w2-minibatch-explorer: the numbers its text states agree with a reference
written here, independent of utils.interactive.minibatch (the lab's trainer): the same network,
starting weights and shuffles, but every gradient built one example at a time with Python loops
and the sigmoid and cross-entropy written from their definitions.

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks the
text itself. Costs are compared to 4 decimals, as the text shows them.
"""

import math

import numpy as np
import pytest

from autograder import cells
from autograder.syllabus import REPO_ROOT, load_syllabus
from utils import data

LAB = "c4w2-minibatch-explorer"
SEED, EPOCHS, HIDDEN = 0, 20, 16
X, Y = data.make_optimizer_moons(m=400, seed=2)
M = X.shape[1]


@pytest.fixture(scope="module")
def text() -> str:
    """All markdown text of the lab."""
    nb = cells.read_notebook(REPO_ROOT / load_syllabus().lab(LAB).notebook)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def start_weights():
    """He initialisation as the lab states it: W1 then W2 from default_rng(SEED), zero biases."""
    rng = np.random.default_rng(SEED)
    W1 = rng.standard_normal((HIDDEN, 2))
    W2 = rng.standard_normal((1, HIDDEN)) * math.sqrt(2 / HIDDEN)
    return W1, np.zeros(HIDDEN), W2[0], 0.0


def example_loss_and_grads(w, x, y):
    """Cross-entropy of one example and its gradients, by the chain rule written out."""
    W1, b1, W2, b2 = w
    z1 = W1 @ x + b1
    a1 = np.where(z1 > 0, z1, 0.0)
    z2 = float(W2 @ a1 + b2)
    # -[y log s + (1 - y) log(1 - s)] with s = 1 / (1 + e^-z), rearranged to avoid log(0)
    loss = max(z2, 0.0) + math.log1p(math.exp(-abs(z2))) - y * z2
    s = 1.0 / (1.0 + math.exp(-z2)) if z2 >= 0 else math.exp(z2) / (1.0 + math.exp(z2))
    dz2 = s - y
    dz1 = dz2 * W2 * (z1 > 0)
    return loss, (np.outer(dz1, x), dz1, dz2 * a1, dz2)


def full_cost(w) -> float:
    return sum(example_loss_and_grads(w, X[:, i], Y[0, i])[0] for i in range(M)) / M


def accuracy(w) -> float:
    W1, b1, W2, b2 = w
    right = 0
    for i in range(M):
        z2 = W2 @ np.maximum(W1 @ X[:, i] + b1, 0) + b2
        right += int((z2 >= 0) == (Y[0, i] == 1))
    return right / M


def reference_train(batch_size: int, rate: float, epochs: int = EPOCHS):
    """Epoch costs (start, then after each epoch) and the final weights; each update averages the
    per-example gradients of one mini-batch; shuffles from default_rng(SEED + 1)."""
    w = start_weights()
    rng = np.random.default_rng(SEED + 1)
    costs = [full_cost(w)]
    with np.errstate(all="ignore"):
        for _ in range(epochs):
            order = rng.permutation(M)
            for start in range(0, M, batch_size):
                batch = order[start : start + batch_size]
                total = [np.zeros_like(p) if isinstance(p, np.ndarray) else 0.0 for p in w]
                for i in batch:
                    grads = example_loss_and_grads(w, X[:, i], Y[0, i])[1]
                    total = [t + g for t, g in zip(total, grads, strict=True)]
                w = tuple(p - rate * t / len(batch) for p, t in zip(w, total, strict=True))
            costs.append(full_cost(w))
            if not math.isfinite(costs[-1]) or costs[-1] > 1e3:
                break
    return np.array(costs), w


def diverged(costs) -> bool:
    return (
        len(costs) < EPOCHS + 1 or not np.isfinite(costs).all() or np.median(costs[-5:]) > costs[0]
    )


def test_data_and_start(text):
    assert "X: (2, 400)  Y: (1, 400)" in text
    assert f"examples of class 1: {int(Y.sum())}" in text
    assert f"cost of the starting weights: {full_cost(start_weights()):.4f}" in text
    assert f"({full_cost(start_weights()):.4f})" in text
    assert "12 full mini-batches and one of 16" in text and M == 12 * 32 + 16


def test_one_update_by_hand(text):
    """The first mini-batch of default_rng(SEED)'s permutation, one update at rate 0.1."""
    batch = np.random.default_rng(SEED).permutation(M)[:32]
    w = start_weights()
    results = [example_loss_and_grads(w, X[:, i], Y[0, i]) for i in batch]
    before = sum(loss for loss, _ in results) / 32
    total = [sum(g[k] for _, g in results) for k in range(4)]
    w = tuple(p - 0.1 * t / 32 for p, t in zip(w, total, strict=True))
    after = sum(example_loss_and_grads(w, X[:, i], Y[0, i])[0] for i in batch) / 32
    start, whole = full_cost(start_weights()), full_cost(w)
    assert f"its cost before the update: {before:.4f}" in text
    assert f"its cost after one update with rate 0.1: {after:.4f}" in text
    assert f"cost on the whole set after it: {whole:.4f}" in text
    assert before - after > start - whole  # "more than the cost of the whole set"
    assert (
        f"(by {before - after:.4f}) more than the cost of the whole set\n(by {start - whole:.4f})"
        in text
    )


@pytest.fixture(scope="module")
def batch_runs():
    return {b: reference_train(b, 0.1) for b in (400, 64, 32, 1)}


def test_smaller_batches_end_lower_after_the_same_epochs(text, batch_runs):
    finals = {b: costs[-1] for b, (costs, _) in batch_runs.items()}
    assert finals[1] < finals[32] < finals[64] < finals[400]  # "smaller batches ... end lower"
    for b, (costs, w) in batch_runs.items():
        updates = EPOCHS * math.ceil(M / b)
        line = f"batch {b:4d}: updates {updates:5d}, final cost {costs[-1]:.4f}, accuracy"
        assert f"{line} {accuracy(w):.1%}" in text
    assert f"SGD is at {finals[1]:.4f}, batches of 32 at {finals[32]:.4f}, of 64 at" in text
    assert f"at {finals[64]:.4f}, and batch gradient descent" in text
    assert (
        f"is still at {finals[400]:.4f} and classifies {accuracy(batch_runs[400][1]):.1%}" in text
    )
    assert "0.1568 with SGD, 0.2863 with batches of 32, 0.6498 with the whole batch" in text
    assert (finals[1], finals[32], finals[400]) == pytest.approx((0.1568, 0.2863, 0.6498), abs=5e-5)


def reference_step_costs(b: int, epochs: int = 3) -> np.ndarray:
    """The cost of each mini-batch before its update, rate 0.1, over the first epochs."""
    w, rng, out = start_weights(), np.random.default_rng(SEED + 1), []
    for _ in range(epochs):
        order = rng.permutation(M)
        for start in range(0, M, b):
            batch = order[start : start + b]
            results = [example_loss_and_grads(w, X[:, i], Y[0, i]) for i in batch]
            out.append(sum(loss for loss, _ in results) / len(batch))
            total = [sum(g[k] for _, g in results) for k in range(4)]
            w = tuple(p - 0.1 * t / len(batch) for p, t in zip(w, total, strict=True))
    return np.array(out)


def test_sgd_step_costs_are_noisier():
    """In the first epoch, b = 1 'jumps by a factor of several hundred'; b = 32 'still wobbles
    but goes down' (its third epoch's mini-batches cost less than its first's)."""
    sgd, mini = reference_step_costs(1, epochs=1), reference_step_costs(32)
    assert 100 < sgd.max() / sgd.min() < 1000
    assert np.std(np.log(sgd)) > 3 * np.std(np.diff(np.log(mini)))
    assert np.any(np.diff(mini) > 0)  # wobbles
    assert mini[26:].mean() < mini[:13].mean()  # goes down: epoch 2 against epoch 0


def test_an_epoch_of_sgd_takes_many_times_longer():
    """Timed on the lab's own trainer (a measurement, not a stated number): 'many times'."""
    from utils.interactive import minibatch

    sgd = minibatch.train(X, Y, 1, 0.1, 2, seed=SEED).seconds.min()
    mini = minibatch.train(X, Y, 32, 0.1, 2, seed=SEED).seconds.min()
    assert sgd > 3 * mini


def test_what_the_explorer_suggests(text):
    slow, _ = reference_train(400, 0.1)
    fast, _ = reference_train(400, 3)
    assert f"its final cost drops from {slow[-1]:.4f} to {fast[-1]:.4f}" in text
    sgd_small, w = reference_train(1, 0.01)
    assert not diverged(sgd_small) and accuracy(w) > 0.85  # "trains well with its small steps"
    assert diverged(reference_train(1, 10)[0])  # "SGD diverges"
    assert not diverged(reference_train(32, 10)[0])  # "while batches of 32 ... did not"


RATES = (0.001, 0.01, 0.1, 1, 10, 100)


def test_learning_rate_sweep(text):
    medians = {}
    for rate in RATES:
        costs, w = reference_train(32, rate)
        ups = int(np.sum(np.diff(costs) > 0))
        flag = ", diverged" if diverged(costs) else ""
        line = (
            f"rate {rate:7g}: median cost of the last 5 epochs {np.median(costs[-5:]):.4f},"
            f" epochs that went up {ups:2d}, accuracy {accuracy(w):.1%}{flag}"
        )
        assert line in text
        medians[rate] = np.median(costs[-5:])
        if rate == 0.001:
            assert f"accuracy is {accuracy(w):.1%}" in text
        if rate == 1:
            assert f"({ups} of 20 epochs)" in text
        if rate == 10:
            assert f"rose in {ups} of 20 epochs" in text
        if rate == 100:
            assert diverged(costs) and f"no better than a coin, {accuracy(w):.1%}" in text
            assert abs(accuracy(w) - 0.5) < 0.02
    assert min(medians, key=medians.get) == 1  # "at alpha = 1 it goes lowest"
    assert medians[10] > 1.5 * max(medians[0.1], medians[1])  # "stays far above"
    drop = 1 - medians[0.001] / full_cost(start_weights())
    assert f"come down only about {round(drop, 1):.0%} from its start" in text


def test_the_divergence_threshold(text):
    grid = 10 ** (np.arange(-10, 21) / 10)
    flags = np.array([diverged(reference_train(32, rate)[0]) for rate in grid])
    first = int(np.argmax(flags))
    always = next(i for i in range(len(grid)) if flags[i:].all())
    assert first < always  # an erratic stretch in between
    assert "rates tried: 31" in text
    assert f"no divergence up to rate {grid[first - 1]:.2f}" in text
    assert f"divergence at every rate from {grid[always]:.2f}" in text
    assert f"every rate up to {grid[first - 1]:.2f} ends below its start, every rate from" in text
    assert f"{grid[always]:.2f} up diverges" in text
    assert (
        f"no rate up to {grid[first - 1]:.2f} diverges and every rate from {grid[always]:.2f}"
        in text
    )
