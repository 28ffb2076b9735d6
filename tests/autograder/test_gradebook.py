"""The gradebook write reads the learner's submission time without trusting it."""

import os
from datetime import datetime

import pytest

from autograder.gradebook import submission_time


def test_a_submission_time_in_nbgraders_format_is_read(tmp_path):
    (tmp_path / "timestamp.txt").write_text("2026-12-05 10:00:00.123456 UTC\n")
    assert submission_time(tmp_path) == datetime(2026, 12, 5, 10, 0, 0, 123456)


def test_no_timestamp_file_gives_no_time(tmp_path):
    assert submission_time(tmp_path) is None


@pytest.mark.parametrize(
    "text",
    [
        "not a date",
        "",
        "9" * 60,
        "2026-13-45 10:00:00 UTC",
        "\ud800".encode("utf-8", "surrogatepass").decode("latin-1"),
    ],
)
def test_text_that_is_not_a_time_gives_no_time(tmp_path, text):
    (tmp_path / "timestamp.txt").write_text(text, encoding="latin-1")
    assert submission_time(tmp_path) is None


def test_a_fifo_a_folder_or_a_link_is_not_read(tmp_path):
    """A FIFO would block the grader in open(); a link would read a host file as root."""
    fifo, folder, link = (tmp_path / name for name in ("fifo", "folder", "link"))
    for path, make in ((fifo, os.mkfifo), (folder, os.mkdir)):
        path.mkdir()
        make(path / "timestamp.txt")
    link.mkdir()
    (tmp_path / "host.txt").write_text("2026-12-05 10:00:00 UTC")
    os.symlink(tmp_path / "host.txt", link / "timestamp.txt")
    assert [submission_time(p) for p in (fifo, folder, link)] == [None, None, None]
