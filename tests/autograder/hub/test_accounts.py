import pytest

from autograder.hub.accounts import read_roster
from autograder.hub.settings import SettingsError


def test_a_csv_roster_gives_its_username_column(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "\ufeffName,Username,Email\nAda L,ada,ada@example.org\nAlan T, alan ,a@x\n,,\n"
    )
    assert read_roster(roster) == ["ada", "alan"]


def test_a_plain_roster_has_one_name_per_line(tmp_path):
    roster = tmp_path / "roster.txt"
    roster.write_text("# section A\nada\n\nalan\n")
    assert read_roster(roster) == ["ada", "alan"]


@pytest.mark.parametrize("rows", ["username\nada\nada\n", "username\nAda Lovelace\n"])
def test_a_bad_roster_is_refused(tmp_path, rows):
    roster = tmp_path / "roster.csv"
    roster.write_text(rows)
    with pytest.raises(SettingsError):
        read_roster(roster)
