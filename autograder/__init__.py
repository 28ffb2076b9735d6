"""The course autograder: release, check, grade, autograde, feedback, export (wraps nbgrader)."""

import sys

# nbformat validates with jsonschema, which imports rfc3987_syntax when it is installed (the
# jupyter-events package asks for it) and builds its IRI grammar at import: seconds of CPU in
# every process that reads a notebook (a learner's check, each grading worker), for the "iri"
# format that no notebook schema uses. Blocked here, jsonschema skips that one format check.
sys.modules.setdefault("rfc3987_syntax", None)
