"""No graded lab gives its answers away: the numbers its expected outputs state appear in no
optional lab (text or code), so a learner cannot copy them from a lab they ran the week before.

A number counts when it has at least three significant digits (``0.01``, ``0.5`` or ``100.0`` are
too common to mean anything); the few values every model of its kind shares, and the coincidences
of unrelated quantities, are listed with their reason.
"""

import re

import nbformat
import pytest

from autograder.syllabus import REPO_ROOT, load_syllabus

SYLLABUS = load_syllabus()
EXPECTED_BLOCK = re.compile(r"\*\*Expected output:?\*\*[^\n]*\n```\n(.*?)\n```", re.DOTALL)
NUMBER = re.compile(r"(?<![\d.])-?\d+\.\d+(?![\d.])")
SHARED_BY_EVERY_MODEL = {
    "0.6931": "ln 2: the logistic cost of any model that predicts 0.5, such as all-zero weights",
}
# (graded lab, optional lab, number): what the number is in each
COINCIDENCES = {
    ("c3w1-kmeans", "c1w3-logistic-loss", "0.999"): "a centroid's coordinate; a plot range",
    ("c3w2-content-based", "c1w2-numpy-vectorization", "2.25"): "a genre's mean rating; a sum",
    ("c3w2-content-based", "c1w2-numpy-vectorization", "2.67"): "a genre's mean rating; a mean",
    ("c3w2-content-based", "c2w1-neurons-and-layers", "2.25"): "a genre's mean rating; a boundary",
    ("c3w2-content-based", "c4w2-initialization-activations", "2.31"): (
        "a genre's mean rating; the mantissa of a layer's standard deviation, 2.31e-01"
    ),
}


def _significant_digits(number: str) -> int:
    """Digits from the first to the last non-zero one: 1.040 has 3, 100.0 has 1."""
    return len(number.lstrip("-").replace(".", "").strip("0"))


def _text(path) -> str:
    return "\n".join(cell.source for cell in nbformat.read(REPO_ROOT / path, as_version=4).cells)


def _numbers(text: str) -> set[str]:
    found = {n.lstrip("-") for n in NUMBER.findall(text)}
    return {n for n in found if _significant_digits(n) >= 3} - set(SHARED_BY_EVERY_MODEL)


OPTIONAL_NUMBERS = {
    lab.id: _numbers(_text(lab.notebook)) for lab in SYLLABUS.labs if not lab.graded
}


def _expected_numbers(lab) -> set[str]:
    return set().union(*map(_numbers, EXPECTED_BLOCK.findall(_text(lab.source))))


@pytest.mark.parametrize("lab", SYLLABUS.graded_labs, ids=lambda lab: lab.id)
def test_no_optional_lab_states_a_graded_labs_expected_numbers(lab):
    expected = _expected_numbers(lab)
    shared = {
        other: found
        for other, numbers in OPTIONAL_NUMBERS.items()
        if (
            found := sorted(n for n in expected & numbers if (lab.id, other, n) not in COINCIDENCES)
        )
    }
    assert not shared, f"{lab.id}'s expected outputs appear in optional labs: {shared}"


def test_each_listed_coincidence_still_occurs():
    graded = {lab.id: lab for lab in SYLLABUS.graded_labs}
    for lab_id, other, number in COINCIDENCES:
        assert number in _expected_numbers(graded[lab_id]) & OPTIONAL_NUMBERS[other], number


def test_the_check_finds_numbers_and_ignores_short_ones():
    assert _numbers("w = 4.034, b = -0.357, J = 1.040, step 0.01, 12.5 %, 100.0 %") == {
        "4.034",
        "0.357",
        "1.040",
        "12.5",
    }
    assert _numbers("cost 0.6931 at zero weights") == set()
