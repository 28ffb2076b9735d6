"""The Mars rover's state-action values with sliders (course 3, week 3).

:class:`RoverExplorer` draws the six states of :mod:`utils.labs.mdp`'s rover in a row with their
rewards, Q(s, left) and Q(s, right) under each state (the larger one in bold) and an arrow for the
optimal action above each non-terminal state. The states are labelled 0..5 like their indices
(the lecture numbers them 1..6). Sliders set the discount factor gamma, the misstep
probability and the two terminal rewards; every move recomputes Q by value iteration and redraws.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.patches import Rectangle

from utils.interactive.base import Explorer, new_figure
from utils.labs import mdp
from utils.plotting import COLORS

N_STATES = 6
ARROW_Y = 0.62  # height of the policy arrows, above the boxes (boxes span -0.4..0.4)
ARROW_HALF = 0.3  # half the length of an arrow, in states


class RoverExplorer(Explorer):
    """Sliders over gamma, the misstep probability and the terminal rewards of the Mars rover.

    Attributes:
        gamma: the discount factor.
        misstep_prob: the probability that the rover moves opposite to its action.
        rewards: R(s), shape (6,).
        q: the optimal state-action values, shape (6, 2) (column 0 left, column 1 right).
        policy: the best action per state, shape (6,), mdp.LEFT or mdp.RIGHT.
        arrows: one arrow annotation per state (hidden on the terminal states).
        q_texts: the texts "left ..." and "right ..." under each state, shape (6, 2).
        reward_texts: the texts "R = ..." inside each state.
    """

    def __init__(
        self,
        gamma: float = 0.5,
        misstep_prob: float = 0.0,
        left_reward: float = 100.0,
        right_reward: float = 40.0,
    ) -> None:
        """Args:
        gamma: the starting discount factor, in [0, 0.99].
        misstep_prob: the starting misstep probability, in [0, 0.5].
        left_reward: the starting reward of state 0, in [0, 200].
        right_reward: the starting reward of state 5, in [0, 200].
        """
        self.fig, self.ax = new_figure("strip")
        self.ax.set(xlim=(-0.6, N_STATES - 0.4), ylim=(-1.15, 0.95))
        self.ax.axis("off")
        self.reward_texts, self.arrows, q_texts = [], [], []
        for s in range(N_STATES):  # state s is drawn at x = s
            terminal = s in (0, N_STATES - 1)
            self.ax.add_patch(
                Rectangle(
                    (s - 0.45, -0.4),
                    0.9,
                    0.8,
                    edgecolor=COLORS.boundary,
                    facecolor=COLORS.fill if terminal else "white",
                    lw=1.5,
                )
            )
            self.ax.text(s, 0.2, f"state {s}", ha="center", va="center", fontsize=10)
            self.reward_texts.append(self.ax.text(s, -0.15, "", ha="center", va="center"))
            self.arrows.append(
                self.ax.annotate(
                    "",
                    xy=(s, ARROW_Y),
                    xytext=(s, ARROW_Y),
                    arrowprops={
                        "arrowstyle": "-|>",
                        "lw": 2.5,
                        "color": COLORS.highlight,
                        "mutation_scale": 20,
                    },
                )
            )
            q_texts.append(
                [
                    self.ax.text(s, y, "", ha="center", va="center", fontsize=9)
                    for y in (-0.62, -0.9)
                ]
            )
        self.q_texts = np.array(q_texts, dtype=object)
        self.title = self.ax.set_title("")
        self.sliders = {
            "gamma": widgets.FloatSlider(
                value=gamma, min=0.0, max=0.99, step=0.01, description="gamma"
            ),
            "misstep_prob": widgets.FloatSlider(
                value=misstep_prob, min=0.0, max=0.5, step=0.01, description="misstep"
            ),
            "left_reward": widgets.FloatSlider(
                value=left_reward, min=0.0, max=200.0, step=10.0, description="R(0)"
            ),
            "right_reward": widgets.FloatSlider(
                value=right_reward, min=0.0, max=200.0, step=10.0, description=f"R({N_STATES - 1})"
            ),
        }
        for slider in self.sliders.values():
            slider.layout.width = "240px"
            slider.observe(lambda change: self.update(), names="value")
        self.controls = [
            widgets.VBox([self.sliders["gamma"], self.sliders["misstep_prob"]]),
            widgets.VBox([self.sliders["left_reward"], self.sliders["right_reward"]]),
        ]
        self.update()

    def set_params(self, **values: float) -> None:
        """Move sliders (the figure follows), e.g. ``set_params(gamma=0.9, misstep_prob=0.1)``.

        Args:
            **values: new values by slider name: gamma, misstep_prob, left_reward, right_reward.
        """
        for name, value in values.items():
            self.sliders[name].value = value

    def update(self) -> None:
        """Read the sliders, recompute Q by value iteration, and redraw values and arrows."""
        self.gamma = float(self.sliders["gamma"].value)
        self.misstep_prob = float(self.sliders["misstep_prob"].value)
        self.rewards = mdp.rover_mdp(
            N_STATES, self.sliders["left_reward"].value, self.sliders["right_reward"].value
        )
        self.q = mdp.q_values(self.rewards, self.gamma, self.misstep_prob)
        self.policy = mdp.optimal_policy(self.q)
        for s in range(N_STATES):
            terminal = s in (0, N_STATES - 1)
            self.reward_texts[s].set_text(f"R = {self.rewards[s]:g}")
            for action, name in enumerate(mdp.ACTIONS):
                text = self.q_texts[s, action]
                text.set_text(f"{name} {self.q[s, action]:.2f}")
                best = not terminal and action == self.policy[s]
                text.set_fontweight("bold" if best else "normal")
                text.set_color(COLORS.highlight if best else COLORS.neutral)
            direction = -1 if self.policy[s] == mdp.LEFT else 1
            arrow = self.arrows[s]
            arrow.xy = (s + direction * ARROW_HALF, ARROW_Y)  # the head
            arrow.set_position((s - direction * ARROW_HALF, ARROW_Y))  # the tail
            arrow.set_visible(not terminal)
        self.title.set_text(
            f"Optimal Q(s, a) and policy: $\\gamma$ = {self.gamma:.2f}, "
            f"misstep probability = {self.misstep_prob:.2f}"
        )
        self.redraw()
