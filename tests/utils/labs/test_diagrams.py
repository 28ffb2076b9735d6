"""utils.labs.diagrams: each diagram is a figure of a named size that fits a laptop and says what it
shows."""

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from PIL import Image  # noqa: E402

from utils import plotting  # noqa: E402
from utils.labs import diagrams  # noqa: E402

DIAGRAMS = {
    diagrams.ratings_factorization: ["Y: ratings", "X: movie features", "Wᵀ: user weights"],
    diagrams.two_towers: ["user network", "movie network", "dot\nproduct"],
    diagrams.agent_environment_loop: ["action $a$", "next state $s'$", "reward $R$"],
}


@pytest.fixture(autouse=True)
def _course_style():
    with plt.style.context("default"):
        plotting.use_course_style()
        yield
    plt.close("all")


def _texts(fig) -> list[str]:
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def _width_px(fig) -> int:
    """The width of the PNG as JupyterLab's inline backend saves it (tight bounding box)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    return Image.open(buffer).size[0]


@pytest.mark.parametrize("draw", DIAGRAMS, ids=lambda draw: draw.__name__)
def test_a_diagram_fits_a_laptop_and_names_its_parts(draw):
    fig = draw()
    assert tuple(fig.get_size_inches()) in plotting.FIGURE_SIZES.values()
    assert 0 < _width_px(fig) <= plotting.FIT_WIDTH_PX
    texts = _texts(fig)
    assert all(any(part in text for text in texts) for part in DIAGRAMS[draw]), texts


def test_the_factorization_shows_the_shapes_it_is_given():
    texts = _texts(diagrams.ratings_factorization(num_movies=6, num_users=3, num_features=2))
    assert "6 movies × 3 users" in texts
    assert "6 movies × 2 features" in texts and "2 features × 3 users" in texts
    assert "1 × 3 users" in texts


def test_the_factorization_highlights_the_rating_its_title_names():
    fig = diagrams.ratings_factorization(movie=0, user=3)
    assert "movie 0 by user 3" in fig.axes[0].get_title()


def test_the_towers_show_their_layers():
    texts = "\n".join(_texts(diagrams.two_towers(10, 12, layers=(64, 16))))
    assert "64 relu →\n16 linear" in texts
    assert "$x_u$: 10" in texts and "$x_m$: 12" in texts and "$v_u$: 16" in texts
