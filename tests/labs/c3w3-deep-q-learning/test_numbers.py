"""c3w3-deep-q-learning: the numbers its text states agree with formulas computed here.

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text against closed forms: the parameter count of the networks, the epsilon schedule and the
share of greedy actions. The training's outcome (episodes to solve, wall time) depends on the
machine and is not stated as an expected output.
"""

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
