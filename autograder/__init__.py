"""The course autograder: release, check, grade, autograde, feedback, export (wraps nbgrader)."""
