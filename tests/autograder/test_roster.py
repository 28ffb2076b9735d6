"""autograder.roster: learners' names from the course's roster CSV."""

from autograder.roster import Names, read_names


def test_a_roster_with_names_gives_them_by_user_name(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text(
        "\ufeffUsername,First_Name,last_name,email\n"
        "ada, Ada ,Lovelace,ada@example.org\n"
        "alan,,,\n"
        ",Nobody,Here,\n",
        encoding="utf-8",
    )
    assert read_names(path) == {
        "ada": Names("Ada", "Lovelace"),
        "alan": Names.of_user("alan"),  # a row without names: the user name
    }


def test_nbgraders_id_column_works_too(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("id,first_name,last_name\nkay,Kay,Nguyen\n", encoding="utf-8")
    assert read_names(path) == {"kay": Names("Kay", "Nguyen")}


def test_no_roster_or_no_name_columns_gives_no_names(tmp_path):
    assert read_names(tmp_path / "missing.csv") == {}
    only_accounts = tmp_path / "roster.csv"
    only_accounts.write_text("username\nada\n", encoding="utf-8")
    assert read_names(only_accounts) == {}
