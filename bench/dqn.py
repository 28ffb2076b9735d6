"""Benchmark: the full deep Q-learning training of the lab c3w3-deep-q-learning.

    python bench/dqn.py [--timeout 3600]      (make bench-dqn)

Runs the lab's instructor source notebook (its own answers and its own training loop, nothing
re-implemented here) from top to bottom in a Jupyter kernel with the quick switch off, so that it
trains until the average of the last 100 episodes reaches 200. Then, in the same kernel, times the
three parts of a training step on the notebook's own objects: the environment alone, the
epsilon-greedy choice of an action, and one learning step (``agent_learn``). Prints the number of
episodes, the wall time of the training, those rates, and the machine's load average.

Before the timing (whose learning steps train on), scores the trained agent: the watched
episode of the notebook (its greedy episode with ``seed=SEED``) and the landing rate, greedy
episodes with 20 other seeds (``10_000`` to ``10_019``, none of them a training seed), of which
those with a score of 200 or more count as landings. Last, compares each figure with the range
the lab's text states for the full run ("after about N episodes (between A and B)", see
``STATED``). ``--save-weights PATH`` keeps the weights of the watched episode (``.npz``) to look
at the landing without training again.
"""

from __future__ import annotations

import argparse
import os
import re
import threading
import time

import nbformat
from nbclient import NotebookClient

from autograder.syllabus import REPO_ROOT, load_syllabus

LAB = load_syllabus().lab("c3w3-deep-q-learning")
SOLVED = re.compile(r"solved: .* after (\d+) episodes")
SUMMARY = re.compile(r"(\d+) episodes, (\d+) time steps, (\d+) learning steps")
WATCHED = re.compile(r"score of this episode: (-?[\d.]+)")
LAST = re.compile(r"last training episode: score (-?[\d.]+)")
LANDINGS = re.compile(r"landings: (\d+) of 20")
EVAL_SEEDS, LANDING_SCORE = range(10_000, 10_020), 200.0
# The full run's figures as the lab's text states them: "about N ... (between A and B".
_NUMBER, _RANGE = r"(-?[\d,]+)", r"\(between (-?[\d,]+) and (-?[\d,]+)"
STATED = {
    "episodes to an average of 200": re.compile(rf"after about {_NUMBER} episodes {_RANGE}"),
    "last training episode's score": re.compile(
        rf"last episode of the training scored about {_NUMBER} points {_RANGE}"
    ),
    "watched episode's score": re.compile(rf"this episode scores about {_NUMBER} points {_RANGE}"),
    "landings in 20 episodes": re.compile(rf"lands in about {_NUMBER} of 20 episodes {_RANGE}"),
}


def stated_ranges(text: str) -> dict[str, tuple[float, float, float]]:
    """The (about, low, high) of each full-run figure that ``text`` (the lab's markdown) states.

    Args:
        text: the markdown of the lab's notebook.

    Returns:
        The ranges found, by the names of ``STATED``.
    """
    ranges = {}
    for name, pattern in STATED.items():
        if found := pattern.search(" ".join(text.split())):
            about, low, high = (float(v.replace(",", "")) for v in found.groups())
            ranges[name] = (about, low, high)
    return ranges


RATES = """
import time as _time

def _rate(step, seconds=3.0):
    count, start = 0, _time.perf_counter()
    while _time.perf_counter() - start < seconds:
        step()
        count += 1
    return count / (_time.perf_counter() - start)

_env = gym.make("LunarLander-v3")
_env.reset(seed=SEED)

def _env_step():
    _, _, terminated, truncated, _ = _env.step(_env.action_space.sample())
    if terminated or truncated:
        _env.reset()

_rng = np.random.default_rng(SEED)
_batch = rl.get_experiences(memory, MINIBATCH_SIZE, _rng)
print(f"environment alone: {_rate(_env_step):,.0f} steps/s")
_greedy = lambda: rl.get_action(rl.network_q_values(weights, initial_state), 0.0, _rng)
print(f"action choice (NumPy forward pass): {_rate(_greedy):,.0f} /s")
print(f"action choice (Keras call): "
      f"{_rate(lambda: int(np.argmax(q_network(initial_state[None])[0]))):,.0f} /s")

def _learn():
    agent_learn(rl.get_experiences(memory, MINIBATCH_SIZE, _rng), GAMMA)
    rl.numpy_weights(q_network)


print(f"learning step (sample + agent_learn + weight copy): {_rate(_learn):,.0f} /s")
print(f"agent_learn alone: {_rate(lambda: agent_learn(_batch, GAMMA)):,.0f} /s")
"""

