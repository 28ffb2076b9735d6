"""utils.interactive.backprop driven without a browser: the buttons reveal the forward values,
then the derivatives, of J = (w x + b - y)^2 / 2.

References: the closed forms dJ/dw = (w x + b - y) x and dJ/db = w x + b - y, and a central
finite difference (tolerance 1e-6).
"""

import matplotlib.pyplot as plt
import pytest

from utils.interactive.backprop import BackpropGraph, backward, forward


@pytest.fixture
def graph():
    tool = BackpropGraph()
    yield tool
    plt.close(tool.fig)


def cost(w, b, x, y):
    return (w * x + b - y) ** 2 / 2


@pytest.mark.parametrize("w, b, x, y", [(2.0, 8.0, -2.0, 2.0), (0.5, -1.0, 3.0, 1.5)])
def test_forward_and_backward_match_closed_forms(w, b, x, y):
    values = forward(w, b, x, y)
    grads = backward(values)
    err = w * x + b - y
    assert values["J"] == pytest.approx(cost(w, b, x, y))
    assert grads["w"] == pytest.approx(err * x)
    assert grads["b"] == pytest.approx(err)
    h = 1e-5
    assert grads["w"] == pytest.approx(
        (cost(w + h, b, x, y) - cost(w - h, b, x, y)) / (2 * h), abs=1e-6
    )
    assert grads["b"] == pytest.approx(
        (cost(w, b + h, x, y) - cost(w, b - h, x, y)) / (2 * h), abs=1e-6
    )


def test_starts_with_inputs_only(graph):
    assert graph.step == 0
    assert graph.value_texts["w"].get_text() == "= 2"
    assert graph.value_texts["c"].get_text() == "= ?"
    assert all(t.get_text() == "" for t in graph.grad_texts.values())


def test_next_step_reveals_forward_then_backward(graph):
    graph.next_button.click()
    assert graph.step == 1
    assert graph.value_texts["c"].get_text() == "= -4"
    assert graph.value_texts["a"].get_text() == "= ?"
    for _ in range(4):
        graph.next_button.click()
    assert graph.value_texts["J"].get_text() == "= 2"
    assert graph.grad_texts["J"].get_text() == "dJ/dJ = 1"
    assert graph.grad_texts["w"].get_text() == ""
    assert "derivative of J" in graph.status.value


def test_reveal_all_and_reset(graph):
    graph.all_button.click()
    assert graph.step == 10
    assert graph.grad_texts["w"].get_text() == "dJ/dw = -4"
    assert graph.grad_texts["b"].get_text() == "dJ/db = 2"
    assert "w          value    2   dJ/dw   -4" in graph.table()
    graph.next_button.click()
    assert graph.step == 10  # nothing left to reveal
    graph.reset_button.click()
    assert graph.step == 0
    assert graph.value_texts["d"].get_text() == "= ?"
    assert "c = w x    value    ?   dJ/dc    ?" in graph.table()
