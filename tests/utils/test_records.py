"""utils.records and the grader's comparison of records."""

import base64
import io
import json

import numpy as np
import pytest

from autograder.grading import compare_records
from utils import records


def roundtrip(value):
    return records.decode(json.loads(json.dumps(records.encode(value))))


@pytest.mark.parametrize(
    "value",
    [1.5, 3, True, None, "text", (1.0, 2.0), [1, 2], np.arange(6.0).reshape(2, 3),
     {"w": np.ones(2), "b": 0.5}, float("nan"), np.float32(2.5), np.array([True, False])],
)  # fmt: skip
def test_values_survive_json(value):
    assert records.same(roundtrip(value), roundtrip(value), rtol=0, atol=0)
    assert records.same(roundtrip(value), records.decode(records.encode(value)), rtol=0, atol=0)


def test_comparison_rules():
    same = records.same
    assert same(roundtrip([1.0, 2.0]), roundtrip((1.0, 2.0 + 1e-9)), rtol=1e-6, atol=0)
    assert not same(roundtrip((1.0, 2.0)), roundtrip((1.0, 2.1)), rtol=1e-6, atol=0)
    assert not same(roundtrip(np.ones(3)), roundtrip(1.0), rtol=1e-6, atol=0)  # shape
    assert not same(roundtrip(np.ones(2)), roundtrip((1.0, 1.0)), rtol=1e-6, atol=0)  # kind
    assert same(roundtrip(np.array([1, 0])), roundtrip(np.array([True, False])), rtol=0, atol=0)
    assert not same(roundtrip({"a": 1}), roundtrip({"b": 1}), rtol=0, atol=0)
    assert not same(roundtrip("1"), roundtrip(1), rtol=0, atol=0)
    assert same(roundtrip(float("nan")), roundtrip(float("nan")), rtol=0, atol=0)


def test_decoding_never_unpickles():
    buffer = io.BytesIO()
    np.save(buffer, np.array([object()], dtype=object), allow_pickle=True)
    forged = {"ndarray": base64.b64encode(buffer.getvalue()).decode()}
    with pytest.raises(ValueError, match="pickle"):
        records.decode(forged)


def test_record_does_nothing_outside_the_autograder(monkeypatch, capsys):
    monkeypatch.delenv(records.ENV_FLAG, raising=False)
    records.record("x", 1.0)
    assert capsys.readouterr().out == ""


def reference(name, value, rtol=1e-6):
    return {"name": name, "value": records.encode(value), "rtol": rtol, "atol": 1e-9}


def learner(name, value):
    return {"name": name, "value": records.encode(value)}


def test_compare_records_reports_the_first_difference():
    expected = [reference("a", 1.0), reference("b", (2.0, 3.0))]
    assert compare_records(expected, [learner("a", 1.0), learner("b", [2.0, 3.0])]) is None
    assert compare_records(expected, [learner("a", 1.0)]) == "the test stopped before checking 'b'"
    assert compare_records(expected, [learner("a", 1.5), learner("b", (2.0, 3.0))]) == (
        "wrong result for a: other numbers (beyond the tolerance)"
    )
    # only the first record of a name counts; forged or broken records are reported, not trusted
    assert compare_records([reference("a", 1.0)], [learner("a", 2.0), learner("a", 1.0)])
    assert "could not be read" in compare_records(
        [reference("a", 1.0)], [{"name": "a", "value": {"ndarray": "not base64!"}}]
    )
    assert compare_records(expected, ["junk", 7, learner("a", 1.0), learner("b", (2, 3))]) is None


def test_random_cases_record_each_size_with_the_same_draws_every_run(monkeypatch, capsys):
    monkeypatch.setenv(records.ENV_FLAG, "1")
    seen = []

    def total(x, w):
        seen.append((x.shape, w))
        return float(x.sum() * w)

    def inputs(rng, m, n):
        return rng.normal(size=(m, n)), float(rng.normal())

    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, raw: shown.append(obj))
    rng = records.record_random_cases("total, m={}, n={}", total, inputs, [(1, 2), (3, 1)], seed=5)
    names = [payload[records.MIME]["name"] for payload in shown]
    assert names == ["total, m=1, n=2", "total, m=3, n=1"]
    assert [shape for shape, _ in seen] == [(1, 2), (3, 1)]
    again = np.random.default_rng(5)
    first = inputs(again, 1, 2)
    assert records.decode(shown[0][records.MIME]["value"]) == total(*first)
    assert isinstance(rng, np.random.Generator)


@pytest.mark.parametrize(
    ("got", "expected", "words"),
    [
        (1.5, 1.0, "other numbers (beyond the tolerance)"),
        (np.zeros(3), np.ones(2), "a number or array of another shape"),
        ("12345", 1.0, "not a number or an array of numbers"),
        ("abc", (1.0,), "not a tuple"),
        ((1.0,), (1.0, 2.0), "a tuple of other length or keys"),
        ((1.0, 9.0), (1.0, 2.0), "an item of the tuple differs"),
        ({"a": 1}, {"b": 1}, "a dict of other length or keys"),
        (None, "left", "not a str"),
        ("right", "left", "another value"),
    ],
)
def test_a_difference_is_told_in_words_without_either_value(got, expected, words):
    """Hidden tests' messages: a learner who returns a fingerprint of each hidden input must not
    read it back, nor the expected value (a lookup table of hidden answers)."""
    assert records.difference(got, expected) == words
    message = compare_records([reference("v", expected)], [learner("v", got)])
    assert message == f"wrong result for v: {words}"
