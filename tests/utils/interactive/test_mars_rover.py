"""utils.interactive.mars_rover driven without a browser: the sliders change Q and the policy,
and the drawn values and arrows follow.

Reference values: the closed form of a rover that never slips (walk straight to one end) and the
course's gamma = 0.5 table, written out here.
"""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from utils.interactive.mars_rover import ARROW_HALF, RoverExplorer
from utils.labs import mdp


@pytest.fixture
def tool():
    explorer = RoverExplorer()
    yield explorer
    plt.close(explorer.fig)


def arrow_directions(tool: RoverExplorer) -> list[str]:
    """'left' or 'right' per non-terminal state, read from the drawn arrows (head vs tail)."""
    out = []
    for arrow in tool.arrows[1:-1]:
        head_x, tail_x = arrow.xy[0], arrow.xyann[0]
        assert abs(head_x - tail_x) == pytest.approx(2 * ARROW_HALF)
        out.append("left" if head_x < tail_x else "right")
    return out


def bold_actions(tool: RoverExplorer) -> list[str]:
    """The action whose Q text is bold, per non-terminal state."""
    out = []
    for left, right in tool.q_texts[1:-1]:
        weights = (left.get_fontweight(), right.get_fontweight())
        assert sorted(weights) == ["bold", "normal"]
        out.append("left" if weights[0] == "bold" else "right")
    return out


def test_starts_with_the_course_table(tool):
    expected = [[100, 100], [50, 12.5], [25, 6.25], [12.5, 10], [6.25, 20], [40, 40]]
    np.testing.assert_allclose(tool.q, expected, atol=1e-9)
    assert tool.q_texts[1, 0].get_text() == "left 50.00"
    assert tool.q_texts[1, 1].get_text() == "right 12.50"
    assert tool.q_texts[4, 1].get_text() == "right 20.00"
    assert [t.get_text() for t in tool.reward_texts] == [
        "R = 100",
        "R = 0",
        "R = 0",
        "R = 0",
        "R = 0",
        "R = 40",
    ]
    assert arrow_directions(tool) == ["left", "left", "left", "right"]
    assert bold_actions(tool) == ["left", "left", "left", "right"]
    assert not tool.arrows[0].get_visible() and not tool.arrows[-1].get_visible()
    assert all(a.get_visible() for a in tool.arrows[1:-1])
    assert "0.50" in tool.title.get_text()


@pytest.mark.parametrize(
    ("gamma", "directions"),
    [(0.9, ["left"] * 4), (0.75, ["left"] * 4), (0.3, ["left", "left", "right", "right"])],
)
def test_gamma_slider_changes_q_and_arrows(tool, gamma, directions):
    tool.sliders["gamma"].value = gamma
    assert tool.gamma == gamma
    s = np.arange(1, 7)
    v = np.maximum(gamma ** (s - 1) * 100, gamma ** (6 - s) * 40)
    v[[0, -1]] = [100, 40]
    np.testing.assert_allclose(tool.q[1:-1, 0], gamma * v[:-2], atol=1e-9)
    np.testing.assert_allclose(tool.q[1:-1, 1], gamma * v[2:], atol=1e-9)
    assert tool.q_texts[2, 0].get_text() == f"left {gamma * v[1]:.2f}"
    assert arrow_directions(tool) == directions
    assert bold_actions(tool) == directions
    assert f"{gamma:.2f}" in tool.title.get_text()


def test_misstep_slider_lowers_the_value_of_every_state(tool):
    before = tool.q.max(axis=1)
    tool.set_params(misstep_prob=0.1)
    assert tool.misstep_prob == 0.1
    after = tool.q.max(axis=1)
    assert np.all(after[1:-1] < before[1:-1])
    np.testing.assert_allclose(tool.q, mdp.q_values(mdp.rover_mdp(), 0.5, 0.1))
    assert tool.q_texts[1, 0].get_text() == f"left {tool.q[1, 0]:.2f}"
    assert tool.q_texts[1, 0].get_text() != "left 50.00"
    assert "misstep probability = 0.10" in tool.title.get_text()


def test_reward_sliders_redraw_rewards_and_turn_the_rover(tool):
    tool.set_params(left_reward=10, right_reward=200)
    np.testing.assert_array_equal(tool.rewards, [10, 0, 0, 0, 0, 200])
    assert tool.reward_texts[0].get_text() == "R = 10"
    assert tool.reward_texts[-1].get_text() == "R = 200"
    np.testing.assert_array_equal(tool.q[0], [10, 10])
    assert tool.q_texts[-1, 0].get_text() == "left 200.00"
    assert arrow_directions(tool) == ["right"] * 4
    assert list(tool.policy[1:-1]) == [mdp.RIGHT] * 4


def test_states_are_labelled_from_zero_like_their_indices(tool):
    """The course counts from 0: the boxes read "state 0".."state 5", the sliders R(0) and R(5),
    and the arrow of state s is drawn over the box labelled s."""
    labels = {t.get_text(): t.get_position()[0] for t in tool.ax.texts if "state" in t.get_text()}
    assert labels == {f"state {s}": s for s in range(6)}
    assert tool.sliders["left_reward"].description == "R(0)"
    assert tool.sliders["right_reward"].description == "R(5)"
    for s, arrow in enumerate(tool.arrows):
        assert (arrow.xy[0] + arrow.xyann[0]) / 2 == pytest.approx(labels[f"state {s}"])