EVALUATE = """
def _greedy_score(seed):
    state, _ = env.reset(seed=seed)
    total = 0.0
    for _ in range(1000):
        state, reward, terminated, truncated, _ = env.step(greedy_policy(state))
        total += float(reward)
        if terminated or truncated:
            break
    return total

print(f"last training episode: score {{scores[-1]:.1f}}")
_scores = [_greedy_score(seed) for seed in range({first}, {stop})]
print("evaluation scores:", " ".join(f"{{s:.0f}}" for s in _scores))
print(f"landings: {{sum(s >= {goal} for s in _scores)}} of {{len(_scores)}}")
if {path!r}:
    np.savez({path!r}, *weights)  # the weights of the watched episode
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=int, default=3600, help="seconds allowed per cell")
    parser.add_argument("--save-weights", default="", help="save the trained weights to this .npz")
    args = parser.parse_args()

    os.environ.pop("COURSE_QUICK", None)  # the full training
    nb = nbformat.read(REPO_ROOT / LAB.source, as_version=4)
    evaluate = EVALUATE.format(
        first=EVAL_SEEDS.start, stop=EVAL_SEEDS.stop, goal=LANDING_SCORE, path=args.save_weights
    )
    nb.cells.append(nbformat.v4.new_code_cell(evaluate))  # before the rates train on
    nb.cells.append(nbformat.v4.new_code_cell(RATES))
    timings: dict[int, float] = {}
    started: dict[int, float] = {}

    client = NotebookClient(
        nb,
        timeout=args.timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(REPO_ROOT)}},
        on_cell_start=lambda cell, cell_index: started.__setitem__(cell_index, time.time()),
        on_cell_executed=lambda cell, cell_index, execute_reply: timings.__setitem__(
            cell_index, time.time() - started[cell_index]
        ),
    )
    print(
        f"{LAB.id}: running {LAB.source} with the full training (cores: {os.cpu_count()}, "
        f"load average {os.getloadavg()[0]:.2f})",
        flush=True,
    )
    loads: list[float] = []
    sampling = threading.Event()

    def sample_load() -> None:
        while not sampling.wait(10):
            loads.append(os.getloadavg()[0])

    threading.Thread(target=sample_load, daemon=True).start()
    start = time.time()
    client.execute()
    total = time.time() - start
    sampling.set()

    outputs = {
        i: "".join(o.get("text", "") for o in c.outputs if o.get("name") == "stdout")
        for i, c in enumerate(nb.cells)
        if c.cell_type == "code"
    }
    training = next(i for i, text in outputs.items() if SUMMARY.search(text))
    episodes, steps, learning = SUMMARY.search(outputs[training]).groups()
    seconds = timings[training]
    print(outputs[training].strip())
    evaluation, rates = sorted(outputs)[-2:]
    print(outputs[rates].strip())
    print(outputs[evaluation].strip())
    watched = next(WATCHED.search(t) for t in outputs.values() if WATCHED.search(t))
    measured = {
        "episodes to an average of 200": float(episodes),
        "last training episode's score": float(LAST.search(outputs[evaluation]).group(1)),
        "watched episode's score": float(watched.group(1)),
        "landings in 20 episodes": float(LANDINGS.search(outputs[evaluation]).group(1)),
    }
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    ranges = stated_ranges(text)
    for name, value in measured.items():
        _, low, high = ranges.get(name, (float("nan"),) * 3)
        verdict = "within" if low <= value <= high else "OUTSIDE"
        print(f"{name}: {value:g}, {verdict} the lab's stated range {low:g} to {high:g}")
    result = "solved" if SOLVED.search(outputs[training]) else "NOT solved"
    print(
        f"\n{result}: {episodes} episodes, training wall time {seconds:.0f} s "
        f"({seconds / 60:.1f} min), {int(steps) / seconds:,.0f} time steps/s, {learning} "
        f"learning steps; whole notebook {total:.0f} s; load average during the run "
        f"{min(loads, default=0):.1f}-{max(loads, default=0):.1f} (mean "
        f"{sum(loads) / max(len(loads), 1):.1f}) on {os.cpu_count()} cores"
    )


if __name__ == "__main__":
    main()
