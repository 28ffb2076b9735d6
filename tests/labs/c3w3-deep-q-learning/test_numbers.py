"""c3w3-deep-q-learning: the numbers its text states agree with formulas computed here.

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text against closed forms: the parameter count of the networks, the epsilon schedule and the
share of greedy actions. The full training's outcome (episodes to solve, scores, landings) depends
on the machine and runs only in `make bench-dqn`: the text states it as ranges, which the bench
checks its measures against; here, that they are stated so that the bench finds them.
"""

import importlib.util
import math

from autograder import cells
from autograder.syllabus import REPO_ROOT, load_syllabus

LAB = load_syllabus().lab("c3w3-deep-q-learning")
TEXT = "\n".join(
    c.source for c in cells.read_notebook(REPO_ROOT / LAB.source).cells if c.cell_type == "markdown"
)


def test_parameter_count_of_the_networks():
    sizes = (8, 64, 64, 4)  # state, two hidden layers, actions
    count = sum(n_in * n_out + n_out for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True))
    assert f"parameters: {count} and {count}" in TEXT
    assert f"= {count}$" in TEXT


def test_epsilon_schedule_to_3_decimals_and_in_whole_episodes():
    assert f"epsilon after 100 episodes: {0.995**100:.3f}" in TEXT
    assert f"0.995^{{100}} \\approx {0.995**100:.3f}" in TEXT
    episodes = math.ceil(math.log(0.01) / math.log(0.995))
    assert f"epsilon reaches 0.01 after {episodes} episodes" in TEXT


def test_share_of_greedy_actions_at_epsilon_0_1():
    epsilon, actions = 0.1, 4
    assert f"{(1 - epsilon + epsilon / actions):.1%}".replace("%", "\\%") in TEXT


def _bench_dqn():
    """bench/dqn.py as a module: its patterns of the full run's figures stated in the text."""
    spec = importlib.util.spec_from_file_location("bench_dqn", REPO_ROOT / "bench" / "dqn.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_full_run_figures_are_stated_as_ranges_that_make_bench_dqn_checks():
    """The full training runs only in `make bench-dqn` (the tests run quick mode): the text states
    its figures as "about N (between A and B)", and the bench checks its measures against them."""
    bench = _bench_dqn()
    ranges = bench.stated_ranges(TEXT)
    assert set(ranges) == set(bench.STATED)
    for name, (about, low, high) in ranges.items():
        assert low <= about <= high, name
    _, low, high = ranges["landings in 20 episodes"]
    assert 0 <= low and high <= 20
    _, low, _ = ranges["episodes to an average of 200"]
    assert low >= 100  # the average of the last 100 episodes needs 100 episodes
